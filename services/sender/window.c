/*
 * The customer service window of the sender stage (stage.h), checked before
 * Meta is asked (API_REFERENCE.md A.7): one PostgreSQL query per group finds
 * the free-form messages whose patient last wrote more than SENDER_WINDOW_S
 * ago. Such a message, or one Meta refused with 131047, is sent as the
 * doctor's window template when the doctor has one (the template fallback),
 * else dead-lettered as window_closed. Called from the phases in sender.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
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

static int is_free_form(const snd_item_t *it)
{
    return !it->req.is_read && it->req.type != NULL && strcmp(it->req.type, "template") != 0;
}

/* Phase 2a': the 24-hour window, before Meta is asked (A.7). One query for the batch finds the free-form messages
 * whose patient last wrote more than SENDER_WINDOW_S ago; they become the doctor's window template, or are
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
        PGresult *res = wa_pg_exec(s->pg, "window check",
                                   "SELECT q.d, q.p FROM unnest($1::text[], $2::text[]) AS q(d, p) "
                                   "JOIN patients pa ON pa.doctor_id::text = q.d AND pa.wa_id = q.p "
                                   "WHERE pa.last_inbound_at < now() - make_interval(secs => $3::int)",
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
