/* Unit tests for the dashboard's static-file rules (services/dashboard/static.c): which request paths may name a file
 * of the built pages, and the Content-Type of each kind of file they contain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "static.h"

static int ok(const char *p)
{
    return dash_static_path_ok(p, strlen(p));
}

static void paths(void **state)
{
    (void)state;
    assert_true(ok("/index.html"));
    assert_true(ok("/assets/index-6ZvzJ63L.js"));
    assert_true(ok("/"));
    assert_false(ok(""));
    assert_false(ok("index.html"));                   /* not rooted */
    assert_false(ok("/../etc/passwd"));               /* a dot segment */
    assert_false(ok("/assets/../../x.js"));           /* a dot segment further in */
    assert_false(ok("/.git/config"));                 /* a hidden name */
    assert_false(ok("/assets/.env"));                 /* a hidden name further in */
    assert_false(ok("/a%2e%2e/b.js"));                /* an escape never names a file */
    assert_false(ok("/a\\b.js"));                     /* a backslash */
    assert_false(ok("/a b.js"));                      /* a space */
    assert_true(ok("/a.b/c.js"));                     /* a dot inside a name is fine */
    assert_false(dash_static_path_ok("/a\0b.js", 7)); /* a NUL inside */
}

static const char *type(const char *name)
{
    return dash_static_type(name, strlen(name));
}

static void types(void **state)
{
    (void)state;
    assert_string_equal(type("/index.html"), "text/html; charset=utf-8");
    assert_string_equal(type("/assets/a.js"), "text/javascript; charset=utf-8");
    assert_string_equal(type("/assets/a.css"), "text/css; charset=utf-8");
    assert_string_equal(type("/icon.svg"), "image/svg+xml");
    assert_string_equal(type("/x.woff2"), "font/woff2");
    assert_null(type("/inbox"));
    assert_null(type("/x.php"));
    assert_null(type(".js")); /* an extension alone is no file name */
    assert_null(type("/x.jsx"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(paths), cmocka_unit_test(types)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
