/*
 * The customer service window of the sender stage (stage.h), checked before
 * Meta is asked (API_REFERENCE.md A.7): one PostgreSQL query per group finds
 * the free-form messages whose patient last wrote more than SENDER_WINDOW_S
 * ago, or whose window Meta declared closed (a 131047, patients.window_closed_at)
 * after the patient's last message. Such a message, or one Meta refused with 131047, is sent as the
 * doctor's window template when the doctor has one (the template fallback),
 * else dead-lettered as window_closed. A template that is MARKETING for a patient
 * who stopped marketing messages (user_preferences, 131050: API_REFERENCE A.14.1)
 * is dead-lettered as marketing_opt_out, again without asking Meta. Called from
 * the phases in sender.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include <cjson/cJSON.h>
#include "wa/log.h"
#include "wa/pg.h"
#include "item.h"

/* A growable byte buffer for the window query's array literals. */
typedef struct st_sbuf_t {
    char *data;
    size_t len, cap;
} sbuf_t;

static void sbuf_put(sbuf_t *b, const char *p, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (d == NULL)
            wa_fatal("out of memory");
        b->data = d, b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

/* Appends `v` to a PostgreSQL array literal as a quoted element. */
static void array_add(sbuf_t *b, const char *v)
{
    sbuf_put(b, b->len > 1 ? ",\"" : "\"", b->len > 1 ? 2 : 1);
    for (const char *p = v; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            sbuf_put(b, "\\", 1);
        sbuf_put(b, p, 1);
    }
    sbuf_put(b, "\"", 1);
}

/* The patient (doctor q.d, address q.p) of a wa:out message, as a LATERAL subquery yielding `cols` of patients x:
 * the one addressed by q.p, else the one whose current or earlier BSUID or earlier number q.p is (A.9.7 rule 5: the
 * window and the marketing consent belong to the person, whose address changes on a merge or a number change; a
 * message queued before the change still finds it). Each branch uses an index but the last (previous_wa_ids), and
 * LIMIT 1 stops at the first that finds the patient, so a current address costs what the plain join did. */
#define PATIENT_OF(cols)                                                                                               \
    " CROSS JOIN LATERAL (SELECT " cols " FROM patients x WHERE x.doctor_id = q.d::uuid AND x.wa_id = q.p"             \
    " UNION ALL SELECT " cols " FROM patients x WHERE x.doctor_id = q.d::uuid AND x.user_id = q.p"                     \
    " UNION ALL SELECT " cols " FROM patients x WHERE x.doctor_id = q.d::uuid AND x.user_id_aliases @> ARRAY[q.p]"     \
    " UNION ALL SELECT " cols " FROM patients x WHERE x.doctor_id = q.d::uuid AND x.previous_wa_ids @> ARRAY[q.p]"     \
    " LIMIT 1) pa"

static int is_free_form(const snd_item_t *it)
{
    return !it->req.is_read && it->req.type != NULL && strcmp(it->req.type, "template") != 0;
}

/* Phase 2a': the 24-hour window, before Meta is asked (A.7). One query for the batch finds the free-form messages
 * whose patient last wrote more than SENDER_WINDOW_S ago, or got a 131047 after writing last (until the patient
 * writes again, Meta is not asked a second time); they become the doctor's window template, or are
 * dead-lettered as window_closed without a Graph call. A patient the database does not know, or a database error,
 * lets the message go (Meta answers 131047 if the window is closed, handled in settle). */
void snd_window_check_all(snd_sender_t *s, wa_conn_t *c, snd_item_t *items, size_t n)
{
    sbuf_t docs = {0}, tos = {0};
    size_t k = 0;
    sbuf_put(&docs, "{", 1);
    sbuf_put(&tos, "{", 1);
    for (size_t i = 0; i < n; i++) {
        if (items[i].state != SND_IT_SEND || !is_free_form(&items[i]))
            continue;
        array_add(&docs, items[i].m.doctor_id);
        array_add(&tos, items[i].m.to);
        k++;
    }
    sbuf_put(&docs, "}", 2); /* with the NUL */
    sbuf_put(&tos, "}", 2);
    if (k > 0) {
        char secs[24];
        snprintf(secs, sizeof(secs), "%ld", s->window_s);
        const char *params[] = {docs.data, tos.data, secs};
        PGresult *res = wa_pg_exec_prepared(s->pg, "window check",
                                   "SELECT q.d, q.p FROM unnest($1::text[], $2::text[]) AS q(d, p)"
                                   PATIENT_OF("x.last_inbound_at, x.window_closed_at")
                                   " WHERE pa.last_inbound_at < now() - make_interval(secs => $3::int) "
                                   "OR pa.window_closed_at > coalesce(pa.last_inbound_at, '-infinity')",
                                   3, params);
        for (int r = 0; res != NULL && r < PQntuples(res); r++) {
            const char *d = PQgetvalue(res, r, 0), *p = PQgetvalue(res, r, 1);
            for (size_t i = 0; i < n; i++) {
                snd_item_t *it = &items[i];
                if (it->state != SND_IT_SEND || !is_free_form(it) || strcmp(it->m.doctor_id, d) != 0 ||
                    strcmp(it->m.to, p) != 0)
                    continue;
                wa_metric_add(s->m_window, 1);
                if (snd_window_to_template(s, it)) {
                    wa_info("window closed: sending the doctor's template instead", "out_id", it->m.out_id,
                            "doctor_id", it->m.doctor_id);
                    continue;
                }
                snd_lease_release(s, c, it);
                snd_item_dead_letter(s, it, "window_closed", NULL,
                            "the patient's last message is older than 24 hours and the doctor has no window "
                            "template (not sent to Meta)");
            }
        }
        if (res != NULL)
            PQclear(res);
    }
    free(docs.data);
    free(tos.data);
}

/* 131047 or a closed window: the doctor's template in place of the free-form message, else window_closed. Returns 1
 * when the item is to be resent as the template. */
int snd_window_to_template(snd_sender_t *s, snd_item_t *it)
{
    if (it->creds.window_template == NULL || it->req.type == NULL || strcmp(it->req.type, "template") == 0 ||
        it->req.is_read)
        return 0;
    size_t n = strlen(it->creds.window_template) + 64;
    char *msg = wa_malloc(n);
    snprintf(msg, n, "{\"type\":\"template\",\"template\":%s}", it->creds.window_template);
    wa_out_msg_t m = it->m;
    m.message = msg;
    m.kind = "template";
    snd_graph_request_t req;
    char err[128];
    if (snd_graph_request_build(&m, &req, err, sizeof(err)) != 0) {
        wa_warn("the doctor's window template is not usable", "doctor_id", it->m.doctor_id, "error", err);
        free(msg);
        return 0;
    }
    snd_graph_request_dispose(&it->req);
    it->req = req;
    free(it->alt_message);
    it->alt_message = msg;
    it->m.message = msg;
    it->m.kind = "template";
    return 1;
}

/* The template name and language code of a template request body, or 0. */
static int template_of(const snd_item_t *it, char *name, size_t nsz, char *lang, size_t lsz)
{
    cJSON *root, *t, *n, *l;
    int ok = 0;
    if (it->req.is_read || it->req.type == NULL || strcmp(it->req.type, "template") != 0 || it->req.json == NULL)
        return 0;
    if ((root = cJSON_Parse(it->req.json)) == NULL)
        return 0;
    t = cJSON_GetObjectItemCaseSensitive(root, "template");
    n = cJSON_GetObjectItemCaseSensitive(t, "name");
    l = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(t, "language"), "code");
    if (cJSON_IsString(n) && cJSON_IsString(l)) {
        snprintf(name, nsz, "%s", n->valuestring);
        snprintf(lang, lsz, "%s", l->valuestring);
        ok = name[0] != '\0';
    }
    cJSON_Delete(root);
    return ok;
}

void snd_window_marketing_check_all(snd_sender_t *s, wa_conn_t *c, snd_item_t *items, size_t n)
{
    sbuf_t idx = {0}, docs = {0}, tos = {0}, names = {0}, langs = {0};
    char name[520], lang[40], num[24];
    size_t k = 0;
    sbuf_put(&idx, "{", 1), sbuf_put(&docs, "{", 1), sbuf_put(&tos, "{", 1);
    sbuf_put(&names, "{", 1), sbuf_put(&langs, "{", 1);
    for (size_t i = 0; i < n; i++) {
        if (items[i].state != SND_IT_SEND || !template_of(&items[i], name, sizeof(name), lang, sizeof(lang)))
            continue;
        snprintf(num, sizeof(num), "%zu", i);
        array_add(&idx, num);
        array_add(&docs, items[i].m.doctor_id);
        array_add(&tos, items[i].m.to);
        array_add(&names, name);
        array_add(&langs, lang);
        k++;
    }
    sbuf_put(&idx, "}", 2), sbuf_put(&docs, "}", 2), sbuf_put(&tos, "}", 2);
    sbuf_put(&names, "}", 2), sbuf_put(&langs, "}", 2);
    if (k > 0) {
        const char *params[] = {idx.data, docs.data, tos.data, names.data, langs.data};
        PGresult *res = wa_pg_exec_prepared(s->pg, "marketing consent check",
                                   "SELECT q.i FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[])"
                                   " AS q(i, d, p, n, l)" PATIENT_OF("x.marketing_opt_out")
                                   " WHERE pa.marketing_opt_out AND EXISTS (SELECT 1 FROM templates t WHERE t.doctor_id = q.d::uuid"
                                   " AND t.name = q.n AND replace(t.language, '-', '_') = replace(q.l, '-', '_')"
                                   " AND upper(t.category) = 'MARKETING')",
                                   5, params);
        for (int r = 0; res != NULL && r < PQntuples(res); r++) {
            long i = strtol(PQgetvalue(res, r, 0), NULL, 10);
            if (i < 0 || (size_t)i >= n || items[i].state != SND_IT_SEND)
                continue;
            snd_lease_release(s, c, &items[i]);
            snd_item_dead_letter(s, &items[i], "marketing_opt_out", NULL,
                                 "the patient stopped marketing messages and this template is MARKETING "
                                 "(not sent to Meta)");
        }
        if (res != NULL)
            PQclear(res);
    }
    free(idx.data), free(docs.data), free(tos.data), free(names.data), free(langs.data);
}

void snd_window_mark_patient(snd_sender_t *s, const snd_item_t *it, long code)
{
    static const char sql[] =
        "UPDATE patients SET"
        " window_closed_at = CASE WHEN $3 = '131047' THEN now() ELSE window_closed_at END,"
        " marketing_opt_out = marketing_opt_out OR $3 = '131050',"
        " marketing_consent_at = CASE WHEN $3 = '131050' THEN now() ELSE marketing_consent_at END,"
        " marketing_consent_source = CASE WHEN $3 = '131050' THEN 'send_error_131050' ELSE marketing_consent_source"
        " END, updated_at = now()"
        " WHERE id = (SELECT pa.id FROM (SELECT $1::text AS d, $2::text AS p) q" PATIENT_OF("x.id") ")";
    char num[24];
    if (code != 131047 && code != 131050)
        return;
    snprintf(num, sizeof(num), "%ld", code);
    const char *params[] = {it->m.doctor_id, it->m.to, num};
    if (wa_pg_run(s->pg, "mark patient from a send error", sql, 3, params) != 0)
        wa_warn("the patient could not be marked after a send error", "doctor_id", it->m.doctor_id, "error_code", num);
}
