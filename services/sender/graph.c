/*
 * The Graph API send call's wire format (graph.h): request building from a
 * wa:out entry, response and error-envelope parsing, the error-code table of
 * API_REFERENCE.md A.5, and the reduction of all three to a consumer outcome;
 * and the sandbox form of the call (the wa:sandbox XADD and its wamid).
 * Pure: no I/O, no globals, so unit tests and fuzzers call it directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "wa/log.h"
#include "wa/phone.h"
#include "graph.h"

static void check_alloc(const void *p)
{
    if (p == NULL)
        wa_fatal("out of memory");
}

static void copy_str(char *dst, size_t dstsz, const char *src)
{
    snprintf(dst, dstsz, "%s", src != NULL ? src : "");
}

void snd_graph_request_dispose(snd_graph_request_t *req)
{
    free(req->json);
    free(req->type);
    free(req->text_body);
    memset(req, 0, sizeof(*req));
}

/* The read receipt (A.4.7): message_id from the message JSON, else reply_to; typing_indicator passed through. */
static int build_read(const wa_out_msg_t *m, const cJSON *msg, cJSON *root, char *err, size_t errsz)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(msg, "message_id");
    const char *message_id = cJSON_IsString(id) && id->valuestring[0] != '\0' ? id->valuestring : m->reply_to;
    if (message_id == NULL || message_id[0] == '\0') {
        snprintf(err, errsz, "read receipt without message_id");
        return -1;
    }
    check_alloc(cJSON_AddStringToObject(root, "messaging_product", "whatsapp"));
    check_alloc(cJSON_AddStringToObject(root, "status", "read"));
    check_alloc(cJSON_AddStringToObject(root, "message_id", message_id));
    const cJSON *typing = cJSON_GetObjectItemCaseSensitive(msg, "typing_indicator");
    if (typing != NULL) {
        cJSON *dup = cJSON_Duplicate(typing, 1);
        check_alloc(dup);
        cJSON_AddItemToObject(root, "typing_indicator", dup);
    }
    return 0;
}

/* A message (A.4.1-A.4.6): our envelope, then the message object's own fields, then the reply context. */
static int build_message(const wa_out_msg_t *m, const cJSON *msg, cJSON *root, snd_graph_request_t *req, char *err,
                         size_t errsz)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(msg, "type");
    if (!cJSON_IsString(type) || type->valuestring[0] == '\0') {
        snprintf(err, errsz, "message has no \"type\"");
        return -1;
    }
    int has_reply = m->reply_to != NULL && m->reply_to[0] != '\0';
    check_alloc(cJSON_AddStringToObject(root, "messaging_product", "whatsapp"));
    check_alloc(cJSON_AddStringToObject(root, "recipient_type", "individual"));
    /* a patient without a phone number is addressed by BSUID in `recipient` (A.9.4); `to` would win over it */
    check_alloc(cJSON_AddStringToObject(root, wa_is_bsuid(m->to) ? "recipient" : "to", m->to));
    for (const cJSON *f = msg->child; f != NULL; f = f->next) {
        if (f->string == NULL || strcmp(f->string, "to") == 0 || strcmp(f->string, "recipient") == 0 ||
            strcmp(f->string, "messaging_product") == 0 || strcmp(f->string, "recipient_type") == 0 ||
            (has_reply && strcmp(f->string, "context") == 0) ||
            cJSON_GetObjectItemCaseSensitive(root, f->string) != NULL)
            continue;
        cJSON *dup = cJSON_Duplicate(f, 1);
        check_alloc(dup);
        cJSON_AddItemToObject(root, f->string, dup);
    }
    if (has_reply) {
        cJSON *ctx = cJSON_AddObjectToObject(root, "context");
        check_alloc(ctx);
        check_alloc(cJSON_AddStringToObject(ctx, "message_id", m->reply_to));
    }
    req->type = wa_strdup(type->valuestring);
    if (strcmp(type->valuestring, "text") == 0) {
        const cJSON *body = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(msg, "text"), "body");
        if (cJSON_IsString(body))
            req->text_body = wa_strdup(body->valuestring);
    }
    return 0;
}

int snd_graph_request_build(const wa_out_msg_t *m, snd_graph_request_t *req, char *err, size_t errsz)
{
    memset(req, 0, sizeof(*req));
    if (errsz > 0)
        err[0] = '\0';
    cJSON *msg = cJSON_ParseWithOpts(m->message != NULL ? m->message : "", NULL, 1); /* no trailing bytes */
    if (msg == NULL || !cJSON_IsObject(msg)) {
        snprintf(err, errsz, "message is not a JSON object");
        cJSON_Delete(msg);
        return -1;
    }
    cJSON *root = cJSON_CreateObject();
    check_alloc(root);
    int is_read = m->kind != NULL && strcmp(m->kind, "read") == 0;
    int rc = is_read ? build_read(m, msg, root, err, errsz) : build_message(m, msg, root, req, err, errsz);
    if (rc == 0) {
        req->json = cJSON_PrintUnformatted(root);
        check_alloc(req->json);
        req->is_read = is_read;
        if (is_read)
            req->type = wa_strdup("read");
    } else {
        snd_graph_request_dispose(req);
    }
    cJSON_Delete(root);
    cJSON_Delete(msg);
    return rc;
}

/* The A.5 table: single codes first, then the families that share an action (2xx permissions, 132xxx templates). */
static int lookup(long code, snd_graph_class_t *cls)
{
    switch (code) {
    case 0:
    case 3:
    case 10:
    case 102:
    case 190:
    case 131005:
        *cls = SND_GRAPH_AUTH;
        return 1;
    case 1:
    case 2:
    case 131000:
    case 131016:
    case 131057:
    case 133004:
    case 133015:
        *cls = SND_GRAPH_RETRY; /* 1 and 131000: "a few times", bounded by WA_MAX_DELIVERIES */
        return 1;
    case 4:
    case 17:
    case 341:
    case 80007:
    case 130429:
    case 131048:
    case 131056:
    case 131064:
    case 132069:
    case 133016:
        *cls = SND_GRAPH_THROTTLE;
        return 1;
    case 33:
    case 368:
    case 131031:
    case 131037:
    case 131042:
    case 131045:
    case 131063:
    case 132015:
    case 132016:
    case 133000:
    case 133005:
    case 133006:
    case 133007:
    case 133008:
    case 133009:
    case 133010:
        *cls = SND_GRAPH_OPS;
        return 1;
    case 100:
    case 200:
    case 131008:
    case 131009:
    case 131030:
    case 131051:
    case 131053:
    case 132068:
    case 135000:
        *cls = SND_GRAPH_FIX;
        return 1;
    case 130403:
    case 130472:
    case 130497:
    case 131021:
    case 131026:
    case 131047:
    case 131062: /* a BSUID recipient for a message that needs a phone number (A.9.4) */
    case 131049:
    case 131050:
    case 131052:
    case 137000:
        *cls = SND_GRAPH_DLQ;
        return 1;
    default:
        break;
    }
    if (code > 200 && code <= 299) { /* permission missing or removed */
        *cls = SND_GRAPH_AUTH;
        return 1;
    }
    if (code >= 132000 && code <= 132999) { /* any other template error: fix the template call */
        *cls = SND_GRAPH_FIX;
        return 1;
    }
    *cls = SND_GRAPH_DLQ;
    return 0;
}

snd_graph_class_t snd_graph_classify(long code)
{
    snd_graph_class_t cls;
    (void)lookup(code, &cls);
    return cls;
}

int snd_graph_code_known(long code)
{
    snd_graph_class_t cls;
    return lookup(code, &cls);
}

const char *snd_graph_class_name(snd_graph_class_t cls)
{
    switch (cls) {
    case SND_GRAPH_RETRY:
        return "RETRY";
    case SND_GRAPH_THROTTLE:
        return "THROTTLE";
    case SND_GRAPH_AUTH:
        return "AUTH";
    case SND_GRAPH_DLQ:
        return "DLQ";
    case SND_GRAPH_FIX:
        return "FIX";
    case SND_GRAPH_OPS:
        return "OPS";
    }
    return "DLQ";
}

/* Reads a JSON number, or a string holding one (some proxies stringify codes). Returns 1 when found. */
static int get_long(const cJSON *obj, const char *name, long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (cJSON_IsNumber(v)) {
        *out = (long)v->valuedouble;
        return 1;
    }
    if (cJSON_IsString(v) && v->valuestring[0] != '\0') {
        char *end;
        long n = strtol(v->valuestring, &end, 10);
        if (*end == '\0') {
            *out = n;
            return 1;
        }
    }
    return 0;
}

static void get_str(const cJSON *obj, const char *name, char *dst, size_t dstsz)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    copy_str(dst, dstsz, cJSON_IsString(v) ? v->valuestring : NULL);
}

void snd_graph_response_parse(long http_status, const char *body, size_t len, snd_graph_response_t *res)
{
    memset(res, 0, sizeof(*res));
    cJSON *root = body != NULL && len > 0 ? cJSON_ParseWithLength(body, len) : NULL;
    if (root == NULL || !cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return;
    }
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(root, "error");
    if (cJSON_IsObject(err)) {
        if (get_long(err, "code", &res->code)) {
            res->has_error = 1;
            (void)get_long(err, "error_subcode", &res->subcode);
        }
        get_str(err, "type", res->type, sizeof(res->type));
        get_str(err, "message", res->message, sizeof(res->message));
        get_str(err, "fbtrace_id", res->fbtrace_id, sizeof(res->fbtrace_id));
        const cJSON *data = cJSON_GetObjectItemCaseSensitive(err, "error_data");
        if (cJSON_IsString(data))
            copy_str(res->details, sizeof(res->details), data->valuestring);
        else if (cJSON_IsObject(data))
            get_str(data, "details", res->details, sizeof(res->details));
    } else if (http_status >= 200 && http_status < 300) {
        const cJSON *msgs = cJSON_GetObjectItemCaseSensitive(root, "messages");
        const cJSON *first = cJSON_IsArray(msgs) ? cJSON_GetArrayItem(msgs, 0) : NULL;
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(first, "id");
        if (cJSON_IsString(id) && id->valuestring[0] != '\0' && strlen(id->valuestring) < sizeof(res->wamid)) {
            res->ok = 1;
            copy_str(res->wamid, sizeof(res->wamid), id->valuestring);
            get_str(first, "message_status", res->message_status, sizeof(res->message_status));
        } else if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "success"))) {
            res->ok = 1; /* mark as read */
        }
    }
    cJSON_Delete(root);
}

static void lowercase_into(char *dst, size_t dstsz, const char *prefix, const char *word)
{
    int n = snprintf(dst, dstsz, "%s%s", prefix, word);
    for (int i = (int)strlen(prefix); i < n && (size_t)i < dstsz; i++)
        if (dst[i] >= 'A' && dst[i] <= 'Z')
            dst[i] = (char)(dst[i] - 'A' + 'a');
}

/*
 * Error handling is keyed on error.code, as Meta advises (A.4.9), whenever
 * the envelope carries a code from the table; the HTTP status only decides
 * when it does not (an unknown code, a proxy's HTML page, an empty body):
 * 5xx and 429 are worth another try, anything else is dead-lettered.
 * AUTH, OPS and FIX are dead-lettered here; the next issue re-queues AUTH
 * with a standby token and pauses numbers on OPS.
 */
void snd_graph_verdict(long http_status, int curl_code, const char *curl_error, const snd_graph_response_t *res,
                       snd_graph_verdict_t *v)
{
    memset(v, 0, sizeof(*v));
    v->outcome = WA_ENTRY_ACK;
    const char *klass = http_status >= 500 ? "5xx" : http_status >= 400 ? "4xx" : http_status >= 300 ? "3xx" : "2xx";
    if (curl_code != 0 || http_status == 0) {
        v->outcome = WA_ENTRY_RETRY;
        copy_str(v->reason, sizeof(v->reason), "graph_network");
        copy_str(v->metric_code, sizeof(v->metric_code), "network");
        snprintf(v->detail, sizeof(v->detail), "no response from Graph (curl %d: %s)", curl_code,
                 curl_error != NULL ? curl_error : "");
        return;
    }
    if (res->ok && http_status >= 200 && http_status < 300) {
        copy_str(v->metric_code, sizeof(v->metric_code), "2xx");
        return;
    }
    if (res->has_error && snd_graph_code_known(res->code)) {
        snd_graph_class_t cls = snd_graph_classify(res->code);
        snprintf(v->error_code, sizeof(v->error_code), "%ld", res->code);
        copy_str(v->metric_code, sizeof(v->metric_code), v->error_code);
        lowercase_into(v->reason, sizeof(v->reason), "graph_", snd_graph_class_name(cls));
        v->outcome = cls == SND_GRAPH_RETRY || cls == SND_GRAPH_THROTTLE ? WA_ENTRY_RETRY : WA_ENTRY_DLQ;
    } else {
        copy_str(v->metric_code, sizeof(v->metric_code), klass);
        if (res->has_error)
            snprintf(v->error_code, sizeof(v->error_code), "%ld", res->code);
        else
            snprintf(v->error_code, sizeof(v->error_code), "http_%ld", http_status);
        if (http_status >= 500 || http_status == 429) {
            v->outcome = WA_ENTRY_RETRY;
            copy_str(v->reason, sizeof(v->reason), "graph_retry");
        } else {
            v->outcome = WA_ENTRY_DLQ;
            /* a 2xx without a wamid may still have been sent: dead-letter it for a human, never resend blindly */
            copy_str(v->reason, sizeof(v->reason),
                     http_status < 300 ? "graph_bad_response"
                     : res->has_error  ? "graph_dlq"
                                       : "graph_http");
        }
    }
    int len; /* truncating Meta's text is fine: the detail is for a human */
    if (res->has_error)
        len = snprintf(v->detail, sizeof(v->detail), "HTTP %ld, code %ld subcode %ld (%s): %s%s%s [fbtrace_id %s]",
                       http_status, res->code, res->subcode, res->type, res->message, res->details[0] ? " - " : "",
                       res->details, res->fbtrace_id);
    else
        len = snprintf(v->detail, sizeof(v->detail), "HTTP %ld without a Graph %s", http_status,
                       http_status < 300 ? "message id" : "error envelope");
    (void)len;
}

#define SANDBOX_WAMID_PREFIX "sandbox."

void snd_graph_sandbox_cmd(wa_cmd_t *cmd, const char *stream, const wa_out_msg_t *m, const snd_graph_request_t *req,
                           const char *phone_number_id)
{
    wa_cmd_init(cmd);
    wa_cmd_args(cmd, "XADD");
    wa_cmd_args(cmd, stream);
    wa_cmd_args(cmd, "*");
    wa_cmd_field(cmd, "out_id", m->out_id);
    wa_cmd_field(cmd, "to", m->to);
    wa_cmd_field(cmd, "request", req->json);
    wa_cmd_field(cmd, "phone_number_id", phone_number_id);
    wa_cmd_field(cmd, "doctor_id", m->doctor_id);
}

void snd_graph_sandbox_wamid(char *wamid, size_t wsz, const char *out_id)
{
    snprintf(wamid, wsz, SANDBOX_WAMID_PREFIX "%s", out_id);
}

int snd_graph_sandbox_wamid_is(const char *wamid)
{
    return strncmp(wamid, SANDBOX_WAMID_PREFIX, sizeof(SANDBOX_WAMID_PREFIX) - 1) == 0;
}
