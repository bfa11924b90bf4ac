/*
 * Fuzz target: the Gemini wire format of the ai service (services/ai/gemini.h). The first byte chooses an HTTP
 * status (a 2xx most of the time, so the body parser is reached); the rest is the generateContent answer for
 * ai_gemini_response_parse, whose fixed-size strings must stay terminated and whose text, when OK, must be
 * non-NULL. The same bytes are then the knowledge-base context (a JSON array in a wa:ai entry) of
 * ai_gemini_request_build, whose output must be JSON that cJSON reads back.
 */
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "fuzz.h"
#include "gemini.h"

static void fz_check_str(const char *s, size_t cap)
{
    if (memchr(s, '\0', cap) == NULL)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const long statuses[] = {200, 200, 200, 200, 201, 400, 403, 404, 429, 500, 503, 504, 302, 0};
    long status = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
    data += 1, size -= 1;

    ai_gemini_result_t res;
    memset(&res, 0xAB, sizeof(res));
    res.text = NULL;
    int rc = ai_gemini_response_parse(status, size > 0 ? (const char *)data : NULL, size, &res);
    fz_check_str(res.code, sizeof(res.code));
    fz_check_str(res.finish_reason, sizeof(res.finish_reason));
    fz_check_str(res.detail, sizeof(res.detail));
    if ((rc == 0) != (res.kind == AI_GEMINI_OK))
        abort();
    if (res.kind == AI_GEMINI_OK && res.text == NULL)
        abort();
    if (res.text != NULL)
        (void)strlen(res.text);
    (void)ai_gemini_kind_name(res.kind);
    ai_gemini_result_dispose(&res);
    ai_gemini_result_dispose(&res);

    char *kb = fz_strndup(data, size);
    ai_clinic_t clinic = {.doctor_name = "Dr. Asha Rao", .clinic_name = "Sunrise Family Clinic",
                          .specialization = "General Physician", .address = "12 MG Road", .instructions = NULL};
    char *req = ai_gemini_request_build(&clinic, kb, "en", "What are your timings?");
    cJSON *j = cJSON_Parse(req);
    if (j == NULL)
        abort(); /* the request must always be valid JSON */
    cJSON_Delete(j);
    free(req);
    free(kb);
    return 0;
}
