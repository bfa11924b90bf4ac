/* Unit tests for wactl's .env reader (tools/wactl/dotenv.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
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

/* The checkout's .env is found from the binary's path, never from the current folder. */
static void project_env_is_next_to_the_checkout(void **state)
{
    char root[] = "/tmp/wactl-proj-XXXXXX", path[512], out[512];
    assert_non_null(mkdtemp(root));
    snprintf(path, sizeof(path), "%s/deploy", root);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/deploy/migrations", root);
    assert_int_equal(mkdir(path, 0700), 0);

    snprintf(path, sizeof(path), "%s/build/bin/wactl", root);
    assert_int_equal(ctl_dotenv_project_path(path, out, sizeof(out)), 0);
    snprintf(path, sizeof(path), "%s/.env", root);
    assert_string_equal(out, path);
    snprintf(path, sizeof(path), "%s/build-test/bin/wactl", root);
    assert_int_equal(ctl_dotenv_project_path(path, out, sizeof(out)), 0);

    /* not <root>/<build>/bin/, or no deploy/migrations two levels up: no .env at all */
    snprintf(path, sizeof(path), "%s/build/wactl", root);
    assert_int_equal(ctl_dotenv_project_path(path, out, sizeof(out)), -1);
    assert_int_equal(ctl_dotenv_project_path("/usr/local/bin/wactl", out, sizeof(out)), -1);
    assert_int_equal(ctl_dotenv_project_path("wactl", out, sizeof(out)), -1);
    assert_int_equal(ctl_dotenv_project_path("/bin/wactl", out, sizeof(out)), -1);
    assert_int_equal(ctl_dotenv_project_path(NULL, out, sizeof(out)), -1);

    snprintf(path, sizeof(path), "%s/deploy/migrations", root);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/deploy", root);
    rmdir(path);
    rmdir(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(assignments),
        cmocka_unit_test(quotes),
        cmocka_unit_test(comments_blanks_and_errors),
        cmocka_unit_test(loading_keeps_what_the_environment_sets),
        cmocka_unit_test(project_env_is_next_to_the_checkout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
