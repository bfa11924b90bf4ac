/*
 * Unit tests of the token refresh's exchange URL (services/sender/refresh.h):
 * the Graph base without a trailing slash, the fb_exchange_token grant, and
 * every value percent-encoded so that a secret with '&', '=' or '+' cannot
 * change the query.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "refresh.h"

static void test_exchange_url_is_built_and_encoded(void **state)
{
    (void)state;
    char *url = snd_refresh_exchange_url("http://graph.test/v23.0/", "123", "s&e=c+r t", "EAAG/tok");
    assert_string_equal(url, "http://graph.test/v23.0/oauth/access_token?grant_type=fb_exchange_token"
                             "&client_id=123&client_secret=s%26e%3Dc%2Br%20t&fb_exchange_token=EAAG%2Ftok");
    wa_crypt_free(url);
    url = snd_refresh_exchange_url("http://graph.test/v23.0", "a", "b", "c");
    assert_string_equal(url, "http://graph.test/v23.0/oauth/access_token?grant_type=fb_exchange_token"
                             "&client_id=a&client_secret=b&fb_exchange_token=c");
    wa_crypt_free(url);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exchange_url_is_built_and_encoded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
