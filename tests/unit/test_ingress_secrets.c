/*
 * Unit tests of the ingress' doctor app secrets (services/ingress/secrets.h):
 * a webhook signed with a doctor's secret is matched to that doctor only when
 * its body names the doctor's WABA id or phone number id; a wrong secret, a
 * malformed header or a body that is not JSON match nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "wa/hmac.h"
#include "secrets.h"

static const char *apps[] = {"doctor:a", "doctor:b"};
static const char *wabas[] = {"WABA-A", ""};
static const char *pnids[] = {"pn-a", "pn-b"};
static const char *secrets[] = {"secret-a", "secret-b"};

static const char *match(ing_appset_t *set, const char *secret, const char *body)
{
    char sig[WA_SIGNATURE_LEN + 1];
    assert_int_equal(wa_signature_make(secret, strlen(secret), body, strlen(body), sig), 0);
    return ing_appset_match(set, sig, strlen(sig), body, strlen(body));
}

static void test_match_by_phone_number_id_and_waba(void **state)
{
    (void)state;
    ing_appset_t set = {0};
    assert_int_equal(ing_appset_build(&set, 2, apps, wabas, pnids, secrets), 0);
    const char *by_pnid = "{\"entry\":[{\"id\":\"X\",\"changes\":[{\"value\":{\"metadata\":"
                          "{\"phone_number_id\":\"pn-b\"}}}]}]}";
    const char *by_waba = "{\"entry\":[{\"id\":\"WABA-A\",\"changes\":[]}]}";
    assert_string_equal(match(&set, "secret-b", by_pnid), "doctor:b");
    assert_string_equal(match(&set, "secret-a", by_waba), "doctor:a");
    /* the right secret for a body naming another doctor, a wrong secret, a body without ids */
    assert_null(match(&set, "secret-a", by_pnid));
    assert_null(match(&set, "secret-x", by_pnid));
    assert_null(match(&set, "secret-a", "{\"entry\":[]}"));
    assert_null(match(&set, "secret-a", "not json"));
    const char *bad = "sha256=zz";
    assert_null(ing_appset_match(&set, bad, strlen(bad), by_waba, strlen(by_waba)));
    ing_appset_dispose(&set);
    assert_int_equal(set.n, 0);
}

static void test_empty_set_matches_nothing(void **state)
{
    (void)state;
    ing_appset_t set = {0};
    assert_null(match(&set, "secret-a", "{\"entry\":[{\"id\":\"WABA-A\"}]}"));
    ing_appset_refresh(&set); /* nothing published: stays empty */
    assert_int_equal(set.n, 0);
    ing_appset_dispose(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_by_phone_number_id_and_waba),
        cmocka_unit_test(test_empty_set_matches_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
