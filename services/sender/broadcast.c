/*
 * The broadcast pump of wa-sender (broadcast.h): one thread per replica that starts due scheduled broadcasts and
 * feeds running ones into wa:out, paced as a lower-priority lane of the sending number and within the tenant's
 * messaging limit; and the hook that records a broadcast send the sender dead-lettered. Each tick: start what is
 * due, then for every running broadcast (oldest first) ask the pace script how many sends this tick may carry,
 * claim that many recipients in PostgreSQL and XADD them; every few seconds write again the recipients left
 * queued too long (a pump that died between its claim and its XADD). The SQL lives in 025_broadcasts.sql.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hiredis/hiredis.h>
#include "wa/consumer.h"
#include "wa/entry.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/redis.h"
#include "wa/sys.h"
#include "broadcast.h"

typedef struct st_bc_settings_t {
    long tick_ms, idle_ms, rate_percent, reserve_ms, requeue_s, default_daily_limit, batch_max;
} bc_settings_t;

struct st_snd_broadcast_t {
    const wa_config_t *cfg;
    bc_settings_t st;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int stop;
    wa_metric_t *m_queued, *m_requeued, *m_started, *m_done, *m_limited;
};

static int load_settings(bc_settings_t *st)
{
    int ok = 1;
    st->tick_ms = (long)wa_env_range("BROADCAST_TICK_MS", 250, 20, 10000, &ok);
    st->idle_ms = (long)wa_env_range("BROADCAST_IDLE_MS", 1000, 50, 60000, &ok);
    st->rate_percent = (long)wa_env_range("BROADCAST_RATE_PERCENT", 50, 1, 100, &ok);
    st->reserve_ms = (long)wa_env_range("BROADCAST_RESERVE_MS", 500, 0, 1000, &ok);
    st->requeue_s = (long)wa_env_range("BROADCAST_REQUEUE_S", 120, 1, 86400, &ok);
    st->default_daily_limit = (long)wa_env_range("BROADCAST_DEFAULT_DAILY_LIMIT", 250, -1, 100000000, &ok);
    st->batch_max = (long)wa_env_range("BROADCAST_BATCH_MAX", 200, 1, 5000, &ok);
    return ok ? 0 : -1;
}

int snd_broadcast_settings_check(void)
{
    bc_settings_t st;
    return load_settings(&st);
}

/* KEYS[1] the number's broadcast pace (its "theoretical arrival time", unix ms), KEYS[2] the number's send bucket
 * (ratelimit.c); ARGV[1] sends per second for broadcasts, ARGV[2] how many are wanted, ARGV[3] the tick (ms),
 * ARGV[4] the reserve (ms). The slots booked are those starting before the next tick. Returns how many sends this
 * tick may carry (0 while the number's bucket is busier than
 * the reserve: replies go first), and books them. */
static const char *pace_lua = "local t = redis.call('TIME') "
                              "local now = t[1] * 1000 + math.floor(t[2] / 1000) "
                              "local busy = tonumber(redis.call('GET', KEYS[2]) or '0') - now "
                              "if busy > tonumber(ARGV[4]) then return 0 end "
                              "local interval = 1000 / tonumber(ARGV[1]) "
                              "local tat = tonumber(redis.call('GET', KEYS[1]) or '0') "
                              "if tat < now then tat = now end "
                              "local k = math.ceil((now + tonumber(ARGV[3]) - tat) / interval) "
                              "if k > tonumber(ARGV[2]) then k = tonumber(ARGV[2]) end "
                              "if k <= 0 then return 0 end "
                              "tat = tat + k * interval "
                              "redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - now) + 1000) "
                              "return k";

/* Running broadcasts with their sending number (the tenant's own when its credentials are usable, else the master
 * number, as creds.c picks), its rate and the messaging limit left ($1 the master number, $2 SENDER_RATE_PER_S, $3
 * the default limit). Unique people in a moving 24 h: the template sends recorded, plus
 * the recipients queued and not yet recorded. */
static const char running_sql[] =
    "SELECT b.id, b.doctor_id, CASE WHEN o.own THEN d.whatsapp_phone_number_id ELSE $1 END,"
    " CASE WHEN o.own THEN coalesce(d.send_rate_per_s, $2::int) ELSE $2::int END,"
    " CASE WHEN l.lim < 0 THEN 1000000000 ELSE greatest(l.lim - (SELECT count(DISTINCT m.wa_id) FROM messages m"
    "   WHERE m.doctor_id = b.doctor_id AND m.direction = 'out' AND m.type = 'template'"
    "     AND m.created_at > now() - interval '24 hours')"
    "   - (SELECT count(*) FROM broadcast_recipients q WHERE q.doctor_id = b.doctor_id AND q.state = 'queued'), 0)"
    " END"
    " FROM broadcasts b JOIN doctors d ON d.id = b.doctor_id,"
    " LATERAL (SELECT broadcast_daily_limit(d.whatsapp_messaging_limit, $3::int) AS lim) l,"
    " LATERAL (SELECT d.whatsapp_access_token IS NOT NULL AND coalesce(d.whatsapp_phone_number_id, '') <> ''"
    "   AND d.credentials_state IN ('valid', 'expiring') AS own) o"
    " WHERE b.state = 'running' AND d.is_active ORDER BY b.started_at, b.id LIMIT 50";

/* Claims up to $2 pending recipients of running broadcast $1 (each by one replica only) and answers what to XADD. */
static const char claim_sql[] =
    "UPDATE broadcast_recipients r SET state = 'queued', queued_at = now()"
    " FROM (SELECT id FROM broadcast_recipients WHERE broadcast_id = $1::uuid AND state = 'pending'"
    "       ORDER BY id LIMIT $2::int FOR UPDATE SKIP LOCKED) c, broadcasts b"
    " WHERE r.id = c.id AND b.id = r.broadcast_id AND b.state = 'running'"
    " RETURNING r.out_id, r.doctor_id, r.wa_id, broadcast_message(b.template_name, b.template_language, r.params)";

/* Recipients of running broadcasts queued more than $1 s ago and still not recorded: written to wa:out again (the
 * same out_id: the sender sends it at most once). */
static const char requeue_sql[] =
    "UPDATE broadcast_recipients r SET queued_at = now()"
    " FROM (SELECT q.id FROM broadcast_recipients q JOIN broadcasts b ON b.id = q.broadcast_id AND b.state = 'running'"
    "       WHERE q.state = 'queued' AND q.queued_at < now() - make_interval(secs => $1::int)"
    "       ORDER BY q.id LIMIT 500 FOR UPDATE OF q SKIP LOCKED) c, broadcasts b"
    " WHERE r.id = c.id AND b.id = r.broadcast_id"
    " RETURNING r.out_id, r.doctor_id, r.wa_id, broadcast_message(b.template_name, b.template_language, r.params)";

/* Recipients queued more than $1 s ago whose send was recorded after all (their record's trigger missed them, e.g.
 * a restored backup): their state is taken from the message instead of writing them again. */
static const char settle_sql[] =
    "UPDATE broadcast_recipients r SET state = CASE m.status WHEN 'delivered' THEN 'delivered' WHEN 'read' THEN 'read'"
    " WHEN 'played' THEN 'read' WHEN 'failed' THEN 'failed' ELSE 'sent' END, wamid = m.wamid,"
    " sent_at = coalesce(r.sent_at, m.sent_at, now())"
    " FROM messages m WHERE m.out_id = r.out_id AND m.direction = 'out' AND r.state = 'queued'"
    " AND r.queued_at < now() - make_interval(secs => $1::int)";

static const char done_sql[] =
    "UPDATE broadcasts b SET state = 'done', finished_at = now(), updated_at = now()"
    " WHERE b.id = $1::uuid AND b.state = 'running' AND NOT EXISTS (SELECT 1 FROM broadcast_recipients r"
    " WHERE r.broadcast_id = b.id AND r.state IN ('pending', 'queued'))";

/* XADDs every row of `res` (out_id, doctor_id, to, message) to wa:out in one pipeline. Returns how many were
 * written, or -1 when Redis refused some or the connection broke (then dropped): the rows stay queued and the
 * requeue writes them again. */
static long xadd_rows(snd_broadcast_t *b, redisContext **r, PGresult *res)
{
    int n = PQntuples(res);
    long ok = 0;
    char created[24];
    snprintf(created, sizeof(created), "%lld", wa_now_ms());
    wa_pipe_t pipe = {0};
    for (int i = 0; i < n; i++) {
        wa_out_msg_t m = {PQgetvalue(res, i, 0),
                          PQgetvalue(res, i, 1),
                          PQgetvalue(res, i, 2),
                          "template",
                          PQgetvalue(res, i, 3),
                          "",
                          "broadcast",
                          created,
                          "0"};
        wa_cmd_t *c = wa_pipe_add(&pipe, "broadcast xadd");
        wa_out_msg_xadd(c, b->cfg->key_out, &m);
        if (c->overflow)
            wa_pipe_drop_last(&pipe);
    }
    size_t cmds = pipe.n;
    int rc = cmds > 0 ? wa_pipe_flush(*r, &pipe) : 0;
    wa_pipe_dispose(&pipe);
    if (rc == -2) {
        redisFree(*r);
        *r = NULL;
    }
    if (rc != 0)
        return -1;
    ok = (long)cmds;
    return ok;
}

/* How many sends this tick may carry for number `pnid` at `rate` per second (the pace script). */
static long pace(snd_broadcast_t *b, redisContext **r, const char *pnid, long rate, long want)
{
    char kpace[512], kbucket[512], bc_rate[32], w[24], tick[24], reserve[24];
    wa_config_key(b->cfg, kpace, sizeof(kpace), "bcpace:", pnid);
    wa_config_key(b->cfg, kbucket, sizeof(kbucket), "bucket:", pnid);
    snprintf(bc_rate, sizeof(bc_rate), "%.3f", (double)(rate > 0 ? rate : 80) * (double)b->st.rate_percent / 100.0);
    snprintf(w, sizeof(w), "%ld", want);
    snprintf(tick, sizeof(tick), "%ld", b->st.tick_ms);
    snprintf(reserve, sizeof(reserve), "%ld", b->st.reserve_ms);
    const char *argv[] = {"EVAL", pace_lua, "2", kpace, kbucket, bc_rate, w, tick, reserve};
    size_t lens[9];
    for (int i = 0; i < 9; i++)
        lens[i] = strlen(argv[i]);
    redisReply *rep = wa_redis_cmd(*r, 9, argv, lens);
    if (rep == NULL) {
        redisFree(*r);
        *r = NULL;
        return 0;
    }
    long k = rep->type == REDIS_REPLY_INTEGER ? (long)rep->integer : 0;
    if (rep->type == REDIS_REPLY_ERROR)
        wa_warn("broadcast pace script failed", "error", rep->str);
    freeReplyObject(rep);
    return k;
}

/* One tick. Returns 1 when some broadcast is running (tick again soon), 0 when none is. */
static int tick(snd_broadcast_t *b, wa_pg_t *pg, redisContext **r, int sweep)
{
    char rate_s[24], lim_s[24];
    snprintf(rate_s, sizeof(rate_s), "%ld", b->cfg->sender_rate_per_s);
    snprintf(lim_s, sizeof(lim_s), "%ld", b->st.default_daily_limit);
    PGresult *res = wa_pg_exec(pg, "broadcast start due", "SELECT broadcast_start_due()", 0, NULL);
    if (res == NULL)
        return 0;
    if (atol(PQgetvalue(res, 0, 0)) > 0)
        wa_metric_add(b->m_started, atol(PQgetvalue(res, 0, 0)));
    PQclear(res);

    const char *master = b->cfg->master_phone_number_id != NULL && b->cfg->master_phone_number_id[0] != '\0'
                             ? b->cfg->master_phone_number_id
                             : "sandbox";
    const char *p[] = {master, rate_s, lim_s};
    PGresult *run = wa_pg_exec(pg, "broadcast running", running_sql, 3, p);
    if (run == NULL)
        return 0;
    int n = PQntuples(run);
    for (int i = 0; i < n && !wa_stop_requested(); i++) {
        const char *id = PQgetvalue(run, i, 0);
        long left = atol(PQgetvalue(run, i, 4));
        long want = left < b->st.batch_max ? left : b->st.batch_max;
        if (want <= 0) {
            wa_metric_add(b->m_limited, 1);
            continue;
        }
        long k = pace(b, r, PQgetvalue(run, i, 2), atol(PQgetvalue(run, i, 3)), want);
        if (*r == NULL)
            break;
        if (k <= 0)
            continue;
        char ks[24];
        snprintf(ks, sizeof(ks), "%ld", k);
        const char *cp[] = {id, ks};
        PGresult *cl = wa_pg_exec(pg, "broadcast claim", claim_sql, 2, cp);
        if (cl == NULL)
            break;
        if (PQntuples(cl) == 0) {
            const char *dp[] = {id};
            PGresult *d = wa_pg_exec(pg, "broadcast done", done_sql, 1, dp);
            if (d != NULL && atol(PQcmdTuples(d)) > 0) {
                wa_metric_add(b->m_done, 1);
                wa_info("broadcast done", "broadcast_id", id, "doctor_id", PQgetvalue(run, i, 1));
            }
            if (d != NULL)
                PQclear(d);
        } else {
            long sent = xadd_rows(b, r, cl);
            if (sent > 0)
                wa_metric_add(b->m_queued, sent);
        }
        PQclear(cl);
        if (*r == NULL)
            break;
    }
    PQclear(run);
    if (sweep && *r != NULL) {
        char secs[24];
        snprintf(secs, sizeof(secs), "%ld", b->st.requeue_s);
        const char *sp[] = {secs};
        (void)wa_pg_run(pg, "broadcast settle", settle_sql, 1, sp);
        PGresult *rq = wa_pg_exec(pg, "broadcast requeue", requeue_sql, 1, sp);
        if (rq != NULL && PQntuples(rq) > 0) {
            long again = xadd_rows(b, r, rq);
            if (again > 0) {
                char cnt[24];
                snprintf(cnt, sizeof(cnt), "%ld", again);
                wa_metric_add(b->m_requeued, again);
                wa_info("broadcast recipients written to wa:out again", "count", cnt);
            }
        }
        if (rq != NULL)
            PQclear(rq);
    }
    return n > 0;
}

static void *pump_main(void *arg)
{
    snd_broadcast_t *b = arg;
    wa_pg_t *pg = wa_pg_create(b->cfg->database_url);
    redisContext *r = NULL;
    long long next_sweep = 0;
    pthread_mutex_lock(&b->lock);
    while (!b->stop) {
        pthread_mutex_unlock(&b->lock);
        long wait = b->st.idle_ms;
        if (r == NULL)
            r = wa_redis_connect(b->cfg->redis_url, 3000);
        if (r != NULL) {
            long long now = wa_mono_ms();
            int sweep = now >= next_sweep;
            if (sweep)
                next_sweep = now + 5000;
            if (tick(b, pg, &r, sweep))
                wait = b->st.tick_ms;
        }
        pthread_mutex_lock(&b->lock);
        struct timespec until;
        wa_sys_deadline(&until, wait);
        while (!b->stop && pthread_cond_timedwait(&b->wake, &b->lock, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&b->lock);
    if (r != NULL)
        redisFree(r);
    wa_pg_destroy(pg);
    return NULL;
}

snd_broadcast_t *snd_broadcast_start(const wa_config_t *cfg)
{
    snd_broadcast_t *b = wa_calloc(1, sizeof(*b));
    b->cfg = cfg;
    if (load_settings(&b->st) != 0) {
        free(b);
        return NULL;
    }
    static const char *help = "Broadcast recipients the pump wrote to wa:out, by kind";
    b->m_queued = wa_metric(WA_METRIC_COUNTER, "wa_broadcast_queued_total", "kind=\"first\"", help);
    b->m_requeued = wa_metric(WA_METRIC_COUNTER, "wa_broadcast_queued_total", "kind=\"again\"", help);
    b->m_started = wa_metric(WA_METRIC_COUNTER, "wa_broadcasts_total", "event=\"started\"",
                             "Broadcasts started (scheduled time reached) and done");
    b->m_done = wa_metric(WA_METRIC_COUNTER, "wa_broadcasts_total", "event=\"done\"",
                          "Broadcasts started (scheduled time reached) and done");
    b->m_limited = wa_metric(WA_METRIC_COUNTER, "wa_broadcast_limit_waits_total", NULL,
                             "Ticks a running broadcast waited because its tenant reached the messaging limit");
    pthread_mutex_init(&b->lock, NULL);
    int err = wa_sys_cond_init(&b->wake);
    if (err == 0)
        err = pthread_create(&b->thread, NULL, pump_main, b);
    if (err != 0) {
        wa_error("cannot start the broadcast pump thread", "errno", strerror(err));
        pthread_mutex_destroy(&b->lock);
        free(b);
        return NULL;
    }
    return b;
}

void snd_broadcast_stop(snd_broadcast_t *b)
{
    if (b == NULL)
        return;
    pthread_mutex_lock(&b->lock);
    b->stop = 1;
    pthread_cond_signal(&b->wake);
    pthread_mutex_unlock(&b->lock);
    pthread_join(b->thread, NULL);
    pthread_mutex_destroy(&b->lock);
    pthread_cond_destroy(&b->wake);
    free(b);
}

void snd_broadcast_dead_letter(wa_pg_t *pg, const char *out_id, const char *reason, const char *code,
                               const char *detail)
{
    if (out_id == NULL || strncmp(out_id, "bc:", 3) != 0)
        return;
    const char *ecode = code != NULL && code[0] != '\0' ? code : reason;
    const char *params[] = {out_id, ecode, detail != NULL ? detail : "", reason != NULL ? reason : ""};
    (void)wa_pg_run(pg, "broadcast recipient dead-lettered",
                    "UPDATE broadcast_recipients SET"
                    " state = CASE WHEN $4 = 'marketing_opt_out' THEN 'skipped_opted_out' ELSE 'failed' END,"
                    " error_code = $2, error_text = broadcast_error_words($2, left($3, 300)), failed_at = now()"
                    " WHERE out_id = $1 AND state IN ('pending', 'queued')",
                    4, params);
}
