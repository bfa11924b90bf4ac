/* Unit tests for the dashboard's pure parts (services/dashboard): route matching, query and cookie parsing, the
 * Origin / Sec-Fetch-Site decision, input validation, tokens and password hashing, and the OpenAPI document against
 * the route table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include "api.h"
#include "auth.h"
#include "http.h"
#include "wa/secret.h"
#include "validate.h"

static int match(const char *pattern, const char *path, char *param)
{
    return dash_route_match(pattern, path, strlen(path), param, 32);
}

static void route_matching(void **state)
{
    char p[32];
    assert_true(match("/api/v1/kb", "/api/v1/kb", p));
    assert_string_equal(p, "");
    assert_false(match("/api/v1/kb", "/api/v1/kb/", p));
    assert_false(match("/api/v1/kb", "/api/v1/k", p));
    assert_true(match("/api/v1/kb/{id}", "/api/v1/kb/42", p));
    assert_string_equal(p, "42");
    assert_false(match("/api/v1/kb/{id}", "/api/v1/kb/", p));    /* empty parameter */
    assert_false(match("/api/v1/kb/{id}", "/api/v1/kb/4/x", p)); /* no '/' inside */
    assert_false(match("/api/v1/kb/{id}",
                       "/api/v1/kb/"
                       "0123456789012345678901234567890123",
                       p)); /* too long */
}

static void query_parameters(void **state)
{
    char out[32];
    const char *q = "doctor=ab%2Dc&limit=5&cursor=x+y&empty=&flag";
    assert_int_equal(dash_query_get(q, strlen(q), "doctor", out, sizeof(out)), 4);
    assert_string_equal(out, "ab-c");
    assert_int_equal(dash_query_get(q, strlen(q), "cursor", out, sizeof(out)), 3);
    assert_string_equal(out, "x y");
    assert_int_equal(dash_query_get(q, strlen(q), "empty", out, sizeof(out)), 0);
    assert_int_equal(dash_query_get(q, strlen(q), "flag", out, sizeof(out)), 0);
    assert_int_equal(dash_query_get(q, strlen(q), "doc", out, sizeof(out)), -1); /* a prefix is not the name */
    assert_int_equal(dash_query_get(q, strlen(q), "missing", out, sizeof(out)), -1);
    assert_int_equal(dash_query_get("a=%4", 4, "a", out, sizeof(out)), -2);
    assert_int_equal(dash_query_get("a=%zz", 5, "a", out, sizeof(out)), -2);
    assert_int_equal(dash_query_get("a=x%00", 6, "a", out, sizeof(out)), -2); /* no NUL smuggled into C strings */
    assert_int_equal(dash_query_get("a=0123456789", 12, "a", out, 5), -2);
}

static void cookies(void **state)
{
    size_t n;
    const char *v = "other=1; wa_session=abc; x_wa_session=no";
    const char *c = dash_cookie_find(v, strlen(v), "wa_session", &n);
    assert_non_null(c);
    assert_int_equal(n, 3);
    assert_memory_equal(c, "abc", 3);
    assert_null(dash_cookie_find("x_wa_session=no", 15, "wa_session", &n));
    assert_null(dash_cookie_find("wa_session", 10, "wa_session", &n));
}

static void origin_decision(void **state)
{
    const char *o = "https://dash.example";
    assert_true(dash_origin_ok(o, "https://dash.example", NULL, 1));
    assert_true(dash_origin_ok(o, "https://dash.example", "same-origin", 1));
    assert_false(dash_origin_ok(o, "https://evil.example", NULL, 1));
    assert_false(dash_origin_ok(o, "https://dash.example.evil", NULL, 1));
    assert_false(dash_origin_ok(o, "https://dash.example", "cross-site", 1));
    assert_false(dash_origin_ok(o, NULL, "same-site", 1));
    assert_true(dash_origin_ok(o, NULL, "same-origin", 1));
    assert_false(dash_origin_ok(o, NULL, NULL, 1)); /* a change must show where it comes from */
    assert_true(dash_origin_ok(o, NULL, NULL, 0));  /* sign-in from a script without either header */
    assert_false(dash_origin_ok(o, "null", NULL, 0));
}

static cJSON *parse(const char *s)
{
    cJSON *j = cJSON_Parse(s);
    assert_non_null(j);
    return j;
}

static void settings_validation(void **state)
{
    cJSON *errors = cJSON_CreateObject();
    cJSON *in = parse("{\"slot_minutes\": 4, \"per_slot\": 2.5, \"day_start\": \"24:00\", \"work_days\": [0],"
                      " \"phone_number\": \"1\", \"x\": 1, \"name\": null, \"referral_thanks\": 1,"
                      " \"time_zone\": \"Asia/Kolkata; DROP\"}");
    assert_null(wa_settings_validate(in, errors));
    const char *bad[] = {"slot_minutes", "per_slot",        "day_start", "work_days", "phone_number", "x",
                         "name",         "referral_thanks", "time_zone"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_non_null(cJSON_GetObjectItemCaseSensitive(errors, bad[i]));
    assert_int_equal(cJSON_GetArraySize(errors), 9);
    cJSON_Delete(in);
    cJSON_Delete(errors);

    errors = cJSON_CreateObject();
    in = parse("{\"slot_minutes\": 15, \"day_start\": \"09:30\", \"work_days\": [1, 7], \"break_start\": null,"
               " \"welcome_en\": \"Hi {clinic}\", \"time_zone\": \"America/Port-au-Prince\"}");
    cJSON *ok = wa_settings_validate(in, errors);
    assert_non_null(ok);
    assert_int_equal(cJSON_GetArraySize(ok), 6);
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(ok, "break_start")));
    cJSON_Delete(ok);
    cJSON_Delete(in);
    cJSON_Delete(errors);

    errors = cJSON_CreateObject();
    in = parse("{}");
    assert_null(wa_settings_validate(in, errors));
    cJSON_Delete(in);
    cJSON_Delete(errors);
    assert_true(wa_valid_time("00:00") && wa_valid_time("23:59"));
    assert_false(wa_valid_time("24:00") || wa_valid_time("9:00") || wa_valid_time("12:60"));
}

static void kb_validation(void **state)
{
    cJSON *errors = cJSON_CreateObject();
    cJSON *in = parse("{\"examples\": [\"\"], \"lang\": \"e\", \"enabled\": \"yes\"}");
    assert_null(dash_validate_kb(in, 1, errors));
    assert_int_equal(cJSON_GetArraySize(errors), 5); /* examples, lang, enabled, and the required two */
    cJSON_Delete(in);
    cJSON_Delete(errors);
    errors = cJSON_CreateObject();
    in = parse("{\"answer\": \"new\", \"keywords\": null}");
    cJSON *ok = dash_validate_kb(in, 0, errors);
    assert_non_null(ok);
    cJSON_Delete(ok);
    assert_null(dash_validate_kb(in, 1, errors)); /* creating needs a question */
    cJSON_Delete(in);
    cJSON_Delete(errors);
}

static void tokens_and_passwords(void **state)
{
    char a[WA_TOKEN_MAX], b[WA_TOKEN_MAX], ha[WA_TOKEN_HASH_HEX], hb[WA_TOKEN_HASH_HEX], h[WA_HASH_MAX];
    assert_int_equal(wa_secret_init(1), 0);
    wa_token_new("wat_", a);
    wa_token_new("wat_", b);
    assert_int_equal(strlen(a), 4 + 43);
    assert_string_not_equal(a, b);
    wa_token_hash(a, strlen(a), ha);
    wa_token_hash(b, strlen(b), hb);
    assert_int_equal(strlen(ha), 64);
    assert_string_not_equal(ha, hb);
    assert_null(strstr(ha, a + 4));
    assert_int_equal(wa_password_hash("a long password", 15, h), 0);
    assert_memory_equal(h, "$argon2id$", 10);
    assert_false(wa_password_needs_rehash(h));
    /* a hash with weaker parameters than today's (t=1, 8 MiB) is upgraded at the next sign-in */
    assert_true(wa_password_needs_rehash("$argon2id$v=19$m=8192,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$"
                                         "TWFkZSB1cCBmb3IgdGhlIHRlc3Qgb25seSBub3QgcmVhbA"));
    assert_int_equal(wa_password_verify(h, "a long password", 15), 1);
    assert_int_equal(wa_password_verify(h, "a long passwore", 15), 0);
    assert_false(wa_password_verify("garbage", "a long password", 15));
    assert_false(wa_password_verify(wa_password_dummy_hash(), "", 0));
    assert_non_null(wa_password_weak("short", 5));
    assert_null(wa_password_weak("long enough", 11));
}

/* Every route of the table is in the OpenAPI document with its method, and every operation of the document is a
 * route of the table (the e2e test also checks the running service against the document). */
static void openapi_matches_route_table(void **state)
{
    cJSON *doc = dash_openapi(), *paths = cJSON_GetObjectItemCaseSensitive(doc, "paths"), *item, *op;
    int routes = 0, ops = 0;
    for (const dash_route_t *r = dash_routes; r->method != NULL; r++, routes++) {
        char m[8];
        size_t i;
        for (i = 0; r->method[i] != '\0'; i++)
            m[i] = (char)(r->method[i] - 'A' + 'a');
        m[i] = '\0';
        item = cJSON_GetObjectItemCaseSensitive(paths, r->path);
        assert_non_null(item);
        assert_non_null(cJSON_GetObjectItemCaseSensitive(item, m));
    }
    cJSON_ArrayForEach(item, paths) cJSON_ArrayForEach(op, item)
    {
        int found = 0;
        for (const dash_route_t *r = dash_routes; r->method != NULL; r++)
            found |= strcmp(r->path, item->string) == 0 && strcasecmp(r->method, op->string) == 0;
        assert_true(found);
        ops++;
    }
    assert_int_equal(ops, routes);
    cJSON_Delete(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(route_matching),
        cmocka_unit_test(query_parameters),
        cmocka_unit_test(cookies),
        cmocka_unit_test(origin_decision),
        cmocka_unit_test(settings_validation),
        cmocka_unit_test(kb_validation),
        cmocka_unit_test(tokens_and_passwords),
        cmocka_unit_test(openapi_matches_route_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
