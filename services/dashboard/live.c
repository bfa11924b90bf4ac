/*
 * The inbox's live events (see live.h): the reading thread, the ring it
 * fills, and the workers' server-sent-event connections (h2o 2.2.5: one
 * generator per connection; h2o_send may have one buffer in flight, so a
 * connection keeps what arrives meanwhile and sends it from proceed). A
 * connection's state lives in its request's pool with a dispose callback, so
 * it is unlinked however the request ends (client gone, server stopping).
 * A teacher's stream carries only the events of their classes' parents
 * (contacts.h), checked in PostgreSQL as the events go out.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "wa/consumer.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/pg.h"
#include "wa/phone.h"
#include "wa/redis.h"
#include "live.h"
#include "contacts.h"
#include "http.h"
#include "inbox.h"

#define RING_SIZE 1024
#define EVENT_MAX 400
#define HEARTBEAT_MS 15000
#define MAX_CONNECTIONS_PER_WORKER 2000
#define PENDING_MAX 4096
#define WAIT_IN_MS 5000   /* an inbound message or status: until the router recorded it */
#define WAIT_OUT_MS 15000 /* an outbound message: until the sender recorded it (after Meta's answer) */
#define DOCTOR_CACHE 64
#define DOCTOR_CACHE_MS 60000
#define REDIS_TIMEOUT_MS 3000
#define STREAMS 4

/* --- the ring: the events thread writes, the workers read at their tick ------------------------------------- */

typedef struct st_ring_entry_t {
    uint64_t seq;
    char tenant[40];
    char data[EVENT_MAX];
} ring_entry_t;

static wa_metric_t *m_streams, *m_events;

static ring_entry_t ring[RING_SIZE];
static uint64_t ring_next = 1; /* the seq the next event gets */
static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;

static void ring_put(const char *tenant, const char *data)
{
    pthread_mutex_lock(&ring_lock);
    ring_entry_t *e = &ring[ring_next % RING_SIZE];
    e->seq = ring_next++;
    wa_metric_add(m_events, 1);
    snprintf(e->tenant, sizeof(e->tenant), "%s", tenant);
    snprintf(e->data, sizeof(e->data), "%s", data);
    pthread_mutex_unlock(&ring_lock);
}

/* --- SSE connections ----------------------------------------------------------------------------------------- */

typedef struct st_sse_t {
    h2o_generator_t gen; /* first: h2o hands it back */
    h2o_req_t *req;      /* NULL once the response ended */
    dash_worker_t *w;
    h2o_linklist_t link;
    char tenant[40];
    char teacher[40];         /* a teacher's user id: only their classes' parents' events (contacts.h); "" for others */
    char *inflight, *pending; /* malloc'd; inflight is what h2o_send holds until proceed */
    size_t pending_len, pending_cap;
    int sending, closing;
    int fd; /* the connection's socket, to notice a client that went away (-1: unknown) */
} sse_t;

static void sse_detach(sse_t *s)
{
    if (h2o_linklist_is_linked(&s->link)) {
        h2o_linklist_unlink(&s->link);
        s->w->ev_connections--;
        wa_metric_add(m_streams, -1);
    }
    s->req = NULL;
}

static void sse_dispose(void *p)
{
    sse_t *s = p;
    sse_detach(s);
    free(s->inflight);
    free(s->pending);
    s->inflight = s->pending = NULL;
}

static void sse_flush(sse_t *s)
{
    if (s->req == NULL || s->sending)
        return;
    if (s->closing) {
        h2o_req_t *req = s->req;
        sse_detach(s);
        h2o_send(req, NULL, 0, H2O_SEND_STATE_FINAL);
        return;
    }
    if (s->pending_len == 0)
        return;
    free(s->inflight);
    s->inflight = s->pending;
    h2o_iovec_t buf = h2o_iovec_init(s->inflight, s->pending_len);
    s->pending = NULL;
    s->pending_len = s->pending_cap = 0;
    s->sending = 1;
    h2o_send(s->req, &buf, 1, H2O_SEND_STATE_IN_PROGRESS);
}

static void sse_append(sse_t *s, const char *text, size_t len)
{
    if (s->pending_len + len > 1024 * 1024) { /* a client that does not read: drop it */
        s->closing = 1;
        return;
    }
    if (s->pending_len + len > s->pending_cap) {
        size_t cap = s->pending_cap == 0 ? 1024 : s->pending_cap;
        while (cap < s->pending_len + len)
            cap *= 2;
        char *grown = realloc(s->pending, cap);
        if (grown == NULL)
            wa_fatal("out of memory");
        s->pending = grown;
        s->pending_cap = cap;
    }
    memcpy(s->pending + s->pending_len, text, len);
    s->pending_len += len;
}

/* 1 when the client closed its end. h2o 2.2.5 does not read an HTTP/1 connection while a response is streaming, so
 * it would notice only when a write fails, and then calls proceed, never stop: the stream must end itself. */
static int peer_gone(int fd)
{
    char b;
    if (fd < 0)
        return 0;
    ssize_t n = recv(fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

static void on_proceed(h2o_generator_t *gen, h2o_req_t *req)
{
    (void)req;
    sse_t *s = (sse_t *)gen;
    s->sending = 0;
    sse_flush(s);
}

static void on_stop(h2o_generator_t *gen, h2o_req_t *req)
{
    (void)req;
    sse_detach((sse_t *)gen);
}

void dash_events_stream(dash_call_t *c)
{
    dash_worker_t *w = c->w;
    h2o_req_t *req = c->req;
    static const char hello[] = "retry: 3000\n: connected\n\n";

    if (w->ev_connections >= MAX_CONNECTIONS_PER_WORKER) {
        dash_reply_error(req, 503, "busy", "too many open event streams; try again", NULL);
        return;
    }
    sse_t *s = h2o_mem_alloc_shared(&req->pool, sizeof(*s), sse_dispose);
    memset(s, 0, sizeof(*s));
    s->gen.proceed = on_proceed;
    s->gen.stop = on_stop;
    s->req = req;
    s->w = w;
    snprintf(s->tenant, sizeof(s->tenant), "%s", c->tenant);
    snprintf(s->teacher, sizeof(s->teacher), "%s", dash_teacher(c) != NULL ? dash_teacher(c) : "");
    h2o_socket_t *sock = req->conn->callbacks->get_socket != NULL ? req->conn->callbacks->get_socket(req->conn) : NULL;
    s->fd = sock != NULL ? h2o_socket_get_fd(sock) : -1;
    h2o_linklist_insert(&w->ev_sse, &s->link);
    w->ev_connections++;
    wa_metric_add(m_streams, 1);

    req->res.status = 200;
    req->res.reason = "OK";
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, H2O_STRLIT("text/event-stream"));
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-cache"));
    h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-accel-buffering"), 0, NULL, H2O_STRLIT("no"));
    h2o_start_response(req, &s->gen);
    sse_append(s, hello, sizeof(hello) - 1);
    sse_flush(s);
}

void dash_events_worker_init(dash_worker_t *w)
{
    h2o_linklist_init_anchor(&w->ev_sse);
    w->ev_connections = 0;
    w->ev_heartbeat = h2o_now(w->loop);
    pthread_mutex_lock(&ring_lock);
    w->ev_seq = ring_next;
    pthread_mutex_unlock(&ring_lock);
}

/* For a teacher's stream: 1 when the event names a parent of one of the teacher's classes (or no patient), 0 when
 * not, or when the database does not answer (an event is a hint to refetch: missing one is harmless). */
static int teacher_may_see(dash_worker_t *w, const sse_t *s, const char *data)
{
    static const char key[] = "\"patient_id\":\"";
    const char *p = strstr(data, key);
    char pid[40];
    if (p == NULL)
        return 1;
    p += sizeof(key) - 1;
    size_t n = strcspn(p, "\"");
    if (n == 0 || n >= sizeof(pid))
        return 0;
    memcpy(pid, p, n);
    pid[n] = '\0';
    if (!dash_is_uuid(pid))
        return 0;
    const char *params[] = {s->tenant, pid, s->teacher};
    PGresult *res = wa_pg_exec(w->pg, "dashboard events teacher",
                               "SELECT 1 FROM group_members tgm JOIN user_groups tug ON tug.group_id = tgm.group_id"
                               " WHERE tgm.doctor_id = $1::uuid AND tgm.patient_id = $2::uuid"
                               " AND tug.user_id = $3::uuid LIMIT 1",
                               3, params);
    int ok = res != NULL && PQntuples(res) == 1;
    if (res != NULL)
        PQclear(res);
    return ok;
}

void dash_events_worker_tick(dash_worker_t *w)
{
    static __thread ring_entry_t batch[RING_SIZE];
    size_t n = 0;
    uint64_t now = h2o_now(w->loop);
    h2o_linklist_t *node;

    pthread_mutex_lock(&ring_lock);
    if (w->ev_seq + RING_SIZE < ring_next) /* fell behind a whole ring: the oldest are gone */
        w->ev_seq = ring_next - RING_SIZE;
    for (; w->ev_seq < ring_next; w->ev_seq++)
        if (!h2o_linklist_is_empty(&w->ev_sse))
            batch[n++] = ring[w->ev_seq % RING_SIZE];
    pthread_mutex_unlock(&ring_lock);

    int beat = now - w->ev_heartbeat >= HEARTBEAT_MS, check = now / 1000 != w->ev_checked / 1000;
    if (beat)
        w->ev_heartbeat = now;
    if (check)
        w->ev_checked = now;
    if (n == 0 && !beat && !check)
        return;
    for (node = w->ev_sse.next; node != &w->ev_sse;) {
        sse_t *s = H2O_STRUCT_FROM_MEMBER(sse_t, link, node);
        node = node->next; /* sse_flush may unlink s */
        for (size_t i = 0; i < n; i++) {
            if (strcmp(batch[i].tenant, s->tenant) != 0)
                continue; /* never another tenant's event */
            if (s->teacher[0] != '\0' && !teacher_may_see(w, s, batch[i].data))
                continue; /* nor, to a teacher, a parent's outside their classes */
            sse_append(s, "data: ", 6);
            sse_append(s, batch[i].data, strlen(batch[i].data));
            sse_append(s, "\n\n", 2);
        }
        if (beat)
            sse_append(s, ": heartbeat\n\n", 13);
        if (check && peer_gone(s->fd))
            s->closing = 1; /* once a second: ends the response, so h2o closes the connection */
        sse_flush(s);
    }
}

void dash_events_worker_close(dash_worker_t *w)
{
    h2o_linklist_t *node;
    for (node = w->ev_sse.next; node != &w->ev_sse;) {
        sse_t *s = H2O_STRUCT_FROM_MEMBER(sse_t, link, node);
        node = node->next;
        s->closing = 1;
        sse_flush(s);
    }
}

void dash_events_publish(dash_worker_t *w, const char *tenant, const char *type, const char *patient_id)
{
    char key[WA_KEY_MAX + 8];
    snprintf(key, sizeof(key), "%sdash", w->cfg->wa->redis_prefix);
    const char *argv[] = {"XADD",      key,    "MAXLEN", "~",  "10000",      "*",
                          "doctor_id", tenant, "type",   type, "patient_id", patient_id};
    redisReply *r = dash_redis(w, 12, argv);
    if (r == NULL || r->type == REDIS_REPLY_ERROR)
        wa_warn("could not announce a change to the other dashboards", "doctor_id", tenant, "type", type);
    if (r != NULL)
        freeReplyObject(r);
}

/* --- parsing a webhook (pure) -------------------------------------------------------------------------------- */

static const char *str_of(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : "";
}

int dash_events_parse_webhook(const char *body, size_t len, dash_events_webhook_cb cb, void *data)
{
    cJSON *doc = cJSON_ParseWithLength(body, len), *entry, *ch, *it;
    int n = 0;
    if (doc == NULL)
        return -1;
    cJSON_ArrayForEach(entry, cJSON_GetObjectItemCaseSensitive(doc, "entry"))
    {
        cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(entry, "changes"))
        {
            const cJSON *value = cJSON_GetObjectItemCaseSensitive(ch, "value");
            const cJSON *meta = cJSON_GetObjectItemCaseSensitive(value, "metadata");
            if (strcmp(str_of(ch, "field"), "messages") != 0 || !cJSON_IsObject(value))
                continue;
            const char *pni = str_of(meta, "phone_number_id"), *display = str_of(meta, "display_phone_number");
            cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(value, "messages"))
            {
                if (str_of(it, "id")[0] != '\0') {
                    cb(data, 'm', str_of(it, "id"), NULL, pni, display);
                    n++;
                }
            }
            cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(value, "statuses"))
            {
                if (str_of(it, "id")[0] != '\0' && str_of(it, "status")[0] != '\0') {
                    cb(data, 's', str_of(it, "id"), str_of(it, "status"), pni, display);
                    n++;
                }
            }
        }
    }
    cJSON_Delete(doc);
    return n;
}

/* --- the reading thread -------------------------------------------------------------------------------------- */

/* An event waiting until PostgreSQL has what it announces (or its deadline). */
typedef struct st_pending_t {
    char kind; /* 'm' inbound message (wamid), 's' status (wamid), 'o' outbound (out_id) */
    char tenant[40];
    char key[160]; /* wamid or out_id */
    char status[16];
    long long deadline;
} pending_t;

static struct {
    const dash_config_t *cfg;
    pthread_t thread;
    int started;
    wa_pg_t *pg;
    redisContext *redis;
    char keys[STREAMS][WA_KEY_MAX + 8];
    char ids[STREAMS][48];
    int have_ids;
    pending_t *pending;
    size_t npending;
    struct {
        char pni[64], digits[32], doctor[40];
        long long at;
    } doctors[DOCTOR_CACHE];
    size_t next_doctor;
} ev;

/* The doctor a webhook's number belongs to, as the router resolves it (services/router/tenant.c): the
 * phone_number_id first, else the display number's digits. Cached for a minute. "" when none. */
static void resolve_doctor(const char *pni, const char *display, char *out, size_t outsz)
{
    char digits[32] = "";
    long long now = wa_mono_ms();
    out[0] = '\0';
    (void)wa_phone_digits(display, digits, sizeof(digits));
    for (size_t i = 0; i < DOCTOR_CACHE; i++)
        if (ev.doctors[i].at != 0 && now - ev.doctors[i].at < DOCTOR_CACHE_MS && strcmp(ev.doctors[i].pni, pni) == 0 &&
            strcmp(ev.doctors[i].digits, digits) == 0) {
            snprintf(out, outsz, "%s", ev.doctors[i].doctor);
            return;
        }
    const char *params[] = {pni, digits};
    PGresult *res = wa_pg_exec(ev.pg, "dashboard events doctor",
                               "SELECT id::text FROM doctors"
                               " WHERE ($1 <> '' AND whatsapp_phone_number_id = $1) OR ($2 <> '' AND phone_digits = $2)"
                               " ORDER BY ($1 <> '' AND whatsapp_phone_number_id IS NOT DISTINCT FROM $1) DESC,"
                               " created_at LIMIT 1",
                               2, params);
    if (res == NULL)
        return;
    if (PQntuples(res) == 1)
        snprintf(out, outsz, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    size_t i = ev.next_doctor++ % DOCTOR_CACHE;
    snprintf(ev.doctors[i].pni, sizeof(ev.doctors[i].pni), "%s", pni);
    snprintf(ev.doctors[i].digits, sizeof(ev.doctors[i].digits), "%s", digits);
    snprintf(ev.doctors[i].doctor, sizeof(ev.doctors[i].doctor), "%s", out);
    ev.doctors[i].at = now;
}

static void add_pending(char kind, const char *tenant, const char *key, const char *status, long long wait_ms)
{
    if (ev.npending >= PENDING_MAX || tenant[0] == '\0' || strlen(key) >= sizeof(ev.pending[0].key))
        return;
    pending_t *p = &ev.pending[ev.npending++];
    p->kind = kind;
    snprintf(p->tenant, sizeof(p->tenant), "%s", tenant);
    snprintf(p->key, sizeof(p->key), "%s", key);
    snprintf(p->status, sizeof(p->status), "%s", status != NULL ? status : "");
    p->deadline = wa_mono_ms() + wait_ms;
}

static void on_webhook_item(void *data, char kind, const char *id, const char *status, const char *pni,
                            const char *display)
{
    (void)data;
    char doctor[40];
    resolve_doctor(pni, display, doctor, sizeof(doctor));
    add_pending(kind, doctor, id, status, WAIT_IN_MS);
}

static void emit(const char *tenant, const char *type, const char *patient_id, const char *extra_name,
                 const char *extra)
{
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL || cJSON_AddStringToObject(doc, "type", type) == NULL ||
        (patient_id != NULL && patient_id[0] != '\0' &&
         cJSON_AddStringToObject(doc, "patient_id", patient_id) == NULL) ||
        (extra_name != NULL && extra != NULL && extra[0] != '\0' &&
         cJSON_AddStringToObject(doc, extra_name, extra) == NULL))
        wa_fatal("out of memory");
    char *s = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    if (s == NULL)
        wa_fatal("out of memory");
    ring_put(tenant, s);
    free(s);
}

static int status_rank(const char *s)
{
    static const char *const order[] = {"accepted", "sandbox", "sent", "delivered", "read", "failed"};
    for (int i = 0; i < 6; i++)
        if (strcmp(s, order[i]) == 0)
            return i < 2 ? 0 : i - 1;
    return 0;
}

/* One entry read from a stream. */
static void on_entry(int stream, const redisReply *fields)
{
    const char *v[8] = {0};
    static const char *const names[] = {"body", "doctor_id", "out_id", "to", "wa_id", "type", "patient_id", "kind"};
    size_t body_len = 0;
    for (size_t i = 0; i + 1 < fields->elements; i += 2) {
        const redisReply *k = fields->element[i], *val = fields->element[i + 1];
        if (k->type != REDIS_REPLY_STRING || val->type != REDIS_REPLY_STRING)
            continue;
        for (int j = 0; j < 8; j++)
            if (strcmp(k->str, names[j]) == 0) {
                v[j] = val->str;
                if (j == 0)
                    body_len = val->len;
            }
    }
    switch (stream) {
    case 0: /* wa:in: the raw webhook */
        if (v[0] != NULL)
            (void)dash_events_parse_webhook(v[0], body_len, on_webhook_item, NULL);
        break;
    case 1: /* wa:out */
        if (v[1] != NULL && v[2] != NULL && (v[7] == NULL || strcmp(v[7], "read") != 0))
            add_pending('o', v[1], v[2], NULL, WAIT_OUT_MS);
        break;
    case 2: /* alerts: an emergency, by the patient's number */
        if (v[1] != NULL && v[4] != NULL) {
            const char *params[] = {v[1], v[4]};
            PGresult *res =
                wa_pg_exec(ev.pg, "dashboard events patient",
                           "SELECT id::text FROM patients WHERE doctor_id = $1::uuid AND wa_id = $2", 2, params);
            emit(v[1], "flag", res != NULL && PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : NULL, "flag", "emergency");
            if (res != NULL)
                PQclear(res);
        }
        break;
    case 3: /* the dashboards' own changes */
        if (v[1] != NULL && v[5] != NULL)
            emit(v[1], v[5], v[6], NULL, NULL);
        break;
    }
}

/* Sends the pending events whose rows PostgreSQL has now (or whose wait is over), in one query. */
static void settle_pending(void)
{
    if (ev.npending == 0)
        return;
    cJSON *wamids = cJSON_CreateArray(), *outs = cJSON_CreateArray();
    if (wamids == NULL || outs == NULL)
        wa_fatal("out of memory");
    for (size_t i = 0; i < ev.npending; i++)
        cJSON_AddItemToArray(ev.pending[i].kind == 'o' ? outs : wamids, cJSON_CreateString(ev.pending[i].key));
    char *a = cJSON_PrintUnformatted(wamids), *b = cJSON_PrintUnformatted(outs);
    cJSON_Delete(wamids);
    cJSON_Delete(outs);
    if (a == NULL || b == NULL)
        wa_fatal("out of memory");
    const char *params[] = {a, b};
    /* = ANY (ARRAY(...)): each list is one probe of its unique index (a bitmap OR of the two). Written as
     * IN (SELECT ...) OR IN (SELECT ...), PostgreSQL tested both hashed lists on every row of messages: a whole scan
     * of the table at every pass of this loop (about 200 ms at 500,000 messages, bench/pg/messages_indexes.py) */
    PGresult *res = wa_pg_exec(ev.pg, "dashboard events settle",
                               "SELECT coalesce(wamid, ''), coalesce(out_id, ''), doctor_id::text,"
                               " coalesce(patient_id::text, ''), status FROM messages"
                               " WHERE wamid = ANY (ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))"
                               " OR out_id = ANY (ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))",
                               2, params);
    free(a);
    free(b);
    long long now = wa_mono_ms();
    size_t kept = 0;
    for (size_t i = 0; i < ev.npending; i++) {
        pending_t *p = &ev.pending[i];
        const char *patient = NULL;
        int ready = 0;
        for (int r = 0; res != NULL && r < PQntuples(res) && !ready; r++) {
            if (strcmp(PQgetvalue(res, r, p->kind == 'o' ? 1 : 0), p->key) != 0 ||
                strcmp(PQgetvalue(res, r, 2), p->tenant) != 0)
                continue;
            patient = PQgetvalue(res, r, 3);
            ready = p->kind != 's' || status_rank(PQgetvalue(res, r, 4)) >= status_rank(p->status);
        }
        if (ready || now >= p->deadline) {
            if (p->kind == 's')
                emit(p->tenant, "status", patient, "status", p->status);
            else
                emit(p->tenant, "message", patient, "direction", p->kind == 'o' ? "out" : "in");
        } else {
            ev.pending[kept++] = *p;
        }
    }
    ev.npending = kept;
    if (res != NULL)
        PQclear(res);
}

/* The newest id of each stream, so that reading starts at the present (a dashboard shows live events, not
 * history). Returns 0, or -1 when Redis failed. */
static int start_ids(void)
{
    for (int i = 0; i < STREAMS; i++) {
        const char *argv[] = {"XREVRANGE", ev.keys[i], "+", "-", "COUNT", "1"};
        redisReply *r = wa_redis_cmd(ev.redis, 6, argv, NULL);
        if (r == NULL || r->type != REDIS_REPLY_ARRAY) {
            if (r != NULL)
                freeReplyObject(r);
            return -1;
        }
        snprintf(ev.ids[i], sizeof(ev.ids[i]), "%s",
                 r->elements == 1 && r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements == 2 &&
                         r->element[0]->element[0]->type == REDIS_REPLY_STRING
                     ? r->element[0]->element[0]->str
                     : "0-0");
        freeReplyObject(r);
    }
    ev.have_ids = 1;
    return 0;
}

static void read_once(void)
{
    char block[16];
    snprintf(block, sizeof(block), "%d", ev.npending > 0 ? 100 : 500);
    const char *full[6 + 2 * STREAMS] = {"XREAD", "COUNT", "200", "BLOCK", block, "STREAMS"};
    for (int i = 0; i < STREAMS; i++) {
        full[6 + i] = ev.keys[i];
        full[6 + STREAMS + i] = ev.ids[i];
    }
    redisReply *r = wa_redis_cmd(ev.redis, 6 + 2 * STREAMS, full, NULL);
    if (r == NULL) {
        redisFree(ev.redis);
        ev.redis = NULL;
        return;
    }
    if (r->type == REDIS_REPLY_ARRAY) {
        for (size_t s = 0; s < r->elements; s++) {
            const redisReply *st = r->element[s];
            if (st->type != REDIS_REPLY_ARRAY || st->elements != 2 || st->element[0]->type != REDIS_REPLY_STRING)
                continue;
            int idx = -1;
            for (int i = 0; i < STREAMS; i++)
                if (strcmp(st->element[0]->str, ev.keys[i]) == 0)
                    idx = i;
            const redisReply *entries = st->element[1];
            for (size_t e = 0; idx >= 0 && entries->type == REDIS_REPLY_ARRAY && e < entries->elements; e++) {
                const redisReply *en = entries->element[e];
                if (en->type != REDIS_REPLY_ARRAY || en->elements != 2 || en->element[0]->type != REDIS_REPLY_STRING)
                    continue;
                snprintf(ev.ids[idx], sizeof(ev.ids[idx]), "%s", en->element[0]->str);
                if (en->element[1]->type == REDIS_REPLY_ARRAY)
                    on_entry(idx, en->element[1]);
            }
        }
    } else if (r->type == REDIS_REPLY_ERROR) {
        wa_warn("dashboard events: XREAD failed", "error", r->str);
        struct timespec ts = {0, 500 * 1000000L};
        nanosleep(&ts, NULL);
    }
    freeReplyObject(r);
}

static void *events_main(void *arg)
{
    (void)arg;
    while (!wa_stop_requested()) {
        if (ev.redis == NULL) {
            ev.redis = wa_redis_connect(ev.cfg->wa->redis_url, REDIS_TIMEOUT_MS);
            if (ev.redis == NULL || (!ev.have_ids && start_ids() != 0)) {
                if (ev.redis != NULL)
                    redisFree(ev.redis);
                ev.redis = NULL;
                struct timespec ts = {1, 0};
                nanosleep(&ts, NULL);
                continue;
            }
        }
        read_once();
        settle_pending();
    }
    if (ev.redis != NULL)
        redisFree(ev.redis);
    ev.redis = NULL;
    wa_pg_destroy(ev.pg);
    ev.pg = NULL;
    free(ev.pending);
    ev.pending = NULL;
    return NULL;
}

int dash_events_start(const dash_config_t *cfg)
{
    m_streams = wa_metric(WA_METRIC_GAUGE, "wa_dashboard_event_streams", NULL,
                          "Open GET /api/v1/events connections of this process");
    m_events = wa_metric(WA_METRIC_COUNTER, "wa_dashboard_events_total", NULL,
                         "Live events this process read from the streams and handed to its workers");
    ev.cfg = cfg;
    ev.pg = wa_pg_create(cfg->wa->database_url);
    ev.pending = wa_calloc(PENDING_MAX, sizeof(*ev.pending));
    snprintf(ev.keys[0], sizeof(ev.keys[0]), "%s", cfg->wa->key_in);
    snprintf(ev.keys[1], sizeof(ev.keys[1]), "%s", cfg->wa->key_out);
    snprintf(ev.keys[2], sizeof(ev.keys[2]), "%salerts", cfg->wa->redis_prefix);
    snprintf(ev.keys[3], sizeof(ev.keys[3]), "%sdash", cfg->wa->redis_prefix);
    int err = pthread_create(&ev.thread, NULL, events_main, NULL);
    if (err != 0) {
        wa_error("cannot start the events thread", "errno", strerror(err));
        return -1;
    }
    ev.started = 1;
    return 0;
}

void dash_events_join(void)
{
    if (ev.started)
        pthread_join(ev.thread, NULL);
    ev.started = 0;
}
