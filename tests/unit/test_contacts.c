/* Unit tests for the contacts' CSV (shared/src/contacts.c): RFC 4180 reading, the checks of each row and of rows
 * against each other, numbers, and the export's field quoting with its formula guard. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "wa/contacts.h"

static void csv_reads_quotes_newlines_bom_and_blank_lines(void **state)
{
    const char text[] = "\xEF\xBB\xBFphone,name\r\n"
                        "+91 98450 00001,\"Iyer, Meera\"\r\n"
                        "\r\n"
                        "+91 98450 00002,\"Two\nLines \"\"quoted\"\"\"\n"
                        "+91 98450 00003,\n";
    wa_csv_t csv;
    char err[128];
    assert_int_equal(wa_csv_parse(text, strlen(text), 100, &csv, err, sizeof(err)), 0);
    assert_int_equal(csv.nrows, 4);
    assert_string_equal(csv.rows[0].fields[0], "phone");
    assert_string_equal(csv.rows[1].fields[1], "Iyer, Meera");
    assert_int_equal(csv.rows[2].line, 4);
    assert_string_equal(csv.rows[2].fields[1], "Two\nLines \"quoted\"");
    assert_int_equal(csv.rows[3].line, 6);
    assert_int_equal(csv.rows[3].nfields, 2);
    assert_string_equal(csv.rows[3].fields[1], "");
    wa_csv_dispose(&csv);
}

static void csv_refuses_an_open_quote_and_too_many_rows(void **state)
{
    wa_csv_t csv;
    char err[128];
    const char open[] = "phone,name\n+91 1,\"never closed\n";
    assert_int_equal(wa_csv_parse(open, strlen(open), 100, &csv, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "line 2"));
    wa_csv_dispose(&csv);
    const char many[] = "a\n1\n2\n3\n";
    assert_int_equal(wa_csv_parse(many, strlen(many), 3, &csv, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "more than 2 rows"));
    wa_csv_dispose(&csv);
}

static void phone_numbers_need_their_country_code(void **state)
{
    char d[24];
    assert_null(wa_contact_phone_problem("+91 98450 00001", d, sizeof(d)));
    assert_string_equal(d, "919845000001");
    assert_null(wa_contact_phone_problem("919845000001", d, sizeof(d)));     /* 12 digits: has one */
    assert_null(wa_contact_phone_problem("0091 98450 00001", d, sizeof(d))); /* the international prefix */
    assert_string_equal(d, "919845000001");
    assert_null(wa_contact_phone_problem("'+919845000001", d, sizeof(d))); /* a spreadsheet's text marker */
    assert_null(wa_contact_phone_problem("+65 9123 4567", d, sizeof(d)));  /* 10 digits written with + */
    assert_non_null(strstr(wa_contact_phone_problem("9845000001", d, sizeof(d)), "country code"));
    assert_non_null(strstr(wa_contact_phone_problem("09845000001", d, sizeof(d)), "starts with 0"));
    assert_non_null(strstr(wa_contact_phone_problem("12345", d, sizeof(d)), "too short"));
    assert_non_null(strstr(wa_contact_phone_problem("+1234567890123456", d, sizeof(d)), "too long"));
    assert_non_null(strstr(wa_contact_phone_problem("98450 ABC", d, sizeof(d)), "not a phone number"));
}

static const char *first_error(const wa_contact_row_t *r)
{
    const cJSON *e = cJSON_GetArrayItem(r->errors, 0);
    return e != NULL ? e->valuestring : "";
}

static void rows_are_checked_alone_and_against_each_other(void **state)
{
    const char text[] = "Phone Number,Parent Name,Child,Class,Language,Opted_In\n"
                        "+91 98450 00001,Meera Iyer,Anu,Class 1A,English,yes\n"  /* 2 good */
                        "+91 98450 00001,Meera Iyer,Kabir,Class 1B;All,hi,yes\n" /* 3 good: second child */
                        "+91 98450 00001,Meera Iyer,anu,class 1a,,yes\n"         /* 4 repeats 2 (any case) */
                        "+91 98450 00001,Someone Else,Riya,Class 1A,,\n"         /* 5 another name */
                        ",No Number,X,Class 1A,,\n"                              /* 6 no number */
                        "+91 98450 00002,Lang Bad,Y,Class 1A,Klingon,\n"         /* 7 bad language */
                        "+91 98450 00003,Too,Many,Class 1A,en,x,extra\n";        /* 8 extra field */
    wa_csv_t csv;
    wa_contact_rows_t rows;
    char err[128];
    assert_int_equal(wa_csv_parse(text, strlen(text), 100, &csv, err, sizeof(err)), 0);
    assert_int_equal(wa_contact_rows_from_csv(&csv, &rows, err, sizeof(err)), 0);
    wa_csv_dispose(&csv);
    assert_int_equal(rows.nrows, 7);
    assert_int_equal(cJSON_GetArraySize(rows.ignored), 1); /* opted_in: the export's column */
    assert_int_equal(cJSON_GetArraySize(rows.rows[0].errors), 0);
    assert_string_equal(rows.rows[0].wa_id, "919845000001");
    assert_string_equal(rows.rows[0].lang, "en");
    assert_int_equal(cJSON_GetArraySize(rows.rows[1].errors), 0);
    assert_int_equal(rows.rows[1].ngroups, 2);
    assert_string_equal(rows.rows[1].groups[0], "All"); /* sorted, trimmed */
    assert_string_equal(rows.rows[1].groups[1], "Class 1B");
    assert_non_null(strstr(first_error(&rows.rows[2]), "repeats line 2"));
    assert_non_null(strstr(first_error(&rows.rows[3]), "another name"));
    assert_non_null(strstr(first_error(&rows.rows[4]), "no phone number"));
    assert_non_null(strstr(first_error(&rows.rows[5]), "language"));
    assert_non_null(strstr(first_error(&rows.rows[6]), "fields"));
    wa_contact_rows_dispose(&rows);
}

static void a_file_without_a_phone_column_is_refused(void **state)
{
    const char text[] = "name,child\nMeera,Anu\n";
    wa_csv_t csv;
    wa_contact_rows_t rows;
    char err[128];
    assert_int_equal(wa_csv_parse(text, strlen(text), 100, &csv, err, sizeof(err)), 0);
    assert_int_equal(wa_contact_rows_from_csv(&csv, &rows, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "no phone column"));
    wa_contact_rows_dispose(&rows);
    wa_csv_dispose(&csv);
    const char twice[] = "phone,mobile\n1,2\n";
    assert_int_equal(wa_csv_parse(twice, strlen(twice), 100, &csv, err, sizeof(err)), 0);
    assert_int_equal(wa_contact_rows_from_csv(&csv, &rows, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "repeats"));
    wa_contact_rows_dispose(&rows);
    wa_csv_dispose(&csv);
}

static void export_fields_are_quoted_and_formulas_neutralised(void **state)
{
    wa_buf_t b = WA_BUF_INIT;
    wa_csv_field(&b, "plain");
    wa_buf_appends(&b, "|");
    wa_csv_field(&b, "Iyer, \"Meera\"");
    wa_buf_appends(&b, "|");
    wa_csv_field(&b, "=HYPERLINK(\"x\")");
    wa_buf_appends(&b, "|");
    wa_csv_field(&b, "@SUM(1)");
    wa_buf_appends(&b, "|");
    wa_csv_field(&b, "+919845000001"); /* a number stays a number */
    wa_buf_appends(&b, "|");
    wa_csv_field(&b, "+1+2");
    wa_buf_appends(&b, "|");
    wa_csv_field(&b, NULL);
    assert_string_equal(wa_buf_str(&b),
                        "plain|\"Iyer, \"\"Meera\"\"\"|\"'=HYPERLINK(\"\"x\"\")\"|'@SUM(1)|+919845000001|'+1+2|");
    wa_buf_dispose(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_reads_quotes_newlines_bom_and_blank_lines),
        cmocka_unit_test(csv_refuses_an_open_quote_and_too_many_rows),
        cmocka_unit_test(phone_numbers_need_their_country_code),
        cmocka_unit_test(rows_are_checked_alone_and_against_each_other),
        cmocka_unit_test(a_file_without_a_phone_column_is_refused),
        cmocka_unit_test(export_fields_are_quoted_and_formulas_neutralised),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
