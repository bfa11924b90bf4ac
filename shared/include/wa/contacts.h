/*
 * A tenant's contacts in CSV (issue 18; deploy/migrations/024_schools.sql): the
 * import that wa-dashboard (POST /api/v1/contacts/import) and `wactl contacts
 * import` share, and the export both serve. A contact is a patients row; its
 * groups (a school's classes, lists) are group_members rows with the child's
 * name.
 *
 * The file: a header row naming the columns, any order, any case: phone (or
 * number, mobile, whatsapp, wa_id) and/or user_id (bsuid), name (parent,
 * parent_name), child (child_name, student), group (groups, class; several
 * separated by ';'), language (lang). Other columns (those the export adds) are
 * ignored and listed as such. RFC 4180 fields (quotes, doubled quotes, commas
 * and newlines inside quotes), a UTF-8 byte-order mark and CRLF accepted, blank
 * lines skipped. One row is one child in its groups: a parent with two
 * children has two rows with the same number.
 *
 * Every row is checked, and every reason reported at once: a number that is not
 * one (letters, too short or long, a leading 0, no country code: a number
 * without '+' must have 11 to 15 digits with its country code), a BSUID of the
 * wrong shape, a name, child or group too long or not UTF-8, a language code of
 * the wrong shape, a row repeating an earlier one (same contact, child and
 * groups), the same number with another name than an earlier row, a group the
 * tenant does not have, a BSUID that belongs to another contact. The preview
 * says for each good row whether it adds or updates a contact. The commit is
 * one transaction: with any bad row nothing is imported (unless the caller
 * asked to skip the bad rows), and a failure half-way imports nothing. Imported
 * contacts are opted in with source 'csv' and the declared basis (required),
 * unless they opted in before (that record is kept); an opt-out is never
 * touched. The import writes one audit_log row (counts, never the numbers).
 */
#ifndef wa__contacts_h
#define wa__contacts_h

#include <stddef.h>
#include <cjson/cJSON.h>
#include "wa/buf.h"
#include "wa/pg.h"

#define WA_CONTACTS_MAX_ROWS 10000
#define WA_CONTACTS_MAX_NAME 200
#define WA_CONTACTS_MAX_CHILD 100
#define WA_CONTACTS_MAX_GROUP 100
#define WA_CONTACTS_MAX_GROUPS 10 /* per row */
#define WA_CONTACTS_MIN_BASIS 5
#define WA_CONTACTS_MAX_BASIS 500

/* --- RFC 4180 -------------------------------------------------------------------------------------------------- */

typedef struct st_wa_csv_row_t {
    size_t line; /* the file's line where the row starts (1 = the first line) */
    size_t nfields;
    char **fields; /* NUL-terminated, owned by the wa_csv_t */
} wa_csv_row_t;

typedef struct st_wa_csv_t {
    wa_csv_row_t *rows;
    size_t nrows;
} wa_csv_t;

/* Parses a whole file (blank lines skipped). Returns 0, or -1 with a reason in err (an unterminated quoted field, a
 * quote inside an unquoted field, more than max_rows rows). Release with wa_csv_dispose (also after a failure). */
int wa_csv_parse(const char *buf, size_t len, size_t max_rows, wa_csv_t *out, char *err, size_t errsz);
void wa_csv_dispose(wa_csv_t *csv);

/* Appends `s` (NULL: empty) as one CSV field to b: quoted when it holds a comma, quote, CR or LF; a text starting
 * with = + - @ or a tab/CR (a spreadsheet formula) is prefixed with ' so that opening the export in a spreadsheet
 * cannot run what a WhatsApp profile name contains. */
void wa_csv_field(wa_buf_t *b, const char *s);

/* --- the rows of an import (pure) ------------------------------------------------------------------------------- */

typedef struct st_wa_contact_row_t {
    size_t line;
    char wa_id[256];   /* the address: the number's digits, or the BSUID when no number (or the existing contact's) */
    char phone[24];    /* digits, or "" */
    char user_id[204]; /* BSUID, or "" */
    char *name;        /* NULL when empty */
    char *child;       /* "" when empty */
    char *lang;        /* NULL when empty */
    char **groups;     /* as written (trimmed) */
    size_t ngroups;
    char **group_ids;   /* resolved (wa_contacts_import), parallel to groups */
    cJSON *errors;      /* array of reasons; empty for a good row */
    const char *action; /* "new", "update" (set by the import's check), or "error" */
} wa_contact_row_t;

typedef struct st_wa_contact_rows_t {
    wa_contact_row_t *rows;
    size_t nrows;
    cJSON *ignored; /* array of the header's ignored column names */
} wa_contact_rows_t;

/* The rows of a parsed file, each checked on its own and against the earlier ones (duplicates). Returns 0, or -1
 * with a reason in err when the file as a whole is unusable (no header, neither a phone nor a user_id column, a
 * repeated column). Release with wa_contact_rows_dispose (also after a failure). */
int wa_contact_rows_from_csv(const wa_csv_t *csv, wa_contact_rows_t *out, char *err, size_t errsz);
void wa_contact_rows_dispose(wa_contact_rows_t *rows);

/* 0 when `digits_or_text` written as `raw` is an acceptable WhatsApp number (see above), else a reason (static). */
const char *wa_contact_phone_problem(const char *raw, char *digits, size_t digitsz);

/* --- import and export (PostgreSQL) ----------------------------------------------------------------------------- */

enum { WA_IMPORT_OK = 0, WA_IMPORT_BAD_FILE = 1, WA_IMPORT_BAD_ROWS = 2, WA_IMPORT_UNAVAILABLE = 3 };

/* Checks (and with `commit`, imports) a CSV file for tenant doctor_id. `basis`: the declared consent basis (required
 * for a commit; 5 to 500 bytes). `skip_invalid`: a commit imports the good rows and leaves the bad ones. The actor
 * columns are audit_log's. Returns WA_IMPORT_OK with *report (JSON text, caller frees: {"committed", "counts",
 * "rows", "ignored_columns"}), WA_IMPORT_BAD_ROWS (a commit refused: some rows are bad; *report says which; nothing
 * imported), WA_IMPORT_BAD_FILE (*report NULL, err says why), or WA_IMPORT_UNAVAILABLE (a database error: nothing
 * imported). */
int wa_contacts_import(wa_pg_t *pg, const char *doctor_id, const char *csv, size_t len, const char *basis, int commit,
                       int skip_invalid, const char *actor_user_id, const char *actor_token_id, const char *actor,
                       char **report, char *err, size_t errsz);

/* The tenant's contacts as CSV text (caller frees), one line per contact and group membership (a contact without
 * group: one line), re-importable: name, phone (+digits), user_id, language, group, child, and the consent columns
 * (opted_in, opted_in_at, opt_in_source, opt_in_basis, stop, stop_at, marketing_stop, marketing_stop_at,
 * marketing_stop_source) that the import ignores. group_id: only that group's members (NULL: all). teacher_user_id:
 * only the members of that user's classes (NULL: all). NULL on a database error. */
char *wa_contacts_export(wa_pg_t *pg, const char *doctor_id, const char *group_id, const char *teacher_user_id);

#endif
