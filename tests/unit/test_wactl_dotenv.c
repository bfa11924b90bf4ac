/* Unit tests for wactl's ./.env reader (tools/wactl/dotenv.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "dotenv.h"

/* Parses a copy of `line`; returns the result and copies key and value out. */
static int parse(const char *line, char *key, char *value)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", line);
    char *k, *v;
    int r = ctl_dotenv_parse_line(buf, &k, &v);
    if (r == 1) {
        strcpy(key, k);
        strcpy(value, v);
    }
    return r;
}

static void assignments(void **state)
{
    char k[256], v[256];
    assert_int_equal(parse("REDIS_URL=redis://127.0.0.1:6479/0\n", k, v), 1);
    assert_string_equal(k, "REDIS_URL");
    assert_string_equal(v, "redis://127.0.0.1:6479/0");
    assert_int_equal(parse("  export WA_REDIS_PREFIX=wa:  \r\n", k, v), 1);
    assert_string_equal(k, "WA_REDIS_PREFIX");
    assert_string_equal(v, "wa:");
    assert_int_equal(parse("EMPTY=\n", k, v), 1);
    assert_string_equal(v, "");
    assert_int_equal(parse("A=x # a comment", k, v), 1);
    assert_string_equal(v, "x");
    assert_int_equal(parse("A=x#not-a-comment", k, v), 1);
    assert_string_equal(v, "x#not-a-comment");
    assert_int_equal(parse("A=a=b", k, v), 1);
    assert_string_equal(v, "a=b");
}

static void quotes(void **state)
{
    char k[256], v[256];
    assert_int_equal(parse("AI_FALLBACK_TEXT=\"Sorry, we will call you back # soon\"  # comment", k, v), 1);
    assert_string_equal(v, "Sorry, we will call you back # soon");
    assert_int_equal(parse("A='single $HOME \\n'", k, v), 1);
    assert_string_equal(v, "single $HOME \\n");
    assert_int_equal(parse("A=\"say \\\"hi\\\" \\\\ \\n\"", k, v), 1);
    assert_string_equal(v, "say \"hi\" \\ \\n");
}

static void comments_blanks_and_errors(void **state)
{
    char k[256], v[256];
    assert_int_equal(parse("", k, v), 0);
    assert_int_equal(parse("\n", k, v), 0);
    assert_int_equal(parse("   # comment", k, v), 0);
    assert_int_equal(parse("no equals sign", k, v), -1);
    assert_int_equal(parse("KEY = value", k, v), -1);
    assert_int_equal(parse("1KEY=value", k, v), -1);
    assert_int_equal(parse("A=\"unterminated", k, v), -1);
    assert_int_equal(parse("A='x' trailing", k, v), -1);
}

static void loading_keeps_what_the_environment_sets(void **state)
{
    char path[] = "/tmp/wactl-dotenv-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("# test\nWACTL_T_NEW=from-file\nWACTL_T_SET=from-file\nWACTL_T_EMPTY=from-file\nbroken\n", f);
    fclose(f);
    setenv("WACTL_T_SET", "from-env", 1);
    setenv("WACTL_T_EMPTY", "", 1);
    unsetenv("WACTL_T_NEW");
    assert_int_equal(ctl_dotenv_load(path), 3); /* three assignments read; one line ignored */
    assert_string_equal(getenv("WACTL_T_NEW"), "from-file");
    assert_string_equal(getenv("WACTL_T_SET"), "from-env");
    assert_string_equal(getenv("WACTL_T_EMPTY"), ""); /* set (even empty) means set */
    unlink(path);
    assert_int_equal(ctl_dotenv_load(path), 0); /* a missing file is fine */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(assignments),
        cmocka_unit_test(quotes),
        cmocka_unit_test(comments_blanks_and_errors),
        cmocka_unit_test(loading_keeps_what_the_environment_sets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
