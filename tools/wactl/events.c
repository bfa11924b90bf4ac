/*
 * `wactl events list` (see events.h): reads webhook_events newest first, filtered by doctor and field, and prints
 * a table (when, doctor, WABA, field, summary) or, with --json, every row with its value as received. Events whose
 * WABA matched no doctor are listed too (doctor "-") unless --doctor is given.
 */
#include "events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/buf.h"
#include "wa/log.h"

#include "args.h"
#include "conn.h"
#include "doctor.h"
#include "table.h"

static void usage(FILE *f)
{
    fputs("Usage: wactl events list [--doctor ID|NUMBER] [--field F] [--limit N] [--json]\n"
          "\n"
          "Lists the newest N (default 20) webhook changes other than messages that Meta sent for the doctors'\n"
          "WhatsApp accounts, as the router recorded them: message_template_status_update (a template approved,\n"
          "rejected, paused ...), phone_number_quality_update (quality and messaging limit), account_update\n"
          "(restrictions, bans), user_preferences (marketing stop/resume), smb_message_echoes (messages the\n"
          "clinic sent from the WhatsApp Business app), errors (out-of-band errors of a messages webhook) and any\n"
          "other field. Each row shows when it arrived (UTC), the doctor (by the\n"
          "account's WABA id; '-' when no doctor has it), the WABA id, the field and a summary (event, template,\n"
          "reason, limit). --field keeps one field; --json prints every row with its value as received.\n"
          "\n"
          "Examples:\n"
          "  wactl events list --doctor 919845000001 --field message_template_status_update\n"
          "  wactl events list --limit 100 --json\n",
          f);
}

static void group_usage(FILE *f)
{
    fputs("Usage: wactl events <list> [options]\n"
          "\n"
          "  list   template, quality and account updates Meta sent, newest first\n"
          "\n"
          "Example:\n"
          "  wactl events list --field phone_number_quality_update\n",
          f);
}

/* Appends text, preceded by sep unless the buffer is still empty. */
static void put(wa_buf_t *b, const char *sep, const char *text)
{
    if (b->len > 0)
        wa_buf_appends(b, sep);
    wa_buf_appends(b, text);
}

/* The member `name` of obj as text when it is a non-empty string or a number (NULL otherwise); numbers go into
 * `tmp`. */
static const char *text_of(const cJSON *obj, const char *name, char *tmp, size_t tmpsz)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (cJSON_IsString(v) && v->valuestring[0] != '\0')
        return v->valuestring;
    if (cJSON_IsNumber(v)) {
        snprintf(tmp, tmpsz, "%.0f", v->valuedouble);
        return tmp;
    }
    return NULL;
}

/* Adds "<label><text>" for obj.name when it has a text. */
static void put_member(wa_buf_t *b, const cJSON *obj, const char *name, const char *label)
{
    char tmp[48], piece[300];
    const char *t = text_of(obj, name, tmp, sizeof(tmp));
    if (t == NULL)
        return;
    snprintf(piece, sizeof(piece), "%s%s", label, t);
    put(b, " ", piece);
}

/* The words for the list fields of 2026 (API_REFERENCE A.2.3, A.14): value-level errors[] (recorded as field
 * "errors"), user_preferences[] and message_echoes[]. */
static void summarise_lists(wa_buf_t *b, const cJSON *value)
{
    const cJSON *it, *list;
    char tmp[48], tmp2[48], piece[400];
    const char *a, *c;

    if (!cJSON_IsArray(list = cJSON_GetObjectItemCaseSensitive(value, "errors")))
        list = NULL;
    cJSON_ArrayForEach(it, list)
    {
        a = text_of(it, "code", tmp, sizeof(tmp));
        if ((c = text_of(it, "title", tmp2, sizeof(tmp2))) == NULL)
            c = text_of(it, "message", tmp2, sizeof(tmp2));
        snprintf(piece, sizeof(piece), "error %s%s%.200s", a != NULL ? a : "?", c != NULL ? " " : "",
                 c != NULL ? c : "");
        put(b, "; ", piece);
    }
    if (!cJSON_IsArray(list = cJSON_GetObjectItemCaseSensitive(value, "user_preferences")))
        list = NULL;
    cJSON_ArrayForEach(it, list)
    {
        const char *v = text_of(it, "value", tmp, sizeof(tmp)), *who = text_of(it, "wa_id", tmp2, sizeof(tmp2));
        const char *cat = text_of(it, "category", piece + 300, 100);
        snprintf(piece, 300, "%s %s by %s", v != NULL ? v : "?",
                 cat != NULL && strcmp(cat, "marketing_messages") == 0 ? "marketing messages" : (cat ? cat : "?"),
                 who != NULL ? who : "a username user");
        put(b, "; ", piece);
    }
    if (!cJSON_IsArray(list = cJSON_GetObjectItemCaseSensitive(value, "message_echoes")))
        list = NULL;
    cJSON_ArrayForEach(it, list)
    {
        const char *type = text_of(it, "type", tmp, sizeof(tmp)), *to = text_of(it, "to", tmp2, sizeof(tmp2));
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(it, "text");
        const cJSON *body = cJSON_GetObjectItemCaseSensitive(text, "body");
        snprintf(piece, sizeof(piece), "business app %s %s to %s%s%.60s%s",
                 type != NULL && strcmp(type, "edit") == 0     ? "edited"
                 : type != NULL && strcmp(type, "revoke") == 0 ? "deleted"
                                                               : "sent",
                 type != NULL && strcmp(type, "edit") != 0 && strcmp(type, "revoke") != 0 ? type : "a message",
                 to != NULL ? to : "?", cJSON_IsString(body) ? ": \"" : "",
                 cJSON_IsString(body) ? body->valuestring : "", cJSON_IsString(body) ? "\"" : "");
        put(b, "; ", piece);
    }
}

char *ctl_events_summary(const cJSON *value)
{
    wa_buf_t b = WA_BUF_INIT;
    char tmp[48], piece[300];
    const char *t;

    put(&b, "", "");
    if (!cJSON_IsObject(value)) {
        put(&b, "", value == NULL || cJSON_IsNull(value) ? "-" : "(not an object)");
        return wa_buf_release(&b);
    }
    put_member(&b, value, "event", "");
    if ((t = text_of(value, "message_template_name", tmp, sizeof(tmp))) != NULL) {
        const char *lang = text_of(value, "message_template_language", piece, sizeof(piece));
        char named[sizeof(tmp) + sizeof(piece) + 4]; /* "name (lang)" always fits */
        if (lang != NULL)
            snprintf(named, sizeof(named), "%s (%s)", t, lang);
        else
            snprintf(named, sizeof(named), "%s", t);
        put(&b, " ", named);
    }
    if ((t = text_of(value, "reason", tmp, sizeof(tmp))) != NULL && strcmp(t, "NONE") != 0) {
        snprintf(piece, sizeof(piece), "reason %s", t);
        put(&b, " ", piece);
    }
    if (text_of(value, "previous_category", tmp, sizeof(tmp)) != NULL)
        put_member(&b, value, "previous_category", "category was ");
    if (text_of(value, "correct_category", tmp, sizeof(tmp)) != NULL)
        put_member(&b, value, "correct_category", "will become ");
    put_member(&b, value, "new_category", "category ");
    if (text_of(value, "new_quality_score", tmp, sizeof(tmp)) != NULL) {
        put_member(&b, value, "previous_quality_score", "quality was ");
        put_member(&b, value, "new_quality_score", "quality ");
    }
    const cJSON *other = cJSON_GetObjectItemCaseSensitive(value, "other_info");
    if (cJSON_IsObject(other))
        put_member(&b, other, "title", "");
    summarise_lists(&b, value);
    put_member(&b, value, "current_limit", "limit ");
    put_member(&b, value, "max_daily_conversations_per_business", "limit ");
    const cJSON *restrictions = cJSON_GetObjectItemCaseSensitive(value, "restriction_info");
    if (cJSON_IsArray(restrictions)) {
        const cJSON *r;
        cJSON_ArrayForEach(r, restrictions)
        {
            put_member(&b, r, "restriction_type", "");
        }
    }
    const cJSON *violation = cJSON_GetObjectItemCaseSensitive(value, "violation_info");
    if (cJSON_IsObject(violation))
        put_member(&b, violation, "violation_type", "violation ");
    const cJSON *ban = cJSON_GetObjectItemCaseSensitive(value, "ban_info");
    if (cJSON_IsObject(ban))
        put_member(&b, ban, "ban_state", "ban ");
    if (b.len == 0) { /* nothing we know: name the members, so that the operator knows what --json will show */
        const cJSON *m;
        put(&b, "", "{");
        int first = 1;
        cJSON_ArrayForEach(m, value)
        {
            if (m->string == NULL)
                continue;
            put(&b, first ? "" : ", ", m->string);
            first = 0;
        }
        put(&b, "", "}");
    }
    return wa_buf_release(&b);
}

static int events_list(ctl_ctx_t *ctx, int argc, char **argv)
{
    const char *doctor = NULL, *field = NULL;
    long limit = 20;
    int help = 0, json = ctx->json;
    ctl_opt_t opts[] = {
        {"doctor", CTL_OPT_STR, &doctor, 0, 0, 0},    {"field", CTL_OPT_STR, &field, 0, 0, 0},
        {"limit", CTL_OPT_LONG, &limit, 1, 10000, 0}, {"json", CTL_OPT_FLAG, &json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &help, 0, 0, 0},       {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[256];
    if (ctl_args_parse(argc, argv, opts, NULL, 0, err, sizeof(err)) < 0)
        return ctl_usage_error("events list", "%s", err);
    if (help) {
        usage(stdout);
        return CTL_EXIT_OK;
    }
    if (opts[0].seen && (doctor == NULL || doctor[0] == '\0'))
        return ctl_usage_error("events list", "--doctor needs a doctor's id or phone number");
    if (opts[1].seen && (field == NULL || field[0] == '\0'))
        return ctl_usage_error("events list", "--field needs a field name (message_template_status_update ...)");

    PGconn *c = ctl_pg_open(ctx);
    if (c == NULL)
        return CTL_EXIT_UNREACHABLE;
    char id[64] = "", count[24];
    int rc = CTL_EXIT_OK;
    if (doctor != NULL && (rc = ctl_doctor_resolve(c, "events list", doctor, id, sizeof(id))) != CTL_EXIT_OK) {
        PQfinish(c);
        return rc;
    }
    snprintf(count, sizeof(count), "%ld", limit);
    const char *params[] = {id[0] != '\0' ? id : NULL, field, count};
    PGresult *res = ctl_pg_exec(c,
                                "SELECT e.id, to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),"
                                " to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),"
                                " e.doctor_id, d.phone_digits, e.waba_id, e.field, e.value::text"
                                " FROM webhook_events e LEFT JOIN doctors d ON d.id = e.doctor_id"
                                " WHERE ($1::uuid IS NULL OR e.doctor_id = $1::uuid) AND ($2::text IS NULL OR"
                                " e.field = $2) ORDER BY e.created_at DESC, e.id DESC LIMIT $3::int",
                                3, params);
    if (!ctl_pg_ok(res)) {
        rc = ctl_pg_fail(c, res, "listing the webhook events");
        PQfinish(c);
        return rc;
    }
    int rows = PQntuples(res);
#define VAL(r, col) (PQgetisnull(res, (r), (col)) ? NULL : PQgetvalue(res, (r), (col)))
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    static const char *const headers[] = {"ID", "RECEIVED (UTC)", "DOCTOR", "WABA", "FIELD", "SUMMARY"};
    ctl_table_t *t = json ? NULL : ctl_table_create(6, headers);
    if (json && arr == NULL)
        wa_fatal("out of memory");
    if (t != NULL) {
        ctl_table_align_right(t, 0);
        ctl_table_max_width(t, 5, 70);
    }
    for (int r = 0; r < rows; r++) {
        cJSON *value = VAL(r, 7) != NULL ? cJSON_Parse(VAL(r, 7)) : NULL;
        char *summary = ctl_events_summary(value);
        if (json) {
            cJSON *o = cJSON_CreateObject();
            if (o == NULL || !cJSON_AddItemToArray(arr, o))
                wa_fatal("out of memory");
            ctl_json_add_str(o, "id", VAL(r, 0));
            ctl_json_add_str(o, "received_at", VAL(r, 2));
            ctl_json_add_str(o, "doctor_id", VAL(r, 3));
            ctl_json_add_str(o, "doctor_phone", VAL(r, 4));
            ctl_json_add_str(o, "waba_id", VAL(r, 5));
            ctl_json_add_str(o, "field", VAL(r, 6));
            ctl_json_add_str(o, "summary", summary);
            if (value == NULL)
                value = cJSON_CreateNull();
            if (value == NULL || !cJSON_AddItemToObject(o, "value", value))
                wa_fatal("out of memory");
            value = NULL; /* owned by o now */
        } else {
            const char *cells[] = {VAL(r, 0), VAL(r, 1), VAL(r, 4), VAL(r, 5), VAL(r, 6), summary};
            ctl_table_add_row(t, cells);
        }
        free(summary);
        cJSON_Delete(value);
    }
#undef VAL
    PQclear(res);
    PQfinish(c);
    if (json) {
        rc = ctl_json_print(arr);
    } else if (rows == 0) {
        fputs("no webhook events recorded", stderr);
        fputs(id[0] != '\0' ? " for this doctor" : "", stderr);
        fputs(field != NULL ? " with this field\n" : "\n", stderr);
    } else {
        rc = ctl_table_print(t, stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
    }
    ctl_table_destroy(t);
    return rc;
}

int ctl_events_main(ctl_ctx_t *ctx, int argc, char **argv)
{
    static const ctl_subcmd_t cmds[] = {
        {"list", events_list},
        {NULL, NULL},
    };
    return ctl_dispatch(ctx, "events", cmds, group_usage, argc, argv);
}
