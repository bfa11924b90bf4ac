/*
 * Processing of a batch of wa:in entries (see route.h). Every change of every webhook of the batch is gathered
 * first (statuses, messages of resolved doctors; unknown numbers go to wa:unrouted, other webhook fields to
 * webhook_events), then the batch goes through a fixed number of steps whatever its size: (1) apply all statuses,
 * (2) resolve the patients of the messages that carry a BSUID (phone and/or BSUID, merged when one webhook shows both:
 * 015_bsuid.sql) and record all messages with their patients, learning which were handled before, (3) decide each
 * message (edit, revoke, disabled doctor, per-type policy, opt-out keyword, greeting, conversation flow) and look the
 * rest up in the knowledge base in one query (a new text is analysed once, before the flows, for both the flows'
 * intent and the knowledge base: understand; a batch's new texts in ROUTER_PG_PARALLEL slices at once, each on a
 * connection of its own: pg_parallel; in two steps, the analysis, then the score of the token lists not
 * seen before: understand_two_step), (4) send every reply, read receipt and ai request in one Redis pipeline,
 * (5) mark every message handled (routed_at). Steps 1, 3's lookup and 5 are one PostgreSQL statement each, step 2
 * two; run() is that sequence of named steps (parse_entries, apply_statuses, record_messages, decide_all,
 * answer_from_kb, emit_all, mark_handled). The pipeline of step 4 is the router's one way to emit: the conversation
 * flows queue their answers into it too (rt_turn_reply, rt_turn_emit) and use the batch's Redis connection for their
 * state.
 * A read of many large webhooks runs as several such batches of about RUN_MAX_ITEMS messages each, one after the
 * other in stream order (rt_router_batch_cb), so that its memory stays bounded.
 *
 * Why a redelivered entry is safe: a Meta retry or a redelivery after step 5 stops at step 2 (duplicate). If the
 * router dies or PostgreSQL fails between steps 4 and 5, the redelivery emits again: that is safe because a reply's
 * out_id is "reply:<wamid>" and a read receipt's "read:<wamid>" (the ai request carries the wamid, whose reply
 * gets the same out_id), and the sender and the ai stage deduplicate on them. A PostgreSQL or Redis failure makes
 * the batch run again entry by entry, so that one entry's bad data holds back only itself; an entry that still
 * fails stays pending (WA_ENTRY_RETRY) and the steps already done are no-ops the next time.
 *
 * Tenant isolation: an entry signed by a doctor's own app (`app` doctor:<id>) must stay within that doctor, or the
 * whole entry goes to wa:dlq as app_mismatch (check_signer); a status is applied only within the doctor its change
 * resolved to (the shared master number's statuses aside, see gather_change).
 */
#include "route.h"

#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/emergency.h"
#include "wa/entry.h"
#include "wa/lang.h"
#include "wa/log.h"
#include "wa/media.h"
#include "wa/ops.h"
#include "wa/phone.h"
#include "wa/redis.h"

#include <cjson/cJSON.h>

#include "wa/kb.h"
#include "analyse.h"
#include "kbcache.h"
#include "kbsnap.h"
#include "kbshare.h"
#include "store.h"
#include "text.h"

/* rt_route_policy's table: one row per message kind. Unlisted kinds record only. */
static const rt_policy_t policies[RT_MSG__COUNT] = {
    [RT_MSG_TEXT] = RT_POLICY_ANSWER,
    [RT_MSG_INTERACTIVE] = RT_POLICY_ANSWER, /* button_reply / list_reply title */
    [RT_MSG_BUTTON] = RT_POLICY_ANSWER,      /* a template's quick-reply button text */
    [RT_MSG_IMAGE] = RT_POLICY_ACK,
    [RT_MSG_VIDEO] = RT_POLICY_ACK,
    [RT_MSG_AUDIO] = RT_POLICY_ACK,
    [RT_MSG_DOCUMENT] = RT_POLICY_ACK,
    [RT_MSG_LOCATION] = RT_POLICY_ACK,
    [RT_MSG_CONTACTS] = RT_POLICY_ACK,
    [RT_MSG_ORDER] = RT_POLICY_ACK,
    [RT_MSG_REQUEST_WELCOME] = RT_POLICY_WELCOME,
};

rt_policy_t rt_route_policy(rt_msg_kind_t kind)
{
    if ((int)kind < 0 || kind >= RT_MSG__COUNT)
        return RT_POLICY_RECORD;
    return policies[kind];
}

rt_policy_t rt_route_policy_for(const rt_doctor_t *d, rt_msg_kind_t kind)
{
    if ((int)kind >= 0 && (int)kind < RT_TENANT_POLICIES && d->policy[kind] >= 0)
        return (rt_policy_t)d->policy[kind];
    return rt_route_policy(kind);
}

/* "Sunrise Family Clinic", else "the clinic of Dr. X" ("the school of X" for a school). */
static void clinic_of(const rt_doctor_t *d, char *buf, size_t sz)
{
    if (d->clinic_name[0] != '\0')
        snprintf(buf, sz, "%s", d->clinic_name);
    else
        snprintf(buf, sz, "the %s of %s", d->school ? "school" : "clinic", d->name);
}

char *rt_route_ack_text(const rt_doctor_t *d, rt_msg_kind_t kind, int voice)
{
    char buf[600], clinic[200];
    const char *what;
    switch (kind) {
    case RT_MSG_IMAGE:
        what = "photo";
        break;
    case RT_MSG_VIDEO:
        what = "video";
        break;
    case RT_MSG_AUDIO:
        what = voice ? "voice note" : "audio message";
        break;
    case RT_MSG_DOCUMENT:
        what = "document";
        break;
    case RT_MSG_LOCATION:
        what = "location";
        break;
    case RT_MSG_CONTACTS:
        what = "contact card";
        break;
    case RT_MSG_ORDER:
        what = "order";
        break;
    case RT_MSG_INTERACTIVE:
        what = "answers"; /* a completed WhatsApp Flow (nfm_reply) */
        break;
    default:
        what = "message";
        break;
    }
    clinic_of(d, clinic, sizeof(clinic));
    if (clinic[0] >= 'a' && clinic[0] <= 'z')
        clinic[0] = (char)(clinic[0] - 'a' + 'A'); /* it starts a sentence */
    snprintf(buf, sizeof(buf), "Thank you, we received your %s. %s will look at it and get back to you if needed.",
             what, clinic);
    return wa_strdup(buf);
}

char *rt_route_optout_text(const rt_doctor_t *d, int stop)
{
    char buf[600], clinic[200];
    clinic_of(d, clinic, sizeof(clinic));
    if (stop)
        snprintf(buf, sizeof(buf),
                 "You will no longer receive reminders or updates from %s. You can still write to us any time. "
                 "Send START to receive them again.",
                 clinic);
    else
        snprintf(buf, sizeof(buf),
                 "Welcome back! You will again receive reminders and updates from %s. Send STOP to opt out.", clinic);
    return wa_strdup(buf);
}

char *rt_route_welcome_text(const rt_doctor_t *d, const char *profile_name)
{
    char buf[1024], who[300];
    int has_name = profile_name != NULL && profile_name[0] != '\0';

    if (d->school) /* a parent: the school's name alone, and no appointments (issue 18) */
        clinic_of(d, who, sizeof(who));
    else if (d->clinic_name[0] != '\0')
        snprintf(who, sizeof(who), "%s (%s)", d->clinic_name, d->name);
    else
        snprintf(who, sizeof(who), "the clinic of %s", d->name);
    snprintf(buf, sizeof(buf),
             d->school ? "Hello%s%.100s! Welcome to %s. Ask me about timings, fees, holidays or events and I will "
                         "answer right away."
                       : "Hello%s%.100s! Welcome to %s. Ask me about timings, fees, address or appointments and I will "
                         "answer right away.",
             has_name ? " " : "", has_name ? profile_name : "", who);
    return wa_strdup(buf);
}

enum {
    OUT_KB = 0,
    OUT_AI,
    OUT_WELCOME,
    OUT_NO_REPLY,
    OUT_DUPLICATE,
    OUT_UNROUTED,
    OUT_DISABLED,
    OUT_ACK,
    OUT_FLOW,
    OUT_OPTOUT,
    OUT_OPTIN,
    OUT_EDIT,
    OUT_REVOKE,
    OUT__COUNT
};
static const char *const outcome_names[OUT__COUNT] = {"kb",       "ai",       "welcome", "no_reply", "duplicate",
                                                      "unrouted", "disabled", "ack",     "flow",     "optout",
                                                      "optin",    "edit",     "revoke"};

struct st_rt_router_t {
    const wa_config_t *cfg;
    wa_pg_t *pg;
    rt_tenants_t *tenants;
    double kb_threshold, kb_margin;
    int kb_rerank;                        /* ROUTER_KB_RERANK: hand the uncertain middle band to the ai stage's model */
    double kb_rerank_low, kb_rerank_high; /* the band's edges (wa_kb_band) */
    rt_flow_cb flows;
    void *flows_data;
    rt_flow_needs_cb flow_needs; /* what the flows need of a text before its turn (understand) */
    wa_metric_t *m_messages[OUT__COUNT];
    wa_metric_t *m_status_applied, *m_status_stale, *m_status_ignored;
    wa_metric_t *m_entry_ok, *m_entry_dlq, *m_entry_retry;
    wa_metric_t *m_kb_hits, *m_kb_misses;
    rt_kbcache_t *kb_cache; /* the answer cache (kbcache.h) */
    rt_kbsnap_t *kb_snaps;  /* the clinics' snapshots new texts are scored against here (kbsnap.h); NULL: in SQL */
    wa_metric_t *m_snap_fetched, *m_snap_bytes, *m_scored, *m_analysed_here, *m_analysed_sql;
    wa_metric_t *m_cache_hit, *m_cache_miss, *m_cache_bytes;
    /* the replicas' shared answer cache (kbshare.h) */
    wa_metric_t *m_shared_hit, *m_shared_miss, *m_shared_stored, *m_shared_failed;
    wa_metric_t *m_tokens_hit, *m_tokens_miss;
    wa_metric_t *m_shared_tokens_hit, *m_shared_tokens_miss, *m_shared_tokens_stored;
    size_t max_items; /* WA_MAX_MESSAGES_PER_WEBHOOK */
    char key_media[WA_KEY_MAX]; /* <prefix>media (issue 17) */
    wa_metric_t *m_cut;
    /* ROUTER_PG_PARALLEL - 1 more connections (NULL: not opened yet) over which a batch's new texts are analysed
     * beside the router's own (pg_parallel) */
    wa_pg_t *und_pg[RT_PG_PARALLEL_MAX - 1];
    int und_conns; /* 1 + how many of und_pg are used */
    long long trimmed_ms; /* wa_mono_ms() of the last malloc_trim (run) */
};

rt_router_t *rt_router_create(const wa_config_t *cfg, wa_pg_t *pg)
{
    rt_router_t *r = wa_calloc(1, sizeof(*r));
    char labels[64];

    r->cfg = cfg;
    r->pg = pg;
    r->tenants = rt_tenants_create(rt_tenant_pg_fetch, pg, RT_TENANT_TTL_MS);
    r->kb_threshold = cfg->router_kb_threshold >= 0 ? cfg->router_kb_threshold : WA_KB_THRESHOLD;
    r->kb_margin = cfg->router_kb_margin >= 0 ? cfg->router_kb_margin : WA_KB_MARGIN;
    r->kb_rerank = cfg->router_kb_rerank != 0;
    r->kb_rerank_low = cfg->router_kb_rerank_low >= 0 ? cfg->router_kb_rerank_low : WA_KB_RERANK_LOW;
    r->kb_rerank_high = cfg->router_kb_rerank_high >= 0 ? cfg->router_kb_rerank_high : r->kb_threshold;
    snprintf(r->key_media, sizeof(r->key_media), "%s", cfg->key_media);
    r->max_items = cfg->router_max_items > 0 ? (size_t)cfg->router_max_items : RT_MAX_MESSAGES_PER_WEBHOOK;
    r->m_cut = wa_metric(WA_METRIC_COUNTER, "wa_router_webhook_items_cut_total", "",
                         "Messages and statuses beyond WA_MAX_MESSAGES_PER_WEBHOOK, sent to wa:dlq (too_large)");
    for (int i = 0; i < OUT__COUNT; i++) {
        snprintf(labels, sizeof(labels), "outcome=\"%s\"", outcome_names[i]);
        r->m_messages[i] = wa_metric(WA_METRIC_COUNTER, "wa_router_messages_total", labels,
                                     "Inbound messages handled by the router, by outcome");
    }
#define STATUS_METRIC(o)                                                                                               \
    wa_metric(WA_METRIC_COUNTER, "wa_router_statuses_total", "outcome=\"" o "\"",                                      \
              "Delivery statuses seen by the router: applied, stale (no forward move or unknown wamid), ignored")
    r->m_status_applied = STATUS_METRIC("applied");
    r->m_status_stale = STATUS_METRIC("stale");
    r->m_status_ignored = STATUS_METRIC("ignored");
#undef STATUS_METRIC
#define ENTRY_METRIC(o)                                                                                                \
    wa_metric(WA_METRIC_COUNTER, "wa_router_entries_total", "outcome=\"" o "\"", "wa:in entries processed, by outcome")
    r->m_entry_ok = ENTRY_METRIC("ok");
    r->m_entry_dlq = ENTRY_METRIC("dlq");
    r->m_entry_retry = ENTRY_METRIC("retry");
#undef ENTRY_METRIC
    r->m_kb_hits = wa_metric(WA_METRIC_COUNTER, "wa_router_kb_hits_total", "",
                             "Questions the knowledge base answered (a match above ROUTER_KB_THRESHOLD)");
    r->m_kb_misses = wa_metric(WA_METRIC_COUNTER, "wa_router_kb_misses_total", "",
                               "Questions the knowledge base could not answer (passed on to the ai stage)");
    r->kb_cache = rt_kbcache_create((size_t)cfg->router_kb_cache_kb * 1024);
    r->m_cache_hit = wa_metric(WA_METRIC_COUNTER, "wa_router_kb_cache_total", "outcome=\"hit\"",
                               "Knowledge-base lookups answered by the answer cache (hit) or by PostgreSQL (miss)");
    r->m_cache_miss = wa_metric(WA_METRIC_COUNTER, "wa_router_kb_cache_total", "outcome=\"miss\"",
                                "Knowledge-base lookups answered by the answer cache (hit) or by PostgreSQL (miss)");
    r->m_cache_bytes = wa_metric(WA_METRIC_GAUGE, "wa_router_kb_cache_bytes", "",
                                 "Memory held by the answer cache (capped by ROUTER_KB_CACHE_KB)");
    if (cfg->router_kb_snapshot_kb > 0)
        r->kb_snaps = rt_kbsnap_create((size_t)cfg->router_kb_snapshot_kb * 1024);
    r->m_snap_fetched =
        wa_metric(WA_METRIC_COUNTER, "wa_router_kb_snapshots_fetched_total", "",
                  "Clinics' knowledge-base snapshots read from PostgreSQL (one per clinic and version)");
    r->m_snap_bytes = wa_metric(WA_METRIC_GAUGE, "wa_router_kb_snapshot_bytes", "",
                                "Memory held by the clinics' snapshots (capped by ROUTER_KB_SNAPSHOT_KB)");
    r->m_scored = wa_metric(WA_METRIC_COUNTER, "wa_router_kb_scored_total", "",
                            "Token lists of new texts scored against a clinic's snapshot in the router");
    r->m_analysed_here = wa_metric(WA_METRIC_COUNTER, "wa_router_kb_analysed_here_total", "",
                                   "New texts whose tokens the router computed itself (analyse.c)");
    r->m_analysed_sql = wa_metric(WA_METRIC_COUNTER, "wa_router_kb_analysed_sql_total", "",
                                  "New texts analysed by router_analyse_batch (the typo correction, or the router's "
                                  "own analysis off)");
#define SHARED_METRIC(o)                                                                                               \
    wa_metric(WA_METRIC_COUNTER, "wa_router_kb_shared_total", "outcome=\"" o "\"",                                     \
              "New texts looked up in the replicas' shared answer cache (ROUTER_KB_SHARED_TTL): hit, miss, stored, "   \
              "failed (Redis: read as misses)")
    r->m_shared_hit = SHARED_METRIC("hit");
    r->m_shared_miss = SHARED_METRIC("miss");
    r->m_shared_stored = SHARED_METRIC("stored");
    r->m_shared_failed = SHARED_METRIC("failed");
#undef SHARED_METRIC
#define TOKENS_METRIC(o)                                                                                               \
    wa_metric(WA_METRIC_COUNTER, "wa_router_kb_tokens_total", "outcome=\"" o "\"",                                    \
              "New texts whose analysis (their tokens) the answer cache held the answer for at their clinic (hit: "    \
              "not scored again) or not (miss)")
    r->m_tokens_hit = TOKENS_METRIC("hit");
    r->m_tokens_miss = TOKENS_METRIC("miss");
#undef TOKENS_METRIC
#define SHARED_TOKENS_METRIC(o)                                                                                        \
    wa_metric(WA_METRIC_COUNTER, "wa_router_kb_shared_tokens_total", "outcome=\"" o "\"",                              \
              "Token lists of new texts looked up in the replicas' shared answer cache after this replica's own "      \
              "missed (hit: not scored here), and those scored here and stored there (Redis failures: "                \
              "wa_router_kb_shared_total)")
    r->m_shared_tokens_hit = SHARED_TOKENS_METRIC("hit");
    r->m_shared_tokens_miss = SHARED_TOKENS_METRIC("miss");
    r->m_shared_tokens_stored = SHARED_TOKENS_METRIC("stored");
#undef SHARED_TOKENS_METRIC
    return r;
}

void rt_router_set_flows(rt_router_t *r, rt_flow_cb cb, void *data)
{
    r->flows = cb;
    r->flows_data = data;
}

void rt_router_set_flow_needs(rt_router_t *r, rt_flow_needs_cb cb)
{
    r->flow_needs = cb;
}

void rt_router_set_pg_parallel(rt_router_t *r, int n)
{
    if (n < 1)
        n = 1;
    if (n > RT_PG_PARALLEL_MAX)
        n = RT_PG_PARALLEL_MAX;
    for (int k = 0; k < n - 1; k++)
        if (r->und_pg[k] == NULL)
            r->und_pg[k] = wa_pg_create(r->cfg->database_url); /* connected on first use, as the router's own */
    r->und_conns = n;
}

void rt_router_replan(rt_router_t *r)
{
    (void)wa_pg_replan(r->pg);
    for (int k = 0; k < RT_PG_PARALLEL_MAX - 1; k++)
        if (r->und_pg[k] != NULL)
            (void)wa_pg_replan(r->und_pg[k]);
}

void rt_router_destroy(rt_router_t *r)
{
    if (r == NULL)
        return;
    for (int k = 0; k < RT_PG_PARALLEL_MAX - 1; k++)
        wa_pg_destroy(r->und_pg[k]);
    rt_tenants_destroy(r->tenants);
    rt_kbcache_destroy(r->kb_cache);
    rt_kbsnap_destroy(r->kb_snaps);
    free(r);
}

/* The state of one batch while it is processed. */
typedef struct st_item_t item_t;
typedef struct st_job_t {
    rt_router_t *r;
    wa_consumer_t *c;
    wa_pipe_t pipe; /* every command the batch emits (the router's one emit path), sent by pipe_flush */
} job_t;

/* One inbound message of a resolved doctor in the batch. */
struct st_item_t {
    const wa_entry_t *e;
    const rt_message_t *m;
    rt_doctor_t doctor;
    char digits[32];   /* the patient's number, "" for a username-only user */
    const char *wa_id; /* the patient's address: digits, else the BSUID (set once the items array no longer grows);
                          after record_messages the resolved patient's (patients.wa_id, 015_bsuid.sql), which every
                          reply, key and ai request uses */
    char address[224]; /* the resolved address wa_id points to, when the message carried a BSUID */
    const char *phone_number_id; /* the number that received it (the change's metadata), or NULL */
    int outcome;       /* OUT_*, or -1 while undecided */
    const char *why;
    int routed; /* an answer was handed on */
    int need_kb;
    int record; /* part of the record/mark statements (not a duplicate of another item of the batch) */
    char kb_id[24];
    int handoff_checked, handed_off; /* the staff pause, as prefetch_handoffs found it */
    int read_superseded; /* a later message of the batch from the same patient gets the read receipt (A.4.7) */
    int read_due;        /* its read receipt goes out with the batch, after every reply (emit_all) */
    long long kb_version;            /* the doctor's knowledge-base version (the record statement's) */
};

/* Sends the batch's commands (j->pipe: the router's one emit path) in one pipeline, as one MULTI/EXEC, and reads every
 * reply. The transaction is for the readers (issue 14, round 14): a plain pipeline woke the sender's blocked
 * XREADGROUP at the batch's first XADD, so a batch reached it as a group of one entry and then a group of the rest,
 * each group paying the sender's Redis round trips and statements; after the EXEC it reads the batch at once.
 * Returns 0, or -1 when Redis failed (a lost connection is reported to the consumer so that it reconnects; an error
 * reply is logged; rt_router_batch_cb runs the entries again one by one, and the replies' out_ids keep a second XADD
 * of one from being sent twice). */
static int pipe_flush(job_t *j)
{
    redisContext *rc;
    int rc_flush;

    if (j->pipe.n == 0)
        return 0;
    if ((rc = wa_consumer_redis(j->c)) == NULL)
        return -1;
    if ((rc_flush = wa_pipe_flush_tx(rc, &j->pipe)) == -2)
        wa_consumer_redis_failed(j->c);
    return rc_flush == 0 ? 0 : -1;
}

static void count(rt_router_t *r, int outcome)
{
    wa_metric_add(r->m_messages[outcome], 1);
}

/* Unknown business number: the whole change goes to wa:unrouted for an operator (wactl unrouted list). A
 * redelivery may write it twice; that is harmless for an operator's list. */
static void send_unrouted(job_t *j, const wa_entry_t *e, const char *received_at, const rt_change_t *ch)
{
    wa_cmd_t *cmd = wa_pipe_add(&j->pipe, "XADD unrouted");
    const char *change = wa_pipe_keep(&j->pipe, rt_webhook_change_json(ch));

    wa_cmd_args(cmd, "XADD");
    wa_cmd_args(cmd, j->r->cfg->key_unrouted);
    wa_cmd_args(cmd, "*");
    wa_cmd_field(cmd, "display_phone_number", ch->display_phone_number);
    wa_cmd_field(cmd, "phone_number_id", ch->phone_number_id);
    wa_cmd_field(cmd, "change", change);
    wa_cmd_field(cmd, "received_at", received_at);
    wa_cmd_field(cmd, "waba_id", ch->entry_id);
    wa_cmd_field(cmd, "source_id", e->id);
    wa_warn("no doctor for this business number: change sent to unrouted", "entry_id", e->id, "phone_number_id",
            ch->phone_number_id, "display_phone_number", ch->display_phone_number);
}

static const char *now_text(job_t *j)
{
    char buf[24];
    snprintf(buf, sizeof(buf), "%lld", wa_now_ms());
    return wa_pipe_keep(&j->pipe, wa_strdup(buf));
}

/* Queues XADD wa:out of a text reply to `m` (out_id "reply:<wamid>"). */
static void emit_text_reply(job_t *j, const rt_doctor_t *d, const char *to, const rt_message_t *m, const char *body,
                            const char *source)
{
    char out_id[320];
    wa_out_msg_t out = {0};

    snprintf(out_id, sizeof(out_id), "reply:%s", m->id);
    out.out_id = wa_pipe_keep(&j->pipe, wa_strdup(out_id));
    out.doctor_id = wa_pipe_keep(&j->pipe, wa_strdup(d->id));
    out.to = wa_pipe_keep(&j->pipe, wa_strdup(to));
    out.kind = "text";
    out.message = wa_pipe_keep(&j->pipe, wa_text_message_json(body));
    out.reply_to = m->id;
    out.source = source;
    out.created_at = now_text(j);
    out.attempt = "0";
    wa_out_msg_xadd(wa_pipe_add(&j->pipe, "XADD out"), j->r->cfg->key_out, &out);
}

/* Queues XADD wa:out of the read receipt of `m` (kind read; out_id "read:<wamid>": the sender sends it once). */
static void emit_read(job_t *j, const item_t *it)
{
    char out_id[320];
    cJSON *o = cJSON_CreateObject();
    char *message;
    wa_out_msg_t out = {0};

    if (o == NULL || cJSON_AddStringToObject(o, "message_id", it->m->id) == NULL ||
        (message = cJSON_PrintUnformatted(o)) == NULL)
        wa_fatal("out of memory");
    cJSON_Delete(o);
    snprintf(out_id, sizeof(out_id), "read:%s", it->m->id);
    out.out_id = wa_pipe_keep(&j->pipe, wa_strdup(out_id));
    out.doctor_id = it->doctor.id;
    out.to = it->wa_id;
    out.kind = "read";
    out.message = wa_pipe_keep(&j->pipe, wa_strdup(message));
    out.reply_to = it->m->id;
    out.source = "read";
    out.created_at = now_text(j);
    out.attempt = "0";
    cJSON_free(message);
    wa_out_msg_xadd(wa_pipe_add(&j->pipe, "XADD out read"), j->r->cfg->key_out, &out);
}

int rt_turn_reply(const rt_turn_t *t, const char *body, const char *source)
{
    emit_text_reply(t->job, t->doctor, t->to, t->message, body, source);
    return 0;
}

int rt_turn_emit(const rt_turn_t *t, const wa_out_msg_t *m)
{
    job_t *j = t->job;
    wa_pipe_t *p = &j->pipe;
    wa_out_msg_t out;
    wa_cmd_t *cmd;

    out.out_id = wa_pipe_copy(p, m->out_id);
    out.doctor_id = wa_pipe_copy(p, m->doctor_id);
    out.to = wa_pipe_copy(p, m->to);
    out.kind = wa_pipe_copy(p, m->kind);
    out.message = wa_pipe_copy(p, m->message);
    out.reply_to = wa_pipe_copy(p, m->reply_to);
    out.source = wa_pipe_copy(p, m->source);
    out.created_at = m->created_at != NULL ? wa_pipe_copy(p, m->created_at) : now_text(j);
    out.attempt = m->attempt != NULL ? wa_pipe_copy(p, m->attempt) : "0";
    cmd = wa_pipe_add(p, "XADD out flow");
    wa_out_msg_xadd(cmd, j->r->cfg->key_out, &out);
    if (cmd->overflow) {
        wa_pipe_drop_last(p);
        return -1;
    }
    return 0;
}

redisContext *rt_turn_redis(const rt_turn_t *t)
{
    job_t *j = t->job;
    return wa_consumer_redis(j->c);
}

void rt_turn_redis_failed(const rt_turn_t *t)
{
    job_t *j = t->job;
    wa_consumer_redis_failed(j->c);
}

/* Queues XADD wa:media for an inbound image, audio, video, document or sticker (issue 17): wa-sender's media fetcher
 * downloads it at once (Meta's URL expires in minutes, A.8) while the answer goes its own way; the fetcher stores a
 * wamid once, so a redelivered wa:in entry that emits again is harmless. A media message without a media id is only
 * recorded (logged). */
static void emit_media_job(job_t *j, const item_t *it)
{
    const rt_message_t *m = it->m;
    wa_media_job_t job = {0};

    if (m->media_id == NULL) {
        wa_warn("media message without a media id: not downloaded", "wamid", m->id, "doctor_id", it->doctor.id);
        return;
    }
    job.doctor_id = it->doctor.id;
    job.wamid = m->id;
    job.kind = m->type;
    job.media_id = m->media_id;
    job.mime_type = m->media_mime;
    job.sha256 = m->media_sha256;
    job.filename = m->media_filename;
    job.url = m->media_url;
    job.phone_number_id = it->phone_number_id;
    job.created_at = now_text(j);
    wa_media_job_xadd(wa_pipe_add(&j->pipe, "XADD media"), j->r->key_media, &job);
}

/* Queues XADD wa:ai for a question the knowledge base could not answer confidently, or (kb->band, the rerank on)
 * one in the uncertain middle band: then with the candidates a model may choose among and the lexical decision. */
static void emit_ai_request(job_t *j, const item_t *it, const char *patient_id, const wa_kb_result_t *kb)
{
    wa_ai_req_t req = {0};

    if (kb->band && j->r->kb_rerank) {
        req.kb_candidates = wa_pipe_keep(&j->pipe, wa_kb_candidates_json(kb));
        req.kb_lexical = kb->best >= 0 ? kb->hits[kb->best].id : "";
    }

    req.doctor_id = it->doctor.id;
    req.patient_id = wa_pipe_keep(&j->pipe, wa_strdup(patient_id));
    req.to = it->wa_id;
    req.wamid = it->m->id;
    req.text = it->m->text;
    req.lang = wa_lang_detect(it->m->text, ""); /* the ai stage's own answer, told ahead */
    req.created_at = now_text(j);
    req.kb_context = wa_pipe_keep(&j->pipe, wa_kb_context_json(kb));
    wa_ai_req_xadd(wa_pipe_add(&j->pipe, "XADD ai"), j->r->cfg->key_ai, &req);
}

/* The steps of an answerable text before the knowledge base: an opt-out or opt-in keyword (confirmed once), a
 * conversation flow (which may answer a greeting with its own menu), a greeting. Sets it->outcome when one of them
 * answered, else it->need_kb. Returns 0, or -1 on a PostgreSQL failure. */
static int answer_before_kb(job_t *j, item_t *it, const char *patient_id, const char *label)
{
    const rt_doctor_t *d = &it->doctor;
    const rt_message_t *m = it->m;
    rt_optout_t opt = rt_text_optout(m->text);
    int changed;

    if (opt != RT_OPTOUT_NONE) {
        if (rt_store_optout(j->r->pg, patient_id, m->id, opt == RT_OPTOUT_STOP, &changed) != 0)
            return -1;
        if (changed) {
            char *text = rt_route_optout_text(d, opt == RT_OPTOUT_STOP);
            emit_text_reply(j, d, it->wa_id, m, text, "optout");
            free(text);
            it->outcome = opt == RT_OPTOUT_STOP ? OUT_OPTOUT : OUT_OPTIN;
            return 0;
        }
        if (opt == RT_OPTOUT_STOP) {
            it->outcome = OUT_NO_REPLY, it->why = "already opted out"; /* confirmed before */
            return 0;
        }
        /* START from a patient who never opted out: an ordinary message ("start" greets) */
    }
    if (m->text != NULL && wa_emergency_detect(m->text) != NULL) {
        /* straight to the ai stage, which answers an emergency at once with the clinic's emergency text and flags
         * it: never silenced by a handoff pause, never answered by a knowledge-base entry that happens to match */
        wa_kb_result_t none = {.nhits = 0, .best = -1};
        emit_ai_request(j, it, patient_id != NULL ? patient_id : "", &none);
        it->outcome = OUT_AI, it->why = "emergency";
        return 0;
    }
    if (j->r->flows != NULL) { /* first: the flows answer greetings with their menu */
        rt_turn_t turn = {.doctor = d,
                          .patient_id = patient_id,
                          .to = it->wa_id,
                          .message = m,
                          .job = j,
                          .handoff_checked = it->handoff_checked,
                          .handed_off = it->handed_off,
                          .kb_cache = j->r->kb_cache,
                          .kb_version = it->kb_version,
                          .kb_label = label};
        int rc = j->r->flows(j->r->flows_data, &turn);
        if (rc < 0)
            return -1;
        if (rc > 0) {
            it->outcome = OUT_FLOW;
            return 0;
        }
    }
    if (rt_text_is_greeting(m->text)) {
        char *welcome = rt_route_welcome_text(d, m->profile_name);
        emit_text_reply(j, d, it->wa_id, m, welcome, "welcome");
        free(welcome);
        it->outcome = OUT_WELCOME;
        return 0;
    }
    it->need_kb = 1;
    return 0;
}

/* Applies an edit or revoke to the message it names. Returns 0, or -1 on a PostgreSQL failure. */
static int apply_change_of_mind(job_t *j, item_t *it)
{
    const rt_message_t *m = it->m;
    int changed = 0;

    it->outcome = m->kind == RT_MSG_EDIT ? OUT_EDIT : OUT_REVOKE;
    if (m->original_id == NULL) {
        wa_warn("edit or revoke without original_message_id", "wamid", m->id, "doctor_id", it->doctor.id);
        return 0;
    }
    if (m->kind == RT_MSG_EDIT) {
        if (m->text != NULL && rt_store_edit(j->r->pg, it->doctor.id, m->original_id, m->text, &changed) != 0)
            return -1;
    } else if (rt_store_revoke(j->r->pg, it->doctor.id, m->original_id, &changed) != 0) {
        return -1;
    }
    if (!changed)
        wa_info("edit or revoke of a message not recorded", "wamid", m->id, "original", m->original_id, "doctor_id",
                it->doctor.id);
    return 0;
}

/* The reply policy of an item: its doctor's for its kind, except that a completed Flow is acknowledged, not answered
 * as a question, and a call permission reply is only recorded. */
static rt_policy_t policy_of(const item_t *it)
{
    rt_policy_t policy = rt_route_policy_for(&it->doctor, it->m->kind);

    if (it->m->kind == RT_MSG_INTERACTIVE && it->m->interactive_sub == RT_INTERACTIVE_FLOW &&
        policy == RT_POLICY_ANSWER)
        policy = RT_POLICY_ACK;
    else if (it->m->kind == RT_MSG_INTERACTIVE && it->m->interactive_sub == RT_INTERACTIVE_CALL_PERMISSION)
        policy = RT_POLICY_RECORD;
    return policy;
}

/* 1 when decide() marks the item's message read (the doctor's mark_read, a type that is not only recorded, an
 * address to send to). */
static int marks_read(const item_t *it)
{
    return it->m->kind != RT_MSG_EDIT && it->m->kind != RT_MSG_REVOKE && it->doctor.is_active &&
           it->doctor.mark_read && policy_of(it) != RT_POLICY_RECORD &&
           (it->digits[0] != '\0' || it->address[0] != '\0');
}

/* The decision for a recorded message that was not handled before (everything but the knowledge base, which is
 * looked up for the whole batch afterwards). Returns 0, or -1 on a PostgreSQL failure. */
static int decide(job_t *j, item_t *it, const char *patient_id, const char *label)
{
    const rt_doctor_t *d = &it->doctor;
    rt_policy_t policy = policy_of(it);

    if (it->m->kind == RT_MSG_EDIT || it->m->kind == RT_MSG_REVOKE)
        return apply_change_of_mind(j, it);
    if (!d->is_active) {
        it->outcome = OUT_DISABLED;
        return 0;
    }
    if (d->mark_read && policy != RT_POLICY_RECORD && (it->digits[0] != '\0' || it->address[0] != '\0') &&
        !it->read_superseded)
        it->read_due = 1;
    if (policy == RT_POLICY_RECORD) {
        it->outcome = OUT_NO_REPLY, it->why = "type";
    } else if (it->digits[0] == '\0' && it->address[0] == '\0') { /* no phone, no valid BSUID (resolve_patients) */
        it->outcome = OUT_NO_REPLY, it->why = "neither a phone number nor a BSUID"; /* nothing to send to */
    } else if (policy == RT_POLICY_ACK || policy == RT_POLICY_WELCOME) {
        char *text = policy == RT_POLICY_ACK ? rt_route_ack_text(d, it->m->kind, it->m->voice)
                                             : rt_route_welcome_text(d, it->m->profile_name);
        emit_text_reply(j, d, it->wa_id, it->m, text, policy == RT_POLICY_ACK ? "ack" : "welcome");
        free(text);
        it->outcome = policy == RT_POLICY_ACK ? OUT_ACK : OUT_WELCOME;
    } else if (it->m->text == NULL) {
        it->outcome = OUT_NO_REPLY, it->why = "no text";
    } else {
        return answer_before_kb(j, it, patient_id, label);
    }
    return 0;
}

/* The parsed entries of a batch and what was gathered from them. */
typedef struct st_batch_t {
    rt_webhook_t *webhooks;
    int *parsed;
    item_t *items;
    size_t nitems, capitems;
    rt_status_in_t *statuses;
    size_t nstatuses, capstatuses, nignored;
    rt_identity_t *learned; /* phone <-> BSUID pairs statuses showed (learn_pair), resolved by apply_statuses */
    size_t nlearned, caplearned;
} batch_t;

static void batch_dispose(batch_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b->parsed[i])
            rt_webhook_dispose(&b->webhooks[i]);
    free(b->webhooks);
    free(b->parsed);
    free(b->items);
    free(b->statuses);
    free(b->learned);
}

/* 1 when `id` is a parent BSUID ("US.ENT.118...", A.9.1) rather than a person's own BSUID. */
static int is_parent_bsuid(const char *id)
{
    const char *dot = id != NULL ? strchr(id, '.') : NULL;
    return dot != NULL && strncmp(dot + 1, "ENT.", 4) == 0;
}

/* A.9.7 rule 2: a status that shows both the phone number and the BSUID of the person (recipient_id or the
 * contact's wa_id; the contact's user_id or recipient_user_id, A.9.3) adds the pair to the batch's learned
 * identities, scoped to the doctor the status resolved to (never the shared master number's statuses: no doctor).
 * apply_statuses gives them to wa_patient_resolve, which stores the pair on the patient or merges two rows. */
static void learn_pair(job_t *j, batch_t *b, const char *doctor_id, const rt_status_t *s)
{
    char digits[32];
    const char *phone = !s->group && s->recipient_id != NULL ? s->recipient_id : s->contact_wa_id;
    const char *uid = NULL, *parent = s->recipient_parent_user_id;

    if (s->contact_user_id != NULL && wa_is_bsuid(s->contact_user_id) && !is_parent_bsuid(s->contact_user_id))
        uid = s->contact_user_id;
    else if (s->recipient_user_id != NULL && wa_is_bsuid(s->recipient_user_id) &&
             !is_parent_bsuid(s->recipient_user_id))
        uid = s->recipient_user_id;
    if (parent == NULL)
        parent = s->contact_parent_user_id;
    if (parent == NULL && is_parent_bsuid(s->recipient_user_id))
        parent = s->recipient_user_id;
    if (uid == NULL || phone == NULL || wa_phone_digits(phone, digits, sizeof(digits)) == 0)
        return;
    b->learned = wa_grow(b->learned, &b->caplearned, b->nlearned + 1, sizeof(*b->learned));
    b->learned[b->nlearned++] = (rt_identity_t){
        .doctor_id = doctor_id,
        .phone = wa_pipe_keep(&j->pipe, wa_strdup(digits)),
        .user_id = uid,
        .parent_user_id = parent != NULL && wa_is_bsuid(parent) && is_parent_bsuid(parent) ? parent : NULL,
        .username = s->contact_username};
}

/* Checks an entry signed with doctor `signer`'s own app secret (wa:in `app` = doctor:<id>) before anything of it is
 * used: the ingress did so already, this is defence in depth and covers entries written to wa:in otherwise. Every
 * change must name the signer's WABA and, for messages and statuses, the signer's phone number id, and resolve to
 * the signer (not to another doctor, nor through the display number alone). Returns 0 when it does, 1 with *why set
 * when it does not (the entry goes to wa:dlq as app_mismatch), -1 on a PostgreSQL failure. */
static int check_signer(job_t *j, const rt_webhook_t *w, const char *signer, const char **why)
{
    char waba[RT_TENANT_ID_MAX], pnid[RT_TENANT_ID_MAX];
    int rc = rt_tenant_pg_app_ids(j->r->pg, signer, waba, pnid);

    if (rc <= 0) {
        *why = "the signing doctor does not exist";
        return rc < 0 ? -1 : 1;
    }
    if ((*why = rt_webhook_app_mismatch(w, waba, pnid)) != NULL)
        return 1;
    for (size_t i = 0; i < w->nchanges; i++) {
        const rt_change_t *ch = &w->changes[i];
        rt_doctor_t doctor;
        if (strcmp(ch->field, "messages") != 0 || (ch->nmessages == 0 && ch->nstatuses == 0))
            continue;
        /* by the phone number id only: a display number must not pick the tenant of a doctor-signed change */
        if ((rc = rt_tenants_resolve(j->r->tenants, ch->phone_number_id, NULL, wa_mono_ms(), &doctor)) < 0)
            return -1;
        if (rc == 0 || strcmp(doctor.id, signer) != 0) {
            *why = "a change resolves to another doctor";
            return 1;
        }
    }
    return 0;
}

/* Records a messages change's value-level errors[] (out-of-band errors, A.2.3) in webhook_events as field
 * "errors", with the change's metadata, so that operators see them (wactl events list). Returns 0 or -1. */
static int record_value_errors(job_t *j, const wa_entry_t *e, const rt_change_t *ch, size_t index, const char *signer)
{
    const cJSON *value = cJSON_GetObjectItemCaseSensitive((const cJSON *)ch->node, "value");
    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(value, "errors");
    const cJSON *metadata = cJSON_GetObjectItemCaseSensitive(value, "metadata");
    char source_id[96], *json;
    cJSON *o;
    int rc;

    if (!cJSON_IsArray(errors))
        return 0;
    if ((o = cJSON_CreateObject()) == NULL || !cJSON_AddItemReferenceToObject(o, "errors", (cJSON *)errors) ||
        (cJSON_IsObject(metadata) && !cJSON_AddItemReferenceToObject(o, "metadata", (cJSON *)metadata)) ||
        (json = cJSON_PrintUnformatted(o)) == NULL)
        wa_fatal("out of memory printing a change's errors");
    cJSON_Delete(o);
    snprintf(source_id, sizeof(source_id), "%s:%zu:errors", e->id, index);
    rc = rt_store_webhook_event(j->r->pg, ch->entry_id, "errors", json, source_id, signer, ch->entry_time);
    cJSON_free(json);
    return rc;
}

/* Gathers one change: records other webhook fields, collects statuses and the messages of a known doctor, sends
 * changes of unknown numbers to wa:unrouted. `signer` is the doctor whose own app signed the entry (checked by
 * check_signer), or NULL for the master app. Statuses are applied only within the doctor the change resolved to;
 * the one exception is the shared master number (PHONE_NUMBER_ID, master app), which sends for every doctor.
 * Returns 0, or -1 on a PostgreSQL failure. */
static int gather_change(job_t *j, batch_t *b, const wa_entry_t *e, const char *received_at, const rt_change_t *ch,
                         size_t index, const char *signer)
{
    rt_doctor_t doctor;
    const char *status_doctor = NULL;
    const char *master = j->r->cfg->master_phone_number_id;
    int rc, master_number;

    if (strcmp(ch->field, "messages") != 0) {
        /* template status, quality and account updates: recorded for operators (webhook_events) */
        char source_id[80];
        snprintf(source_id, sizeof(source_id), "%s:%zu", e->id, index);
        if (rt_store_webhook_event(j->r->pg, ch->entry_id, ch->field, ch->value_json != NULL ? ch->value_json : "null",
                                   source_id, signer, ch->entry_time) != 0)
            return -1;
        wa_info("webhook event recorded", "field", ch->field, "waba_id", ch->entry_id, "entry_id", e->id);
        return 0;
    }
    if (ch->nerrors > 0) {
        wa_warn("webhook reports errors", "waba_id", ch->entry_id, "error_code", ch->error_code, "error_title",
                ch->error_title, "entry_id", e->id);
        if (record_value_errors(j, e, ch, index, signer) != 0)
            return -1;
    }
    if (ch->nmessages == 0 && ch->nstatuses == 0)
        return 0;

    /* a doctor-signed change resolves by its phone number id only (check_signer made sure it is the signer's) */
    rc = rt_tenants_resolve(j->r->tenants, ch->phone_number_id, signer != NULL ? NULL : ch->display_phone_number,
                            wa_mono_ms(), &doctor);
    if (rc < 0)
        return -1;
    master_number = signer == NULL && master != NULL && master[0] != '\0' && ch->phone_number_id != NULL &&
                    strcmp(ch->phone_number_id, master) == 0;
    if (rc == 0 && (ch->nmessages > 0 || !master_number)) {
        send_unrouted(j, e, received_at, ch); /* its statuses with it, unless the master number's (below) */
        for (size_t i = 0; i < ch->nmessages; i++)
            count(j->r, OUT_UNROUTED);
    }
    if (master_number)
        status_doctor = NULL;
    else if (rc > 0)
        status_doctor = wa_pipe_keep(&j->pipe, wa_strdup(doctor.id));
    for (size_t i = 0; i < ch->nstatuses; i++) {
        const rt_status_t *s = &ch->statuses[i];
        if (status_doctor != NULL)
            learn_pair(j, b, status_doctor, s);
        if (rt_status_rank(s->status) < 0) {
            wa_debug("status ignored", "wamid", s->id, "status", s->status, "entry_id", e->id);
            b->nignored++;
            continue;
        }
        if (strcmp(s->status, "failed") == 0)
            wa_warn("outbound message failed", "wamid", s->id, "error_code", s->error_code, "error_title",
                    s->error_title, "entry_id", e->id);
        if (rc == 0 && !master_number) {
            b->nignored++; /* no doctor to apply it within: it went to wa:unrouted with its change */
            continue;
        }
        b->statuses = wa_grow(b->statuses, &b->capstatuses, b->nstatuses + 1, sizeof(*b->statuses));
        b->statuses[b->nstatuses++] = (rt_status_in_t){.doctor_id = status_doctor,
                                                       .wamid = s->id,
                                                       .status = s->status,
                                                       .timestamp = s->timestamp,
                                                       .error_code = s->error_code,
                                                       .error_title = s->error_title,
                                                       .pricing_json = s->pricing_json};
    }
    if (rc == 0)
        return 0;
    for (size_t i = 0; i < ch->nmessages; i++) {
        const rt_message_t *m = &ch->messages[i];
        item_t *it;
        b->items = wa_grow(b->items, &b->capitems, b->nitems + 1, sizeof(*b->items));
        it = &b->items[b->nitems];
        memset(it, 0, sizeof(*it));
        it->e = e;
        it->m = m;
        it->doctor = doctor;
        it->phone_number_id = ch->phone_number_id;
        it->outcome = -1;
        if (m->from != NULL)
            (void)wa_phone_digits(m->from, it->digits, sizeof(it->digits)); /* 0: not a number, digits stays "" */
        it->wa_id = it->digits[0] != '\0' ? it->digits : m->from_user_id;
        if (it->wa_id == NULL) {
            wa_warn("message without sender: skipped", "wamid", m->id, "doctor_id", doctor.id, "entry_id", e->id);
            count(j->r, OUT_NO_REPLY);
            continue;
        }
        b->nitems++;
    }
    return 0;
}

/* The set of wamids recorded so far in a batch: open addressing in a power-of-two table of borrowed strings, so that
 * finding the duplicates among n messages costs O(n) (a pairwise comparison took seconds for one large webhook). */
typedef struct st_seen_t {
    const char **slots;
    size_t mask;
} seen_t;

static void seen_init(seen_t *s, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap <<= 1;
    s->slots = wa_calloc(cap, sizeof(*s->slots));
    s->mask = cap - 1;
}

/* 1 when `key` was added. */
static int seen_has(const seen_t *s, const char *key)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a, as seen_add */
    for (const unsigned char *p = (const unsigned char *)key; *p != '\0'; p++)
        h = (h ^ *p) * 1099511628211ULL;
    for (size_t i = (size_t)h & s->mask;; i = (i + 1) & s->mask) {
        if (s->slots[i] == NULL)
            return 0;
        if (strcmp(s->slots[i], key) == 0)
            return 1;
    }
}

/* Adds `key`; returns 1 when it is new, 0 when it was there already. */
static int seen_add(seen_t *s, const char *key)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p != '\0'; p++)
        h = (h ^ *p) * 1099511628211ULL;
    for (size_t i = (size_t)h & s->mask;; i = (i + 1) & s->mask) {
        if (s->slots[i] == NULL) {
            s->slots[i] = key;
            return 1;
        }
        if (strcmp(s->slots[i], key) == 0)
            return 0;
    }
}

/* The messages and statuses cut off a webhook (rt_webhook_parse_max) go to wa:dlq as one entry: the original entry's
 * fields with `body` replaced by a webhook of the cut items only, so that `wactl dlq replay` puts them back into
 * wa:in as a webhook of their own (cut again if it still carries more than the limit). Returns 0 or -1 (Redis). */
static int dlq_excess(job_t *j, const wa_entry_t *e, const rt_webhook_t *w)
{
    wa_entry_t cut = *e;
    char detail[256];
    redisContext *rc = wa_consumer_redis(j->c);

    if (rc == NULL)
        return -1;
    for (size_t i = 0; i < cut.nfields; i++)
        if (cut.fields[i].name_len == 4 && memcmp(cut.fields[i].name, "body", 4) == 0) {
            cut.fields[i].value = w->excess;
            cut.fields[i].value_len = strlen(w->excess);
        }
    snprintf(detail, sizeof(detail),
             "the webhook carried %zu messages and statuses, more than WA_MAX_MESSAGES_PER_WEBHOOK (%zu): the first "
             "%zu were processed, the other %zu are this entry's body",
             j->r->max_items + w->nexcess, j->r->max_items, j->r->max_items, w->nexcess);
    if (wa_dlq_write(rc, j->r->cfg, "router", &cut, "too_large", detail, NULL, e->deliveries) != 0) {
        if (rc->err)
            wa_consumer_redis_failed(j->c);
        return -1;
    }
    wa_metric_add(j->r->m_cut, (long long)w->nexcess);
    return 0;
}

/* One run over a batch: the job (its pipeline), the parsed entries and what the steps below hand each other. */
typedef struct st_run_t {
    job_t j;
    batch_t b;
    wa_entry_t *entries;
    wa_result_t *results;
    size_t n;         /* the entries this run covers (parse_entries may lower it: max_items) */
    size_t max_items; /* messages and statuses after which parse_entries takes no further entry */
    rt_inbound_t *in; /* the record statement's rows: one per item with record set, in item order */
    size_t nrec, applied;
    seen_t seen;
    size_t *kb_item; /* the items the knowledge base is asked about */
    size_t nkb;
    wa_kb_result_t *kb; /* their answers */
    /* per item, from understand (NULL when it analysed nothing): 1 when its text was analysed in this batch, with the
     * intent label (what wa_kb_intent returns) and the knowledge base's candidates (wa_kb_lookup_batch's) */
    int *und;
    char (*label)[WA_KB_LABEL_MAX];
    wa_kb_result_t *pre;
} run_t;

/* Step 0: parses the entries (a body that is not a webhook, or one signed by a doctor's app naming another clinic,
 * gets a DLQ result), then gathers each change's statuses and items (resolving the doctors). It stops before an entry
 * once the entries parsed carry x->max_items messages and statuses or more (at least one entry is taken): x->n
 * becomes the number of entries this run covers (on a failure too: those up to the one that failed). Returns 0, or
 * -1 when PostgreSQL failed. */
static int parse_entries(run_t *x)
{
    rt_router_t *r = x->j.r;
    batch_t *b = &x->b;

    b->webhooks = wa_calloc(x->n, sizeof(*b->webhooks));
    b->parsed = wa_calloc(x->n, sizeof(*b->parsed));
    for (size_t i = 0; i < x->n; i++) {
        const wa_entry_t *e = &x->entries[i];
        if (i > 0 && b->nitems + b->nstatuses >= x->max_items) {
            x->n = i; /* the rest is another run's (run_chunks) */
            break;
        }
        wa_result_t *res = &x->results[i];
        char err[128];
        size_t len = 0;
        const char *body = wa_entry_get(e, "body", &len), *received_at = wa_entry_get(e, "received_at", NULL);

        res->outcome = WA_ENTRY_ACK;
        if (body == NULL) {
            wa_result_dlq(res, "bad_webhook", NULL, "entry has no body field");
            continue;
        }
        size_t fixed_len = 0;
        char *fixed = rt_text_utf8_repair(body, len, &fixed_len);
        int parsed = fixed != NULL
                         ? rt_webhook_parse_max(fixed, fixed_len, r->max_items, &b->webhooks[i], err, sizeof(err))
                         : rt_webhook_parse_max(body, len, r->max_items, &b->webhooks[i], err, sizeof(err));
        if (fixed != NULL) {
            wa_warn("webhook body is not valid UTF-8: invalid bytes replaced", "entry_id", e->id);
            free(fixed);
        }
        if (parsed != 0) {
            wa_result_dlq(res, strncmp(err, "not JSON", 8) == 0 ? "bad_json" : "bad_webhook", NULL, "%s", err);
            continue;
        }
        b->parsed[i] = 1;
        const char *app = wa_entry_get(e, "app", NULL), *signer = NULL, *why = NULL;
        if (app != NULL && strncmp(app, "doctor:", 7) == 0) {
            int mc = check_signer(&x->j, &b->webhooks[i], app + 7, &why);
            if (mc < 0) {
                x->n = i + 1;
                return -1;
            }
            if (mc > 0) {
                /* one clinic's app must never write into another's: nothing of this entry is recorded or answered */
                wa_warn("webhook signed by a doctor's app names another clinic: sent to dlq", "entry_id", e->id, "app",
                        app, "reason", why);
                wa_result_dlq(res, "app_mismatch", NULL, "%s", why);
                continue;
            }
            signer = app + 7;
        }
        if (b->webhooks[i].nskipped > 0)
            wa_warn("webhook items skipped", "entry_id", e->id, "note", b->webhooks[i].note);
        if (b->webhooks[i].excess != NULL) {
            char cut[24];
            snprintf(cut, sizeof(cut), "%zu", b->webhooks[i].nexcess);
            wa_warn("webhook carries more than WA_MAX_MESSAGES_PER_WEBHOOK messages and statuses: the rest goes to "
                    "the dlq",
                    "entry_id", e->id, "cut", cut);
        }
        for (size_t k = 0; k < b->webhooks[i].nchanges; k++)
            if (gather_change(&x->j, b, e, received_at != NULL ? received_at : "", &b->webhooks[i].changes[k], k,
                              signer) != 0) {
                x->n = i + 1;
                return -1;
            }
    }
    return 0;
}

/* Step 1: every status of the batch in one statement, then the phone <-> BSUID pairs they showed (learn_pair) in
 * another (none when no status showed both). Returns 0 or -1. */
static int apply_statuses(run_t *x)
{
    if (rt_store_status_batch(x->j.r->pg, x->b.statuses, x->b.nstatuses, &x->applied) != 0)
        return -1;
    return rt_store_resolve_batch(x->j.r->pg, x->b.learned, x->b.nlearned); /* the pairs statuses showed */
}

/* A `system` message of type user_changed_user_id (A.9.6: no phone, the new BSUID in system.user_id): the new BSUID
 * becomes the patient's current one (the old one an alias) and the item's address follows it (a BSUID-only patient is
 * addressed by the new BSUID from now on). Other system messages change nothing here. Returns 0 or -1 (PostgreSQL). */
static int change_user_id(run_t *x, item_t *it)
{
    cJSON *root = it->m->json != NULL ? cJSON_Parse(it->m->json) : NULL;
    const cJSON *sys = cJSON_GetObjectItemCaseSensitive(root, "system");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(sys, "type");
    const cJSON *uid = cJSON_GetObjectItemCaseSensitive(sys, "user_id");
    const cJSON *parent = cJSON_GetObjectItemCaseSensitive(sys, "parent_user_id");
    int rc = 0;

    if (cJSON_IsString(type) && strcmp(type->valuestring, "user_changed_user_id") == 0 && cJSON_IsString(uid) &&
        uid->valuestring[0] != '\0' && strcmp(uid->valuestring, it->m->from_user_id) != 0) {
        rc = rt_store_change_user_id(x->j.r->pg, it->doctor.id, it->digits, it->m->from_user_id, uid->valuestring,
                                     cJSON_IsString(parent) ? parent->valuestring : NULL, it->address,
                                     sizeof(it->address));
        if (rc > 0)
            wa_info("patient's business-scoped user id changed", "wamid", it->m->id, "doctor_id", it->doctor.id);
        rc = rc < 0 ? -1 : 0;
    }
    cJSON_Delete(root);
    return rc;
}

/* One message of a person in the batch, for resolve_patients' grouping. */
typedef struct st_person_t {
    const char *doctor_id, *user_id;
    size_t item;
} person_t;

/* qsort order: by doctor, then BSUID, then position in the batch. */
static int by_person(const void *a, const void *b)
{
    const person_t *x = a, *y = b;
    int c = strcmp(x->doctor_id, y->doctor_id);
    if (c == 0)
        c = strcmp(x->user_id, y->user_id);
    if (c == 0)
        c = x->item < y->item ? -1 : x->item > y->item;
    return c;
}

/* Step 2a: the patients of the messages that carry a BSUID (every message since April 2026, A.9), in one statement:
 * found by phone or BSUID, merged when one webhook shows both identifiers of two patients, or created; each such
 * item's wa_id becomes its patient's address (the phone when known, else the BSUID). Returns 0 or -1. */
static int resolve_patients(run_t *x)
{
    batch_t *b = &x->b;
    rt_identity_t *ids = wa_calloc(b->nitems + 1, sizeof(*ids));
    size_t n = 0;
    person_t *order;
    int rc;

    for (size_t i = 0; i < b->nitems; i++) {
        const item_t *it = &b->items[i];
        if (!it->record || !wa_is_bsuid(it->m->from_user_id))
            continue;
        ids[n++] = (rt_identity_t){.doctor_id = it->doctor.id,
                                   .phone = it->digits,
                                   .user_id = it->m->from_user_id,
                                   .parent_user_id = it->m->from_parent_user_id,
                                   .username = it->m->username};
    }
    rc = rt_store_resolve_batch(x->j.r->pg, ids, n);
    order = wa_calloc(n + 1, sizeof(*order));
    for (size_t i = 0, k = 0; rc == 0 && i < b->nitems; i++) {
        item_t *it = &b->items[i];
        if (!it->record || !wa_is_bsuid(it->m->from_user_id))
            continue;
        snprintf(it->address, sizeof(it->address), "%s", ids[k].address);
        it->wa_id = it->address;
        order[k++] = (person_t){.doctor_id = it->doctor.id, .user_id = it->m->from_user_id, .item = i};
        if (it->m->kind == RT_MSG_SYSTEM && change_user_id(x, it) != 0)
            rc = -1;
    }
    if (rc == 0) {
        /* a later message of the batch may have changed a person's address (its phone became known, a merge, a new
         * BSUID): every message of that person (doctor, BSUID) takes the address of its last one, or the record
         * statement would upsert a patient under an address that is no longer one */
        qsort(order, n, sizeof(*order), by_person);
        for (size_t g = 0; g < n;) {
            size_t e = g + 1;
            while (e < n && strcmp(order[e].doctor_id, order[g].doctor_id) == 0 &&
                   strcmp(order[e].user_id, order[g].user_id) == 0)
                e++;
            for (size_t q = g; q + 1 < e; q++) /* q < e - 1: never the same item */
                memcpy(b->items[order[q].item].address, b->items[order[e - 1].item].address,
                       sizeof(b->items[order[q].item].address));
            g = e;
        }
    }
    free(order);
    free(ids);
    return rc;
}

/* Step 2b: records every message once (a wamid twice in the batch: the later copy is a duplicate) in one statement.
 * Returns 0 or -1. */
static int record_messages(run_t *x)
{
    batch_t *b = &x->b;

    x->in = wa_calloc(b->nitems + 1, sizeof(*x->in));
    seen_init(&x->seen, b->nitems);
    for (size_t i = 0; i < b->nitems; i++) {
        item_t *it = &b->items[i];
        it->wa_id = it->digits[0] != '\0' ? it->digits : it->m->from_user_id; /* items no longer move */
        it->record = seen_add(&x->seen, it->m->id);
        if (!it->record)
            it->outcome = OUT_DUPLICATE;
    }
    if (resolve_patients(x) != 0)
        return -1;
    for (size_t i = 0; i < b->nitems; i++) {
        item_t *it = &b->items[i];
        if (!it->record)
            continue;
        x->in[x->nrec++] = (rt_inbound_t){.doctor_id = it->doctor.id,
                                          .wa_id = it->wa_id,
                                          .profile_name = it->m->profile_name,
                                          .wamid = it->m->id,
                                          .type = it->m->type,
                                          .body = it->m->text,
                                          .payload = it->m->json,
                                          .context_id = it->m->context_id};
    }
    return rt_store_record_batch(x->j.r->pg, x->in, x->nrec);
}

/* The address a `system` message user_changed_number (or the older customer_changed_number, A.9.6) moves the
 * patient to (016_meta2026.sql's trigger has moved the row when the message was recorded): its digits in out, or ""
 * for any other message. */
static void new_number_of(const item_t *it, char *out, size_t outsz)
{
    cJSON *root = it->m->kind == RT_MSG_SYSTEM && it->m->json != NULL ? cJSON_Parse(it->m->json) : NULL;
    const cJSON *sys = cJSON_GetObjectItemCaseSensitive(root, "system");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(sys, "type");
    const cJSON *num = cJSON_GetObjectItemCaseSensitive(sys, "wa_id");

    out[0] = '\0';
    if (!cJSON_IsString(num))
        num = cJSON_GetObjectItemCaseSensitive(sys, "new_wa_id");
    if (cJSON_IsString(type) && cJSON_IsString(num) &&
        (strcmp(type->valuestring, "user_changed_number") == 0 ||
         strcmp(type->valuestring, "customer_changed_number") == 0) &&
        wa_phone_digits(num->valuestring, out, outsz) == 0)
        out[0] = '\0';
    cJSON_Delete(root);
}

/* One move of a patient's Redis state from an address it no longer has to its current one. */
typedef struct st_move_t {
    const char *doctor_id, *from;
    char to[224];
    int dup; /* the same move as an earlier one of the batch */
} move_t;

/* Step 2c: a patient whose address changed in this batch (its phone became known, two rows merged, a new BSUID, a
 * new number: resolve_patients, change_user_id, 016's system trigger) keeps its Redis state: the conversation state
 * (wa:conv:) and the staff pause (wa:handoff:) under the old address are renamed to the new one, before any flow
 * turn reads them. RENAMENX keeps the key's remaining TTL and never overwrites state the new address already has;
 * a redelivery finds no old key (an error reply, ignored): each change moves the keys once. The candidates are the
 * message's BSUID when the patient is addressed otherwise, the old number of a number change, and the BSUID a
 * status showed with a phone (learn_pair) when the patient is now addressed by that phone; all are sent in
 * one pipeline (one round trip for the batch, none when no message carries both identifiers). Returns 0 or -1
 * (Redis connection). */
static int move_state(run_t *x)
{
    batch_t *b = &x->b;
    size_t n = 0, sent = 0, cap = 2 * b->nitems + 1;
    move_t *mv = wa_calloc(cap, sizeof(*mv));
    redisContext *rc = NULL;
    int out = 0;

    for (size_t i = 0; i < b->nitems; i++) {
        const item_t *it = &b->items[i];
        char num[32];
        if (!it->record)
            continue;
        if (wa_is_bsuid(it->m->from_user_id) && strcmp(it->m->from_user_id, it->wa_id) != 0) {
            mv[n] = (move_t){.doctor_id = it->doctor.id, .from = it->m->from_user_id};
            snprintf(mv[n++].to, sizeof(mv[0].to), "%s", it->wa_id);
        }
        new_number_of(it, num, sizeof(num));
        if (num[0] != '\0' && strcmp(num, it->wa_id) != 0) {
            mv[n] = (move_t){.doctor_id = it->doctor.id, .from = it->wa_id};
            snprintf(mv[n++].to, sizeof(mv[0].to), "%s", num);
        }
    }
    for (size_t i = 0; i < b->nlearned; i++)
        if (strcmp(b->learned[i].user_id, b->learned[i].address) != 0) { /* a status showed the phone of a BSUID */
            mv = wa_grow(mv, &cap, n + 1, sizeof(*mv));
            mv[n] = (move_t){.doctor_id = b->learned[i].doctor_id, .from = b->learned[i].user_id};
            snprintf(mv[n++].to, sizeof(mv[0].to), "%s", b->learned[i].address);
        }
    if (n > 0 && (rc = wa_consumer_redis(x->j.c)) == NULL)
        out = -1;
    for (size_t i = 0; out == 0 && i < n; i++) {
        for (size_t k = 0; k < i && !mv[i].dup; k++)
            mv[i].dup = strcmp(mv[k].doctor_id, mv[i].doctor_id) == 0 && strcmp(mv[k].from, mv[i].from) == 0 &&
                        strcmp(mv[k].to, mv[i].to) == 0;
        for (int kind = 0; !mv[i].dup && kind < 2; kind++) {
            char suffix[512], from[600], to[600];
            const char *argv[] = {"RENAMENX", from, to};
            const char *what = kind == 0 ? "conv" : "handoff";
            snprintf(suffix, sizeof(suffix), "%s:%s:%s", what, mv[i].doctor_id, mv[i].from);
            wa_config_key(x->j.r->cfg, from, sizeof(from), suffix, "");
            snprintf(suffix, sizeof(suffix), "%s:%s:%s", what, mv[i].doctor_id, mv[i].to);
            wa_config_key(x->j.r->cfg, to, sizeof(to), suffix, "");
            if (redisAppendCommandArgv(rc, 3, argv, NULL) != REDIS_OK)
                out = -1;
            else
                sent++;
        }
    }
    for (size_t i = 0, k = 0; k < sent; k++) {
        redisReply *r = NULL;
        if (redisGetReply(rc, (void **)&r) != REDIS_OK || r == NULL) {
            out = -1;
            break;
        }
        while (mv[i].dup)
            i++;
        if (r->type == REDIS_REPLY_INTEGER && r->integer == 1)
            wa_info("patient's conversation state moved to its new address", "doctor_id", mv[i].doctor_id, "key",
                    k % 2 == 0 ? "conv" : "handoff");
        freeReplyObject(r);
        if (k % 2 == 1)
            i++;
    }
    if (out != 0 && rc != NULL && rc->err)
        wa_consumer_redis_failed(x->j.c);
    free(mv);
    return out;
}

static int is_media(rt_msg_kind_t kind)
{
    return kind == RT_MSG_IMAGE || kind == RT_MSG_AUDIO || kind == RT_MSG_VIDEO || kind == RT_MSG_DOCUMENT ||
           kind == RT_MSG_STICKER;
}

/* Step 3a0: whether the staff pause (wa:handoff:<doctor>:<address>) is on for every message the conversation flows
 * may see (texts of active doctors not handled before), in one pipeline instead of one EXISTS per message; the flows
 * read it from their turn (rt_turn_t.handed_off). Runs after move_state, so that the keys are at their current
 * addresses. Returns 0 or -1 (Redis connection). */
static int prefetch_handoffs(run_t *x)
{
    batch_t *b = &x->b;
    size_t *which = wa_calloc(b->nitems + 1, sizeof(*which)), n = 0, sent = 0;
    redisContext *rc = NULL;
    int out = 0;

    for (size_t i = 0, k = 0; i < b->nitems; i++) {
        item_t *it = &b->items[i];
        if (!it->record)
            continue;
        it->kb_version = x->in[k].kb_version;
        if (!x->in[k++].answered && it->doctor.is_active && it->m->text != NULL && x->j.r->flows != NULL)
            which[n++] = i;
    }
    if (n > 0 && (rc = wa_consumer_redis(x->j.c)) == NULL)
        out = -1;
    for (size_t q = 0; out == 0 && q < n; q++) {
        const item_t *it = &b->items[which[q]];
        char suffix[300], key[400];
        const char *argv[] = {"EXISTS", key};
        snprintf(suffix, sizeof(suffix), "handoff:%s:%s", it->doctor.id, it->wa_id);
        wa_config_key(x->j.r->cfg, key, sizeof(key), suffix, "");
        if (redisAppendCommandArgv(rc, 2, argv, NULL) != REDIS_OK)
            out = -1;
        else
            sent++;
    }
    for (size_t q = 0; q < sent; q++) { /* every reply read, even after a failure, so that none is left pending */
        redisReply *r = NULL;
        if (redisGetReply(rc, (void **)&r) != REDIS_OK || r == NULL) {
            out = -1;
            break;
        }
        if (r->type == REDIS_REPLY_INTEGER) {
            b->items[which[q]].handoff_checked = 1;
            b->items[which[q]].handed_off = r->integer > 0;
        }
        freeReplyObject(r);
    }
    if (out != 0 && rc != NULL && rc->err)
        wa_consumer_redis_failed(x->j.c);
    free(which);
    return out;
}

/* Step 3a1: one read receipt per patient and batch, for its latest message: marking a message read marks the
 * earlier ones of the conversation read too (API_REFERENCE A.4.7), and each receipt is a Graph call that takes a
 * slot of the number's rate from the replies. */
static void coalesce_reads(run_t *x)
{
    batch_t *b = &x->b;
    char **keys = wa_calloc(b->nitems + 1, sizeof(*keys));
    seen_t seen;

    seen_init(&seen, b->nitems);
    for (size_t i = b->nitems, k = x->nrec; i-- > 0;) { /* from the latest: the first of a patient keeps its read */
        item_t *it = &b->items[i];
        if (!it->record)
            continue;
        k--;
        if (x->in[k].answered || !marks_read(it))
            continue;
        size_t n = strlen(it->doctor.id) + strlen(it->wa_id) + 2;
        keys[i] = wa_malloc(n);
        snprintf(keys[i], n, "%s\n%s", it->doctor.id, it->wa_id);
        it->read_superseded = !seen_add(&seen, keys[i]);
    }
    for (size_t i = 0; i < b->nitems; i++)
        free(keys[i]);
    free(keys);
    free(seen.slots);
}

/* What a recorded message not answered before needs of its text before decide(): RT_NEEDS_INTENT/RT_NEEDS_KB (the
 * flows' say, rt_flow_needs_cb), 0 when decide() will answer it without the knowledge base (not a text it answers, an
 * opt-out keyword, an emergency, a staff pause, a greeting the router or a flow welcomes). */
static int text_needs(const rt_router_t *r, const item_t *it)
{
    const char *text = it->m->text;

    if (!it->doctor.is_active || text == NULL || text[0] == '\0' || it->m->kind == RT_MSG_EDIT ||
        it->m->kind == RT_MSG_REVOKE || policy_of(it) != RT_POLICY_ANSWER ||
        (it->digits[0] == '\0' && it->address[0] == '\0') || rt_text_optout(text) != RT_OPTOUT_NONE ||
        wa_emergency_detect(text) != NULL || (it->handoff_checked && it->handed_off))
        return 0;
    if (r->flows != NULL) {
        rt_turn_t turn = {.doctor = &it->doctor, .message = it->m, .to = it->wa_id};
        return r->flow_needs != NULL ? r->flow_needs(r->flows_data, &turn) : RT_NEEDS_INTENT | RT_NEEDS_KB;
    }
    return rt_text_is_greeting(text) ? 0 : RT_NEEDS_KB;
}

/* One slice of pg_parallel: its texts on its own connection, in one of the two steps of kb.h. */
enum { UND_ANALYSE, UND_TOKENS, UND_LABELS };

typedef struct st_und_slice_t {
    wa_pg_t *pg;
    int step; /* UND_ANALYSE: wa_kb_analyse_batch; UND_TOKENS: wa_kb_understand_tokens_batch; UND_LABELS:
               * wa_kb_labels_batch */
    size_t n;
    const char *const *ids, *const *texts; /* the texts, or (UND_TOKENS) their tokens */
    const int *intent;
    double threshold, margin;
    wa_kb_result_t *got;
    char (*labels)[WA_KB_LABEL_MAX];
    char **toks; /* UND_ANALYSE's output */
    int rc;
} und_slice_t;

static void *und_slice_run(void *arg)
{
    und_slice_t *s = arg;
    if (s->step == UND_ANALYSE)
        s->rc = wa_kb_analyse_batch(s->pg, s->n, s->ids, s->texts, s->toks);
    else if (s->step == UND_LABELS)
        s->rc = wa_kb_labels_batch(s->pg, s->n, s->ids, s->texts, s->intent, s->labels);
    else
        s->rc = wa_kb_understand_tokens_batch(s->pg, s->n, s->ids, s->texts, s->intent, s->threshold, s->margin,
                                              s->got, s->labels);
    return NULL;
}

/* One step of kb.h over texts[0..n), spread over the router's connection and up to ROUTER_PG_PARALLEL - 1 more
 * (issue 14, round 6): a new text costs PostgreSQL milliseconds, and on one connection the router's batch waited for
 * one backend, one core, while the others idled. The texts are cut into contiguous slices of nearly equal size, the
 * last on the router's own connection in this thread, the others each on its own connection in a thread of its own,
 * all at once; every slice fills its part of got and labels (or toks) exactly as one call over all the texts would
 * (each text is analysed on its own: the statements are read-only and a text's result does not depend on the others
 * of its statement). Returns 0, or -1 when any slice failed (the caller disposes every got[q], as after one call;
 * after UND_ANALYSE it frees every toks[q] that is set). */
static int pg_parallel(rt_router_t *r, int step, size_t n, const char **ids, const char **texts, const int *intent,
                       wa_kb_result_t *got, char (*labels)[WA_KB_LABEL_MAX], char **toks)
{
    und_slice_t s[RT_PG_PARALLEL_MAX];
    pthread_t th[RT_PG_PARALLEL_MAX];
    int started[RT_PG_PARALLEL_MAX] = {0};
    size_t parts = (size_t)(r->und_conns > 1 ? r->und_conns : 1);
    int rc = 0;

    if (parts > n)
        parts = n;
    if (parts < 1)
        parts = 1;
    for (size_t k = 0; k < parts; k++) {
        size_t from = k * n / parts, to = (k + 1) * n / parts;
        s[k] = (und_slice_t){.pg = k + 1 < parts ? r->und_pg[k] : r->pg,
                             .step = step,
                             .n = to - from,
                             .ids = ids + from,
                             .texts = texts + from,
                             .intent = intent != NULL ? intent + from : NULL,
                             .threshold = r->kb_threshold,
                             .margin = r->kb_margin,
                             .got = got != NULL ? got + from : NULL,
                             .labels = labels != NULL ? labels + from : NULL,
                             .toks = toks != NULL ? toks + from : NULL};
    }
    if (parts == 1) {
        und_slice_run(&s[0]);
        return s[0].rc;
    }
    sigset_t all, was;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &was); /* the threads inherit it: SIGTERM stays the main thread's */
    for (size_t k = 0; k + 1 < parts; k++)
        started[k] = pthread_create(&th[k], NULL, und_slice_run, &s[k]) == 0;
    pthread_sigmask(SIG_SETMASK, &was, NULL);
    for (size_t k = 0; k + 1 < parts; k++)
        if (!started[k]) /* no thread: that slice runs here, one after the other */
            und_slice_run(&s[k]);
    und_slice_run(&s[parts - 1]);
    for (size_t k = 0; k < parts; k++) {
        if (k + 1 < parts && started[k])
            pthread_join(th[k], NULL);
        if (s[k].rc != 0)
            rc = -1;
    }
    if (rc != 0 && toks != NULL)
        for (size_t q = 0; q < n; q++) {
            free(toks[q]);
            toks[q] = NULL;
        }
    return rc;
}

/* A value of the replicas' shared answer cache (kbshare.h) into this replica's answer cache under key and version,
 * when it holds what is needed (the candidates, and the intent label when ask). Returns 1 when it did, else 0. */
static int share_take(rt_router_t *r, const char *val, size_t len, int ask, const char *key, long long version)
{
    wa_kb_result_t res;
    char label[WA_KB_LABEL_MAX];
    int has_result, has_label, took = 0;

    if (val == NULL || rt_kbshare_decode(val, len, &res, &has_result, label, sizeof(label), &has_label) != 0)
        return 0;
    if (has_result && (has_label || !ask)) {
        if (has_label)
            rt_kbcache_put_label(r->kb_cache, key, version, label);
        rt_kbcache_put(r->kb_cache, key, version, &res);
        took = 1;
    }
    if (has_result)
        wa_kb_result_dispose(&res);
    return took;
}

/* The n results res[i] (with labels[i] where intent[i]) into the shared answer cache under skey[which[i]] ("": not
 * stored), one pipeline of SET ... EX (best effort: Redis failing is counted and, when the connection is lost,
 * reported to the consumer); the stored ones are added to `stored`. */
static void share_results(rt_router_t *r, wa_consumer_t *c, size_t n, const size_t *which,
                          char (*skey)[RT_KBSHARE_KEY_MAX], const wa_kb_result_t *res, const int *intent,
                          char (*labels)[WA_KB_LABEL_MAX], wa_metric_t *stored)
{
    const char **keys = wa_calloc(n + 1, sizeof(*keys));
    char **vals = wa_calloc(n + 1, sizeof(*vals));
    size_t *lens = wa_calloc(n + 1, sizeof(*lens)), nk = 0;
    redisContext *rc;
    int done;

    for (size_t i = 0; i < n; i++)
        if (skey[which[i]][0] != '\0') {
            keys[nk] = skey[which[i]];
            vals[nk] = rt_kbshare_encode(&res[i], intent[i] ? labels[i] : NULL, &lens[nk]);
            nk++;
        }
    if (nk > 0 && (rc = wa_consumer_redis(c)) != NULL) {
        done = rt_kbshare_store(rc, nk, keys, vals, lens, r->cfg->router_kb_shared_ttl,
                                (size_t)r->cfg->router_kb_shared_max);
        if (done >= 0) {
            wa_metric_add(stored, done);
        } else {
            wa_metric_add(r->m_shared_failed, 1);
            if (rc->err)
                wa_consumer_redis_failed(c);
        }
    }
    for (size_t k = 0; k < nk; k++)
        free(vals[k]);
    free(vals);
    free(lens);
    free(keys);
}

/* The answer cache's result (and label, when ask) for a token list's key at a version into *got and label; 1 when
 * it holds what is needed (*got then to be disposed), else 0 (nothing to dispose, label ""). */
static int tokens_cached(rt_router_t *r, const char *key, long long version, int ask, wa_kb_result_t *got, char *label,
                         size_t labelsz)
{
    int hit = !ask || rt_kbcache_get_label(r->kb_cache, key, version, label, labelsz);
    if (hit && !(hit = rt_kbcache_get(r->kb_cache, key, version, got)))
        label[0] = '\0';
    return hit;
}

/* The tokens of texts[0..n) at ids[] into toks[] (issue 14, round 32): computed here (analyse.c) from one statement's
 * lexicon rows, and the texts it leaves (a word the typo correction would read, a character it does not fold)
 * analysed by router_analyse_batch as before, over the connections (pg_parallel). ROUTER_KB_ANALYSE_HERE=0: all of
 * them by router_analyse_batch. Returns 0, or -1 (every toks[q] freed and NULL) on a database error. */
static int analyse_texts(rt_router_t *r, size_t n, const char **ids, const char **texts, char **toks)
{
    size_t m = 0, *which;
    const char **mids, **mtexts;
    char **mtoks;
    int here = 0, rc;

    if (r->cfg->router_kb_analyse_here && (here = rt_analyse_batch(r->pg, n, ids, texts, toks)) < 0)
        here = 0; /* the statement failed: router_analyse_batch says whether the connection is gone */
    wa_metric_add(r->m_analysed_here, here);
    if ((size_t)here == n)
        return 0;
    which = wa_calloc(n, sizeof(*which));
    mids = wa_calloc(n, sizeof(*mids));
    mtexts = wa_calloc(n, sizeof(*mtexts));
    mtoks = wa_calloc(n, sizeof(*mtoks));
    for (size_t q = 0; q < n; q++)
        if (toks[q] == NULL) {
            which[m] = q;
            mids[m] = ids[q];
            mtexts[m++] = texts[q];
        }
    wa_metric_add(r->m_analysed_sql, (int64_t)m);
    if ((rc = pg_parallel(r, UND_ANALYSE, m, mids, mtexts, NULL, NULL, NULL, mtoks)) == 0) {
        for (size_t k = 0; k < m; k++)
            toks[which[k]] = mtoks[k];
    } else {
        for (size_t q = 0; q < n; q++) {
            free(toks[q]);
            toks[q] = NULL;
        }
    }
    free(which);
    free(mids);
    free(mtexts);
    free(mtoks);
    return rc;
}

/* The replicas' shared answer cache by tokens (ROUTER_KB_SHARED_TTL; c NULL: off): one MGET for the analysed texts
 * whose token lists this replica's answer cache holds nothing for, each value serving put into that cache under the
 * token list's key, so understand_two_step finds it there and does not score it. skey[q]: the shared key looked up
 * for text q ("" for none), under which understand_two_step writes what it scores. */
static void shared_tokens_fetch(rt_router_t *r, wa_consumer_t *c, size_t n, const char **ids, char *const *toks,
                                const int *intent, const long long *vers, char (*skey)[RT_KBSHARE_KEY_MAX])
{
    char(*tkeys)[RT_KBCACHE_KEY_MAX] = wa_calloc(n + 1, sizeof(*tkeys));
    const char **keys = wa_calloc(n + 1, sizeof(*keys));
    size_t *qs = wa_calloc(n + 1, sizeof(*qs)), *lens = wa_calloc(n + 1, sizeof(*lens)), nk = 0;
    char **vals = wa_calloc(n + 1, sizeof(*vals));
    redisContext *rc;

    for (size_t q = 0; q < n; q++) {
        wa_kb_result_t held;
        char label[WA_KB_LABEL_MAX];
        int ask = intent[q] != 0;
        skey[q][0] = '\0';
        if (rt_kbcache_tokens_key(ids[q], toks[q], tkeys[q], sizeof(tkeys[q])) != 0)
            continue;
        if (tokens_cached(r, tkeys[q], vers[q], ask, &held, label, sizeof(label))) {
            wa_kb_result_dispose(&held);
            continue;
        }
        if (rt_kbshare_key(r->cfg, ids[q], vers[q], tkeys[q], r->kb_threshold, r->kb_margin, skey[q],
                           sizeof(skey[q])) != 0) {
            skey[q][0] = '\0';
            continue;
        }
        keys[nk] = skey[q];
        qs[nk++] = q;
    }
    if (nk > 0 && (rc = wa_consumer_redis(c)) != NULL && rt_kbshare_fetch(rc, nk, keys, vals, lens) != 0) {
        wa_metric_add(r->m_shared_failed, 1);
        if (rc->err)
            wa_consumer_redis_failed(c);
    }
    for (size_t k = 0; k < nk; k++) {
        size_t q = qs[k];
        wa_metric_add(share_take(r, vals[k], lens[k], intent[q] != 0, tkeys[q], vers[q]) ? r->m_shared_tokens_hit
                                                                                         : r->m_shared_tokens_miss,
                      1);
        free(vals[k]);
    }
    free(vals);
    free(lens);
    free(qs);
    free(keys);
    free(tkeys);
}

/* The second step of understand_two_step with the candidates scored here (issue 14: kbscore.h) rather than in
 * PostgreSQL: the same rows as router_understand_tokens (bench/router/kbscore_parity.py, tests/e2e/
 * test_kb_score_parity.py), from each clinic's snapshot at the version the batch read (kbsnap.h; fetched in one
 * statement for the clinics that have none here). PostgreSQL is asked only the intent labels, of the lists a flow
 * asks them of (router_understand_labels), in one statement per WA_KB_CHUNK. Fills got[k] and labels[k] as
 * pg_parallel(UND_TOKENS) does; returns 0, -1 on a database error, or 1 when a clinic's snapshot did not load or the
 * tokens did not read (never expected; logged): the caller then scores these lists in PostgreSQL, as with
 * ROUTER_KB_SNAPSHOT_KB=0, and no message waits on a fault of this path (got[] disposed but for 0). */
static int score_here(rt_router_t *r, size_t m, const char **ids, const char **toks, const int *intent,
                      const long long *vers, wa_kb_result_t *got, char (*labels)[WA_KB_LABEL_MAX])
{
    int any = 0;

    for (size_t k = 0; k < m; k++) {
        memset(&got[k], 0, sizeof(got[k]));
        got[k].best = -1;
        labels[k][0] = '\0';
        any |= intent[k] != 0;
    }
    if (any && pg_parallel(r, UND_LABELS, m, ids, toks, intent, NULL, labels, NULL) != 0)
        return -1;
    unsigned long long before = rt_kbsnap_fetched(r->kb_snaps);
    int rc = rt_kbsnap_fetch(r->kb_snaps, r->pg, m, ids, vers);
    if (rc == -2)
        rc = 1;
    for (size_t k = 0; k < m && rc == 0; k++) {
        const rt_kbscore_t *s = rt_kbsnap_get(r->kb_snaps, ids[k], vers[k]);
        char **tv = NULL;
        int nt;
        if (s == NULL) { /* put out by the cap since the fetch above: read again, then scored at once */
            if ((rc = rt_kbsnap_fetch(r->kb_snaps, r->pg, 1, &ids[k], &vers[k])) != 0 ||
                (s = rt_kbsnap_get(r->kb_snaps, ids[k], vers[k])) == NULL) {
                rc = rc == -1 ? -1 : 1;
                break;
            }
        }
        if ((nt = rt_kbscore_text_array(toks[k], &tv)) < 0) {
            wa_error("the analysis gave tokens that are not a text array", "doctor_id", ids[k]);
            rc = 1;
            break;
        }
        if (nt > 0 && rt_kbscore_shares_word(s, (const char *const *)tv, nt)) {
            rt_kbscore_row_t rows[WA_KB_CANDIDATES];
            int nr = rt_kbscore_match(s, (const char *const *)tv, nt, WA_KB_CANDIDATES, rows);
            for (int i = 0; i < nr; i++) {
                wa_kb_hit_t *h = &got[k].hits[got[k].nhits++];
                snprintf(h->id, sizeof(h->id), "%lld", rows[i].id);
                h->question = wa_strdup(rows[i].question);
                h->answer = wa_strdup(rows[i].answer);
                h->score = isfinite(rows[i].score) ? rows[i].score : 0;
            }
            rt_kbscore_rows_free(rows, nr > 0 ? nr : 0);
        }
        free(tv);
        wa_kb_choose(&got[k], r->kb_threshold, r->kb_margin);
        wa_metric_add(r->m_scored, 1);
    }
    wa_metric_add(r->m_snap_fetched, (int64_t)(rt_kbsnap_fetched(r->kb_snaps) - before));
    wa_metric_set(r->m_snap_bytes, (int64_t)rt_kbsnap_bytes(r->kb_snaps));
    if (rc != 0)
        for (size_t k = 0; k < m; k++)
            wa_kb_result_dispose(&got[k]);
    return rc;
}

/* A batch's new texts understood in two steps (issue 14, round 26: 139_perf29.sql): their analysis first (the
 * tokens, UND_ANALYSE), then the intent and the candidates (UND_TOKENS) only for the token lists the answer cache
 * has no answer for at the text's doctor and knowledge-base version (vers[q]): texts that differ as text often
 * analyse alike ("What are your timings?" and "timings pls"; over tests/kb_eval's questions 0.44 distinct token lists
 * a distinct text at a clinic), and the score, 75-92 % of a new text, depends on nothing but the tokens. A token list
 * asked twice in the batch is scored once. Fills got[q] and labels[q] as wa_kb_understand_batch's one step would (the
 * same rows: router_understand_tokens is router_understand_batch on the tokens given), puts each scored list into
 * the answer cache under its tokens' key (kbcache.h) and writes that key into tokens_key[q] ("" for a text whose
 * tokens make no key). With c (the shared answer cache on: ROUTER_KB_SHARED_TTL), the token lists another replica
 * scored are read from Redis first and those scored here written there (shared_tokens_fetch). Returns 0, or -1 on a
 * database error (got[] disposed). */
static int understand_two_step(rt_router_t *r, wa_consumer_t *c, size_t n, const char **ids, const char **texts,
                               const int *intent, const long long *vers, wa_kb_result_t *got,
                               char (*labels)[WA_KB_LABEL_MAX], char (*tokens_key)[RT_KBCACHE_KEY_MAX])
{
    char **toks = wa_calloc(n + 1, sizeof(*toks));
    char(*tkey)[RT_KBCACHE_KEY_MAX + 24] = wa_calloc(n + 1, sizeof(*tkey)); /* version, key: the batch's duplicates */
    size_t *from = wa_calloc(n + 1, sizeof(*from)); /* from[q]: 1 + the list scored for q, or 0 (a hit) */
    size_t *which = wa_calloc(n + 1, sizeof(*which)), m = 0;
    const char **mids = wa_calloc(n + 1, sizeof(*mids)), **mtoks = wa_calloc(n + 1, sizeof(*mtoks));
    long long *mvers = wa_calloc(n + 1, sizeof(*mvers));
    int *mintent = wa_calloc(n + 1, sizeof(*mintent)), *ask = wa_calloc(n + 1, sizeof(*ask));
    wa_kb_result_t *mgot = NULL;
    char(*mlabels)[WA_KB_LABEL_MAX] = NULL;
    char(*skey)[RT_KBSHARE_KEY_MAX] = c != NULL ? wa_calloc(n + 1, sizeof(*skey)) : NULL;
    seen_t same;
    int rc;

    seen_init(&same, n);
    if ((rc = analyse_texts(r, n, ids, texts, toks)) != 0)
        goto out;
    for (size_t q = 0; q < n; q++)
        ask[q] = intent[q] && texts[q] != NULL && texts[q][0] != '\0';
    if (skey != NULL) /* what another replica scored is not scored again */
        shared_tokens_fetch(r, c, n, ids, toks, ask, vers, skey);
    for (size_t q = 0; q < n; q++) {
        char key[RT_KBCACHE_KEY_MAX];
        int hit = 0;
        memset(&got[q], 0, sizeof(got[q]));
        got[q].best = -1;
        labels[q][0] = '\0';
        tokens_key[q][0] = '\0';
        if (rt_kbcache_tokens_key(ids[q], toks[q], key, sizeof(key)) == 0) {
            snprintf(tkey[q], sizeof(tkey[q]), "%lld\n%s", vers[q], key);
            snprintf(tokens_key[q], sizeof(tokens_key[q]), "%s", key);
            hit = tokens_cached(r, key, vers[q], ask[q], &got[q], labels[q], sizeof(labels[q]));
        }
        wa_metric_add(hit ? r->m_tokens_hit : r->m_tokens_miss, 1);
        if (hit)
            continue;
        if (tkey[q][0] != '\0' && !seen_add(&same, tkey[q])) {
            for (size_t k = 0; k < m; k++)
                if (strcmp(tkey[which[k]], tkey[q]) == 0) {
                    from[q] = k + 1;
                    mintent[k] |= ask[q];
                    break;
                }
            continue;
        }
        mids[m] = ids[q];
        mtoks[m] = toks[q];
        mvers[m] = vers[q];
        mintent[m] = ask[q];
        which[m++] = q;
        from[q] = m;
    }
    if (m > 0) {
        mgot = wa_calloc(m, sizeof(*mgot));
        mlabels = wa_calloc(m, sizeof(*mlabels));
        rc = r->kb_snaps != NULL ? score_here(r, m, mids, mtoks, mintent, mvers, mgot, mlabels) : 1;
        if (rc == 1) /* in PostgreSQL: ROUTER_KB_SNAPSHOT_KB=0, or this batch's snapshot or tokens did not read */
            rc = pg_parallel(r, UND_TOKENS, m, mids, mtoks, mintent, mgot, mlabels, NULL);
        if (rc != 0) {
            for (size_t q = 0; q < n; q++)
                wa_kb_result_dispose(&got[q]);
            goto out;
        }
        for (size_t k = 0; k < m; k++) {
            size_t q = which[k];
            if (tokens_key[q][0] != '\0') { /* under the version read before the statements (kbcache.h) */
                if (mintent[k])
                    rt_kbcache_put_label(r->kb_cache, tokens_key[q], vers[q], mlabels[k]);
                rt_kbcache_put(r->kb_cache, tokens_key[q], vers[q], &mgot[k]);
            }
        }
        if (skey != NULL) /* and into the shared cache, for the other replicas */
            share_results(r, c, m, which, skey, mgot, mintent, mlabels, r->m_shared_tokens_stored);
        for (size_t q = 0; q < n; q++)
            if (from[q] > 0) {
                wa_kb_result_copy(&got[q], &mgot[from[q] - 1]);
                snprintf(labels[q], sizeof(labels[q]), "%s", mlabels[from[q] - 1]);
            }
    }
out:
    for (size_t k = 0; mgot != NULL && k < m; k++)
        wa_kb_result_dispose(&mgot[k]);
    free(mgot);
    free(mlabels);
    free(same.slots);
    for (size_t q = 0; q < n; q++)
        free(toks[q]);
    free(toks);
    free(tkey);
    free(from);
    free(which);
    free(mids);
    free(mtoks);
    free(mvers);
    free(mintent);
    free(ask);
    free(skey);
    return rc;
}

/* The replicas' shared answer cache (kbshare.h; ROUTER_KB_SHARED_TTL > 0 and an answer cache of this replica's own):
 * one MGET for the n texts understand is about to analyse (skey[i]: the key of item i's text, "" for none). A value
 * holding what its text needs (the candidates, and the intent label when a flow asks for it) goes into this replica's
 * answer cache under the same version, and its text is taken off the list (ids, texts, intent and which compacted;
 * slot and needs of its items cleared: the flows and lookup_kb then read it from the answer cache, a hit). Redis
 * failing reads as a miss for every text. Returns the texts left to analyse. */
static size_t shared_fetch(run_t *x, size_t n, const char **ids, const char **texts, int *intent, size_t *which,
                           size_t *slot, int *needs, char (*skey)[RT_KBSHARE_KEY_MAX])
{
    rt_router_t *r = x->j.r;
    batch_t *b = &x->b;
    const char **keys = wa_calloc(n + 1, sizeof(*keys));
    size_t *qs = wa_calloc(n + 1, sizeof(*qs)), *lens = wa_calloc(n + 1, sizeof(*lens)), nk = 0, left = 0;
    size_t *moved = wa_calloc(n + 1, sizeof(*moved)); /* moved[q]: 1 + q's index after compaction, 0 when a hit */
    char **vals = wa_calloc(n + 1, sizeof(*vals));
    redisContext *rc = NULL;

    for (size_t q = 0; q < n; q++)
        if (skey[which[q]][0] != '\0') {
            keys[nk] = skey[which[q]];
            qs[nk++] = q;
        }
    if (nk > 0 && (rc = wa_consumer_redis(x->j.c)) != NULL && rt_kbshare_fetch(rc, nk, keys, vals, lens) != 0) {
        wa_metric_add(r->m_shared_failed, 1);
        if (rc->err)
            wa_consumer_redis_failed(x->j.c);
    }
    for (size_t k = 0; k < nk; k++) {
        size_t q = qs[k];
        const item_t *it = &b->items[which[q]];
        char ck[RT_KBCACHE_KEY_MAX];
        /* a miss unless the value serves */
        moved[q] = !(rt_kbcache_key(it->doctor.id, it->m->text, ck, sizeof(ck)) == 0 &&
                     share_take(r, vals[k], lens[k], intent[q], ck, it->kb_version));
    }
    for (size_t q = 0; q < n; q++) {
        if (skey[which[q]][0] != '\0' && moved[q] == 0) {
            wa_metric_add(r->m_shared_hit, 1);
            continue;
        }
        if (skey[which[q]][0] != '\0')
            wa_metric_add(r->m_shared_miss, 1);
        ids[left] = ids[q], texts[left] = texts[q], intent[left] = intent[q], which[left] = which[q];
        moved[q] = ++left;
    }
    for (size_t i = 0; i < b->nitems; i++)
        if (slot[i] > 0 && (slot[i] = moved[slot[i] - 1]) == 0)
            needs[i] = 0; /* the shared cache's answer, now in the answer cache */
    for (size_t k = 0; k < nk; k++)
        free(vals[k]);
    free(vals);
    free(moved);
    free(lens);
    free(qs);
    free(keys);
    return left;
}

/* Step 3a0': the batch's new texts analysed once (issue 14): every text that a flow would ask the intent of, or that
 * would go on to the knowledge base, and that the answer cache does not hold for the doctor's current version, in two
 * statements per WA_KB_CHUNK (understand_two_step: the tokens once, typo correction included, then the intent label
 * and the candidates from them, only for token lists the cache has no answer for); a text asked several times in the
 * batch is analysed once. The flows then read
 * the label from their turn and lookup_kb the candidates (x->und/label/pre), and both go into the answer cache under
 * the version read before this statement. Returns 0, or -1 on a database error (the batch is retried, as after a
 * failed lookup). */
static int understand(run_t *x)
{
    rt_router_t *r = x->j.r;
    batch_t *b = &x->b;
    size_t n = 0, *slot = wa_calloc(b->nitems + 1, sizeof(*slot)); /* slot[i]: 1 + the analysed text item i reads */
    size_t *which = wa_calloc(b->nitems + 1, sizeof(*which));     /* which[q]: the item whose text q is */
    const char **ids = wa_calloc(b->nitems + 1, sizeof(*ids)), **texts = wa_calloc(b->nitems + 1, sizeof(*texts));
    int *intent = wa_calloc(b->nitems + 1, sizeof(*intent)), *needs = wa_calloc(b->nitems + 1, sizeof(*needs));
    char(*ckey)[RT_KBCACHE_KEY_MAX] = wa_calloc(b->nitems + 1, sizeof(*ckey)); /* "": too long for a cache key */
    char(*keys)[RT_KBCACHE_KEY_MAX + 24] = wa_calloc(b->nitems + 1, sizeof(*keys));
    int shared = r->cfg->router_kb_shared_ttl > 0 && r->cfg->router_kb_cache_kb > 0;
    char(*skey)[RT_KBSHARE_KEY_MAX] = shared ? wa_calloc(b->nitems + 1, sizeof(*skey)) : NULL; /* kbshare.h */
    wa_kb_result_t *got = NULL;
    char(*labels)[WA_KB_LABEL_MAX] = NULL;
    char(*tokens_key)[RT_KBCACHE_KEY_MAX] = NULL; /* understand_two_step's: the tokens' key of each analysed text */
    seen_t same;
    int rc = 0;

    seen_init(&same, b->nitems);
    for (size_t i = 0, k = 0; i < b->nitems; i++) {
        item_t *it = &b->items[i];
        char label[WA_KB_LABEL_MAX];
        wa_kb_result_t held;
        int need, cached;
        if (!it->record)
            continue;
        if (x->in[k++].answered || (need = text_needs(r, it)) == 0)
            continue;
        /* a text the cache answers both questions for is not analysed again */
        if (rt_kbcache_key(it->doctor.id, it->m->text, ckey[i], sizeof(ckey[i])) != 0)
            ckey[i][0] = '\0';
        cached = ckey[i][0] != '\0';
        if (cached && (need & RT_NEEDS_INTENT))
            cached = rt_kbcache_get_label(r->kb_cache, ckey[i], it->kb_version, label, sizeof(label));
        if (cached && (need & RT_NEEDS_KB) && (cached = rt_kbcache_get(r->kb_cache, ckey[i], it->kb_version, &held)))
            wa_kb_result_dispose(&held);
        if (cached)
            continue;
        needs[i] = need;
        /* the same text (by its cache key; a text too long for one is analysed on its own) of the same doctor at the
         * same version: analysed once */
        if (ckey[i][0] != '\0') {
            snprintf(keys[i], sizeof(keys[i]), "%lld\n%s", it->kb_version, ckey[i]);
            if (!seen_add(&same, keys[i])) {
                for (size_t q = 0; q < n; q++)
                    if (strcmp(keys[which[q]], keys[i]) == 0) {
                        slot[i] = q + 1;
                        intent[q] |= (need & RT_NEEDS_INTENT) != 0;
                        break;
                    }
                continue;
            }
        }
        ids[n] = it->doctor.id;
        texts[n] = it->m->text;
        intent[n] = (need & RT_NEEDS_INTENT) != 0;
        which[n++] = i;
        slot[i] = n;
        if (skey != NULL &&
            (ckey[i][0] == '\0' || rt_kbshare_key(r->cfg, it->doctor.id, it->kb_version, ckey[i], r->kb_threshold,
                                                  r->kb_margin, skey[i], sizeof(skey[i])) != 0))
            skey[i][0] = '\0';
    }
    if (skey != NULL && n > 0) /* what another replica analysed already is not analysed again */
        n = shared_fetch(x, n, ids, texts, intent, which, slot, needs, skey);
    if (n > 0) {
        got = wa_calloc(n, sizeof(*got));
        labels = wa_calloc(n, sizeof(*labels));
        long long *vers = wa_calloc(n, sizeof(*vers));
        tokens_key = wa_calloc(n, sizeof(*tokens_key));
        for (size_t q = 0; q < n; q++)
            vers[q] = b->items[which[q]].kb_version;
        rc = understand_two_step(r, shared ? x->j.c : NULL, n, ids, texts, intent, vers, got, labels, tokens_key);
        free(vers);
        if (rc == 0 && skey != NULL) /* every analysed text's result, for the other replicas */
            share_results(r, x->j.c, n, which, skey, got, intent, labels, r->m_shared_stored);
    }
    if (rc == 0 && n > 0) {
        x->und = wa_calloc(b->nitems + 1, sizeof(*x->und));
        x->label = wa_calloc(b->nitems + 1, sizeof(*x->label));
        x->pre = wa_calloc(b->nitems + 1, sizeof(*x->pre));
        for (size_t i = 0; i < b->nitems; i++) {
            const item_t *it = &b->items[i];
            size_t q;
            int own;
            if (needs[i] == 0 || slot[i] == 0)
                continue;
            q = slot[i] - 1;
            own = which[q] == i;
            x->und[i] = own ? 1 : 2; /* 2: the text of an earlier item, a hit for the metrics */
            snprintf(x->label[i], sizeof(x->label[i]), "%s", labels[q]);
            wa_kb_result_copy(&x->pre[i], &got[q]);
            if (own && ckey[i][0] != '\0' && tokens_key[q][0] != '\0') {
                /* the text names its tokens' entries, which hold the result (and the label where it was asked)
                 * under the version read before the statements: one copy for every wording (kbcache.h) */
                rt_kbcache_put_alias(r->kb_cache, ckey[i], it->kb_version, tokens_key[q]);
            } else if (own && ckey[i][0] != '\0') {
                /* into the answer cache, under the version read before the statement (kbcache.h) */
                if (intent[q])
                    rt_kbcache_put_label(r->kb_cache, ckey[i], it->kb_version, labels[q]);
                rt_kbcache_put(r->kb_cache, ckey[i], it->kb_version, &got[q]);
            }
        }
        wa_metric_set(r->m_cache_bytes, (int64_t)rt_kbcache_bytes(r->kb_cache));
    }
    for (size_t q = 0; got != NULL && q < n; q++)
        wa_kb_result_dispose(&got[q]);
    free(got);
    free(labels);
    free(tokens_key);
    free(same.slots);
    free(skey);
    free(keys);
    free(ckey);
    free(needs);
    free(intent);
    free(texts);
    free(ids);
    free(which);
    free(slot);
    return rc;
}

/* Step 3a: the decision of every recorded message not answered before (decide), and the download job of each media
 * message (emit_media_job); those left for the knowledge base are collected in kb_item. Returns 0, or -1 on a
 * PostgreSQL/Redis failure. */
static int decide_all(run_t *x)
{
    batch_t *b = &x->b;

    char **flowed = wa_calloc(b->nitems + 1, sizeof(*flowed)); /* the patients a flow answered in this batch */
    seen_t touched;
    int rc = 0;

    x->kb_item = wa_calloc(b->nitems + 1, sizeof(*x->kb_item));
    if (prefetch_handoffs(x) != 0) {
        free(flowed);
        return -1;
    }
    coalesce_reads(x);
    if (understand(x) != 0) {
        free(flowed);
        return -1;
    }
    seen_init(&touched, b->nitems);
    for (size_t i = 0, k = 0; rc == 0 && i < b->nitems; i++) {
        item_t *it = &b->items[i];
        char who[600];
        if (!it->record)
            continue;
        snprintf(who, sizeof(who), "%s\n%s", it->doctor.id, it->wa_id);
        if (it->handoff_checked && seen_has(&touched, who))
            it->handoff_checked = 0; /* a flow may have paused (or resumed) this patient since: ask again */
        if (x->in[k].answered)
            it->outcome = OUT_DUPLICATE;
        else if (decide(&x->j, it, x->in[k].patient_id, x->und != NULL && x->und[i] ? x->label[i] : NULL) != 0)
            rc = -1;
        if (rc == 0 && !x->in[k].answered && is_media(it->m->kind))
            emit_media_job(&x->j, it);
        if (rc == 0 && it->outcome == OUT_FLOW && !seen_has(&touched, who))
            (void)seen_add(&touched, flowed[i] = wa_strdup(who));
        if (it->need_kb)
            x->kb_item[x->nkb++] = i;
        k++;
    }
    for (size_t i = 0; i < b->nitems; i++)
        free(flowed[i]);
    free(flowed);
    free(touched.slots);
    return rc;
}

/* Step 3a': the knowledge base's answers for the messages left: from the answer cache (kbcache.h) when it holds one
 * for the doctor's current version (read by the record statement, before this lookup), else from PostgreSQL in one
 * statement for all the misses, whose results are then cached under that version. Returns 0 or -1. */
static int lookup_kb(run_t *x)
{
    rt_router_t *r = x->j.r;
    batch_t *b = &x->b;
    size_t nkb = x->nkb, nmiss = 0;
    const char **ids = wa_calloc(nkb, sizeof(*ids)), **texts = wa_calloc(nkb, sizeof(*texts));
    size_t *miss = wa_calloc(nkb, sizeof(*miss)), *same = wa_calloc(nkb, sizeof(*same)); /* same[q]: 1 + the miss */
    long long *version = wa_calloc(nkb, sizeof(*version));
    char(*keys)[RT_KBCACHE_KEY_MAX] = wa_calloc(nkb, sizeof(*keys));
    wa_kb_result_t *got = NULL;
    int krc = 0;

    x->kb = wa_calloc(nkb, sizeof(*x->kb));
    for (size_t q = 0; q < nkb; q++) {
        const item_t *it = &b->items[x->kb_item[q]];
        x->kb[q].best = -1;
        version[q] = it->kb_version; /* the record statement's (prefetch_handoffs copied it) */
        if (x->und != NULL && x->und[x->kb_item[q]]) { /* analysed in this batch (understand): a miss, counted here */
            wa_kb_result_copy(&x->kb[q], &x->pre[x->kb_item[q]]);
            wa_metric_add(x->und[x->kb_item[q]] == 2 ? r->m_cache_hit : r->m_cache_miss, 1);
            continue;
        }
        if (rt_kbcache_key(it->doctor.id, it->m->text, keys[q], sizeof(keys[q])) != 0)
            keys[q][0] = '\0'; /* not cacheable */
        else if (rt_kbcache_get(r->kb_cache, keys[q], version[q], &x->kb[q])) {
            wa_metric_add(r->m_cache_hit, 1);
            continue;
        } else {
            size_t m = 0; /* the same question earlier in the batch (many patients ask it at once): looked up once */
            while (m < nmiss && m < 256 && !(version[miss[m]] == version[q] && strcmp(keys[miss[m]], keys[q]) == 0))
                m++;
            if (m < nmiss && m < 256) {
                same[q] = m + 1;
                continue;
            }
        }
        ids[nmiss] = it->doctor.id;
        texts[nmiss] = it->m->text;
        miss[nmiss++] = q;
    }
    if (nmiss > 0) {
        wa_metric_add(r->m_cache_miss, (long long)nmiss);
        got = wa_calloc(nmiss, sizeof(*got));
        krc = wa_kb_lookup_batch(r->pg, nmiss, ids, texts, r->kb_threshold, r->kb_margin, got);
        for (size_t i = 0; krc == 0 && i < nmiss; i++) {
            size_t q = miss[i];
            if (keys[q][0] != '\0')
                rt_kbcache_put(r->kb_cache, keys[q], version[q], &got[i]);
            x->kb[q] = got[i]; /* moved: run_dispose frees it */
        }
        for (size_t q = 0; krc == 0 && q < nkb; q++)
            if (same[q] > 0) {
                wa_kb_result_copy(&x->kb[q], &x->kb[miss[same[q] - 1]]);
                wa_metric_add(r->m_cache_hit, 1);
            }
        if (krc == 0)
            wa_metric_set(r->m_cache_bytes, (int64_t)rt_kbcache_bytes(r->kb_cache));
    }
    free(got);
    free(keys);
    free(version);
    free(miss);
    free(same);
    free(ids);
    free(texts);
    return krc;
}

/* Step 3b: the knowledge base for the messages left (lookup_kb): a confident hit is the answer, the rest go to the ai
 * stage with the hits as context. Returns 0 or -1. */
static int answer_from_kb(run_t *x)
{
    rt_router_t *r = x->j.r;
    batch_t *b = &x->b;
    size_t nkb = x->nkb;

    if (nkb == 0)
        return 0;
    if (lookup_kb(x) != 0)
        return -1;
    for (size_t q = 0; q < nkb; q++)
        wa_kb_band(&x->kb[q], r->kb_rerank_low, r->kb_rerank_high);
    for (size_t q = 0, k = 0; q < nkb; q++) {
        item_t *it = &b->items[x->kb_item[q]];
        const char *patient_id = NULL;
        for (; k < x->nrec; k++)
            if (x->in[k].wamid == it->m->id) {
                patient_id = x->in[k].patient_id;
                break;
            }
        if (x->kb[q].best >= 0 && !(x->kb[q].band && r->kb_rerank)) {
            const wa_kb_hit_t *h = &x->kb[q].hits[x->kb[q].best];
            char score[16];
            snprintf(score, sizeof(score), "%.2f", h->score);
            emit_text_reply(&x->j, &it->doctor, it->wa_id, it->m, h->answer, "kb");
            wa_debug("knowledge-base answer", "wamid", it->m->id, "doctor_id", it->doctor.id, "kb_id", h->id, "score",
                     score);
            snprintf(it->kb_id, sizeof(it->kb_id), "%s", h->id);
            it->outcome = OUT_KB;
        } else {
            emit_ai_request(&x->j, it, patient_id != NULL ? patient_id : "", &x->kb[q]);
            it->outcome = OUT_AI;
        }
    }
    return 0;
}

/* Step 4: every reply, read receipt, ai request and unrouted change: one pipeline; what was cut off a webhook too
 * large to process whole: one wa:dlq entry each. Returns 0 or -1 (Redis). */
static int emit_all(run_t *x)
{
    for (size_t i = 0; i < x->b.nitems; i++) /* the read receipts after the replies: a sender takes these first */
        if (x->b.items[i].read_due)
            emit_read(&x->j, &x->b.items[i]);
    if (pipe_flush(&x->j) != 0)
        return -1;
    for (size_t i = 0; i < x->n; i++) /* (an entry dead-lettered whole carries its excess in its own dlq entry) */
        if (x->b.parsed[i] && x->results[i].outcome == WA_ENTRY_ACK && x->b.webhooks[i].excess != NULL &&
            dlq_excess(&x->j, &x->entries[i], &x->b.webhooks[i]) != 0)
            return -1;
    return 0;
}

/* Step 5: marks every recorded message handled ("routed" when an answer was handed on, else "recorded"), in one
 * statement. Returns 0 or -1. */
static int mark_handled(run_t *x)
{
    rt_handled_t *h = wa_calloc(x->nrec + 1, sizeof(*h));
    size_t nh = 0;
    int rc;

    for (size_t i = 0; i < x->b.nitems; i++) {
        item_t *it = &x->b.items[i];
        if (!it->record || it->outcome == OUT_DUPLICATE)
            continue;
        it->routed = it->outcome != OUT_NO_REPLY && it->outcome != OUT_DISABLED && it->outcome != OUT_EDIT &&
                     it->outcome != OUT_REVOKE;
        h[nh++] = (rt_handled_t){.doctor_id = it->doctor.id,
                                 .wamid = it->m->id,
                                 .kb_id = it->kb_id,
                                 .status = it->routed ? "routed" : "recorded"};
    }
    rc = rt_store_mark_batch(x->j.r->pg, h, nh);
    free(h);
    return rc;
}

/* After a run that succeeded: the metrics and one log line per message. */
static void report(run_t *x)
{
    rt_router_t *r = x->j.r;

    wa_metric_add(r->m_status_applied, (long long)x->applied);
    wa_metric_add(r->m_status_stale, (long long)(x->b.nstatuses - x->applied));
    wa_metric_add(r->m_status_ignored, (long long)x->b.nignored);
    for (size_t i = 0, k = 0; i < x->b.nitems; i++) {
        item_t *it = &x->b.items[i];
        const char *patient_id = "";
        if (it->record)
            patient_id = x->in[k++].patient_id;
        count(r, it->outcome);
        if (it->need_kb)
            wa_metric_add(it->outcome == OUT_KB ? r->m_kb_hits : r->m_kb_misses, 1);
        wa_info("inbound message", "wamid", it->m->id, "doctor_id", it->doctor.id, "patient_id", patient_id,
                "entry_id", it->e->id, "type", it->m->type, "outcome", outcome_names[it->outcome], "why", it->why);
    }
}

static void run_dispose(run_t *x)
{
    for (size_t q = 0; x->kb != NULL && q < x->nkb; q++)
        wa_kb_result_dispose(&x->kb[q]);
    free(x->kb);
    for (size_t i = 0; x->pre != NULL && i < x->b.nitems; i++)
        wa_kb_result_dispose(&x->pre[i]);
    free(x->pre);
    free(x->label);
    free(x->und);
    free(x->kb_item);
    free(x->in);
    free(x->seen.slots);
    wa_pipe_dispose(&x->j.pipe);
    batch_dispose(&x->b, x->n);
}

#define TRIM_AFTER_ITEMS 256 /* messages in one batch after which its freed memory is given back */
#define TRIM_EVERY_MS 1000

/* A batch's memory grows with its messages (about 8 KB each while it runs: the parsed webhooks, the texts' results
 * copied for the flows, the lookup and the answer cache, the Redis pipeline), and malloc keeps what the batch freed
 * in holes of its heap between what stays (the answer cache's entries made during the batch), so one batch of many
 * messages (webhooks of 30 messages each: the answer cache's warm-up in bench/e2e.py, 1,470 in one batch) left the
 * router ~10 MiB above its resting RSS for good (issue 14, round 7). After such a batch malloc_trim gives the free
 * pages back (at most once a second, and only after such a batch: one walk of the heap's free chunks), as the ai does
 * after a burst (services/ai/loop.c). */
static void trim_after(rt_router_t *r, size_t nitems)
{
    long long now;

    if (nitems < TRIM_AFTER_ITEMS)
        return;
    now = wa_mono_ms();
    if (now - r->trimmed_ms < TRIM_EVERY_MS)
        return;
    (void)malloc_trim(0);
    r->trimmed_ms = now;
}

/* Processes entries[0..n), or the first of them that carry max_items messages and statuses (parse_entries; at least
 * one entry), as one batch: a bounded number of PostgreSQL round trips (other webhook fields, tenant cache misses and
 * the rare edit/revoke/opt-out statements aside: statuses, record, knowledge base, mark handled) and one Redis
 * pipeline. Sets DLQ results for entries that are not webhooks and *used to the number of entries the run covered
 * (>= 1 when n >= 1, on a failure too), and adds its messages to *nitems. Returns 0, or -1 when PostgreSQL or Redis
 * failed (nothing is acknowledged then; every step is idempotent). */
static int run(rt_router_t *r, wa_consumer_t *c, wa_entry_t *entries, wa_result_t *results, size_t n,
               size_t max_items, size_t *used, size_t *nitems)
{
    run_t x = {.j = {.r = r, .c = c}, .entries = entries, .results = results, .n = n, .max_items = max_items};
    int rc = -1;

    if (parse_entries(&x) == 0 && apply_statuses(&x) == 0 && record_messages(&x) == 0 && move_state(&x) == 0 &&
        decide_all(&x) == 0 && answer_from_kb(&x) == 0 && emit_all(&x) == 0 && mark_handled(&x) == 0) {
        report(&x);
        rc = 0;
    }
    *used = x.n;
    *nitems += x.b.nitems;
    run_dispose(&x);
    return rc;
}

/* A batch's live memory grows with its messages, about 8 KB each while it runs (its parsed webhooks, each text's
 * candidates copied for the flows, the lookup, the Redis pipeline): one read of 64 webhooks of 30 messages each (the
 * answer cache's warm-up in bench/e2e.py) took the router from 13 to over 20 MiB (issue 14, round 8). So a batch runs
 * as consecutive runs of whole entries, each stopping after the entry that brings it to RUN_MAX_ITEMS messages and
 * statuses: at Meta's ~1.3 messages a webhook a read of WA_BATCH_SIZE (64) webhooks is one run as before. The runs go
 * in stream order, each finished (recorded, emitted, marked handled) before the next starts, and the consumer
 * acknowledges only after the last, so what a run's entries get (replies, their order per patient, the statements'
 * effects) is what one run of the whole batch gave, but for two things that only repeat: a wamid seen again in a
 * later run is a duplicate by the record statement instead of by the batch's seen set, and a patient with messages in
 * two runs gets a read receipt in each. */
#define RUN_MAX_ITEMS 256

void rt_router_batch_cb(wa_consumer_t *c, wa_entry_t *entries, wa_result_t *results, size_t n, void *data)
{
    rt_router_t *r = data;
    size_t used, nitems = 0;

    for (size_t off = 0; off < n; off += used) {
        if (run(r, c, entries + off, results + off, n - off, RUN_MAX_ITEMS, &used, &nitems) == 0)
            continue;
        /* one entry's bad data must not hold the others back: each on its own, retrying only those that fail */
        for (size_t i = off; i < off + used; i++) {
            size_t one;
            if (used > 1 && run(r, c, &entries[i], &results[i], 1, RUN_MAX_ITEMS, &one, &nitems) == 0)
                continue;
            results[i].outcome = WA_ENTRY_RETRY;
            wa_warn("entry left pending for a retry", "entry_id", entries[i].id);
        }
    }
    trim_after(r, nitems); /* once for the whole batch: after its last run */
    for (size_t i = 0; i < n; i++) {
        switch (results[i].outcome) {
        case WA_ENTRY_ACK:
            wa_metric_add(r->m_entry_ok, 1);
            break;
        case WA_ENTRY_DLQ:
            wa_metric_add(r->m_entry_dlq, 1);
            break;
        case WA_ENTRY_RETRY:
            wa_metric_add(r->m_entry_retry, 1);
            break;
        }
    }
}
