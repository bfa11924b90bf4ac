/*
 * Unit tests of the router's knowledge-base score (services/router/kbscore.c) and its snapshots' cache (kbsnap.c),
 * without a database: a snapshot refused with a reason when its JSON is not one, PostgreSQL's text[] form read back,
 * a question scored against a small clinic by the rules' arithmetic (the full rules are compared with the SQL they
 * port by tests/e2e/test_kb_score_parity.py), and the cache's versions and byte cap.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kbscore.h"
#include "kbsnap.h"
#include "wa/log.h"

#define DOC "4a0c7f8e-1b2c-4d3e-8f90-0123456789ab"
#define DOC2 "5b1d8f9f-2c3d-4e4f-9a01-123456789abc"

/* A clinic of two entries: its timings (the answer states a time: '$timing') and its fee. */
static const char CLINIC[] =
    "{\"names\": [\"sharma\"], \"specialty\": [], \"narrower\": [],"
    " \"entries\": [{\"id\": 1, \"q\": \"What are your timings?\", \"a\": \"9 to 5\", \"phone\": false,"
    "                \"period\": false, \"priced\": []},"
    "               {\"id\": 2, \"q\": \"What is the fee?\", \"a\": \"Rs 500\", \"phone\": false, \"period\": false,"
    "                \"priced\": [[\"fee\"]]}],"
    " \"examples\": [[1, [\"timing\"], [\"$timing\"]], [2, [\"fee\"], [\"$fee\"]]],"
    " \"df\": {\"timing\": 1, \"fee\": 1}, \"weights\": {}, \"concepts\": [\"timing\", \"fee\"]}";

static rt_kbscore_t *clinic(void)
{
    char err[128];
    cJSON *j = cJSON_Parse(CLINIC);
    assert_non_null(j);
    rt_kbscore_t *s = rt_kbscore_new(j, err, sizeof(err));
    cJSON_Delete(j);
    assert_non_null(s);
    return s;
}

static void test_snapshot_refused_with_a_reason(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "[]", "{\"names\": 1}",
        "{\"names\": [], \"specialty\": [], \"concepts\": [], \"weights\": {}, \"df\": {}, \"narrower\": [[\"a\"]]}",
        "{\"names\": [], \"specialty\": [], \"concepts\": [], \"weights\": {}, \"df\": {}, \"narrower\": [],"
        " \"entries\": [{\"id\": 1, \"phone\": false, \"period\": false, \"priced\": []}],"
        " \"examples\": [[9, [\"a\"], []]]}", /* an example of no entry */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char err[128] = "";
        cJSON *j = cJSON_Parse(bad[i]);
        assert_non_null(j);
        assert_null(rt_kbscore_new(j, err, sizeof(err)));
        assert_true(strncmp(err, "snapshot: ", 10) == 0);
        cJSON_Delete(j);
    }
}

static void test_text_array(void **state)
{
    (void)state;
    char **v;
    assert_int_equal(rt_kbscore_text_array("{}", &v), 0);
    free(v);
    assert_int_equal(rt_kbscore_text_array("{fee,timing}", &v), 2);
    assert_string_equal(v[0], "fee");
    assert_string_equal(v[1], "timing");
    assert_null(v[2]);
    free(v);
    assert_int_equal(rt_kbscore_text_array("{\"a b\",\"x\\\"y\",\"back\\\\slash\",दांत}", &v), 4);
    assert_string_equal(v[0], "a b");
    assert_string_equal(v[1], "x\"y");
    assert_string_equal(v[2], "back\\slash");
    assert_string_equal(v[3], "दांत");
    free(v);
    static const char *const bad[] = {"", "fee", "{fee", "fee}", "{fee,}", "{,fee}", "{NULL}", "{\"open}", "{a\"b\"}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        v = (char **)1;
        assert_int_equal(rt_kbscore_text_array(bad[i], &v), -1);
        assert_null(v);
    }
}

static void test_score_a_small_clinic(void **state)
{
    (void)state;
    rt_kbscore_t *s = clinic();
    rt_kbscore_row_t rows[4];

    /* every word known and its aspect stated by the answer: coverage 1, fit 1, score 0.6 + 0.4 */
    const char *q1[] = {"timing"};
    assert_int_equal(rt_kbscore_match(s, q1, 1, 4, rows), 1);
    assert_true(rows[0].id == 1);
    assert_true(rows[0].score == 0.6 * 1 + 0.4 * 1);
    assert_true(rows[0].coverage == 1 && rows[0].fit == 1);
    assert_int_equal(rows[0].nmissing, 0);
    assert_string_equal(rows[0].answer, "9 to 5");
    rt_kbscore_rows_free(rows, 1);

    /* the clinic's name words are left out first */
    const char *q2[] = {"sharma", "timing"};
    assert_int_equal(rt_kbscore_match(s, q2, 2, 4, rows), 1);
    assert_true(rows[0].score == 0.6 * 1 + 0.4 * 1);
    rt_kbscore_rows_free(rows, 1);

    /* a word no entry uses: missing at the default weight 0.6, in the coverage and in the fit */
    const char *q3[] = {"timing", "parking"};
    assert_int_equal(rt_kbscore_match(s, q3, 2, 4, rows), 1);
    assert_true(fabs(rows[0].coverage - 1 / 1.6) < 1e-12);
    assert_true(fabs(rows[0].fit - 2 * 1 / (1.6 + 1)) < 1e-12);
    assert_true(fabs(rows[0].score - (0.6 / 1.6 + 0.4 * 2 / 2.6)) < 1e-12);
    assert_int_equal(rows[0].nmissing, 1);
    assert_string_equal(rows[0].missing, "parking");
    rt_kbscore_rows_free(rows, 1);

    /* both entries asked: both candidates, and the limit holds */
    const char *q4[] = {"timing", "fee"};
    assert_int_equal(rt_kbscore_match(s, q4, 2, 4, rows), 2);
    rt_kbscore_rows_free(rows, 2);
    assert_int_equal(rt_kbscore_match(s, q4, 2, 1, rows), 1);
    rt_kbscore_rows_free(rows, 1);

    /* the router's gate: a word of an entry's examples, the name words aside */
    const char *none[] = {"parking"}, *name[] = {"sharma"};
    assert_int_equal(rt_kbscore_shares_word(s, q1, 1), 1);
    assert_int_equal(rt_kbscore_shares_word(s, none, 1), 0);
    assert_int_equal(rt_kbscore_shares_word(s, name, 1), 0);
    assert_int_equal(rt_kbscore_match(s, none, 1, 4, rows), 0);
    rt_kbscore_free(s);
}

static void test_cache_versions_and_cap(void **state)
{
    (void)state;
    rt_kbscore_t *a = clinic();
    size_t one = rt_kbscore_bytes(a);
    rt_kbsnap_t *c = rt_kbsnap_create(one * 2 + one / 2); /* room for two */

    rt_kbsnap_put(c, DOC, 7, a);
    assert_ptr_equal(rt_kbsnap_get(c, DOC, 7), a);
    assert_null(rt_kbsnap_get(c, DOC, 8)); /* another version is never answered from */
    rt_kbscore_t *b = clinic();
    rt_kbsnap_put(c, DOC, 8, b); /* the newer version replaces the older */
    assert_null(rt_kbsnap_get(c, DOC, 7));
    assert_ptr_equal(rt_kbsnap_get(c, DOC, 8), b);
    assert_true(rt_kbsnap_bytes(c) < one * 2);

    rt_kbscore_t *d = clinic();
    rt_kbsnap_put(c, DOC2, 1, d);
    assert_ptr_equal(rt_kbsnap_get(c, DOC, 8), b); /* used last: DOC2's is now the older */
    rt_kbsnap_put(c, "6c2e9a0a-3d4e-4f50-8b12-23456789abcd", 1, clinic());
    assert_null(rt_kbsnap_get(c, DOC2, 1)); /* the least recently used went */
    assert_ptr_equal(rt_kbsnap_get(c, DOC, 8), b);
    assert_true(rt_kbsnap_bytes(c) <= one * 2 + one / 2);

    rt_kbsnap_t *tiny = rt_kbsnap_create(1); /* smaller than any snapshot: the one just put stays */
    rt_kbscore_t *e = clinic();
    rt_kbsnap_put(tiny, DOC, 1, e);
    assert_ptr_equal(rt_kbsnap_get(tiny, DOC, 1), e);
    rt_kbsnap_destroy(tiny);
    rt_kbsnap_destroy(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snapshot_refused_with_a_reason),
        cmocka_unit_test(test_text_array),
        cmocka_unit_test(test_score_a_small_clinic),
        cmocka_unit_test(test_cache_versions_and_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
