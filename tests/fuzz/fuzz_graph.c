/*
 * Fuzz target: the Graph API wire format of the sender (services/sender/graph.h). The first two bytes choose an
 * HTTP status (100..599) and a CURLcode-like transfer result; the rest is the response body, parsed with
 * snd_graph_response_parse and reduced to a verdict with snd_graph_verdict (whose strings must stay terminated
 * and within their arrays). The same bytes are then used as the `message` JSON of a wa:out entry for
 * snd_graph_request_build, once as a text reply and once as a read receipt.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "graph.h"

static void fz_check_str(const char *s, size_t cap)
{
    if (memchr(s, '\0', cap) == NULL)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    static const long statuses[] = {200, 200, 200, 201, 400, 401, 403, 404, 429, 500, 502, 503, 504, 302, 100};
    long status = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
    int curl_code = data[1] < 200 ? 0 : data[1] - 199;
    data += 2, size -= 2;

    snd_graph_response_t res;
    memset(&res, 0xAB, sizeof(res)); /* the parser must fill every field it promises */
    snd_graph_response_parse(status, size > 0 ? (const char *)data : NULL, size, &res);
    fz_check_str(res.wamid, sizeof(res.wamid));
    fz_check_str(res.message_status, sizeof(res.message_status));
    fz_check_str(res.type, sizeof(res.type));
    fz_check_str(res.message, sizeof(res.message));
    fz_check_str(res.details, sizeof(res.details));
    fz_check_str(res.fbtrace_id, sizeof(res.fbtrace_id));
    if (res.ok && res.has_error)
        abort();
    (void)snd_graph_class_name(snd_graph_classify(res.code));

    snd_graph_verdict_t v;
    snd_graph_verdict(status, curl_code, curl_code ? "Couldn't connect to server" : NULL, &res, &v);
    fz_check_str(v.reason, sizeof(v.reason));
    fz_check_str(v.error_code, sizeof(v.error_code));
    fz_check_str(v.detail, sizeof(v.detail));
    fz_check_str(v.metric_code, sizeof(v.metric_code));

    char *msg = fz_strndup(data, size);
    static const char *const kinds[] = {"text", "read"};
    for (size_t k = 0; k < 2; k++) {
        wa_out_msg_t m = {.out_id = "reply:wamid.FUZZ", .doctor_id = "d-1", .to = "919800000001", .kind = kinds[k],
                          .message = msg, .reply_to = k ? "" : "wamid.FUZZ", .source = "kb", .created_at = "1",
                          .attempt = "0"};
        snd_graph_request_t req;
        char err[128];
        if (snd_graph_request_build(&m, &req, err, sizeof(err)) == 0) {
            if (req.json == NULL || req.type == NULL)
                abort();
            (void)strlen(req.json);
            if (req.text_body != NULL)
                (void)strlen(req.text_body);
        } else {
            fz_check_str(err, sizeof(err));
        }
        snd_graph_request_dispose(&req);
    }
    free(msg);
    return 0;
}
