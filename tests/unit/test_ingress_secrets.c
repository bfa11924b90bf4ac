/*
 * Unit tests of the ingress' doctor app secrets (services/ingress/secrets.h):
 * the bounded id scan that picks candidates without parsing the body, the scope
 * check after a signature verified (every entry.id the doctor's WABA, every
 * change's phone_number_id the doctor's number), and the match built on both: a
 * doctor's secret signs for its own clinic only; a wrong secret, a malformed
 * header or a body that is not a webhook match nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "wa/hmac.h"
#include "secrets.h"

static const char *apps[] = {"doctor:a", "doctor:b", "doctor:c"};
static const char *wabas[] = {"WABA-A", "WABA-B", ""};
static const char *pnids[] = {"pn-a", "pn-b", "pn-c"};
static const char *secrets[] = {"secret-a-0123456789", "secret-b-0123456789", "secret-c-0123456789"};

static const char *match_why(ing_appset_t *set, const char *secret, const char *body, ing_match_fail_t *why)
{
    char sig[WA_SIGNATURE_LEN + 1];
    assert_int_equal(wa_signature_make(secret, strlen(secret), body, strlen(body), sig), 0);
    return ing_appset_match(set, sig, strlen(sig), body, strlen(body), why);
}

static const char *match(ing_appset_t *set, const char *secret, const char *body)
{
    return match_why(set, secret, body, NULL);
}

#define CHANGE(pnid)                                                                                                   \
    "{\"field\":\"messages\",\"value\":{\"metadata\":{\"display_phone_number\":\"1\",\"phone_number_id\":\"" pnid      \
    "\"}}}"

static void test_scan_finds_the_entry_id_and_the_phone_number_id(void **state)
{
    (void)state;
    ing_body_ids_t ids;
    const char *body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA-A\",\"changes\":[" CHANGE(
        "pn-a") "]}]}";
    assert_int_equal(ing_scan_ids(body, strlen(body), &ids), 1);
    assert_string_equal(ids.waba, "WABA-A");
    assert_string_equal(ids.pnid, "pn-a");

    /* "changes" before "id": the ids of messages (depth > 3) are not the entry id */
    const char *reordered = "{\"entry\":[{\"changes\":[{\"value\":{\"messages\":[{\"id\":\"wamid.1\"}],\"metadata\":"
                            "{\"phone_number_id\":\"pn-b\"}}}],\"id\":\"WABA-B\"}]}";
    assert_int_equal(ing_scan_ids(reordered, strlen(reordered), &ids), 1);
    assert_string_equal(ids.waba, "WABA-B");
    assert_string_equal(ids.pnid, "pn-b");

    /* keys inside strings are text, not keys */
    const char *quoted = "{\"entry\":[{\"text\":\"\\\"id\\\":\\\"WABA-X\\\"\",\"id\":\"WABA-C\"}]}";
    assert_int_equal(ing_scan_ids(quoted, strlen(quoted), &ids), 1);
    assert_string_equal(ids.waba, "WABA-C");
    assert_string_equal(ids.pnid, "");

    /* not a webhook, truncated, escaped or overlong ids: nothing found, never a crash */
    const char *nothing[] = {"[0,0,0,0]", "", "{\"entry\":[{\"id\":\"WABA", "{\"entry\":[{\"id\":\"WA\\u0042A\"}]}",
                             "{\"id\":\"top-level\"}", "\"\\", "{\"entry\":[{\"id\":7}]}"};
    for (size_t i = 0; i < sizeof(nothing) / sizeof(nothing[0]); i++) {
        assert_int_equal(ing_scan_ids(nothing[i], strlen(nothing[i]), &ids), 0);
        assert_string_equal(ids.waba, "");
    }
    char longid[200];
    snprintf(longid, sizeof(longid), "{\"entry\":[{\"id\":\"%0100d\"}]}", 1);
    assert_int_equal(ing_scan_ids(longid, strlen(longid), &ids), 0);
}

static void test_scan_reads_a_bounded_prefix(void **state)
{
    (void)state;
    ing_body_ids_t ids;
    size_t pad = ING_SCAN_MAX + 16;
    const char *head = "{\"pad\":\"", *tail = "\",\"entry\":[{\"id\":\"WABA-A\"}]}";
    char *body = malloc(strlen(head) + pad + strlen(tail) + 1);
    strcpy(body, head);
    memset(body + strlen(head), 'x', pad);
    strcpy(body + strlen(head) + pad, tail);
    /* the id lies beyond ING_SCAN_MAX: the scan does not read that far */
    assert_int_equal(ing_scan_ids(body, strlen(body), &ids), 0);
    free(body);
}

static void test_scope_check_every_entry_and_change(void **state)
{
    (void)state;
    const char *ok = "{\"entry\":[{\"id\":\"WABA-A\",\"changes\":[" CHANGE("pn-a") "," CHANGE(
        "pn-a") ",{\"field\":\"message_template_status_update\",\"value\":{\"event\":\"APPROVED\"}}]},"
                     "{\"id\":\"WABA-A\",\"changes\":[]}]}";
    assert_int_equal(ing_app_scope_check("WABA-A", "pn-a", ok, strlen(ok)), 0);
    const char *refused[] = {
        /* (a) A's WABA, B's phone number id */
        "{\"entry\":[{\"id\":\"WABA-A\",\"changes\":[" CHANGE("pn-b") "]}]}",
        /* (b) an unknown phone number id (the display number would decide) */
        "{\"entry\":[{\"id\":\"WABA-A\",\"changes\":[" CHANGE("pn-unknown") "]}]}",
        /* (c) one change of each */
        "{\"entry\":[{\"id\":\"WABA-A\",\"changes\":[" CHANGE("pn-a") "," CHANGE("pn-b") "]}]}",
        /* a second entry of another WABA */
        "{\"entry\":[{\"id\":\"WABA-A\",\"changes\":[" CHANGE("pn-a") "]},{\"id\":\"WABA-B\",\"changes\":[]}]}",
        /* a messages change without metadata, or a metadata without phone_number_id */
        "{\"entry\":[{\"id\":\"WABA-A\",\"changes\":[{\"field\":\"messages\",\"value\":{}}]}]}",
        "{\"entry\":[{\"id\":\"WABA-A\",\"changes\":[{\"field\":\"x\",\"value\":{\"metadata\":{}}}]}]}",
        /* not a webhook */
        "{\"entry\":[]}", "{\"entry\":{}}", "[1]", "not json", "{\"entry\":[{\"changes\":[]}]}",
        "{\"entry\":[{\"id\":\"WABA-A\",\"changes\":{}}]}",
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
        assert_int_equal(ing_app_scope_check("WABA-A", "pn-a", refused[i], strlen(refused[i])), -1);
    /* a doctor without a WABA or phone number id signs nothing */
    assert_int_equal(ing_app_scope_check("", "pn-a", ok, strlen(ok)), -1);
    assert_int_equal(ing_app_scope_check("WABA-A", "", ok, strlen(ok)), -1);
}

static void test_match_only_within_the_doctor(void **state)
{
    (void)state;
    ing_appset_t set = {0};
    ing_match_fail_t why;
    assert_int_equal(ing_appset_build(&set, 3, apps, wabas, pnids, secrets), 0);
    const char *body_a = "{\"entry\":[{\"id\":\"WABA-A\",\"changes\":[" CHANGE("pn-a") "]}]}";
    const char *body_b = "{\"entry\":[{\"id\":\"WABA-B\",\"changes\":[" CHANGE("pn-b") "]}]}";
    const char *events_a =
        "{\"entry\":[{\"id\":\"WABA-A\",\"changes\":[{\"field\":\"account_update\",\"value\":{}}]}]}";
    const char *cross = "{\"entry\":[{\"id\":\"WABA-A\",\"changes\":[" CHANGE("pn-a") "," CHANGE("pn-b") "]}]}";
    const char *cross_first = "{\"entry\":[{\"id\":\"WABA-A\",\"changes\":[" CHANGE("pn-b") "]}]}";
    assert_string_equal(match(&set, "secret-a-0123456789", body_a), "doctor:a");
    assert_string_equal(match(&set, "secret-b-0123456789", body_b), "doctor:b");
    assert_string_equal(match(&set, "secret-a-0123456789", events_a), "doctor:a");
    /* A's secret on a body that also names B's number: verified, then refused as a mismatch */
    assert_null(match_why(&set, "secret-a-0123456789", cross, &why));
    assert_int_equal(why, ING_MATCH_APP_MISMATCH);
    /* A's WABA with B's number first: no candidate is both, nothing verifies */
    assert_null(match_why(&set, "secret-a-0123456789", cross_first, &why));
    assert_int_equal(why, ING_MATCH_NONE);
    assert_null(match(&set, "secret-b-0123456789", cross_first));
    /* a doctor without a WABA id (c) cannot sign */
    const char *body_c = "{\"entry\":[{\"id\":\"\",\"changes\":[" CHANGE("pn-c") "]}]}";
    assert_null(match(&set, "secret-c-0123456789", body_c));
    /* a wrong secret, a body without ids, not JSON, a malformed header */
    assert_null(match_why(&set, "secret-x-0123456789", body_a, &why));
    assert_int_equal(why, ING_MATCH_NONE);
    assert_null(match(&set, "secret-a-0123456789", "{\"entry\":[]}"));
    assert_null(match(&set, "secret-a-0123456789", "not json"));
    const char *bad = "sha256=zz";
    assert_null(ing_appset_match(&set, bad, strlen(bad), body_a, strlen(body_a), NULL));
    ing_appset_dispose(&set);
    assert_int_equal(set.n, 0);
}

static void test_empty_set_matches_nothing(void **state)
{
    (void)state;
    ing_appset_t set = {0};
    assert_null(match(&set, "secret-a-0123456789", "{\"entry\":[{\"id\":\"WABA-A\"}]}"));
    ing_appset_refresh(&set); /* nothing published: stays empty */
    assert_int_equal(set.n, 0);
    ing_appset_dispose(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan_finds_the_entry_id_and_the_phone_number_id),
        cmocka_unit_test(test_scan_reads_a_bounded_prefix),
        cmocka_unit_test(test_scope_check_every_entry_and_change),
        cmocka_unit_test(test_match_only_within_the_doctor),
        cmocka_unit_test(test_empty_set_matches_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
