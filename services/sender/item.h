/*
 * The sender stage's internals, shared by its files and by nothing else: the stage object (snd_sender_t), one
 * wa:out entry on its way (snd_item_t) and the steps one file offers the others. sender.c runs the phases and owns
 * the entry's outcome (retry, dead-letter, wa:retry); lease.c claims, renews, marks and releases the out_id's lease
 * (at most once per out_id); ratelimit.c holds the admission script, the throttle keys and the number pauses;
 * window.c checks the 24-hour window and falls back to the doctor's window template. The public face is sender.h.
 */
#ifndef snd__item_h
#define snd__item_h

#include <stddef.h>
#include <hiredis/hiredis.h>
#include "wa/config.h"
#include "wa/entry.h"
#include "wa/http.h"
#include "wa/ops.h"
#include "wa/pg.h"
#include "wa/stage.h"
#include "creds.h"
#include "graph.h"
#include "retry.h"
#include "sender.h"

#define SND_KEY_MAX 512
#define SND_COPY_WAIT_MS 1000 /* an out_id being sent elsewhere is looked at again this much later (+ jitter) */
#define SND_UNMARKED_MAX 256

struct st_snd_sender_t {
    const wa_config_t *cfg;
    wa_pg_t *pg;
    snd_creds_store_t *creds;
    snd_retry_settings_t rs;
    unsigned rnd;
    wa_metric_t *m_ok, *m_sandbox, *m_retry, *m_dlq, *m_dup, *m_deferred, *m_throttled, *m_fallback, *m_invalid;
    wa_metric_t *m_paused, *m_window;
    long window_s;     /* SENDER_WINDOW_S (86400): the customer service window */
    long ops_pause_ms; /* SENDER_OPS_PAUSE_MS (600000): how long an OPS error pauses the sending number */
    char lease_ms[24]; /* 2 x GRAPH_TIMEOUT_MS + lease slack, as the scripts' argument (lease.c) */
    wa_metric_t *m_lease_lost;
    wa_metric_t *m_read_skipped; /* read receipts not sent: superseded by a later one, or too old behind replies */
    /* Sends Meta accepted whose sent: mark was lost with Redis (out_id -> wamid), newest overwriting oldest: when the
     * entry comes back to this process, it is settled as a duplicate instead of being sent again. A sender that
     * dies in that state is the documented duplicate window. (lease.c) */
    struct {
        char out_id[SND_KEY_MAX], wamid[256];
    } unmarked[SND_UNMARKED_MAX];
    size_t unmarked_next;
    snd_group_t *live; /* groups under way in this process (the stream loop runs many at once) */
    wa_metric_t *m_lat_ok, *m_lat_err;
};

/* SND_IT_WAIT: the out_id is being sent by someone else (another sender's lease, another copy in this process): the
 * entry waits in wa:retry for wait_ms instead of being redelivered, which would use up its deliveries. */
enum {
    SND_IT_DONE = 0,
    SND_IT_CLAIM,
    SND_IT_DUP,
    SND_IT_SEND,
    SND_IT_SANDBOX,
    SND_IT_RESEND,
    SND_IT_RECORD,
    SND_IT_WAIT
};

typedef struct st_snd_item_t {
    wa_entry_t *e;
    wa_result_t *res;
    wa_out_msg_t m;
    int state;
    int leased;
    int renewed;  /* the admission script renewed the lease right before the call: snd_lease_renew_all skips it once */
    int resent;   /* already went through phase 5 once */
    long attempt; /* failed sends so far (the entry's attempt field) */
    long throttles;
    int prepaid;
    /* The out_id's Redis keys (snd_lease_claim_all): both in `keys` (owned, one allocation of their size), "" until
     * then. An item lives while its Graph call is in flight, and fixed buffers (2 x SND_KEY_MAX, url 1,024) were
     * over half of its 3.5 KB: 0.5 MiB of the sender's heap at 256 calls in flight (issue 14, round 9). */
    const char *sent_key, *lease_key;
    char *keys;
    char prev_wamid[256]; /* SND_IT_DUP: the wamid stored in the sent key */
    int remark;           /* SND_IT_DUP from the unmarked memory: the sent key must still be written */
    long wait_ms;         /* SND_IT_WAIT: how long */
    snd_graph_request_t req;
    snd_creds_t creds;
    wa_http_req_t http;
    char *url;          /* the Graph call's URL (snd_sender_setup_http), owned */
    char *auth;         /* "Authorization: Bearer <token>": wiped before free */
    char *alt_message;  /* the window template message that replaced the entry's message, owned */
    char alt_to[224];   /* the phone number that replaced a BSUID `to` after Meta's 131062 (m.to points here) */
    int claim_late;     /* a read receipt whose out_id is claimed by its admission call, not by the claim pipeline
                         * (issue 14 round 7: one script call fewer; set by snd_lease_claim_all, cleared by the verdict) */
    int prep_done;      /* req and the credentials' outcome (prep_rc: 0 picked, -2 unavailable) are known already */
    int prep_rc;
    int marked;         /* SND_IT_RECORD: the sent mark was written */
    int premarked;      /* settle_round ran the mark script already (snd_lease_mark_all): marked says how it went */
    const char *status; /* SND_IT_RECORD: "accepted" or "sandbox" (static) */
    char wamid[256];    /* SND_IT_RECORD: what Graph (or the sandbox) returned */
} snd_item_t;

struct st_snd_group_t {
    snd_item_t *items;
    size_t n;
    int stage;            /* 0 new, 1 first sends out, 2 resends out, 3 settled */
    wa_http_req_t **reqs; /* the requests of the current round (n slots) */
    snd_group_t *prev, *next;
};

/* sender.c: the connection, the outcomes. */

/* Runs one script on the connection: args[0..nargs) are its keys (the first nkeys) then its arguments. Returns the reply
 * (caller frees) or NULL after reporting the connection failed. By EVALSHA (snd_script_sha), EVAL when Redis lost it. */
redisReply *snd_conn_eval(wa_conn_t *c, const char *script, int nkeys, const char **args, int nargs);
/* The SHA1 of `script` (a static string: its address names it) once it is loaded on this connection (SCRIPT LOAD,
 * once per connection), for a pipeline's EVALSHA; NULL when it cannot be loaded (use EVAL). Call it before appending
 * to a pipeline: it may run a command. Borrowed, valid until the next call. */
const char *snd_script_sha(wa_conn_t *c, const char *script);
/* A NOSCRIPT error reply to an EVALSHA of `script` (SCRIPT FLUSH): 1 when rep is one, and the script is loaded again
 * by the next snd_script_sha. */
int snd_script_lost(const redisReply *rep, const char *script);
/* A pseudo-random number for jitter. */
unsigned snd_sender_rand(snd_sender_t *s);
/* Outcome: leave the entry pending (redelivered by the consumer loop). */
void snd_item_retry(snd_sender_t *s, snd_item_t *it, const char *why);
/* Outcome: wa:dlq with reason, error code (may be NULL) and detail. */
void snd_item_dead_letter(snd_sender_t *s, snd_item_t *it, const char *reason, const char *code, const char *detail);
/* Outcome: scheduled in wa:retry `delay_ms` from now with the given counters, and acknowledged (releases the lease
 * first); when that cannot be done, left pending. `why` "rate"/"throttled" counts as throttled. */
void snd_item_defer(snd_sender_t *s, wa_conn_t *c, snd_item_t *it, long delay_ms, long attempt, long throttles,
                    int prepaid, const char *why);
/* 1 when the entry is older than SENDER_MAX_AGE_MS (created_at, unix ms; unknown = not old). */
int snd_item_too_old(const snd_sender_t *s, const snd_item_t *it);
/* SND_IT_DUP (prev_wamid set): the out_id was sent already; records it if it is a message, acknowledges it. */
void snd_item_finish_duplicate(snd_sender_t *s, wa_conn_t *c, snd_item_t *it);
/* Phase 1, for a decoded entry about to be claimed: 1 when it is a read receipt whose out_id its admission call may
 * claim (ratelimit.c), i.e. its request and credentials, built here before the claim, send it to Graph now (not the
 * sandbox, credentials valid); nothing between the claim and the admission concerns a read, so one script does
 * both. Otherwise 0, and whatever was found here is kept for phase 2 (prepare), which acts on it after the claim as
 * before. */
int snd_sender_read_claims_late(snd_sender_t *s, snd_item_t *it);

/* lease.c: at most once per out_id. */

/* Sets the lease length from cfg (2 x GRAPH_TIMEOUT_MS + slack). */
void snd_lease_init(snd_sender_t *s);
/* Phase 1: decodes every entry of the group (bad ones dead-lettered) and claims each out_id in one pipeline: the item
 * ends SND_IT_SEND (lease held), SND_IT_DUP (already sent, prev_wamid set) or with an outcome (waits in wa:retry,
 * retried on a Redis failure); a read receipt ready to go (snd_sender_read_claims_late) ends SND_IT_SEND with
 * claim_late set and no lease yet: its admission call claims it. */
void snd_lease_claim_all(snd_sender_t *s, wa_conn_t *c, snd_group_t *g);
/* Phase 3, first step: renews the lease of every item about to be sent (Graph or sandbox) in one pipeline, but those
 * the admission script renewed already (renewed, cleared here); an item whose lease was lost waits in wa:retry, a
 * Redis failure retries it. */
void snd_lease_renew_all(snd_sender_t *s, wa_conn_t *c, snd_item_t *items, size_t n);
/* The item's lease was found lost right before its call (another sender holds or sent the out_id): it is not sent and
 * waits in wa:retry; counted in wa_sender_leases_lost_total. */
void snd_lease_lost(snd_sender_t *s, wa_conn_t *c, snd_item_t *it);
/* Drops the item's lease if it holds one and it is still ours. */
void snd_lease_release(snd_sender_t *s, wa_conn_t *c, snd_item_t *it);
/* Marks the out_id sent with `wamid` (8 days) and drops the lease, in one script. Returns 1, or 0 when the mark could
 * not be written: the out_id is then remembered in the unmarked memory until its entry comes back. */
int snd_lease_mark(snd_sender_t *s, wa_conn_t *c, snd_item_t *it, const char *wamid);
/* The marks of the k sends Meta just accepted (its[i] with wamids[i]), in one Redis pipeline: sets each item's
 * premarked and marked (a send that could not be marked is remembered, as snd_lease_mark does). */
void snd_lease_mark_all(snd_sender_t *s, wa_conn_t *c, snd_item_t **its, const char *const *wamids, size_t k);
/* For an SND_IT_DUP item from the unmarked memory: writes the mark now and forgets the out_id. Returns 1, or 0 when
 * the mark still cannot be written (the item stays remembered). */
int snd_lease_remark(snd_sender_t *s, wa_conn_t *c, snd_item_t *it);

/* ratelimit.c: admission, throttles, pauses. */

/* Phase 2b: the admission checks of every item still to send, in one pipeline, then their HTTP requests
 * (snd_sender_setup_http). */
void snd_rate_admit_all(snd_sender_t *s, wa_conn_t *c, snd_item_t *items, size_t n);
/* The admission check of one item. Returns 1 when it may be sent now; otherwise the item got its outcome. */
int snd_rate_admit(snd_sender_t *s, wa_conn_t *c, snd_item_t *it);
/* A THROTTLE answer with Graph code `code`: holds the limited scope and waits with it (the item gets its outcome). */
void snd_rate_throttle(snd_sender_t *s, wa_conn_t *c, snd_item_t *it, long code);
/* An OPS answer: pauses the sending number for SENDER_OPS_PAUSE_MS, records an event for the doctor, alerts. */
void snd_rate_pause_number(snd_sender_t *s, wa_conn_t *c, snd_item_t *it, const char *code, const char *meta_message);

/* window.c: the 24-hour window and the template fallback. */

/* Phase 2a': free-form items whose patient last wrote more than SENDER_WINDOW_S ago become the doctor's window
 * template or are dead-lettered as window_closed, one query for the group. */
void snd_window_check_all(snd_sender_t *s, wa_conn_t *c, snd_item_t *items, size_t n);
/* Replaces the item's free-form message by the doctor's window template. Returns 1 when it is to be sent as that. */
int snd_window_to_template(snd_sender_t *s, snd_item_t *it);
/* Phase 2a'': template items whose template is MARKETING (the templates table) for a patient who stopped marketing
 * messages (patients.marketing_opt_out: user_preferences or a 131050) are dead-lettered as marketing_opt_out
 * without a Graph call, one query for the group. A database error lets them go (Meta answers 131050). */
void snd_window_marketing_check_all(snd_sender_t *s, wa_conn_t *c, snd_item_t *items, size_t n);
/* What Meta's answer `code` (131047 window closed, 131050 stopped marketing) says about the item's patient, stored on
 * the patient (window_closed_at, marketing_opt_out) so that later sends do not ask Meta again. Errors are logged. */
void snd_window_mark_patient(snd_sender_t *s, const snd_item_t *it, long code);

/* sender.c: the HTTP request for the item's request and credentials. */
void snd_sender_setup_http(snd_sender_t *s, snd_item_t *it);

#endif
