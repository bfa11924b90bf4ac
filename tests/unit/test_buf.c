/* Unit tests for libwa's growable buffer (shared/src/buf.c, wa/buf.h): growth, NUL termination, the bounded
 * append, reading a file whole and handing the bytes over. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "wa/buf.h"

static void empty_buffer_reads_as_empty_string(void **state)
{
    wa_buf_t b = WA_BUF_INIT;
    assert_null(b.base);
    assert_string_equal(wa_buf_str(&b), "");
    char *s = wa_buf_release(&b);
    assert_string_equal(s, "");
    free(s);
    wa_buf_dispose(&b);
}

static void appends_grow_and_stay_terminated(void **state)
{
    wa_buf_t b;
    wa_buf_init(&b);
    for (int i = 0; i < 1000; i++)
        wa_buf_appends(&b, "abc");
    assert_int_equal(b.len, 3000);
    assert_true(b.cap > b.len);
    assert_int_equal(b.base[b.len], '\0');
    assert_memory_equal(b.base + 2997, "abc", 3);
    wa_buf_append(&b, "x\0y", 3); /* embedded NUL kept */
    assert_int_equal(b.len, 3003);
    assert_int_equal(b.base[3001], '\0');
    assert_int_equal(b.base[3002], 'y');
    wa_buf_dispose(&b);
    assert_null(b.base);
    assert_int_equal(b.len, 0);
}

static void printf_appends_long_text(void **state)
{
    wa_buf_t b = WA_BUF_INIT;
    wa_buf_printf(&b, "%s=%d;", "n", 42);
    char big[600];
    memset(big, 'z', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    wa_buf_printf(&b, "%s", big); /* larger than the first allocation */
    assert_int_equal(b.len, 5 + 599);
    assert_memory_equal(b.base, "n=42;zzz", 8);
    assert_int_equal(b.base[b.len], '\0');
    char *s = wa_buf_release(&b);
    assert_null(b.base);
    assert_int_equal(strlen(s), 604);
    free(s);
}

static void bounded_append_refuses_past_the_limit(void **state)
{
    wa_buf_t b = WA_BUF_INIT;
    assert_int_equal(wa_buf_append_max(&b, "12345", 5, 8), 0);
    assert_int_equal(wa_buf_append_max(&b, "6789", 4, 8), -1);
    assert_int_equal(b.len, 5);
    assert_string_equal(b.base, "12345");
    assert_int_equal(wa_buf_append_max(&b, "678", 3, 8), 0);
    assert_string_equal(b.base, "12345678");
    assert_int_equal(wa_buf_append_max(&b, "9", 1, 8), -1);
    assert_int_equal(wa_buf_append_max(&b, "", 0, 8), 0);
    wa_buf_dispose(&b);
}

/* A file read whole, and one refused for being larger than the limit. */
static void read_takes_a_whole_file_up_to_the_limit(void **state)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    for (int i = 0; i < 10000; i++) /* 100000 bytes: more than one read chunk */
        assert_int_equal(fputs("0123456789", f) >= 0, 1);
    rewind(f);
    wa_buf_t b = WA_BUF_INIT;
    assert_int_equal(wa_buf_read(&b, f, 100000), 0);
    assert_int_equal(b.len, 100000);
    assert_memory_equal(b.base + 99990, "0123456789", 10);
    assert_int_equal(b.base[b.len], '\0');
    wa_buf_dispose(&b);
    rewind(f);
    assert_int_equal(wa_buf_read(&b, f, 99999), -2);
    assert_true(b.len <= 99999);
    wa_buf_dispose(&b);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_buffer_reads_as_empty_string),
        cmocka_unit_test(appends_grow_and_stay_terminated),
        cmocka_unit_test(printf_appends_long_text),
        cmocka_unit_test(bounded_append_refuses_past_the_limit),
        cmocka_unit_test(read_takes_a_whole_file_up_to_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
