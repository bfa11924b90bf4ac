/*
 * `wactl send`: an operator's manual message to a patient, on a doctor's
 * behalf. It does not call Meta itself: it appends one entry to wa:out (the
 * same fields the router and ai write, source "manual", a fresh out_id
 * "manual:<uuid>"), so the sender applies the doctor's credentials, rate
 * limits, retries and records it like any other message. --wait follows it to
 * its outcome in PostgreSQL's messages table.
 */
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "wa/entry.h"
#include "wa/log.h"
#include "wa/phone.h"
#include "wa/redis.h"
#include "args.h"
#include "conn.h"
#include "ctl.h"
#include "doctor.h"
#include "send.h"

static void usage(FILE *f)
{
    fputs("Usage: wactl send --doctor ID|NUMBER --to NUMBER|BSUID (--text TEXT | --template NAME [--lang CODE]\n"
          "                  [--params 'A|B|...']) [--reply] [--wait SECONDS] [--json]\n"
          "\n"
          "Sends a message to a patient in a doctor's name, through the sender (stream wa:out) like every other\n"
          "message: the doctor's own WhatsApp number if it has credentials, else the master number, else sandbox\n"
          "mode. Prints the message's out_id (manual:<uuid>), its idempotency key. --text sends a text (at most 4096\n"
          "bytes); outside WhatsApp's 24-hour window only an approved --template is delivered: --lang is its language\n"
          "code (default en_US), --params fills the body's {{1}}, {{2}}... in order, separated by '|'. --wait waits\n"
          "up to SECONDS until the sender has recorded the message and prints its status (accepted: Meta took it;\n"
          "sandbox; failed); it exits 1 if the message failed or is not recorded by then.\n"
          "A disabled doctor cannot send (exit 1). A patient who opted out (STOP) gets nothing the clinic initiates:\n"
          "the send is refused (exit 1) unless --reply says it answers the patient's own question.\n"
          "--to may be a patient's business-scoped user id (BSUID, e.g. US.13491208655302741918) when the patient\n"
          "hides the phone number: it goes to the phone if one is known for that patient, else to the BSUID.\n"
          "\n"
          "Examples:\n"
          "  wactl send --doctor 919845000001 --to '+91 98000 00001' --text 'Your reports are ready.' --wait 10\n"
          "  wactl send --doctor 919845000001 --to 919800000001 --template appointment_reminder --lang en \\\n"
          "      --params 'Asha|Monday 10 am'\n",
          f);
}

int ctl_send_new_out_id(char *out, size_t outsz)
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof(b)) != 1)
        return -1;
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    snprintf(out, outsz, "manual:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
             b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return 0;
}

char *ctl_send_template_json(const char *name, const char *lang, const char *params)
{
    cJSON *msg = cJSON_CreateObject(), *tpl = cJSON_CreateObject(), *language = cJSON_CreateObject();
    if (msg == NULL || tpl == NULL || language == NULL || cJSON_AddStringToObject(msg, "type", "template") == NULL ||
        !cJSON_AddItemToObject(msg, "template", tpl) || cJSON_AddStringToObject(tpl, "name", name) == NULL ||
        !cJSON_AddItemToObject(tpl, "language", language) ||
        cJSON_AddStringToObject(language, "code", lang != NULL && lang[0] ? lang : "en_US") == NULL)
        wa_fatal("out of memory");
    if (params != NULL && params[0] != '\0') {
        cJSON *components = cJSON_AddArrayToObject(tpl, "components"), *body = cJSON_CreateObject();
        cJSON *parameters = body != NULL ? cJSON_AddArrayToObject(body, "parameters") : NULL;
        if (components == NULL || body == NULL || parameters == NULL ||
            cJSON_AddStringToObject(body, "type", "body") == NULL || !cJSON_AddItemToArray(components, body))
            wa_fatal("out of memory");
        const char *p = params;
        for (;;) {
            size_t n = strcspn(p, "|");
            char *text = wa_malloc(n + 1);
            memcpy(text, p, n);
            text[n] = '\0';
            cJSON *param = cJSON_CreateObject();
            if (param == NULL || cJSON_AddStringToObject(param, "type", "text") == NULL ||
                cJSON_AddStringToObject(param, "text", text) == NULL || !cJSON_AddItemToArray(parameters, param))
                wa_fatal("out of memory");
            free(text);
            if (p[n] == '\0')
                break;
            p += n + 1;
        }
    }
    char *s = cJSON_PrintUnformatted(msg);
    cJSON_Delete(msg);
    if (s == NULL)
        wa_fatal("out of memory");
    return s;
}

/* Polls messages for out_id until the sender has recorded it (accepted by Meta, sandbox, or a later status: sent,
 * delivered, read, failed) or `seconds` pass. Writes the status ("" when none
 * yet) into out. Returns CTL_EXIT_OK, or an exit code after printing a database failure. */
static int wait_outcome(PGconn *c, const char *doctor_id, const char *out_id, long seconds, char *out, size_t outsz)
{
    const char *params[] = {doctor_id, out_id};
    long long deadline = wa_mono_ms() + seconds * 1000;
    out[0] = '\0';
    for (;;) {
        PGresult *res = ctl_pg_exec(c, "SELECT status FROM messages WHERE doctor_id = $1 AND out_id = $2", 2, params);
        if (!ctl_pg_ok(res))
            return ctl_pg_fail(c, res, "reading the message's status");
        if (PQntuples(res) > 0)
            snprintf(out, outsz, "%s", PQgetvalue(res, 0, 0));
        PQclear(res);
        if (out[0] != '\0') /* the sender records a message once Meta accepted it (or it went to the sandbox) */
            return CTL_EXIT_OK;
        if (wa_mono_ms() >= deadline)
            return CTL_EXIT_OK;
        struct timespec ts = {0, 200 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

int ctl_send_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL, *to = NULL, *text = NULL, *tpl = NULL, *lang = NULL, *params = NULL;
    int help = 0, json = ctx->json, is_reply = 0;
    long wait = 0;
    ctl_opt_t opts[] = {
        {"reply", CTL_OPT_FLAG, &is_reply, 0, 0, 0},
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0}, {"to", CTL_OPT_STR, &to, 0, 0, 0},
        {"text", CTL_OPT_STR, &text, 0, 0, 0},     {"template", CTL_OPT_STR, &tpl, 0, 0, 0},
        {"lang", CTL_OPT_STR, &lang, 0, 0, 0},     {"params", CTL_OPT_STR, &params, 0, 0, 0},
        {"wait", CTL_OPT_LONG, &wait, 1, 600, 0},  {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},    {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (argc == 0) {
        usage(stderr);
        return CTL_EXIT_USAGE;
    }
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("send", "%s", err);
    if (help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    if (doctor == NULL || doctor[0] == '\0')
        return ctl_usage_error("send", "--doctor is required");
    if (to == NULL || to[0] == '\0')
        return ctl_usage_error("send", "--to is required");
    char digits[224]; /* the patient's address: a phone number's digits, or a BSUID (015_bsuid.sql) */
    if (wa_is_bsuid(to))
        snprintf(digits, sizeof(digits), "%s", to);
    else if (wa_phone_digits(to, digits, sizeof(digits)) == 0)
        return ctl_usage_error("send", "--to '%s' is neither a phone number nor a BSUID", to);
    int has_text = text != NULL && text[0] != '\0', has_tpl = tpl != NULL && tpl[0] != '\0';
    if (has_text == has_tpl)
        return ctl_usage_error("send", "give either --text or --template (one of them)");
    if (has_text && strlen(text) > 4096)
        return ctl_usage_error("send", "--text is longer than 4096 bytes, WhatsApp's limit");
    if (!has_tpl && (lang != NULL || params != NULL))
        return ctl_usage_error("send", "--lang and --params go with --template");

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    char id[64];
    int rc = ctl_doctor_resolve(c, "send", doctor, id, sizeof(id));
    if (rc != CTL_EXIT_OK) {
        PQfinish(c);
        return rc;
    }
    const char *p1[] = {id};
    PGresult *res = ctl_pg_exec(c, "SELECT is_active FROM doctors WHERE id = $1", 1, p1);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "reading the doctor");
        PQfinish(c);
        return rc;
    }
    int active = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    if (!active) {
        ctl_error("doctor %s is disabled (or gone): 'wactl doctor enable' it first", id);
        PQfinish(c);
        return CTL_EXIT_FAIL;
    }

    const char *p2[] = {id, digits};
    /* a BSUID names its patient's address: the phone when one is known (a patient is one person, 015_bsuid.sql) */
    res = ctl_pg_exec(c,
                      "SELECT opted_out, wa_id FROM patients WHERE doctor_id = $1 AND (wa_id = $2 OR user_id = $2"
                      " OR $2 = ANY (user_id_aliases)) ORDER BY wa_id = $2 DESC LIMIT 1",
                      2, p2);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "reading the patient");
        PQfinish(c);
        return rc;
    }
    int opted_out = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    if (PQntuples(res) == 1)
        snprintf(digits, sizeof(digits), "%s", PQgetvalue(res, 0, 1));
    PQclear(res);
    if (opted_out && !is_reply) {
        ctl_error("patient %s opted out (STOP): the clinic may only answer their own questions (add --reply if this "
                  "is such an answer)",
                  digits);
        PQfinish(c);
        return CTL_EXIT_FAIL;
    }

    redisContext *r = ctl_redis_open(ctx);
    if (r == NULL) {
        PQfinish(c);
        return CTL_EXIT_UNREACHABLE;
    }
    char out_id[64], created[24];
    if (ctl_send_new_out_id(out_id, sizeof(out_id)) != 0)
        wa_fatal("no random bytes for an out_id");
    snprintf(created, sizeof(created), "%lld", wa_now_ms());
    char *message = has_text ? wa_text_message_json(text) : ctl_send_template_json(tpl, lang, params);
    wa_out_msg_t m = wa_out_msg_manual(out_id, id, digits, has_text ? "text" : "template", message, created);
    wa_cmd_t cmd;
    wa_cmd_init(&cmd);
    wa_out_msg_xadd(&cmd, ctx->cfg.key_out, &m);
    redisReply *reply = cmd.overflow ? NULL : wa_redis_cmd(r, cmd.argc, cmd.argv, cmd.argvlen);
    free(message);
    if (reply == NULL || reply->type != REDIS_REPLY_STRING) {
        rc = ctl_redis_fail(r, reply, "XADD");
        redisFree(r);
        PQfinish(c);
        return rc;
    }
    char entry_id[64];
    snprintf(entry_id, sizeof(entry_id), "%s", reply->str);
    freeReplyObject(reply);
    redisFree(r);

    char status[32] = "";
    if (wait > 0 && (rc = wait_outcome(c, id, out_id, wait, status, sizeof(status))) != CTL_EXIT_OK) {
        PQfinish(c);
        return rc;
    }
    PQfinish(c);
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        if (doc == NULL)
            wa_fatal("out of memory");
        ctl_json_add_str(doc, "out_id", out_id);
        ctl_json_add_str(doc, "entry_id", entry_id);
        ctl_json_add_str(doc, "doctor_id", id);
        ctl_json_add_str(doc, "to", digits);
        ctl_json_add_str(doc, "kind", m.kind);
        ctl_json_add_str(doc, "status", wait > 0 ? status : NULL);
        rc = ctl_json_print(doc);
    } else if (wait > 0) {
        rc = printf("%s %s\n", out_id, status[0] ? status : "(no outcome yet)") < 0 ? CTL_EXIT_FAIL : CTL_EXIT_OK;
    } else {
        rc = printf("%s\n", out_id) < 0 ? CTL_EXIT_FAIL : CTL_EXIT_OK;
    }
    if (rc == CTL_EXIT_OK && wait > 0 && status[0] == '\0') {
        ctl_error("no outcome for %s within %ld s (see 'wactl streams' and 'wactl dlq list')", out_id, wait);
        rc = CTL_EXIT_FAIL;
    } else if (rc == CTL_EXIT_OK && wait > 0 && strcmp(status, "failed") == 0) {
        ctl_error("%s failed (see 'wactl dlq list')", out_id);
        rc = CTL_EXIT_FAIL;
    }
    return rc;
}
