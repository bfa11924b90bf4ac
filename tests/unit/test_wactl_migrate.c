/* Unit tests for the file handling of `wactl migrate` (tools/wactl/migrate.c): names, order, folder choice. */
#include <setjmp.h>
#include <stdarg.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "migrate.h"

static void migration_names(void **state)
{
    long num = -1;
    assert_true(ctl_migrate_parse_name("001_init.sql", &num));
    assert_int_equal(num, 1);
    assert_true(ctl_migrate_parse_name("10_add_appointments.sql", &num));
    assert_int_equal(num, 10);
    assert_true(ctl_migrate_parse_name("2_x.sql", NULL));
    assert_false(ctl_migrate_parse_name("README.md", NULL));
    assert_false(ctl_migrate_parse_name("001_init.sql~", NULL));
    assert_false(ctl_migrate_parse_name("001.sql", NULL));
    assert_false(ctl_migrate_parse_name("001_.sql", NULL));
    assert_false(ctl_migrate_parse_name("_init.sql", NULL));
    assert_false(ctl_migrate_parse_name(".001_init.sql", NULL));
    assert_false(ctl_migrate_parse_name("a/001_init.sql", NULL));
    assert_false(ctl_migrate_parse_name("001_init.SQL", NULL));
    assert_false(ctl_migrate_parse_name(NULL, NULL));
}

static void numeric_order_then_name(void **state)
{
    char *names[] = {"10_a.sql", "2_b.sql", "002_a.sql", "001_init.sql", "100_z.sql"};
    ctl_migrate_sort(names, 5);
    assert_string_equal(names[0], "001_init.sql");
    assert_string_equal(names[1], "002_a.sql");
    assert_string_equal(names[2], "2_b.sql");
    assert_string_equal(names[3], "10_a.sql");
    assert_string_equal(names[4], "100_z.sql");
    char v[64];
    ctl_migrate_version("001_init.sql", v, sizeof(v));
    assert_string_equal(v, "001_init");
}

static void write_file(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("SELECT 1;\n", f);
    fclose(f);
}

static void listing_a_folder(void **state)
{
    char dir[] = "/tmp/wactl-migrate-XXXXXX";
    assert_non_null(mkdtemp(dir));
    write_file(dir, "010_later.sql");
    write_file(dir, "002_second.sql");
    write_file(dir, "001_init.sql");
    write_file(dir, "README.md");
    write_file(dir, "001_init.sql~");
    char sub[600];
    snprintf(sub, sizeof(sub), "%s/003_dir.sql", dir);
    assert_int_equal(mkdir(sub, 0700), 0); /* a folder with a migration's name is skipped */

    char **names;
    size_t n;
    assert_int_equal(ctl_migrate_list(dir, &names, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(names[0], "001_init.sql");
    assert_string_equal(names[1], "002_second.sql");
    assert_string_equal(names[2], "010_later.sql");
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);

    char found[1024];
    assert_int_equal(ctl_migrate_find_dir(dir, NULL, found, sizeof(found)), 0); /* --dir wins */
    assert_string_equal(found, dir);
    setenv("WA_MIGRATIONS_DIR", "/elsewhere", 1);
    assert_int_equal(ctl_migrate_find_dir(NULL, NULL, found, sizeof(found)), 0);
    assert_string_equal(found, "/elsewhere");
    assert_int_equal(ctl_migrate_find_dir(dir, NULL, found, sizeof(found)), 0);
    assert_string_equal(found, dir);
    unsetenv("WA_MIGRATIONS_DIR");

    char cmd[700];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(ctl_migrate_list(dir, &names, &n), -1);
}

/* The checkout's folder is found from the binary (this test runs from the checkout's build-test/bin/), and a
 * deploy/migrations planted in the current folder is never taken: wactl would apply its SQL as the owner. */
static void the_repository_folder_is_found_from_the_binary_never_the_cwd(void **state)
{
    char cwd[1024], planted[] = "/tmp/wactl-cwd-XXXXXX", path[1100], want[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_non_null(mkdtemp(planted));
    snprintf(path, sizeof(path), "%s/deploy", planted);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/deploy/migrations", planted);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(chdir(planted), 0);
    unsetenv("WA_MIGRATIONS_DIR");
    char found[PATH_MAX];
    assert_int_equal(ctl_migrate_find_dir(NULL, NULL, found, sizeof(found)), 0);
    assert_non_null(realpath(WA_SOURCE_DIR "/deploy/migrations", want));
    assert_string_equal(found, want);
    char **names;
    size_t n;
    assert_int_equal(ctl_migrate_list(found, &names, &n), 0);
    assert_true(n >= 1);
    assert_string_equal(names[0], "001_init.sql");
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    assert_int_equal(chdir(cwd), 0);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/deploy", planted);
    rmdir(path);
    rmdir(planted);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(migration_names),
        cmocka_unit_test(numeric_order_then_name),
        cmocka_unit_test(listing_a_folder),
        cmocka_unit_test(the_repository_folder_is_found_from_the_binary_never_the_cwd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
