/*
 * Unit tests of the router replicas' shared answer cache's pure parts (services/router/kbshare.c): a value decodes
 * to an equal copy of the analysis it was made from (the hits, scores, best and band, the label or its absence), a
 * malformed or truncated value is refused, and the key names the doctor and the version but never the text, and
 * changes with the version, the text and the accept thresholds. No Redis.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kbcache.h"
#include "kbshare.h"
#include "wa/log.h"

#define DOC "4a0c7f8e-1b2c-4d3e-8f90-0123456789ab"

static void make_result(wa_kb_result_t *r)
{
    memset(r, 0, sizeof(*r));
    r->nhits = 3;
    snprintf(r->hits[0].id, sizeof(r->hits[0].id), "17");
    r->hits[0].question = wa_strdup("What are your timings?");
    r->hits[0].answer = wa_strdup("9 am to 1 pm,\nand 5 to 8 pm.\n12 34 -1\n"); /* newlines and digits inside */
    r->hits[0].score = 0.8123456789012345;
    snprintf(r->hits[1].id, sizeof(r->hits[1].id), "18");
    r->hits[1].question = wa_strdup("फीस कितनी है?");
    r->hits[1].answer = wa_strdup("");
    r->hits[1].score = 0.25;
    snprintf(r->hits[2].id, sizeof(r->hits[2].id), "19");
    r->hits[2].question = NULL;
    r->hits[2].answer = wa_strdup("x");
    r->hits[2].score = 0;
    r->best = 0;
    r->band = 1;
}

static void same_result(const wa_kb_result_t *a, const wa_kb_result_t *b)
{
    assert_int_equal(a->nhits, b->nhits);
    assert_int_equal(a->best, b->best);
    assert_int_equal(a->band, b->band);
    for (size_t i = 0; i < a->nhits; i++) {
        assert_string_equal(a->hits[i].id, b->hits[i].id);
        assert_true(a->hits[i].score == b->hits[i].score); /* %.17g: the double itself */
        if (a->hits[i].question == NULL)
            assert_null(b->hits[i].question);
        else
            assert_string_equal(a->hits[i].question, b->hits[i].question);
        assert_string_equal(a->hits[i].answer, b->hits[i].answer);
    }
}

static void test_round_trip(void **state)
{
    wa_kb_result_t r, back;
    char label[WA_KB_LABEL_MAX];
    int has_result, has_label;
    size_t len;
    char *v;
    (void)state;

    make_result(&r);
    v = rt_kbshare_encode(&r, "book", &len);
    assert_int_equal(rt_kbshare_decode(v, len, &back, &has_result, label, sizeof(label), &has_label), 0);
    assert_true(has_result && has_label);
    assert_string_equal(label, "book");
    same_result(&r, &back);
    wa_kb_result_dispose(&back);
    free(v);

    /* no intent asked: no label; "" is a label (the text is no intent), not the absence of one */
    v = rt_kbshare_encode(&r, NULL, &len);
    assert_int_equal(rt_kbshare_decode(v, len, &back, &has_result, label, sizeof(label), &has_label), 0);
    assert_true(has_result && !has_label);
    same_result(&r, &back);
    wa_kb_result_dispose(&back);
    free(v);
    v = rt_kbshare_encode(&r, "", &len);
    assert_int_equal(rt_kbshare_decode(v, len, &back, &has_result, label, sizeof(label), &has_label), 0);
    assert_true(has_label);
    assert_string_equal(label, "");
    wa_kb_result_dispose(&back);
    free(v);

    /* no candidates at all */
    wa_kb_result_dispose(&r);
    memset(&r, 0, sizeof(r));
    r.best = -1;
    v = rt_kbshare_encode(&r, "stop", &len);
    assert_int_equal(rt_kbshare_decode(v, len, &back, &has_result, label, sizeof(label), &has_label), 0);
    assert_int_equal(back.nhits, 0);
    assert_int_equal(back.best, -1);
    assert_string_equal(label, "stop");
    wa_kb_result_dispose(&back);
    free(v);
}

static void test_malformed_values_are_refused(void **state)
{
    wa_kb_result_t r, back;
    char label[WA_KB_LABEL_MAX];
    int has_result, has_label;
    size_t len;
    char *v;
    (void)state;

    make_result(&r);
    v = rt_kbshare_encode(&r, "book", &len);
    for (size_t cut = 0; cut < len; cut++) /* every truncation: refused, nothing to dispose (ASan checks leaks) */
        assert_int_equal(rt_kbshare_decode(v, cut, &back, &has_result, label, sizeof(label), &has_label), -1);
    free(v);
    wa_kb_result_dispose(&r);

    static const char *const bad[] = {
        "",
        "K2 1 0 -1 0 0 0\n",              /* another format */
        "K1 1 9 -1 0 0 0\n",              /* more hits than a result holds */
        "K1 1 0 0 0 0 0\n",               /* best names no hit */
        "K1 1 0 -1 0 0 99\nbook",         /* a label longer than the value */
        "K1 1 0 -1 0 0 0\nextra",         /* bytes after the last hit */
        "K1 1 1 0 0 0 0\n99 0.5 1 1\nxy", /* an id longer than the value */
        "K1 1 1 0 0 0 0\n1 0.5 -2 1\n7x", /* a negative length other than -1 */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(
            rt_kbshare_decode(bad[i], strlen(bad[i]), &back, &has_result, label, sizeof(label), &has_label), -1);
    /* a label longer than the caller's buffer */
    const char *longlabel = "K1 1 0 -1 0 1 4\nbook";
    assert_int_equal(rt_kbshare_decode(longlabel, strlen(longlabel), &back, &has_result, label, 4, &has_label), -1);
    assert_int_equal(rt_kbshare_decode(longlabel, strlen(longlabel), &back, &has_result, label, 5, &has_label), 0);
}

static void test_key(void **state)
{
    wa_config_t cfg;
    char ck[RT_KBCACHE_KEY_MAX], ck2[RT_KBCACHE_KEY_MAX], a[RT_KBSHARE_KEY_MAX], b[RT_KBSHARE_KEY_MAX];
    (void)state;

    memset(&cfg, 0, sizeof(cfg));
    cfg.redis_prefix = "wa:";
    assert_int_equal(rt_kbcache_key(DOC, "What are your TIMINGS?", ck, sizeof(ck)), 0);
    assert_int_equal(rt_kbcache_key(DOC, "what are your timings", ck2, sizeof(ck2)), 0);
    assert_int_equal(rt_kbshare_key(&cfg, DOC, 7, ck, 0.65, 0.04, a, sizeof(a)), 0);
    assert_int_equal(strncmp(a, "wa:kbc:" DOC ":7:", strlen("wa:kbc:" DOC ":7:")), 0);
    assert_int_equal(strlen(a), strlen("wa:kbc:" DOC ":7:") + 32);
    assert_null(strstr(a, "timings")); /* never the patient's text */
    /* what the answer cache folds, the shared one folds too */
    assert_int_equal(rt_kbshare_key(&cfg, DOC, 7, ck2, 0.65, 0.04, b, sizeof(b)), 0);
    assert_string_equal(a, b);
    /* another version, text or accept rule: another key */
    assert_int_equal(rt_kbshare_key(&cfg, DOC, 8, ck, 0.65, 0.04, b, sizeof(b)), 0);
    assert_string_not_equal(a, b);
    assert_int_equal(rt_kbcache_key(DOC, "what are your fees", ck2, sizeof(ck2)), 0);
    assert_int_equal(rt_kbshare_key(&cfg, DOC, 7, ck2, 0.65, 0.04, b, sizeof(b)), 0);
    assert_string_not_equal(a, b);
    assert_int_equal(rt_kbshare_key(&cfg, DOC, 7, ck, 0.7, 0.04, b, sizeof(b)), 0);
    assert_string_not_equal(a, b);
    assert_int_equal(rt_kbshare_key(&cfg, DOC, 7, ck, 0.65, 0.05, b, sizeof(b)), 0);
    assert_string_not_equal(a, b);
    /* too small a buffer */
    assert_int_equal(rt_kbshare_key(&cfg, DOC, 7, ck, 0.65, 0.04, b, 40), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_malformed_values_are_refused),
        cmocka_unit_test(test_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
