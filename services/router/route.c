/*
 * Processing of one wa:in entry (see route.h). For each change of the webhook: statuses are applied to our
 * outbound messages; messages are attributed to a doctor (or the change goes to wa:unrouted), then each message
 * is recorded and, at most once, answered.
 *
 * Why a redelivered entry is safe: the steps for one message are (1) upsert the patient, (2) record the message
 * once per wamid, learning whether its routed_at is already set, (3) emit the answer (XADD wa:out or wa:ai),
 * (4) set routed_at. A Meta retry or a redelivery after step 4 stops at step 2 (duplicate). If the router dies or
 * PostgreSQL fails between steps 3 and 4, the redelivery emits again: that is safe because the reply's out_id is
 * "reply:<wamid>" (and the ai request carries the wamid, whose reply gets the same out_id), and the sender and the
 * ai stage deduplicate on it. Any PostgreSQL or Redis failure leaves the whole entry pending (WA_ENTRY_RETRY); the
 * steps already done are no-ops the next time.
 */
#include "route.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/entry.h"
#include "wa/log.h"
#include "wa/ops.h"
#include "wa/phone.h"
#include "wa/redis.h"

#include "kb.h"
#include "store.h"
#include "text.h"

/* rt_route_policy's table: one row per message kind. Unlisted kinds record only. */
static const rt_policy_t policies[RT_MSG__COUNT] = {
    [RT_MSG_TEXT] = RT_POLICY_ANSWER,
    [RT_MSG_INTERACTIVE] = RT_POLICY_ANSWER, /* button_reply / list_reply title */
    [RT_MSG_BUTTON] = RT_POLICY_ANSWER,      /* a template's quick-reply button text */
};

rt_policy_t rt_route_policy(rt_msg_kind_t kind)
{
    if ((int)kind < 0 || kind >= RT_MSG__COUNT)
        return RT_POLICY_RECORD;
    return policies[kind];
}

char *rt_route_welcome_text(const rt_doctor_t *d, const char *profile_name)
{
    char buf[1024], who[300];
    int has_name = profile_name != NULL && profile_name[0] != '\0';

    if (d->clinic_name[0] != '\0')
        snprintf(who, sizeof(who), "%s (%s)", d->clinic_name, d->name);
    else
        snprintf(who, sizeof(who), "the clinic of %s", d->name);
    snprintf(buf, sizeof(buf),
             "Hello%s%.100s! Welcome to %s. Ask me about timings, fees, address or appointments and I will answer "
             "right away.",
             has_name ? " " : "", has_name ? profile_name : "", who);
    return wa_strdup(buf);
}

enum { OUT_KB = 0, OUT_AI, OUT_WELCOME, OUT_NO_REPLY, OUT_DUPLICATE, OUT_UNROUTED, OUT_DISABLED, OUT__COUNT };
static const char *const outcome_names[OUT__COUNT] = {"kb",        "ai",       "welcome", "no_reply",
                                                      "duplicate", "unrouted", "disabled"};

struct st_rt_router_t {
    const wa_config_t *cfg;
    wa_pg_t *pg;
    rt_tenants_t *tenants;
    double kb_threshold, kb_margin;
    wa_metric_t *m_messages[OUT__COUNT];
    wa_metric_t *m_status_applied, *m_status_stale, *m_status_ignored;
    wa_metric_t *m_entry_ok, *m_entry_dlq, *m_entry_retry;
};

/* A threshold from the environment: a number in [0, 1], else the default (with a warning). */
static double env_unit(const char *name, double def)
{
    const char *v = wa_env_str(name, NULL);
    char *end;
    double d;
    if (v == NULL)
        return def;
    d = strtod(v, &end);
    if (*end != '\0' || !(d >= 0 && d <= 1)) {
        wa_warn("ignoring invalid threshold (expected a number between 0 and 1)", "variable", name);
        return def;
    }
    return d;
}

rt_router_t *rt_router_create(const wa_config_t *cfg, wa_pg_t *pg)
{
    rt_router_t *r = wa_calloc(1, sizeof(*r));
    char labels[64];

    r->cfg = cfg;
    r->pg = pg;
    r->tenants = rt_tenants_create(rt_tenant_pg_fetch, pg, RT_TENANT_TTL_MS);
    r->kb_threshold = env_unit("ROUTER_KB_THRESHOLD", RT_KB_THRESHOLD);
    r->kb_margin = env_unit("ROUTER_KB_MARGIN", RT_KB_MARGIN);
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
    return r;
}

void rt_router_destroy(rt_router_t *r)
{
    if (r == NULL)
        return;
    rt_tenants_destroy(r->tenants);
    free(r);
}

/* The state of one entry while it is processed. */
typedef struct st_job_t {
    rt_router_t *r;
    wa_consumer_t *c;
    const wa_entry_t *e;
    const char *received_at;
} job_t;

/* Runs a built command on the consumer's command connection. Returns 0, or -1 when Redis failed (a lost
 * connection is reported to the consumer so that it reconnects; an error reply is logged). */
static int redis_run(job_t *j, wa_cmd_t *cmd, const char *what)
{
    redisContext *rc = wa_consumer_redis(j->c);
    redisReply *rep;
    int ok;

    if (cmd->overflow) {
        wa_error("Redis command too long", "what", what);
        return -1;
    }
    if (rc == NULL)
        return -1;
    if ((rep = wa_redis_cmd(rc, cmd->argc, cmd->argv, cmd->argvlen)) == NULL) {
        wa_warn("Redis command failed", "what", what, "entry_id", j->e->id);
        wa_consumer_redis_failed(j->c);
        return -1;
    }
    ok = rep->type != REDIS_REPLY_ERROR;
    if (!ok)
        wa_warn("Redis command failed", "what", what, "entry_id", j->e->id, "error", rep->str);
    freeReplyObject(rep);
    return ok ? 0 : -1;
}

static void count(rt_router_t *r, int outcome)
{
    wa_metric_add(r->m_messages[outcome], 1);
}

/* Unknown business number: the whole change goes to wa:unrouted for an operator (wactl unrouted list). A
 * redelivery may write it twice; that is harmless for an operator's list. */
static int send_unrouted(job_t *j, const rt_change_t *ch)
{
    char *change = rt_webhook_change_json(ch);
    wa_cmd_t cmd;
    int rc;

    wa_cmd_init(&cmd);
    wa_cmd_args(&cmd, "XADD");
    wa_cmd_args(&cmd, j->r->cfg->key_unrouted);
    wa_cmd_args(&cmd, "*");
    wa_cmd_field(&cmd, "display_phone_number", ch->display_phone_number);
    wa_cmd_field(&cmd, "phone_number_id", ch->phone_number_id);
    wa_cmd_field(&cmd, "change", change);
    wa_cmd_field(&cmd, "received_at", j->received_at);
    wa_cmd_field(&cmd, "waba_id", ch->entry_id);
    wa_cmd_field(&cmd, "source_id", j->e->id);
    rc = redis_run(j, &cmd, "XADD unrouted");
    free(change);
    if (rc == 0)
        wa_warn("no doctor for this business number: change sent to unrouted", "entry_id", j->e->id,
                "phone_number_id", ch->phone_number_id, "display_phone_number", ch->display_phone_number);
    return rc;
}

/* XADD wa:out of a text reply to `m`. */
static int emit_text_reply(job_t *j, const rt_doctor_t *d, const char *to, const rt_message_t *m, const char *body,
                           const char *source)
{
    char out_id[320], created[24];
    char *message = wa_text_message_json(body);
    wa_out_msg_t out = {0};
    wa_cmd_t cmd;
    int rc;

    snprintf(out_id, sizeof(out_id), "reply:%s", m->id);
    snprintf(created, sizeof(created), "%lld", wa_now_ms());
    out.out_id = out_id;
    out.doctor_id = d->id;
    out.to = to;
    out.kind = "text";
    out.message = message;
    out.reply_to = m->id;
    out.source = source;
    out.created_at = created;
    out.attempt = "0";
    wa_cmd_init(&cmd);
    wa_out_msg_xadd(&cmd, j->r->cfg->key_out, &out);
    rc = redis_run(j, &cmd, "XADD out");
    free(message);
    return rc;
}

/* XADD wa:ai for a question the knowledge base could not answer confidently. */
static int emit_ai_request(job_t *j, const rt_doctor_t *d, const char *patient_id, const char *to,
                           const rt_message_t *m, const rt_kb_result_t *kb)
{
    char created[24];
    char *context = rt_kb_context_json(kb);
    wa_ai_req_t req = {0};
    wa_cmd_t cmd;
    int rc;

    snprintf(created, sizeof(created), "%lld", wa_now_ms());
    req.doctor_id = d->id;
    req.patient_id = patient_id;
    req.to = to;
    req.wamid = m->id;
    req.text = m->text;
    req.lang = rt_text_lang_guess(m->text);
    req.created_at = created;
    req.kb_context = context;
    wa_cmd_init(&cmd);
    wa_ai_req_xadd(&cmd, j->r->cfg->key_ai, &req);
    rc = redis_run(j, &cmd, "XADD ai");
    free(context);
    return rc;
}

/* Decides and emits the answer to a recorded, not yet answered message whose policy is ANSWER, then marks it
 * routed. Returns the outcome (OUT_*), or -1 on a PostgreSQL/Redis failure. */
static int answer(job_t *j, const rt_doctor_t *d, const char *patient_id, const char *to, const rt_message_t *m)
{
    rt_kb_result_t kb;
    int outcome;
    const char *kb_id = NULL;

    if (rt_text_is_greeting(m->text)) {
        char *welcome = rt_route_welcome_text(d, m->profile_name);
        int rc = emit_text_reply(j, d, to, m, welcome, "welcome");
        free(welcome);
        if (rc != 0)
            return -1;
        outcome = OUT_WELCOME;
    } else {
        if (rt_kb_lookup(j->r->pg, d->id, m->text, j->r->kb_threshold, j->r->kb_margin, &kb) != 0)
            return -1;
        if (kb.best >= 0) {
            const rt_kb_hit_t *h = &kb.hits[kb.best];
            char score[16];
            snprintf(score, sizeof(score), "%.2f", h->score);
            if (emit_text_reply(j, d, to, m, h->answer, "kb") != 0) {
                rt_kb_result_dispose(&kb);
                return -1;
            }
            wa_debug("knowledge-base answer", "wamid", m->id, "doctor_id", d->id, "kb_id", h->id, "score", score);
            kb_id = h->id;
            outcome = OUT_KB;
        } else {
            if (emit_ai_request(j, d, patient_id, to, m, &kb) != 0) {
                rt_kb_result_dispose(&kb);
                return -1;
            }
            outcome = OUT_AI;
        }
        if (rt_store_mark_routed(j->r->pg, d->id, m->id, kb_id) != 0) {
            rt_kb_result_dispose(&kb);
            return -1;
        }
        rt_kb_result_dispose(&kb);
        return outcome;
    }
    if (rt_store_mark_routed(j->r->pg, d->id, m->id, NULL) != 0)
        return -1;
    return outcome;
}

/* One inbound message of a resolved doctor. Returns 0, or -1 on a PostgreSQL/Redis failure. */
static int handle_message(job_t *j, const rt_doctor_t *d, const rt_message_t *m)
{
    char digits[32] = "", patient_id[48];
    const char *wa_id, *why = NULL;
    rt_inbound_t in;
    int answered, outcome;

    if (m->from != NULL)
        (void)wa_phone_digits(m->from, digits, sizeof(digits)); /* 0: not a phone number, digits stays "" */
    wa_id = digits[0] != '\0' ? digits : m->from_user_id;
    if (wa_id == NULL) {
        wa_warn("message without sender: skipped", "wamid", m->id, "doctor_id", d->id, "entry_id", j->e->id);
        count(j->r, OUT_NO_REPLY);
        return 0;
    }
    if (rt_store_patient_upsert(j->r->pg, d->id, wa_id, m->profile_name, patient_id, sizeof(patient_id)) != 0)
        return -1;
    in = (rt_inbound_t){.doctor_id = d->id,
                        .patient_id = patient_id,
                        .wamid = m->id,
                        .wa_id = wa_id,
                        .type = m->type,
                        .body = m->text,
                        .payload = m->json};
    if (rt_store_inbound(j->r->pg, &in, &answered) != 0)
        return -1;

    if (answered)
        outcome = OUT_DUPLICATE;
    else if (!d->is_active)
        outcome = OUT_DISABLED;
    else if (rt_route_policy(m->kind) != RT_POLICY_ANSWER)
        outcome = OUT_NO_REPLY, why = "type";
    else if (m->text == NULL)
        outcome = OUT_NO_REPLY, why = "no text";
    else if (digits[0] == '\0')
        outcome = OUT_NO_REPLY, why = "no phone number (username user)"; /* the sender addresses phone numbers */
    else if ((outcome = answer(j, d, patient_id, digits, m)) < 0)
        return -1;

    count(j->r, outcome);
    wa_info("inbound message", "wamid", m->id, "doctor_id", d->id, "patient_id", patient_id, "entry_id", j->e->id,
            "type", m->type, "outcome", outcome_names[outcome], "why", why);
    return 0;
}

/* One delivery status. Returns 0, or -1 on a PostgreSQL failure. */
static int handle_status(job_t *j, const rt_status_t *s)
{
    int applied;
    if (rt_status_rank(s->status) < 0) {
        wa_debug("status ignored", "wamid", s->id, "status", s->status, "entry_id", j->e->id);
        wa_metric_add(j->r->m_status_ignored, 1);
        return 0;
    }
    if (rt_store_status(j->r->pg, s->id, s->status, s->timestamp, s->error_code, s->error_title, &applied) != 0)
        return -1;
    wa_metric_add(applied ? j->r->m_status_applied : j->r->m_status_stale, 1);
    if (strcmp(s->status, "failed") == 0)
        wa_warn("outbound message failed", "wamid", s->id, "error_code", s->error_code, "error_title",
                s->error_title, "entry_id", j->e->id);
    else
        wa_debug("status", "wamid", s->id, "status", s->status, "applied", applied ? "1" : "0");
    return 0;
}

/* One change. Returns 0, or -1 on a failure that makes the entry retry. */
static int handle_change(job_t *j, const rt_change_t *ch)
{
    rt_doctor_t doctor;
    int rc;

    if (strcmp(ch->field, "messages") != 0) {
        /* account, template and quality updates: logged for now (the next issues act on them) */
        wa_info("webhook change not handled by the router", "field", ch->field, "waba_id", ch->entry_id, "entry_id",
                j->e->id);
        return 0;
    }
    if (ch->nerrors > 0)
        wa_warn("webhook reports errors", "waba_id", ch->entry_id, "error_code", ch->error_code, "error_title",
                ch->error_title, "entry_id", j->e->id);
    for (size_t i = 0; i < ch->nstatuses; i++)
        if (handle_status(j, &ch->statuses[i]) != 0)
            return -1;
    if (ch->nmessages == 0)
        return 0;

    rc = rt_tenants_resolve(j->r->tenants, ch->phone_number_id, ch->display_phone_number, wa_mono_ms(), &doctor);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        if (send_unrouted(j, ch) != 0)
            return -1;
        for (size_t i = 0; i < ch->nmessages; i++)
            count(j->r, OUT_UNROUTED);
        return 0;
    }
    for (size_t i = 0; i < ch->nmessages; i++)
        if (handle_message(j, &doctor, &ch->messages[i]) != 0)
            return -1;
    return 0;
}

static void process_entry(rt_router_t *r, wa_consumer_t *c, const wa_entry_t *e, wa_result_t *res)
{
    job_t j = {.r = r, .c = c, .e = e};
    rt_webhook_t w;
    char err[128];
    size_t len = 0;
    const char *body = wa_entry_get(e, "body", &len);

    j.received_at = wa_entry_get(e, "received_at", NULL);
    if (j.received_at == NULL)
        j.received_at = "";
    if (body == NULL) {
        wa_result_dlq(res, "bad_webhook", NULL, "entry has no body field");
        return;
    }
    if (rt_webhook_parse(body, len, &w, err, sizeof(err)) != 0) {
        wa_result_dlq(res, strncmp(err, "not JSON", 8) == 0 ? "bad_json" : "bad_webhook", NULL, "%s", err);
        return;
    }
    if (w.nskipped > 0)
        wa_warn("webhook items skipped", "entry_id", e->id, "note", w.note);
    for (size_t i = 0; i < w.nchanges; i++) {
        if (handle_change(&j, &w.changes[i]) != 0) {
            res->outcome = WA_ENTRY_RETRY;
            wa_warn("entry left pending for a retry", "entry_id", e->id);
            break;
        }
    }
    rt_webhook_dispose(&w);
}

void rt_router_batch_cb(wa_consumer_t *c, wa_entry_t *entries, wa_result_t *results, size_t n, void *data)
{
    rt_router_t *r = data;
    for (size_t i = 0; i < n; i++) {
        process_entry(r, c, &entries[i], &results[i]);
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
