/*
 * Unit tests of the router's pure decision helpers: greetings and text normalisation (text.c), the tenant cache
 * with a fake fetch (tenant.c), the knowledge-base choice and ai context (kb.c), the per-type policy and welcome
 * text (route.c) and the status ranks (store.c). No database or Redis.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wa/kb.h"
#include "route.h"
#include "store.h"
#include "tenant.h"
#include "text.h"

static void test_greetings(void **state)
{
    static const char *const yes[] = {"hi", "Hi!", "HELLO!!", "hey", "hii", "hiiiii", "heyyy", "menu", "Namaste",
                                      "नमस्ते", "नमस्ते 🙏", "good morning", "Good Morning doctor", "hello sir",
                                      "hi there", "  hi  ", "hello, doctor ji"};
    static const char *const no[] = {"", "good", "doctor", "hi, what are your timings?", "hello is the clinic open",
                                     "what is the fee", "ok", "thanks", "hi hi hi hi hi", "🙏"};
    (void)state;
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        if (!rt_text_is_greeting(yes[i]))
            fail_msg("\"%s\" should be a greeting", yes[i]);
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        if (rt_text_is_greeting(no[i]))
            fail_msg("\"%s\" should not be a greeting", no[i]);
    assert_false(rt_text_is_greeting(NULL));
}

static void test_normalize_lang(void **state)
{
    char out[64];
    (void)state;
    assert_int_equal(rt_text_normalize("  Hello,   WORLD!! ", out, sizeof(out)), 11);
    assert_string_equal(out, "hello world");
    rt_text_normalize("नमस्ते। डॉक्टर", out, sizeof(out));
    assert_string_equal(out, "नमस्ते डॉक्टर");
    rt_text_normalize("\xff\xfe bad \xc3", out, sizeof(out));
    assert_string_equal(out, "bad");
    rt_text_normalize("नमस्ते", out, 5); /* truncates at a character boundary */
    assert_true(strlen(out) <= 4 && strlen(out) % 3 == 0);
    /* the language guess is libwa's wa_lang_detect: tests/unit/test_lang.c */
}

typedef struct {
    int calls, fail;
    const char *match_pnid, *match_digits;
} fake_db_t;

static int fake_fetch(void *data, const char *pnid, const char *digits, rt_doctor_t *out)
{
    fake_db_t *db = data;
    db->calls++;
    if (db->fail)
        return -1;
    if ((pnid[0] != '\0' && strcmp(pnid, db->match_pnid) == 0) ||
        (digits[0] != '\0' && strcmp(digits, db->match_digits) == 0)) {
        snprintf(out->id, sizeof(out->id), "doc-1");
        snprintf(out->name, sizeof(out->name), "Dr. A");
        out->is_active = 1;
        return 1;
    }
    return 0;
}

static void test_tenant_cache(void **state)
{
    fake_db_t db = {.match_pnid = "200", .match_digits = "919845000001"};
    rt_tenants_t *t = rt_tenants_create(fake_fetch, &db, 1000);
    rt_doctor_t d;
    (void)state;

    assert_int_equal(rt_tenants_resolve(t, "200", "1555", 0, &d), 1);
    assert_string_equal(d.id, "doc-1");
    assert_int_equal(rt_tenants_resolve(t, "200", "1555", 999, &d), 1);
    assert_int_equal(db.calls, 1); /* cached */
    assert_int_equal(rt_tenants_resolve(t, "200", "1555", 1000, &d), 1);
    assert_int_equal(db.calls, 2); /* expired after the TTL */
    /* by display digits, formatted any way */
    assert_int_equal(rt_tenants_resolve(t, "", "+91 98450-00001", 1000, &d), 1);
    assert_int_equal(db.calls, 3);
    /* unknown numbers are cached too */
    assert_int_equal(rt_tenants_resolve(t, "777", "1555", 1000, &d), 0);
    assert_int_equal(rt_tenants_resolve(t, "777", "1555", 1500, &d), 0);
    assert_int_equal(db.calls, 4);
    assert_string_equal(d.id, "");
    /* nothing to look up */
    assert_int_equal(rt_tenants_resolve(t, NULL, NULL, 1500, &d), 0);
    assert_int_equal(db.calls, 4);
    /* database failure: -1, not cached */
    db.fail = 1;
    assert_int_equal(rt_tenants_resolve(t, "888", NULL, 1500, &d), -1);
    assert_int_equal(rt_tenants_resolve(t, "888", NULL, 1500, &d), -1);
    assert_int_equal(db.calls, 6);
    /* many numbers: the table recycles slots */
    db.fail = 0;
    for (int i = 0; i < 3 * RT_TENANT_CACHE_SLOTS; i++) {
        char pn[16];
        snprintf(pn, sizeof(pn), "n%d", i);
        assert_int_equal(rt_tenants_resolve(t, pn, NULL, 2000 + i, &d), 0);
    }
    rt_tenants_clear(t);
    rt_tenants_destroy(t);
    rt_tenants_destroy(NULL);
}

static wa_kb_result_t kb_with(double s0, double s1, double s2)
{
    wa_kb_result_t r;
    double s[3] = {s0, s1, s2};
    memset(&r, 0, sizeof(r));
    for (int i = 0; i < 3; i++) {
        if (s[i] < 0)
            break;
        wa_kb_hit_t *h = &r.hits[r.nhits++];
        snprintf(h->id, sizeof(h->id), "%d", i + 1);
        h->question = strdup(i == 0 ? "Q \"one\"" : "Q");
        h->answer = strdup("A");
        h->score = s[i];
    }
    return r;
}

static void test_kb_choose(void **state)
{
    wa_kb_result_t r;
    char *ctx;
    (void)state;

    r = kb_with(0.9, 0.3, 0.1);
    wa_kb_choose(&r, 0.5, 0.08);
    assert_int_equal(r.best, 0);
    ctx = wa_kb_context_json(&r);
    assert_string_equal(ctx, "[{\"q\":\"Q\",\"a\":\"A\",\"score\":0.3}]"); /* not the chosen one, not under floor */
    free(ctx);
    wa_kb_result_dispose(&r);

    r = kb_with(0.66, 0.62, -1); /* ambiguous */
    wa_kb_choose(&r, 0.5, 0.08);
    assert_int_equal(r.best, -1);
    ctx = wa_kb_context_json(&r);
    assert_non_null(strstr(ctx, "\"q\":\"Q \\\"one\\\"\""));
    assert_non_null(strstr(ctx, "0.62"));
    free(ctx);
    wa_kb_result_dispose(&r);

    r = kb_with(0.4, -1, -1); /* below the threshold */
    wa_kb_choose(&r, 0.5, 0.08);
    assert_int_equal(r.best, -1);
    wa_kb_result_dispose(&r);

    r = kb_with(-1, -1, -1); /* empty knowledge base */
    wa_kb_choose(&r, 0.5, 0.08);
    assert_int_equal(r.best, -1);
    ctx = wa_kb_context_json(&r);
    assert_string_equal(ctx, "[]");
    free(ctx);
    wa_kb_result_dispose(&r);
}

/* The uncertain middle band a model may rerank (issue 19): below the answer threshold but above the band's floor,
 * or ambiguous, or a chosen answer below the band's top edge; the lexical decision stays in r.best. */
static void test_kb_band(void **state)
{
    wa_kb_result_t r;
    char *c;
    (void)state;

    r = kb_with(0.55, 0.30, 0.10); /* below the threshold, above the floor */
    wa_kb_choose(&r, 0.65, 0.04);
    wa_kb_band(&r, 0.40, 0.65);
    assert_int_equal(r.band, 1);
    assert_int_equal(r.best, -1);
    c = wa_kb_candidates_json(&r); /* ids and questions, no answers, never under the context floor */
    assert_string_equal(c, "[{\"id\":\"1\",\"q\":\"Q \\\"one\\\"\",\"score\":0.55},"
                           "{\"id\":\"2\",\"q\":\"Q\",\"score\":0.3}]");
    free(c);
    wa_kb_result_dispose(&r);

    r = kb_with(0.30, -1, -1); /* under the floor: the ai as before, no candidates */
    wa_kb_choose(&r, 0.65, 0.04);
    wa_kb_band(&r, 0.40, 0.65);
    assert_int_equal(r.band, 0);
    wa_kb_result_dispose(&r);

    r = kb_with(0.90, 0.88, -1); /* ambiguous, however high */
    wa_kb_choose(&r, 0.65, 0.04);
    wa_kb_band(&r, 0.40, 0.65);
    assert_int_equal(r.band, 1);
    wa_kb_result_dispose(&r);

    r = kb_with(0.70, 0.20, -1); /* a confident answer: outside the band by default (high = threshold) */
    wa_kb_choose(&r, 0.65, 0.04);
    wa_kb_band(&r, 0.40, 0.65);
    assert_int_equal(r.band, 0);
    wa_kb_band(&r, 0.40, 0.75); /* ... inside when the band reaches above the threshold, the answer kept */
    assert_int_equal(r.band, 1);
    assert_int_equal(r.best, 0);
    wa_kb_result_dispose(&r);

    r = kb_with(-1, -1, -1);
    wa_kb_choose(&r, 0.65, 0.04);
    wa_kb_band(&r, 0.0, 0.65);
    assert_int_equal(r.band, 0);
    c = wa_kb_candidates_json(&r);
    assert_string_equal(c, "[]");
    free(c);
    wa_kb_result_dispose(&r);
}

static void test_policy_welcome(void **state)
{
    rt_doctor_t d = {.id = "x", .name = "Dr. Asha Rao", .clinic_name = "Sunrise Family Clinic", .is_active = 1};
    char *s;
    (void)state;
    assert_int_equal(rt_route_policy(RT_MSG_TEXT), RT_POLICY_ANSWER);
    assert_int_equal(rt_route_policy(RT_MSG_INTERACTIVE), RT_POLICY_ANSWER);
    assert_int_equal(rt_route_policy(RT_MSG_BUTTON), RT_POLICY_ANSWER);
    assert_int_equal(rt_route_policy(RT_MSG_IMAGE), RT_POLICY_ACK);
    assert_int_equal(rt_route_policy(RT_MSG_DOCUMENT), RT_POLICY_ACK);
    assert_int_equal(rt_route_policy(RT_MSG_AUDIO), RT_POLICY_ACK);
    assert_int_equal(rt_route_policy(RT_MSG_LOCATION), RT_POLICY_ACK);
    assert_int_equal(rt_route_policy(RT_MSG_REACTION), RT_POLICY_RECORD);
    assert_int_equal(rt_route_policy(RT_MSG_SYSTEM), RT_POLICY_RECORD);
    assert_int_equal(rt_route_policy(RT_MSG_UNSUPPORTED), RT_POLICY_RECORD);
    assert_int_equal(rt_route_policy(RT_MSG_STICKER), RT_POLICY_RECORD);
    assert_int_equal(rt_route_policy(RT_MSG_EDIT), RT_POLICY_RECORD);
    assert_int_equal(rt_route_policy(RT_MSG_REQUEST_WELCOME), RT_POLICY_WELCOME);
    assert_int_equal(rt_route_policy(RT_MSG_UNKNOWN), RT_POLICY_RECORD);
    assert_int_equal(rt_route_policy((rt_msg_kind_t)1000), RT_POLICY_RECORD);

    s = rt_route_welcome_text(&d, "Ravi");
    assert_non_null(strstr(s, "Hello Ravi! Welcome to Sunrise Family Clinic (Dr. Asha Rao)."));
    free(s);
    d.clinic_name[0] = '\0';
    s = rt_route_welcome_text(&d, NULL);
    assert_non_null(strstr(s, "Hello! Welcome to the clinic of Dr. Asha Rao."));
    free(s);
}

static void test_ack_optout_texts(void **state)
{
    rt_doctor_t d = {.id = "x", .name = "Dr. Asha Rao", .clinic_name = "Sunrise Family Clinic", .is_active = 1};
    char *s;
    (void)state;
    s = rt_route_ack_text(&d, RT_MSG_DOCUMENT, 0);
    assert_string_equal(s, "Thank you, we received your document. Sunrise Family Clinic will look at it and get back "
                           "to you if needed.");
    free(s);
    s = rt_route_ack_text(&d, RT_MSG_AUDIO, 1);
    assert_non_null(strstr(s, "your voice note."));
    free(s);
    s = rt_route_ack_text(&d, RT_MSG_IMAGE, 0);
    assert_non_null(strstr(s, "your photo."));
    free(s);
    d.clinic_name[0] = '\0';
    s = rt_route_ack_text(&d, RT_MSG_LOCATION, 0);
    assert_non_null(strstr(s, "location. The clinic of Dr. Asha Rao will look"));
    free(s);
    s = rt_route_optout_text(&d, 1);
    assert_non_null(strstr(s, "no longer receive"));
    assert_non_null(strstr(s, "START"));
    free(s);
    s = rt_route_optout_text(&d, 0);
    assert_non_null(strstr(s, "STOP"));
    free(s);
}

static void test_optout_words(void **state)
{
    static const char *const stop[] = {"STOP", "stop", "Stop.", " stop! ", "STOP ALL", "Unsubscribe", "opt-out",
                                       "बंद", "बंद करो", "band karo", "mat bhejo", "रोको"};
    static const char *const start[] = {"START", "start", "Start!", "unstop", "opt in", "शुरू", "chalu karo"};
    static const char *const none[] = {"", "please stop the medicine?", "can I stop taking it", "stopped",
                                       "started fever", "what are your timings", "band baja"};
    (void)state;
    for (size_t i = 0; i < sizeof(stop) / sizeof(stop[0]); i++)
        if (rt_text_optout(stop[i]) != RT_OPTOUT_STOP)
            fail_msg("\"%s\" should opt out", stop[i]);
    for (size_t i = 0; i < sizeof(start) / sizeof(start[0]); i++)
        if (rt_text_optout(start[i]) != RT_OPTOUT_START)
            fail_msg("\"%s\" should opt in", start[i]);
    for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
        if (rt_text_optout(none[i]) != RT_OPTOUT_NONE)
            fail_msg("\"%s\" is not a keyword", none[i]);
    assert_int_equal(rt_text_optout(NULL), RT_OPTOUT_NONE);
}

static void test_doctor_settings(void **state)
{
    rt_doctor_t d;
    (void)state;
    memset(&d, 0, sizeof(d));
    rt_doctor_apply_settings(&d, "{}");
    assert_int_equal(d.mark_read, 1);
    assert_int_equal(rt_route_policy_for(&d, RT_MSG_IMAGE), RT_POLICY_ACK);
    rt_doctor_apply_settings(&d, "{\"mark_read\":false,\"reply_policy\":{\"image\":\"none\",\"sticker\":\"ack\","
                                 "\"text\":\"bogus\",\"nope\":\"ack\",\"reaction\":5}}");
    assert_int_equal(d.mark_read, 0);
    assert_int_equal(rt_route_policy_for(&d, RT_MSG_IMAGE), RT_POLICY_RECORD);
    assert_int_equal(rt_route_policy_for(&d, RT_MSG_STICKER), RT_POLICY_ACK);
    assert_int_equal(rt_route_policy_for(&d, RT_MSG_TEXT), RT_POLICY_ANSWER); /* bogus word ignored */
    assert_int_equal(rt_route_policy_for(&d, RT_MSG_REACTION), RT_POLICY_RECORD);
    rt_doctor_apply_settings(&d, "not json");
    assert_int_equal(d.mark_read, 1);
    assert_int_equal(rt_route_policy_for(&d, RT_MSG_IMAGE), RT_POLICY_ACK);
    rt_doctor_apply_settings(&d, NULL);
    assert_int_equal(d.mark_read, 1);
}

static void test_status_rank(void **state)
{
    (void)state;
    assert_true(rt_status_rank("sent") < rt_status_rank("delivered"));
    assert_true(rt_status_rank("delivered") < rt_status_rank("read"));
    assert_true(rt_status_rank("read") < rt_status_rank("failed"));
    assert_int_equal(rt_status_rank("deleted"), -1);
    assert_int_equal(rt_status_rank(NULL), -1);
}

static void test_utf8_repair(void **state)
{
    (void)state;
    size_t n = 0;
    const char ok[] = "timings? \xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87 \xf0\x9f\x99\x8f";
    assert_null(rt_text_utf8_repair(ok, sizeof(ok) - 1, &n)); /* valid: no copy */

    const char bad[] = "ab\xff\xfe" "c";
    char *fixed = rt_text_utf8_repair(bad, sizeof(bad) - 1, &n);
    assert_non_null(fixed);
    assert_int_equal(n, 9);
    assert_memory_equal(fixed, "ab\xef\xbf\xbd\xef\xbf\xbd" "c", 9);
    free(fixed);

    /* a sequence cut short at the end (the sequence rules themselves: tests/unit/test_text.c) */
    fixed = rt_text_utf8_repair("x\xe0\xa4", 3, &n);
    assert_int_equal(n, 7);
    assert_memory_equal(fixed, "x\xef\xbf\xbd\xef\xbf\xbd", 7);
    free(fixed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_greetings),   cmocka_unit_test(test_normalize_lang), cmocka_unit_test(test_tenant_cache),
        cmocka_unit_test(test_kb_choose), cmocka_unit_test(test_kb_band), cmocka_unit_test(test_policy_welcome),
        cmocka_unit_test(test_status_rank), cmocka_unit_test(test_ack_optout_texts),
        cmocka_unit_test(test_optout_words), cmocka_unit_test(test_utf8_repair), cmocka_unit_test(test_doctor_settings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
