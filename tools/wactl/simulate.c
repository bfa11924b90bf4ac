/*
 * `wactl simulate` (simulate.h): one patient message through the whole
 * pipeline. It builds the webhook Meta would send for a text to the doctor's
 * number (wa_webhook_build_text), signs it (wa_signature_make), POSTs it to
 * the ingress, then polls PostgreSQL every 100 ms for the reply recorded
 * under out_id "reply:<wamid>" and Redis' dead-letter stream for an entry
 * that mentions the message, whichever comes first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "wa/hmac.h"
#include "wa/http.h"
#include "wa/buf.h"
#include "wa/log.h"
#include "wa/phone.h"
#include "wa/webhook_build.h"
#include "args.h"
#include "conn.h"
#include "ctl.h"
#include "simulate.h"

#define POLL_MS 100
#define POST_TIMEOUT_MS 10000
/* a reply still "accepted" (not yet handed to Graph or the sandbox) is shown anyway after this long */
#define ACCEPTED_GRACE_MS 3000

void ctl_simulate_url(const char *ingress_url, int port, char *out, size_t outsz)
{
    if (ingress_url != NULL && ingress_url[0] != '\0')
        snprintf(out, outsz, "%s", ingress_url);
    else
        snprintf(out, outsz, "http://127.0.0.1:%d/webhook", port);
}

void ctl_simulate_wamid(const unsigned char *rnd, size_t n, char *out, size_t outsz)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = (size_t)snprintf(out, outsz, "wamid.SIM");
    for (size_t i = 0; i < n && o + 2 < outsz; i++) {
        out[o++] = hex[rnd[i] >> 4];
        out[o++] = hex[rnd[i] & 15];
    }
    if (o < outsz)
        out[o] = '\0';
}

int ctl_simulate_dlq_matches(const char *entry, const char *out_id, const char *wamid)
{
    if (entry == NULL)
        return 0;
    return (out_id != NULL && out_id[0] != '\0' && strstr(entry, out_id) != NULL) ||
           (wamid != NULL && wamid[0] != '\0' && strstr(entry, wamid) != NULL);
}

static void usage(FILE *f)
{
    fputs(
        "Usage: wactl simulate --to DOCTOR_NUMBER (--from PATIENT_NUMBER | --from-user-id BSUID | both) --text TEXT\n"
        "                      [--username NAME] [--name NAME] [--timeout SECONDS] [--json]\n"
        "\n"
        "--from-user-id posts the message as Meta sends one from a patient who hides the phone number behind a\n"
        "WhatsApp username: from_user_id and contacts[].user_id, no from (unless --from is given too), and\n"
        "--username as contacts[].profile.username.\n"
        "\n"
        "Posts a text-message webhook from a patient to a doctor's number, built and signed (WHATSAPP_APP_SECRET)\n"
        "as Meta would, to the ingress (INGRESS_URL, else http://127.0.0.1:$INGRESS_PORT/webhook), then waits for\n"
        "the reply (default 30 s) and prints it with its source and status. A dead-lettered message prints the\n"
        "reason. Exit 1 when the ingress refuses the webhook, the message is dead-lettered, or no reply comes.\n"
        "\n"
        "Example:\n"
        "  wactl simulate --to 919845000001 --from 919800000001 --text 'What are your timings?'\n"
        "  wactl simulate --to 919845000001 --from-user-id IN.13491208655302741918 --username asha.k --text hi\n",
        f);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static void fresh_wamid(char *out, size_t outsz)
{
    unsigned char rnd[16];
    if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
        /* no entropy source: time and pid still make a clash between two operators unlikely */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        unsigned long long x = (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
        x ^= (unsigned long long)getpid() << 40;
        for (size_t i = 0; i < sizeof(rnd); i++, x = x * 6364136223846793005ULL + 1442695040888963407ULL)
            rnd[i] = (unsigned char)(x >> 56);
    }
    ctl_simulate_wamid(rnd, sizeof(rnd), out, outsz);
}

/* The field `name` of a stream entry's flat field/value array, or NULL. */
static const char *entry_field(const redisReply *fields, const char *name)
{
    if (fields == NULL || fields->type != REDIS_REPLY_ARRAY)
        return NULL;
    for (size_t i = 0; i + 1 < fields->elements; i += 2) {
        const redisReply *k = fields->element[i], *v = fields->element[i + 1];
        if (k->type == REDIS_REPLY_STRING && strcmp(k->str, name) == 0)
            return v->type == REDIS_REPLY_STRING ? v->str : NULL;
    }
    return NULL;
}

typedef struct st_dead_letter_t {
    char stage[64], reason[128], detail[512], error_code[64];
} dead_letter_t;

/* Reads the dead letters after *last_id and looks for one about this message. Returns 1 (found, *dl filled), 0 (none
 * yet; *last_id advanced), or an exit code + 10 on a Redis failure (printed). */
static int check_dlq(redisContext *rc, const char *key, char *last_id, size_t last_idsz, const char *out_id,
                     const char *wamid, dead_letter_t *dl)
{
    char start[128] = "-";
    if (strcmp(last_id, "-") != 0 && snprintf(start, sizeof(start), "(%s", last_id) >= (int)sizeof(start))
        wa_fatal("stream id too long");
    const char *argv[] = {"XRANGE", key, start, "+", "COUNT", "200"};
    redisReply *r = ctl_redis_cmd(rc, 6, argv);
    if (r == NULL || r->type != REDIS_REPLY_ARRAY)
        return ctl_redis_fail(rc, r, "XRANGE on the dead-letter stream") + 10;
    int found = 0;
    for (size_t i = 0; i < r->elements && !found; i++) {
        const redisReply *e = r->element[i];
        if (e->type != REDIS_REPLY_ARRAY || e->elements < 2 || e->element[0]->type != REDIS_REPLY_STRING)
            continue;
        snprintf(last_id, last_idsz, "%s", e->element[0]->str);
        if (!ctl_simulate_dlq_matches(entry_field(e->element[1], "entry"), out_id, wamid))
            continue;
        const char *s;
        snprintf(dl->stage, sizeof(dl->stage), "%s", (s = entry_field(e->element[1], "stage")) != NULL ? s : "");
        snprintf(dl->reason, sizeof(dl->reason), "%s", (s = entry_field(e->element[1], "reason")) != NULL ? s : "");
        snprintf(dl->detail, sizeof(dl->detail), "%s", (s = entry_field(e->element[1], "detail")) != NULL ? s : "");
        snprintf(dl->error_code, sizeof(dl->error_code), "%s",
                 (s = entry_field(e->element[1], "error_code")) != NULL ? s : "");
        found = 1;
    }
    freeReplyObject(r);
    return found;
}

/* The id of the newest dead letter (or "-" when there is none), so that only later ones are read. */
static int dlq_tail(redisContext *rc, const char *key, char *out, size_t outsz)
{
    const char *argv[] = {"XREVRANGE", key, "+", "-", "COUNT", "1"};
    redisReply *r = ctl_redis_cmd(rc, 6, argv);
    if (r == NULL || r->type != REDIS_REPLY_ARRAY)
        return ctl_redis_fail(rc, r, "XREVRANGE on the dead-letter stream");
    if (r->elements > 0 && r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements > 0 &&
        r->element[0]->element[0]->type == REDIS_REPLY_STRING)
        snprintf(out, outsz, "%s", r->element[0]->element[0]->str);
    else
        snprintf(out, outsz, "-");
    freeReplyObject(r);
    return CTL_EXIT_OK;
}

/* POSTs the signed body. Returns CTL_EXIT_OK on a 200, else prints why and returns CTL_EXIT_FAIL. */
static int post_webhook(const char *url, const char *body, const char *signature)
{
    wa_http_t *h = wa_http_create(1);
    if (h == NULL) {
        ctl_error("cannot initialise libcurl");
        return CTL_EXIT_FAIL;
    }
    char sig_header[WA_SIGNATURE_LEN + 32];
    snprintf(sig_header, sizeof(sig_header), "X-Hub-Signature-256: %s", signature);
    wa_http_req_t req;
    wa_http_req_init(&req, "POST", url, POST_TIMEOUT_MS);
    req.body = body;
    req.body_len = strlen(body);
    req.headers[0] = "Content-Type: application/json";
    req.headers[1] = sig_header;
    req.headers[2] = NULL;
    wa_http_req_t *reqs[] = {&req};
    int rc = CTL_EXIT_OK;
    if (wa_http_run(h, reqs, 1) != 0) {
        ctl_error("cannot post to the ingress at %s (libcurl could not start the request)", url);
        rc = CTL_EXIT_FAIL;
    } else if (req.curl_code != 0 || req.status == 0) {
        ctl_error("cannot reach the ingress at %s (%s): is wa-ingress running?", url,
                  req.error[0] != '\0' ? req.error : "no response");
        rc = CTL_EXIT_FAIL;
    } else if (req.status != 200) {
        const char *resp = req.resp != NULL ? req.resp : "";
        size_t n = strcspn(resp, "\r\n");
        const char *hint = req.status == 401 || req.status == 403
                               ? " (signature refused: does WHATSAPP_APP_SECRET match the ingress's?)"
                           : req.status == 503 ? " (the ingress cannot reach Redis)"
                                               : "";
        ctl_error("the ingress at %s answered %ld%s%s%.*s", url, req.status, hint, n > 0 ? ": " : "",
                  (int)(n > 200 ? 200 : n), resp);
        rc = CTL_EXIT_FAIL;
    }
    wa_http_req_dispose(&req);
    wa_http_destroy(h);
    return rc;
}

/* Explains a timeout from what PostgreSQL knows about the inbound message. */
static void explain_timeout(PGconn *c, const char *doctor_id, const char *wamid, long timeout)
{
    const char *params[] = {doctor_id, wamid};
    PGresult *res = ctl_pg_exec(c, "SELECT status FROM messages WHERE doctor_id = $1 AND wamid = $2", 2, params);
    const char *why = "";
    if (ctl_pg_ok(res) && PQntuples(res) == 0)
        why = ": the message was not recorded (is wa-router running?)";
    else if (ctl_pg_ok(res) && strcmp(PQgetvalue(res, 0, 0), "routed") == 0)
        why = ": the message was routed but no reply was recorded (are wa-ai and wa-sender running?)";
    else if (ctl_pg_ok(res))
        why = ": the message was recorded but not routed yet (is wa-router running?)";
    ctl_error("no reply within %ld s%s", timeout, why);
    PQclear(res);
}

int ctl_simulate_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *to = NULL, *from = NULL, *text = NULL, *name = "Patient", *user_id = NULL, *username = NULL;
    long timeout = 30;
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"to", CTL_OPT_STR, &to, 0, 0, 0},
        {"from", CTL_OPT_STR, &from, 0, 0, 0},
        {"from-user-id", CTL_OPT_STR, &user_id, 0, 0, 0},
        {"username", CTL_OPT_STR, &username, 0, 0, 0},
        {"text", CTL_OPT_STR, &text, 0, 0, 0},
        {"name", CTL_OPT_STR, &name, 0, 0, 0},
        {"timeout", CTL_OPT_LONG, &timeout, 1, 3600, 0},
        {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("simulate", "%s", err);
    if (help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    if (to == NULL || (from == NULL && user_id == NULL) || text == NULL)
        return ctl_usage_error("simulate", "--%s is required",
                               to == NULL ? "to" : text == NULL ? "text" : "from (or --from-user-id)");
    if (user_id != NULL && !wa_is_bsuid(user_id))
        return ctl_usage_error("simulate", "--from-user-id '%s' is not a business-scoped user id (e.g. US.1349120865)",
                               user_id);
    if (text[0] == '\0')
        return ctl_usage_error("simulate", "--text is empty");
    char to_digits[32], from_digits[32];
    if (wa_phone_digits(to, to_digits, sizeof(to_digits)) == 0)
        return ctl_usage_error("simulate", "--to '%s' is not a phone number", to);
    if (from != NULL && wa_phone_digits(from, from_digits, sizeof(from_digits)) == 0)
        return ctl_usage_error("simulate", "--from '%s' is not a phone number", from);
    const char *secret = ctx->cfg.app_secret;
    if (secret == NULL) {
        ctl_error("WHATSAPP_APP_SECRET is not set: the ingress accepts only signed webhooks (set it to the "
                  "ingress's secret, or name the .env that holds it with --env-file)");
        return CTL_EXIT_USAGE;
    }

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    redisContext *rc = ctl_redis_open(ctx);
    if (rc == NULL) {
        PQfinish(c);
        return CTL_EXIT_UNREACHABLE;
    }
    int ret = CTL_EXIT_OK;
    char *body = NULL;
    PGresult *doc = NULL;

    const char *dparams[] = {to_digits};
    doc = ctl_pg_exec(c,
                      "SELECT id, name, whatsapp_phone_number_id, whatsapp_business_account_id, is_active "
                      "FROM doctors WHERE phone_digits = $1",
                      1, dparams);
    if (!ctl_pg_ok(doc)) {
        ret = ctl_pg_fail(c, doc, "looking up the doctor");
        doc = NULL;
        goto out;
    }
    if (PQntuples(doc) == 0) {
        ctl_error("no doctor with number %s (see 'wactl doctor list')", to);
        ret = CTL_EXIT_FAIL;
        goto out;
    }
    const char *doctor_id = PQgetvalue(doc, 0, 0);
    if (strcmp(PQgetvalue(doc, 0, 4), "t") != 0)
        fprintf(stderr, "wactl: note: %s is disabled; the router may not answer\n", PQgetvalue(doc, 0, 1));
    char pnid[96];
    if (!PQgetisnull(doc, 0, 2) && PQgetvalue(doc, 0, 2)[0] != '\0')
        snprintf(pnid, sizeof(pnid), "%s", PQgetvalue(doc, 0, 2));
    else
        snprintf(pnid, sizeof(pnid), "sim-%s", to_digits);
    const char *waba = !PQgetisnull(doc, 0, 3) && PQgetvalue(doc, 0, 3)[0] != '\0' ? PQgetvalue(doc, 0, 3) : "sim-waba";

    char dlq_last[80];
    if ((ret = dlq_tail(rc, ctx->cfg.key_dlq, dlq_last, sizeof(dlq_last))) != CTL_EXIT_OK)
        goto out;

    char wamid[64], out_id[80], url[1024], sig[WA_SIGNATURE_LEN + 1];
    fresh_wamid(wamid, sizeof(wamid));
    snprintf(out_id, sizeof(out_id), "reply:%s", wamid);
    body = wa_webhook_build_text_ids(waba, to_digits, pnid, from != NULL ? from_digits : NULL, user_id, username, name,
                                     wamid, (long long)time(NULL), text);
    if (wa_signature_make(secret, strlen(secret), body, strlen(body), sig) != 0) {
        ctl_error("cannot sign the webhook (OpenSSL failed)");
        ret = CTL_EXIT_FAIL;
        goto out;
    }
    ctl_simulate_url(getenv("INGRESS_URL"), ctx->cfg.ingress_port, url, sizeof(url));
    long long started = now_ms();
    if ((ret = post_webhook(url, body, sig)) != CTL_EXIT_OK)
        goto out;
    if (!json && isatty(STDERR_FILENO))
        fprintf(stderr, "posted %s to %s; waiting up to %ld s for the reply...\n", wamid, url, timeout);

    long long deadline = started + timeout * 1000, accepted_since = 0;
    const char *rparams[] = {doctor_id, out_id};
    for (;;) {
        PGresult *res = ctl_pg_exec(c,
                                    "SELECT source, COALESCE(body, payload::text), status, wamid, error_code, "
                                    "error_title FROM messages WHERE doctor_id = $1 AND out_id = $2",
                                    2, rparams);
        if (!ctl_pg_ok(res)) {
            ret = ctl_pg_fail(c, res, "reading the reply");
            goto out;
        }
        long long now = now_ms();
        if (PQntuples(res) > 0) {
            const char *status = PQgetvalue(res, 0, 2);
            if (strcmp(status, "accepted") == 0 && accepted_since == 0)
                accepted_since = now;
            if (strcmp(status, "accepted") != 0 || now - accepted_since >= ACCEPTED_GRACE_MS || now >= deadline) {
                const char *source = PQgetisnull(res, 0, 0) ? "?" : PQgetvalue(res, 0, 0);
                const char *reply = PQgetisnull(res, 0, 1) ? "" : PQgetvalue(res, 0, 1);
                int failed = strcmp(status, "failed") == 0;
                if (json) {
                    cJSON *o = cJSON_CreateObject();
                    if (o == NULL)
                        wa_fatal("out of memory");
                    ctl_json_add_str(o, "wamid", wamid);
                    ctl_json_add_str(o, "out_id", out_id);
                    ctl_json_add_str(o, "doctor_id", doctor_id);
                    ctl_json_add_str(o, "source", PQgetisnull(res, 0, 0) ? NULL : source);
                    ctl_json_add_str(o, "status", status);
                    ctl_json_add_str(o, "text", reply);
                    ctl_json_add_str(o, "reply_wamid", PQgetisnull(res, 0, 3) ? NULL : PQgetvalue(res, 0, 3));
                    ctl_json_add_str(o, "error_code", PQgetisnull(res, 0, 4) ? NULL : PQgetvalue(res, 0, 4));
                    ctl_json_add_str(o, "error_title", PQgetisnull(res, 0, 5) ? NULL : PQgetvalue(res, 0, 5));
                    if (cJSON_AddNumberToObject(o, "elapsed_ms", (double)(now - started)) == NULL)
                        wa_fatal("out of memory");
                    ret = ctl_json_print(o);
                } else {
                    char *shown = ctl_simulate_render(reply);
                    printf("reply (%s, %s): %s\n", source, status, shown);
                    free(shown);
                    ret = fflush(stdout) != 0 ? CTL_EXIT_FAIL : CTL_EXIT_OK;
                }
                if (failed) {
                    ctl_error("the reply could not be sent: %s %s", PQgetisnull(res, 0, 4) ? "" : PQgetvalue(res, 0, 4),
                              PQgetisnull(res, 0, 5) ? "" : PQgetvalue(res, 0, 5));
                    ret = CTL_EXIT_FAIL;
                }
                PQclear(res);
                goto out;
            }
        }
        PQclear(res);

        dead_letter_t dl;
        int found = check_dlq(rc, ctx->cfg.key_dlq, dlq_last, sizeof(dlq_last), out_id, wamid, &dl);
        if (found >= 10) {
            ret = found - 10;
            goto out;
        }
        if (found) {
            if (json) {
                cJSON *o = cJSON_CreateObject(), *d = cJSON_CreateObject();
                if (o == NULL || d == NULL || !cJSON_AddItemToObject(o, "dead_letter", d))
                    wa_fatal("out of memory");
                ctl_json_add_str(o, "wamid", wamid);
                ctl_json_add_str(o, "out_id", out_id);
                ctl_json_add_str(o, "doctor_id", doctor_id);
                ctl_json_add_str(d, "stage", dl.stage);
                ctl_json_add_str(d, "reason", dl.reason);
                ctl_json_add_str(d, "detail", dl.detail);
                ctl_json_add_str(d, "error_code", dl.error_code);
                (void)ctl_json_print(o);
            }
            ctl_error("dead-lettered by %s: %s%s%s%s%s%s", dl.stage[0] != '\0' ? dl.stage : "?",
                      dl.reason[0] != '\0' ? dl.reason : "no reason given", dl.detail[0] != '\0' ? " (" : "", dl.detail,
                      dl.detail[0] != '\0' ? ")" : "", dl.error_code[0] != '\0' ? ", error code " : "", dl.error_code);
            ret = CTL_EXIT_FAIL;
            goto out;
        }
        if (now >= deadline) {
            explain_timeout(c, doctor_id, wamid, timeout);
            ret = CTL_EXIT_FAIL;
            goto out;
        }
        sleep_ms(POLL_MS);
    }

out:
    free(body);
    PQclear(doc);
    redisFree(rc);
    PQfinish(c);
    return ret;
}

static const char *text_at(const cJSON *obj, const char *member, const char *field)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, member);
    const cJSON *t = field != NULL ? cJSON_GetObjectItemCaseSensitive(o, field) : o;
    return cJSON_IsString(t) ? t->valuestring : NULL;
}

char *ctl_simulate_render(const char *reply)
{
    cJSON *root = reply != NULL && reply[0] == '{' ? cJSON_Parse(reply) : NULL;
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(root, "interactive");
    if (!cJSON_IsObject(in)) {
        cJSON_Delete(root);
        return wa_strdup(reply != NULL ? reply : "");
    }
    wa_buf_t out = WA_BUF_INIT;
    const char *parts[] = {text_at(in, "header", "text"), text_at(in, "body", "text"), text_at(in, "footer", "text")};
    for (size_t i = 0; i < 3; i++)
        if (parts[i] != NULL && parts[i][0] != '\0') {
            wa_buf_appends(&out, out.len > 0 ? "\n" : "");
            wa_buf_appends(&out, parts[i]);
        }
    const cJSON *action = cJSON_GetObjectItemCaseSensitive(in, "action"), *b, *sec, *row;
    int first = 1;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(action, "buttons"))
    {
        const char *title = text_at(b, "reply", "title");
        if (title == NULL)
            continue;
        wa_buf_appends(&out, first ? "\n  [" : " [");
        wa_buf_appends(&out, title);
        wa_buf_appends(&out, "]");
        first = 0;
    }
    cJSON_ArrayForEach(sec, cJSON_GetObjectItemCaseSensitive(action, "sections"))
    {
        cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(sec, "rows"))
        {
            const char *title = text_at(row, "title", NULL);
            if (title == NULL)
                continue;
            wa_buf_appends(&out, "\n  - ");
            wa_buf_appends(&out, title);
        }
    }
    cJSON_Delete(root);
    return wa_buf_release(&out);
}
