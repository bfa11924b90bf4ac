/* Unit tests for wactl's option parser (tools/wactl/args.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "args.h"

typedef struct st_fixture_t {
    const char *to, *text;
    long timeout, watch;
    int json, help;
    ctl_opt_t opts[7];
} fixture_t;

static void fixture_init(fixture_t *f)
{
    memset(f, 0, sizeof(*f));
    f->timeout = 30;
    f->watch = 2;
    ctl_opt_t opts[] = {
        {"to", CTL_OPT_STR, &f->to, 0, 0, 0},
        {"text", CTL_OPT_STR, &f->text, 0, 0, 0},
        {"timeout", CTL_OPT_LONG, &f->timeout, 1, 3600, 0},
        {"watch", CTL_OPT_LONG_OPT, &f->watch, 1, 60, 0},
        {"json", CTL_OPT_FLAG, &f->json, 0, 0, 0},
        {"help", CTL_OPT_FLAG, &f->help, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    memcpy(f->opts, opts, sizeof(opts));
}

static int parse(fixture_t *f, int argc, char **argv, const char **pos, int maxpos, char *err, size_t errsz)
{
    return ctl_args_parse(argc, argv, f->opts, pos, maxpos, err, errsz);
}

static void values_flags_and_positionals(void **state)
{
    fixture_t f;
    fixture_init(&f);
    char *argv[] = {"add", "--to", "919845000001", "--text=hello world", "--json", "extra", "--timeout", "5"};
    const char *pos[2];
    char err[128];
    assert_int_equal(parse(&f, 8, argv, pos, 2, err, sizeof(err)), 2);
    assert_string_equal(pos[0], "add");
    assert_string_equal(pos[1], "extra");
    assert_string_equal(f.to, "919845000001");
    assert_string_equal(f.text, "hello world");
    assert_int_equal(f.timeout, 5);
    assert_int_equal(f.json, 1);
    assert_int_equal(f.opts[0].seen, 1);
    assert_int_equal(f.opts[3].seen, 0);
    assert_int_equal(f.watch, 2);
}

static void a_later_option_overrides_and_dash_dash_ends_options(void **state)
{
    fixture_t f;
    fixture_init(&f);
    char *argv[] = {"--text", "a", "--text", "b", "--", "--json"};
    const char *pos[1];
    char err[128];
    assert_int_equal(parse(&f, 6, argv, pos, 1, err, sizeof(err)), 1);
    assert_string_equal(f.text, "b");
    assert_string_equal(pos[0], "--json");
    assert_int_equal(f.json, 0);
}

static void a_value_may_start_with_a_dash(void **state)
{
    fixture_t f;
    fixture_init(&f);
    char *argv[] = {"--text", "--json", "-h"};
    char err[128];
    assert_int_equal(parse(&f, 3, argv, NULL, 0, err, sizeof(err)), 0);
    assert_string_equal(f.text, "--json"); /* taken as --text's value */
    assert_int_equal(f.help, 1);           /* -h is --help */
}

static void optional_number(void **state)
{
    fixture_t f;
    fixture_init(&f);
    char err[128];
    char *a1[] = {"--watch", "--json"};
    assert_int_equal(parse(&f, 2, a1, NULL, 0, err, sizeof(err)), 0);
    assert_int_equal(f.opts[3].seen, 1);
    assert_int_equal(f.watch, 2);
    assert_int_equal(f.json, 1);
    char *a2[] = {"--watch", "7"};
    assert_int_equal(parse(&f, 2, a2, NULL, 0, err, sizeof(err)), 0);
    assert_int_equal(f.watch, 7);
    char *a3[] = {"--watch=9"};
    assert_int_equal(parse(&f, 1, a3, NULL, 0, err, sizeof(err)), 0);
    assert_int_equal(f.watch, 9);
    char *a4[] = {"--watch", "61"};
    assert_int_equal(parse(&f, 2, a4, NULL, 0, err, sizeof(err)), -1);
    assert_string_equal(err, "--watch: expected a number between 1 and 60, got '61'");
}

static void errors_are_one_line(void **state)
{
    fixture_t f;
    char err[128];
    fixture_init(&f);
    char *a1[] = {"--bogus"};
    assert_int_equal(parse(&f, 1, a1, NULL, 0, err, sizeof(err)), -1);
    assert_string_equal(err, "unknown option --bogus");
    char *a2[] = {"--to"};
    assert_int_equal(parse(&f, 1, a2, NULL, 0, err, sizeof(err)), -1);
    assert_string_equal(err, "--to needs a value");
    char *a3[] = {"--timeout", "abc"};
    assert_int_equal(parse(&f, 2, a3, NULL, 0, err, sizeof(err)), -1);
    assert_string_equal(err, "--timeout: expected a number between 1 and 3600, got 'abc'");
    char *a4[] = {"--json=1"};
    assert_int_equal(parse(&f, 1, a4, NULL, 0, err, sizeof(err)), -1);
    assert_string_equal(err, "--json takes no value");
    char *a5[] = {"stray"};
    assert_int_equal(parse(&f, 1, a5, NULL, 0, err, sizeof(err)), -1);
    assert_string_equal(err, "unexpected argument 'stray'");
    char *a6[] = {"-x"};
    assert_int_equal(parse(&f, 1, a6, NULL, 0, err, sizeof(err)), -1);
    assert_string_equal(err, "unknown option -x (options are long: --name)");
}

static void a_list_option_collects_every_occurrence_up_to_its_room(void **state)
{
    const char *items[2];
    ctl_strlist_t examples = {items, 0, 2};
    const char *lang = NULL;
    ctl_opt_t opts[] = {
        {"example", CTL_OPT_LIST, &examples, 0, 0, 0},
        {"lang", CTL_OPT_STR, &lang, 0, 0, 0},
        {NULL, CTL_OPT_FLAG, NULL, 0, 0, 0},
    };
    char err[128];
    char *a1[] = {"--example", "fees?", "--lang", "hi", "--example=कितनी फीस है"};
    assert_int_equal(ctl_args_parse(5, a1, opts, NULL, 0, err, sizeof(err)), 0);
    assert_int_equal(examples.n, 2);
    assert_string_equal(items[0], "fees?");
    assert_string_equal(items[1], "कितनी फीस है");
    assert_string_equal(lang, "hi");
    assert_int_equal(opts[0].seen, 1);

    examples.n = 0;
    char *a2[] = {"--example", "a", "--example", "b", "--example", "c"};
    assert_int_equal(ctl_args_parse(6, a2, opts, NULL, 0, err, sizeof(err)), -1);
    assert_string_equal(err, "--example given more than 2 times");
    examples.n = 0;
    char *a3[] = {"--example"};
    assert_int_equal(ctl_args_parse(1, a3, opts, NULL, 0, err, sizeof(err)), -1);
    assert_string_equal(err, "--example needs a value");
}

static void numbers_and_uuids(void **state)
{
    long v;
    assert_int_equal(ctl_parse_long("42", 0, 0, &v), 0);
    assert_int_equal(v, 42);
    assert_int_equal(ctl_parse_long("-3", 0, 0, &v), 0);
    assert_int_equal(v, -3);
    assert_int_equal(ctl_parse_long("", 0, 0, &v), -1);
    assert_int_equal(ctl_parse_long(" 1", 0, 0, &v), -1);
    assert_int_equal(ctl_parse_long("1x", 0, 0, &v), -1);
    assert_int_equal(ctl_parse_long("99999999999999999999999", 0, 0, &v), -1);
    assert_int_equal(ctl_parse_long("0", 1, 10, &v), -1);
    assert_true(ctl_is_uuid("2d4f5b73-8a9f-434c-9304-3c97abc5cf29"));
    assert_true(ctl_is_uuid("2D4F5B73-8A9F-434C-9304-3C97ABC5CF29"));
    assert_false(ctl_is_uuid("2d4f5b73-8a9f-434c-9304-3c97abc5cf2"));
    assert_false(ctl_is_uuid("2d4f5b73-8a9f-434c-9304-3c97abc5cf29a"));
    assert_false(ctl_is_uuid("2d4f5b738a9f434c93043c97abc5cf29"));
    assert_false(ctl_is_uuid("919845000001"));
    assert_false(ctl_is_uuid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_flags_and_positionals),
        cmocka_unit_test(a_later_option_overrides_and_dash_dash_ends_options),
        cmocka_unit_test(a_value_may_start_with_a_dash),
        cmocka_unit_test(optional_number),
        cmocka_unit_test(errors_are_one_line),
        cmocka_unit_test(a_list_option_collects_every_occurrence_up_to_its_room),
        cmocka_unit_test(numbers_and_uuids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
