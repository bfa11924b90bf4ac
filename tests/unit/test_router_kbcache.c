/*
 * Unit tests of the router's answer cache (services/router/kbcache.c): the key (only what kb_match ignores is
 * folded), a hit returns an equal, independent copy of the whole result, another knowledge-base version is never
 * answered from, and the byte cap evicts the least recently used entries. No database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kbcache.h"
#include "wa/log.h"

#define DOC "4a0c7f8e-1b2c-4d3e-8f90-0123456789ab"

static void make_result(wa_kb_result_t *r, const char *answer, double score)
{
    memset(r, 0, sizeof(*r));
    r->nhits = 2;
    snprintf(r->hits[0].id, sizeof(r->hits[0].id), "17");
    r->hits[0].question = wa_strdup("What are your timings?");
    r->hits[0].answer = wa_strdup(answer);
    r->hits[0].score = score;
    snprintf(r->hits[1].id, sizeof(r->hits[1].id), "18");
    r->hits[1].question = wa_strdup("What is the fee?");
    r->hits[1].answer = wa_strdup("500 rupees");
    r->hits[1].score = 0.2;
    r->best = 0;
}

/* make_result's result with `answer` put into c under key and version (the cache keeps its own copy). */
static void put_answer(rt_kbcache_t *c, const char *key, long long version, const char *answer, double score)
{
    wa_kb_result_t r;
    make_result(&r, answer, score);
    rt_kbcache_put(c, key, version, &r);
    wa_kb_result_dispose(&r);
}

/* c answers key at version with `answer` first. */
static void expect_answer(rt_kbcache_t *c, const char *key, long long version, const char *answer)
{
    wa_kb_result_t got;
    assert_int_equal(rt_kbcache_get(c, key, version, &got), 1);
    assert_string_equal(got.hits[0].answer, answer);
    wa_kb_result_dispose(&got);
}

static void test_key(void **state)
{
    char a[RT_KBCACHE_KEY_MAX], b[RT_KBCACHE_KEY_MAX], long_text[RT_KBCACHE_MAX_TEXT + 2];
    (void)state;
    assert_int_equal(rt_kbcache_key(DOC, "  What are your TIMINGS??? ", a, sizeof(a)), 0);
    assert_string_equal(a, DOC "\nwhat are your timings");
    assert_int_equal(rt_kbcache_key(DOC, "what,are your...timings", b, sizeof(b)), 0);
    assert_string_equal(a, b);
    /* different words, digits or another doctor: different keys */
    assert_int_equal(rt_kbcache_key(DOC, "what are your timing", b, sizeof(b)), 0);
    assert_string_not_equal(a, b);
    assert_int_equal(rt_kbcache_key(DOC, "fee 500", a, sizeof(a)), 0);
    assert_int_equal(rt_kbcache_key(DOC, "fee 5000", b, sizeof(b)), 0);
    assert_string_not_equal(a, b);
    assert_int_equal(rt_kbcache_key("other", "fee 500", b, sizeof(b)), 0);
    assert_string_not_equal(a, b);
    /* bytes of other scripts are kept as they are (É is not folded: kb_match drops it, a miss is only slower) */
    assert_int_equal(rt_kbcache_key(DOC, "फीस कितनी है?", a, sizeof(a)), 0);
    assert_string_equal(a, DOC "\nफीस कितनी है");
    assert_int_equal(rt_kbcache_key(DOC, "Éte", a, sizeof(a)), 0);
    assert_int_equal(rt_kbcache_key(DOC, "éte", b, sizeof(b)), 0);
    assert_string_not_equal(a, b);
    /* not cacheable: NULL, too long, too small a buffer */
    assert_int_equal(rt_kbcache_key(DOC, NULL, a, sizeof(a)), -1);
    memset(long_text, 'a', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';
    assert_int_equal(rt_kbcache_key(DOC, long_text, a, sizeof(a)), -1);
    assert_int_equal(rt_kbcache_key(DOC, "hello", a, 20), -1);
}

/* Round 26: a text's analysis is a key of its own, which no text's key can equal (a text's key holds no '{'). */
static void test_tokens_key(void **state)
{
    char a[RT_KBCACHE_KEY_MAX], b[RT_KBCACHE_KEY_MAX], long_toks[RT_KBCACHE_KEY_MAX];
    (void)state;
    assert_int_equal(rt_kbcache_tokens_key(DOC, "{timing,case}", a, sizeof(a)), 0);
    assert_string_equal(a, DOC "\n{timing,case}");
    /* the order of the tokens is kept: the score is computed on them in that order */
    assert_int_equal(rt_kbcache_tokens_key(DOC, "{case,timing}", b, sizeof(b)), 0);
    assert_string_not_equal(a, b);
    assert_int_equal(rt_kbcache_tokens_key("other", "{timing,case}", b, sizeof(b)), 0);
    assert_string_not_equal(a, b);
    assert_int_equal(rt_kbcache_tokens_key(DOC, "{}", a, sizeof(a)), 0);
    assert_string_equal(a, DOC "\n{}");
    /* a text made of the same characters has another key: its punctuation is a separator there */
    assert_int_equal(rt_kbcache_key(DOC, "{timing,case}", b, sizeof(b)), 0);
    assert_string_equal(b, DOC "\ntiming case");
    /* not a list, a newline, too long, too small a buffer */
    assert_int_equal(rt_kbcache_tokens_key(DOC, "timing", a, sizeof(a)), -1);
    assert_int_equal(rt_kbcache_tokens_key(DOC, "{timing", a, sizeof(a)), -1);
    assert_int_equal(rt_kbcache_tokens_key(DOC, "{", a, sizeof(a)), -1);
    assert_int_equal(rt_kbcache_tokens_key(DOC, NULL, a, sizeof(a)), -1);
    assert_int_equal(rt_kbcache_tokens_key(DOC, "{a\nb}", a, sizeof(a)), -1);
    memset(long_toks, 'a', sizeof(long_toks) - 1);
    long_toks[0] = '{';
    long_toks[sizeof(long_toks) - 2] = '}';
    long_toks[sizeof(long_toks) - 1] = '\0';
    assert_int_equal(rt_kbcache_tokens_key(DOC, long_toks, a, sizeof(a)), -1);
    assert_int_equal(rt_kbcache_tokens_key(DOC, "{fee}", a, 20), -1);
}

static void test_hit_is_an_equal_copy_and_versions_never_mix(void **state)
{
    rt_kbcache_t *c = rt_kbcache_create(64 * 1024);
    wa_kb_result_t r, got;
    char key[RT_KBCACHE_KEY_MAX];
    (void)state;

    assert_int_equal(rt_kbcache_key(DOC, "timings?", key, sizeof(key)), 0);
    assert_int_equal(rt_kbcache_get(c, key, 3, &got), 0);
    make_result(&r, "10 am to 6 pm", 0.91);
    rt_kbcache_put(c, key, 3, &r);
    wa_kb_result_dispose(&r); /* the cache holds its own copy */
    assert_int_equal(rt_kbcache_get(c, key, 3, &got), 1);
    assert_int_equal(got.nhits, 2);
    assert_int_equal(got.best, 0);
    assert_string_equal(got.hits[0].id, "17");
    assert_string_equal(got.hits[0].answer, "10 am to 6 pm");
    assert_string_equal(got.hits[1].question, "What is the fee?");
    assert_true(got.hits[0].score == 0.91);
    wa_kb_result_dispose(&got); /* the caller's copy: the cache still answers */
    assert_int_equal(rt_kbcache_get(c, key, 3, &got), 1);
    wa_kb_result_dispose(&got);

    /* the doctor's knowledge base changed (version 4): a miss, and the old entry is gone for good */
    assert_int_equal(rt_kbcache_get(c, key, 4, &got), 0);
    assert_int_equal(rt_kbcache_entries(c), 0);
    assert_int_equal(rt_kbcache_get(c, key, 3, &got), 0);
    put_answer(c, key, 4, "9 am to 5 pm", 0.9);
    expect_answer(c, key, 4, "9 am to 5 pm");
    /* a put under the same key replaces the entry */
    put_answer(c, key, 5, "8 am to 4 pm", 0.9);
    assert_int_equal(rt_kbcache_entries(c), 1);
    assert_int_equal(rt_kbcache_get(c, key, 4, &got), 0);

    /* an intent label under the same key is kept apart from the lookup result, with the same versioning */
    char label[32];
    put_answer(c, key, 5, "8 am to 4 pm", 0.9);
    assert_int_equal(rt_kbcache_get_label(c, key, 5, label, sizeof(label)), 0);
    rt_kbcache_put_label(c, key, 5, "book");
    assert_int_equal(rt_kbcache_get_label(c, key, 5, label, sizeof(label)), 1);
    assert_string_equal(label, "book");
    expect_answer(c, key, 5, "8 am to 4 pm");
    rt_kbcache_put_label(c, key, 5, ""); /* no intent is an answer too */
    assert_int_equal(rt_kbcache_get_label(c, key, 5, label, sizeof(label)), 1);
    assert_string_equal(label, "");
    assert_int_equal(rt_kbcache_get_label(c, key, 6, label, sizeof(label)), 0);
    rt_kbcache_destroy(c);

    c = rt_kbcache_create(0); /* disabled: never stores */
    put_answer(c, key, 1, "x", 0.9);
    assert_int_equal(rt_kbcache_get(c, key, 1, &got), 0);
    rt_kbcache_destroy(c);
    rt_kbcache_destroy(NULL);
}

static void test_cap_evicts_least_recently_used(void **state)
{
    const size_t cap = 32 * 1024;
    rt_kbcache_t *c = rt_kbcache_create(cap);
    wa_kb_result_t r, got;
    char key[RT_KBCACHE_KEY_MAX], text[64], first[RT_KBCACHE_KEY_MAX], recent[RT_KBCACHE_KEY_MAX];
    (void)state;

    make_result(&r, "an answer of a few words", 0.9);
    assert_int_equal(rt_kbcache_key(DOC, "question 0", first, sizeof(first)), 0);
    assert_int_equal(rt_kbcache_key(DOC, "question 1", recent, sizeof(recent)), 0);
    for (int i = 0; i < 2000; i++) {
        snprintf(text, sizeof(text), "question %d", i);
        assert_int_equal(rt_kbcache_key(DOC, text, key, sizeof(key)), 0);
        rt_kbcache_put(c, key, 1, &r);
        if (i < 100) { /* question 1 stays in use, question 0 does not */
            assert_int_equal(rt_kbcache_get(c, recent, 1, &got), i >= 1);
            if (i >= 1)
                wa_kb_result_dispose(&got);
        }
        assert_true(rt_kbcache_bytes(c) <= cap);
    }
    assert_true(rt_kbcache_entries(c) > 20);
    assert_true(rt_kbcache_entries(c) < 2000);
    assert_int_equal(rt_kbcache_get(c, first, 1, &got), 0);
    assert_int_equal(rt_kbcache_get(c, key, 1, &got), 1); /* the latest is there */
    wa_kb_result_dispose(&got);
    wa_kb_result_dispose(&r);
    rt_kbcache_destroy(c);
}

/* Round 26: a text's key names its tokens' key; it answers what the tokens' entries hold for the same version, and
 * misses when they hold nothing for it. */
static void test_alias_answers_what_its_target_holds(void **state)
{
    rt_kbcache_t *c = rt_kbcache_create(64 * 1024);
    wa_kb_result_t got;
    char text[RT_KBCACHE_KEY_MAX], other[RT_KBCACHE_KEY_MAX], toks[RT_KBCACHE_KEY_MAX], label[32];
    (void)state;

    assert_int_equal(rt_kbcache_key(DOC, "visiting hours pls", text, sizeof(text)), 0);
    assert_int_equal(rt_kbcache_key(DOC, "what r ur visiting hours", other, sizeof(other)), 0);
    assert_int_equal(rt_kbcache_tokens_key(DOC, "{timing}", toks, sizeof(toks)), 0);
    put_answer(c, toks, 7, "9 am to 1 pm", 0.91);
    rt_kbcache_put_label(c, toks, 7, "");
    rt_kbcache_put_alias(c, text, 7, toks);
    rt_kbcache_put_alias(c, other, 7, toks);
    /* both wordings answer the one result and label */
    expect_answer(c, text, 7, "9 am to 1 pm");
    assert_int_equal(rt_kbcache_get_label(c, other, 7, label, sizeof(label)), 1);
    assert_string_equal(label, "");
    /* an alias costs less than a copy: three entries' worth of result held once */
    assert_int_equal(rt_kbcache_entries(c), 4);
    /* another version: a miss (the alias of version 7 is dropped) */
    assert_int_equal(rt_kbcache_get(c, text, 8, &got), 0);
    assert_int_equal(rt_kbcache_entries(c), 3);
    /* an alias of version 8 misses while its target holds version 7 only */
    rt_kbcache_put_alias(c, text, 8, toks);
    assert_int_equal(rt_kbcache_get(c, text, 8, &got), 0);
    assert_int_equal(rt_kbcache_get_label(c, text, 8, label, sizeof(label)), 0);
    put_answer(c, toks, 8, "2 pm to 7 pm", 0.9); /* the tokens scored again under the new version */
    expect_answer(c, text, 8, "2 pm to 7 pm");
    /* a label put under the text itself stands beside its alias; a result put under it replaces the alias */
    rt_kbcache_put_label(c, text, 8, "book");
    assert_int_equal(rt_kbcache_get_label(c, text, 8, label, sizeof(label)), 1);
    assert_string_equal(label, "book");
    put_answer(c, text, 8, "its own result", 0.8);
    expect_answer(c, text, 8, "its own result");
    /* an alias to itself is not stored */
    rt_kbcache_put_alias(c, toks, 8, toks);
    assert_int_equal(rt_kbcache_get(c, toks, 8, &got), 1);
    wa_kb_result_dispose(&got);
    rt_kbcache_destroy(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key),
        cmocka_unit_test(test_tokens_key),
        cmocka_unit_test(test_hit_is_an_equal_copy_and_versions_never_mix),
        cmocka_unit_test(test_cap_evicts_least_recently_used),
        cmocka_unit_test(test_alias_answers_what_its_target_holds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
