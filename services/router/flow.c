/*
 * The clinic conversations' entry point (see flow.h): classifies the turn, applies the human-handoff pause, keeps
 * the conversation's language in Redis, answers the menu, "ask a question" and handoff itself and hands booking and
 * the queue to flow_book.c and flow_queue.c. The helpers all three use on a turn (the reply through the router's
 * batch pipeline, the conversation hash on the router's Redis connection, the doctor's settings row, dates) are
 * flow_turn.c's.
 */
#include "flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/entry.h"
#include "wa/log.h"

#include <cjson/cJSON.h>

#include "flow_book.h"
#include "flow_queue.h"
#include "flow_text.h"
#include "flow_turn.h"
#include "kbcache.h"
#include "wa/kb.h"
#include "store.h"
#include "text.h"

struct st_fl_flows_t {
    const wa_config_t *cfg;
    wa_pg_t *pg;
    fl_remind_t *remind; /* the reminder thread (flow_remind.c), or NULL */
};

fl_flows_t *fl_flows_create(const wa_config_t *cfg, wa_pg_t *pg)
{
    fl_flows_t *f = wa_calloc(1, sizeof(*f));
    f->cfg = cfg;
    f->pg = pg;
    f->remind = fl_remind_start(cfg);
    return f;
}

void fl_flows_destroy(fl_flows_t *f)
{
    if (f == NULL)
        return;
    fl_remind_stop(f->remind);
    free(f);
}

/* Loads the conversation's language and reschedule state. Returns 0 or -1. */
static int conv_load(fl_ctx_t *c, char *lang, size_t langsz)
{
    char key[300];
    const char *argv[] = {"HMGET", key, "lang", "resched"};
    redisReply *r;

    fl_conv_key(c, key, sizeof(key));
    if ((r = fl_redis_cmd(c, "HMGET conv", 4, argv, NULL)) == NULL)
        return -1;
    lang[0] = '\0';
    if (r->type == REDIS_REPLY_ARRAY && r->elements == 2) {
        if (r->element[0]->type == REDIS_REPLY_STRING)
            snprintf(lang, langsz, "%s", r->element[0]->str);
        if (r->element[1]->type == REDIS_REPLY_STRING)
            snprintf(c->resched, sizeof(c->resched), "%s", r->element[1]->str);
    }
    freeReplyObject(r);
    return 0;
}

/* The id of a button_reply / list_reply (interactive messages), else NULL. Caller frees. */
static char *reply_id_of(const rt_message_t *m)
{
    cJSON *root, *ia, *r, *id;
    char *out = NULL;

    if (m->kind != RT_MSG_INTERACTIVE || m->json == NULL || (root = cJSON_Parse(m->json)) == NULL)
        return NULL;
    ia = cJSON_GetObjectItemCaseSensitive(root, "interactive");
    r = cJSON_GetObjectItemCaseSensitive(ia, "button_reply");
    if (r == NULL)
        r = cJSON_GetObjectItemCaseSensitive(ia, "list_reply");
    id = cJSON_GetObjectItemCaseSensitive(r, "id");
    if (cJSON_IsString(id))
        out = wa_strdup(id->valuestring);
    cJSON_Delete(root);
    return out;
}

/* The welcome: the clinic's greeting (its override from clinic_settings when set) with the three buttons. */
static int menu(fl_ctx_t *c)
{
    const char *p[] = {c->doctor_id};
    char clinic[200];
    char *body, *json;
    PGresult *res;
    fl_choice_t b[3] = {{"menu:book", fl_text(c->lang, FL_T_BTN_BOOK), NULL},
                        {"menu:queue", fl_text(c->lang, FL_T_BTN_QUEUE), NULL},
                        {"menu:ask", fl_text(c->lang, FL_T_BTN_ASK), NULL}};
    int rc;

    res = wa_pg_exec(c->pg, "welcome override",
                     "SELECT CASE WHEN $2 = 'hi' THEN welcome_hi ELSE welcome_en END FROM clinic_settings"
                     " WHERE doctor_id = $1",
                     2, (const char *[]){p[0], c->lang});
    if (res == NULL)
        return -1;
    fl_clinic(c, clinic, sizeof(clinic));
    if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) && PQgetvalue(res, 0, 0)[0] != '\0')
        body = wa_strdup(PQgetvalue(res, 0, 0));
    else
        body = fl_render(c->lang, FL_T_WELCOME, clinic, NULL, NULL);
    PQclear(res);
    if (c->t->doctor->school) { /* no booking or queue to offer: the welcome and "ask your question" */
        size_t n = strlen(body) + strlen(fl_text(c->lang, FL_T_ASK)) + 2;
        char *text = wa_malloc(n);
        snprintf(text, n, "%s %s", body, fl_text(c->lang, FL_T_ASK));
        rc = fl_reply_text(c, text);
        free(text);
        free(body);
        return rc < 0 ? -1 : 1;
    }
    json = fl_buttons_json(body, b, 3);
    rc = fl_reply(c, "interactive", json);
    free(json);
    free(body);
    return rc < 0 ? -1 : 1;
}

static void handoff_key(const fl_ctx_t *c, char *key, size_t keysz)
{
    char suffix[200];
    snprintf(suffix, sizeof(suffix), "handoff:%s:%s", c->doctor_id, c->wa_id);
    wa_config_key(c->f->cfg, key, keysz, suffix, "");
}

/* 1 when the patient is handed off to a human (no automatic answers), 0 if not, -1 on a Redis failure. */
static int handed_off(fl_ctx_t *c)
{
    char key[300];
    const char *argv[] = {"EXISTS", key};
    redisReply *r;
    int on;

    handoff_key(c, key, sizeof(key));
    if ((r = fl_redis_cmd(c, "EXISTS handoff", 2, argv, NULL)) == NULL)
        return -1;
    on = r->type == REDIS_REPLY_INTEGER && r->integer > 0;
    freeReplyObject(r);
    return on;
}

/* Flags the conversation for the clinic (handoffs row) and pauses automatic answers for the doctor's
 * handoff_minutes (a Redis key with that TTL, checked at every turn). */
static int handoff(fl_ctx_t *c)
{
    const char *p[] = {c->doctor_id, c->t->patient_id};
    char key[300], secs[24], clinic[200];
    PGresult *res;
    redisReply *r;
    char *text;
    int rc;

    if (fl_settings_ensure(c) != 0)
        return -1;
    res = wa_pg_exec(c->pg, "handoff",
                     "INSERT INTO handoffs (doctor_id, patient_id, reason, paused_until)"
                     " SELECT $1, $2, 'patient', now() + make_interval(mins => s.handoff_minutes)"
                     " FROM clinic_settings s WHERE s.doctor_id = $1"
                     " ON CONFLICT (doctor_id, patient_id) DO UPDATE SET reason = 'patient', created_at = now(),"
                     " released_at = NULL, paused_until = EXCLUDED.paused_until"
                     " RETURNING extract(epoch FROM paused_until - now())::bigint",
                     2, p);
    if (res == NULL)
        return -1;
    snprintf(secs, sizeof(secs), "%s", PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : "3600");
    PQclear(res);
    if (atoll(secs) < 1)
        snprintf(secs, sizeof(secs), "1");
    handoff_key(c, key, sizeof(key));
    const char *argv[] = {"SET", key, c->t->patient_id, "EX", secs};
    if ((r = fl_redis_cmd(c, "SET handoff", 5, argv, NULL)) == NULL)
        return -1;
    freeReplyObject(r);
    fl_clinic(c, clinic, sizeof(clinic));
    text = fl_render(c->lang, FL_T_HANDOFF, clinic, NULL, NULL);
    rc = fl_reply_text(c, text);
    free(text);
    wa_info("conversation handed off to the clinic", "doctor_id", c->doctor_id, "patient_id", c->t->patient_id);
    return rc < 0 ? -1 : 1;
}

/* "refer": the patient's own code (made once) and the wa.me link that opens the clinic's chat with it. */
/* A sentence asking to stop (or restart) messages: the same record and one-time confirmation as route.c's STOP and
 * START keywords. An opt-out already in force is not answered again; a restart from a patient who never opted out
 * gets the menu. */
static int optout(fl_ctx_t *c, int stop)
{
    int changed = 0, rc;
    char *text;

    if (c->t->patient_id == NULL || c->t->patient_id[0] == '\0')
        return 0;
    if (rt_store_optout(c->pg, c->t->patient_id, c->t->message->id, stop, &changed) != 0)
        return -1;
    if (!changed) {
        if (stop) {
            wa_debug("opt-out sentence from a patient already opted out", "doctor_id", c->doctor_id);
            return 1;
        }
        return menu(c);
    }
    text = rt_route_optout_text(c->t->doctor, stop);
    rc = fl_reply_text(c, text) < 0 ? -1 : 1;
    free(text);
    return rc;
}

static int refer(fl_ctx_t *c)
{
    const char *p[] = {c->doctor_id, c->t->patient_id};
    char code[16] = "", digits[32] = "";
    char *link, *text;
    PGresult *res;
    int rc;

    for (int attempt = 0; attempt < 5 && code[0] == '\0'; attempt++) {
        res = wa_pg_exec(c->pg, "referral code",
                         "WITH ins AS (INSERT INTO referral_codes (doctor_id, patient_id, code)"
                         " VALUES ($1, $2, 'REF-' || upper(substr(md5(gen_random_uuid()::text), 1, 6)))"
                         " ON CONFLICT (doctor_id, patient_id) DO NOTHING RETURNING code)"
                         " SELECT code, (SELECT phone_digits FROM doctors WHERE id = $1) FROM ins"
                         " UNION ALL SELECT code, (SELECT phone_digits FROM doctors WHERE id = $1) FROM referral_codes"
                         " WHERE doctor_id = $1 AND patient_id = $2",
                         2, p);
        if (res == NULL) {
            if (strcmp(wa_pg_sqlstate(c->pg), "23505") == 0)
                continue; /* another patient's code: draw again */
            return -1;
        }
        if (PQntuples(res) >= 1) {
            snprintf(code, sizeof(code), "%s", PQgetvalue(res, 0, 0));
            snprintf(digits, sizeof(digits), "%s", PQgetvalue(res, 0, 1));
        }
        PQclear(res);
    }
    if (code[0] == '\0')
        return -1;
    link = fl_referral_link(digits, code);
    text = fl_render(c->lang, FL_T_REFER, code, link, NULL);
    rc = fl_reply_text(c, text);
    free(text);
    free(link);
    return rc < 0 ? -1 : 1;
}

/* A message carrying a referral code: when it is the patient's first message to this doctor and the code is
 * another patient's of the same doctor, the patient is recorded as referred (once: the referrals primary key) and
 * the referrer thanked (per clinic_settings.referral_thanks). Returns 0 or -1. */
static int attribute(fl_ctx_t *c, const char *code)
{
    const char *p[] = {c->doctor_id, c->t->patient_id, code, c->t->message->id};
    char out_id[96], referrer[64] = "", clinic[200];
    int thanks = 0;
    PGresult *res;

    res =
        wa_pg_exec(c->pg, "referral",
                   "WITH first AS (SELECT NOT EXISTS (SELECT 1 FROM messages m WHERE m.doctor_id = $1"
                   " AND m.patient_id = $2 AND m.direction = 'in' AND m.wamid <> $4) AS ok),"
                   " ins AS (INSERT INTO referrals (doctor_id, referred_id, referrer_id, code)"
                   " SELECT $1, $2, rc.patient_id, rc.code FROM referral_codes rc, first WHERE first.ok"
                   " AND rc.code = $3 AND rc.doctor_id = $1 AND rc.patient_id <> $2"
                   " ON CONFLICT (doctor_id, referred_id) DO NOTHING RETURNING referrer_id)"
                   " SELECT p.wa_id, coalesce((SELECT referral_thanks FROM clinic_settings WHERE doctor_id = $1), true)"
                   " FROM ins JOIN patients p ON p.id = ins.referrer_id",
                   4, p);
    if (res == NULL)
        return -1;
    if (PQntuples(res) == 1) {
        snprintf(referrer, sizeof(referrer), "%s", PQgetvalue(res, 0, 0));
        thanks = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
    }
    PQclear(res);
    if (referrer[0] == '\0') {
        wa_info("referral code not attributed (unknown, own, another doctor's, or not a first message)", "doctor_id",
                c->doctor_id, "patient_id", c->t->patient_id);
        return 0;
    }
    wa_info("referred patient recorded", "doctor_id", c->doctor_id, "patient_id", c->t->patient_id);
    if (!thanks)
        return 0;
    fl_clinic(c, clinic, sizeof(clinic));
    char *text = fl_render("en", FL_T_REFER_THANKS, clinic, NULL, NULL), *json = wa_text_message_json(text);
    snprintf(out_id, sizeof(out_id), "referral:%s", c->t->patient_id);
    int rc = fl_send(c, referrer, out_id, "text", json, "", "referral");
    free(json);
    free(text);
    return rc;
}

int fl_flows_needs(void *data, const rt_turn_t *t)
{
    char *reply_id = reply_id_of(t->message), code[16];
    const char *text = t->message->text;
    fl_intent_t in = fl_intent(reply_id, text, rt_text_is_greeting(text));
    int out;

    (void)data;
    if (t->doctor->school) /* as fl_flows_turn: only these are a school's flows, the rest goes to the KB */
        out = in.kind == FL_MENU || in.kind == FL_ASK || in.kind == FL_HANDOFF || in.kind == FL_OPT_OUT ||
                      in.kind == FL_OPT_IN
                  ? 0
                  : RT_NEEDS_KB;
    else if (in.kind != FL_NONE || (reply_id == NULL && fl_referral_find(text, code, sizeof(code))))
        out = 0; /* a keyword, a known reply id or the referral message: a flow's, without intent or KB */
    else if (reply_id == NULL && text != NULL && text[0] != '\0')
        out = RT_NEEDS_INTENT | RT_NEEDS_KB;
    else
        out = RT_NEEDS_KB;
    free(reply_id);
    return out;
}

int fl_flows_turn(void *data, const rt_turn_t *t)
{
    fl_flows_t *f = data;
    fl_ctx_t c;
    char stored[8];
    char *reply_id = reply_id_of(t->message);
    const char *text = t->message->text, *guess;
    fl_intent_t in = fl_intent(reply_id, text, rt_text_is_greeting(text));
    int rc, off;

    memset(&c, 0, sizeof(c));
    c.f = f;
    c.cfg = f->cfg;
    c.pg = f->pg;
    c.t = t;
    c.doctor_id = t->doctor->id;
    c.wa_id = t->to;

    off = t->handoff_checked ? t->handed_off : handed_off(&c); /* route.c looks the batch's up in one pipeline */
    if (off != 0) {
        free(reply_id);
        if (off > 0)
            wa_debug("handed off: no automatic answer", "doctor_id", c.doctor_id, "wamid", t->message->id);
        return off < 0 ? -1 : 1;
    }
    if (t->doctor->school) {
        /* a school has no schedule, queue or referrals: only the welcome, "ask", the staff and the opt-outs are
         * flows; anything else is answered from the knowledge base and ai (issue 18) */
        if (in.kind != FL_MENU && in.kind != FL_ASK && in.kind != FL_HANDOFF && in.kind != FL_OPT_OUT &&
            in.kind != FL_OPT_IN) {
            free(reply_id);
            return 0;
        }
    }
    char code[16];
    if (!t->doctor->school && reply_id == NULL && fl_referral_find(text, code, sizeof(code))) {
        if (attribute(&c, code) != 0) {
            free(reply_id);
            return -1;
        }
        if (in.kind == FL_NONE)
            in.kind = FL_MENU; /* the prefilled referral message: the welcome */
    }
    if (in.kind == FL_NONE && !t->doctor->school && reply_id == NULL && text != NULL && text[0] != '\0') {
        /* not a keyword: what the sentence asks for, by the knowledge base's machinery (kb_intent_choose) */
        char label[32], key[RT_KBCACHE_KEY_MAX];
        int cacheable = t->kb_cache != NULL && rt_kbcache_key(c.doctor_id, text, key, sizeof(key)) == 0;
        if (t->kb_label != NULL) { /* the batch analysed the text already (route.c understand) */
            snprintf(label, sizeof(label), "%s", t->kb_label);
        } else if (!cacheable || !rt_kbcache_get_label(t->kb_cache, key, t->kb_version, label, sizeof(label))) {
            /* the answer cache keeps it too, under the version read before this lookup (kbcache.h) */
            if (wa_kb_intent(c.pg, c.doctor_id, text, label, sizeof(label)) != 0)
                return -1;
            if (cacheable)
                rt_kbcache_put_label(t->kb_cache, key, t->kb_version, label);
        }
        in.kind = fl_intent_of_label(label);
        if (in.kind != FL_NONE)
            wa_debug("intent recognised", "doctor_id", c.doctor_id, "wamid", t->message->id, "intent", label);
    }
    if (in.kind == FL_NONE) {
        free(reply_id);
        return 0;
    }
    if (conv_load(&c, stored, sizeof(stored)) != 0) {
        free(reply_id);
        return -1;
    }
    /* the language: Devanagari (Hindi or Marathi) means the Hindi texts; a list or button reply keeps the
     * conversation's (its titles may be times or numbers); a typed Latin text means English */
    guess = fl_lang_of(text);
    if (guess != NULL && (strcmp(guess, "hi") == 0 || reply_id == NULL))
        c.lang = guess;
    else
        c.lang = stored[0] != '\0' ? (strcmp(stored, "hi") == 0 ? "hi" : "en") : "en";
    free(reply_id);
    if (strcmp(c.lang, stored) != 0 && fl_conv_set(&c, "lang", c.lang) != 0)
        return -1;
    if (in.kind != FL_MENU && in.kind != FL_ASK && in.kind != FL_HANDOFF && in.kind != FL_OPT_OUT &&
        in.kind != FL_OPT_IN && fl_settings_ensure(&c) != 0)
        return -1;

    switch (in.kind) {
    case FL_MENU:
        rc = menu(&c);
        break;
    case FL_ASK:
        rc = fl_reply_text(&c, fl_text(c.lang, FL_T_ASK)) < 0 ? -1 : 1;
        break;
    case FL_BOOK:
        if (c.resched[0] != '\0' && fl_conv_set(&c, "resched", "") != 0)
            return -1;
        c.resched[0] = '\0';
        rc = fl_book_days(&c, NULL);
        break;
    case FL_DAY:
        rc = fl_book_day(&c, in.arg);
        break;
    case FL_SLOT:
        rc = fl_book_slot(&c, in.arg);
        break;
    case FL_CONFIRM:
        rc = fl_book_confirm(&c, in.arg);
        break;
    case FL_MY_APPT:
        rc = fl_book_mine(&c);
        break;
    case FL_CANCEL:
        rc = fl_book_cancel(&c, in.arg);
        break;
    case FL_RESCHEDULE:
        rc = fl_book_reschedule(&c, in.arg);
        break;
    case FL_QUEUE_JOIN:
        rc = fl_queue_join(&c);
        break;
    case FL_QUEUE_STATUS:
        rc = fl_queue_status(&c);
        break;
    case FL_HANDOFF:
        rc = handoff(&c);
        break;
    case FL_REFER:
        rc = refer(&c);
        break;
    case FL_BOOK_AT:
        rc = fl_book_at(&c, in.arg);
        break;
    case FL_OPT_OUT:
    case FL_OPT_IN:
        rc = optout(&c, in.kind == FL_OPT_OUT);
        break;
    default:
        rc = 0;
        break;
    }
    return rc;
}
