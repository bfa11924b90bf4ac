/*
 * Contacts in CSV (see wa/contacts.h): the RFC 4180 reader, the rows of an
 * import checked one by one and against each other, the check against the
 * tenant's groups and contacts in PostgreSQL, the import as one statement in
 * one transaction, and the export.
 */
#include "wa/contacts.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wa/log.h"
#include "wa/phone.h"
#include "wa/text.h"

/* --- RFC 4180 -------------------------------------------------------------------------------------------------- */

static void free_fields(char **fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(fields[i]);
    free(fields);
}

void wa_csv_dispose(wa_csv_t *csv)
{
    for (size_t r = 0; r < csv->nrows; r++)
        free_fields(csv->rows[r].fields, csv->rows[r].nfields);
    free(csv->rows);
    csv->rows = NULL;
    csv->nrows = 0;
}

int wa_csv_parse(const char *buf, size_t len, size_t max_rows, wa_csv_t *out, char *err, size_t errsz)
{
    size_t i = 0, line = 1, rowcap = 0;
    wa_buf_t field = WA_BUF_INIT;
    int rc = 0;

    memset(out, 0, sizeof(*out));
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && rc == 0) {
        size_t row_line = line, nf = 0, fcap = 0;
        char **fields = NULL;
        int blank = 1;
        for (;;) {
            int quoted = 0;
            field.len = 0;
            if (i < len && buf[i] == '"') {
                quoted = 1;
                for (i++;; i++) {
                    if (i >= len) {
                        snprintf(err, errsz, "line %zu: a quoted field is not closed", row_line);
                        rc = -1;
                        break;
                    }
                    if (buf[i] == '"') {
                        if (i + 1 < len && buf[i + 1] == '"') {
                            wa_buf_append(&field, "\"", 1);
                            i++;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (buf[i] == '\n')
                        line++;
                    wa_buf_append(&field, buf + i, 1);
                }
                if (rc == 0 && i < len && buf[i] != ',' && buf[i] != '\n' && buf[i] != '\r') {
                    snprintf(err, errsz, "line %zu: text after a quoted field's closing quote", line);
                    rc = -1;
                }
            } else {
                size_t start = i;
                while (i < len && buf[i] != ',' && buf[i] != '\n' && buf[i] != '\r')
                    i++;
                wa_buf_append(&field, buf + start, i - start);
            }
            if (rc != 0)
                break;
            if (quoted || field.len > 0)
                blank = 0;
            fields = wa_grow(fields, &fcap, nf + 1, sizeof(*fields));
            fields[nf++] = wa_strndup(field.base != NULL ? field.base : "", field.len);
            if (i < len && buf[i] == ',') {
                i++;
                blank = 0;
                continue;
            }
            if (i < len && buf[i] == '\r')
                i++;
            if (i < len && buf[i] == '\n')
                i++;
            line++;
            break;
        }
        if (rc != 0 || blank) {
            free_fields(fields, nf);
            continue;
        }
        if (out->nrows >= max_rows) {
            free_fields(fields, nf);
            snprintf(err, errsz, "more than %zu rows", max_rows - 1);
            rc = -1;
            break;
        }
        out->rows = wa_grow(out->rows, &rowcap, out->nrows + 1, sizeof(*out->rows));
        out->rows[out->nrows++] = (wa_csv_row_t){row_line, nf, fields};
    }
    wa_buf_dispose(&field);
    return rc;
}

void wa_csv_field(wa_buf_t *b, const char *s)
{
    if (s == NULL || s[0] == '\0')
        return;
    /* a phone number (+ and digits) is what it looks like, not a formula: the import reads it back */
    int formula = strchr("=+-@\t\r", s[0]) != NULL &&
                  !(s[0] == '+' && s[1] != '\0' && strspn(s + 1, "0123456789") == strlen(s + 1));
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        wa_buf_append(b, "\"", 1);
    if (formula)
        wa_buf_append(b, "'", 1);
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == '"')
            wa_buf_append(b, "\"", 1);
        wa_buf_append(b, p, 1);
    }
    if (quote)
        wa_buf_append(b, "\"", 1);
}

/* --- the rows of an import -------------------------------------------------------------------------------------- */

enum { C_NONE = -1, C_PHONE, C_USER, C_NAME, C_CHILD, C_GROUP, C_LANG, C_COUNT };

static const struct {
    const char *name;
    int col;
} col_names[] = {
    {"phone", C_PHONE},        {"number", C_PHONE}, {"mobile", C_PHONE}, {"whatsapp", C_PHONE},   {"wa_id", C_PHONE},
    {"phone_number", C_PHONE}, {"user_id", C_USER}, {"bsuid", C_USER},   {"name", C_NAME},        {"parent", C_NAME},
    {"parent_name", C_NAME},   {"contact", C_NAME}, {"child", C_CHILD},  {"child_name", C_CHILD}, {"student", C_CHILD},
    {"pupil", C_CHILD},        {"group", C_GROUP},  {"groups", C_GROUP}, {"class", C_GROUP},      {"language", C_LANG},
    {"lang", C_LANG},
};

static const struct {
    const char *name, *code;
} lang_names[] = {
    {"english", "en"}, {"hindi", "hi"},    {"marathi", "mr"},   {"tamil", "ta"},   {"telugu", "te"}, {"kannada", "kn"},
    {"bengali", "bn"}, {"gujarati", "gu"}, {"malayalam", "ml"}, {"punjabi", "pa"}, {"urdu", "ur"},
};

static char *trimmed(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return wa_strndup(s, n);
}

static int utf8_ok(const char *s)
{
    size_t n = strlen(s), i = 0, k;
    while (i < n && (k = wa_utf8_seq((const unsigned char *)s + i, n - i)) != 0)
        i += k;
    return i == n;
}

static void row_error(wa_contact_row_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void row_error(wa_contact_row_t *r, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (!cJSON_AddItemToArray(r->errors, cJSON_CreateString(msg)))
        wa_fatal("out of memory");
    r->action = "error";
}

const char *wa_contact_phone_problem(const char *raw, char *digits, size_t digitsz)
{
    const char *p = raw;
    if (raw[0] == '\'') /* a spreadsheet's text marker */
        raw = p = raw + 1;
    size_t n = wa_phone_digits(raw, digits, digitsz);
    if (n == 0)
        return "not a phone number";
    while (*p == ' ')
        p++;
    int plus = *p == '+';
    if (!plus && n > 2 && digits[0] == '0' && digits[1] == '0') { /* 0091...: the international prefix */
        memmove(digits, digits + 2, n - 1);
        n -= 2;
        plus = 1;
    }
    if (digits[0] == '0')
        return "starts with 0: write the country code instead (+91 98450 00001)";
    if (n < 8)
        return "too short for a phone number with its country code";
    if (n > 15)
        return "too long for a phone number (at most 15 digits)";
    if (!plus && n < 11)
        return "no country code: write the number with + and its country code (+91 98450 00001)";
    return NULL;
}

static char *norm_lang(const char *s)
{
    char low[32];
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof(low))
        return NULL;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)tolower((unsigned char)s[i]);
    for (size_t i = 0; i < sizeof(lang_names) / sizeof(lang_names[0]); i++)
        if (strcmp(low, lang_names[i].name) == 0)
            return wa_strdup(lang_names[i].code);
    /* xx, xxx, xx_YY (as written: en_US) */
    size_t k = 0;
    while (k < n && s[k] >= 'a' && s[k] <= 'z')
        k++;
    if (k < 2 || k > 3)
        return NULL;
    if (k == n)
        return wa_strdup(s);
    if (n == k + 3 && (s[k] == '_' || s[k] == '-') && s[k + 1] >= 'A' && s[k + 1] <= 'Z' && s[k + 2] >= 'A' &&
        s[k + 2] <= 'Z') {
        char *out = wa_strdup(s);
        out[k] = '_';
        return out;
    }
    return NULL;
}

static void header_key(const char *h, char *out, size_t outsz)
{
    size_t k = 0;
    while (*h == ' ')
        h++;
    for (; *h != '\0' && k + 1 < outsz; h++)
        out[k++] = *h == ' ' ? '_' : (char)tolower((unsigned char)*h);
    while (k > 0 && out[k - 1] == '_')
        k--;
    out[k] = '\0';
}

void wa_contact_rows_dispose(wa_contact_rows_t *rows)
{
    for (size_t i = 0; i < rows->nrows; i++) {
        wa_contact_row_t *r = &rows->rows[i];
        free(r->name);
        free(r->child);
        free(r->lang);
        for (size_t g = 0; g < r->ngroups; g++) {
            free(r->groups[g]);
            if (r->group_ids != NULL)
                free(r->group_ids[g]);
        }
        free(r->groups);
        free(r->group_ids);
        cJSON_Delete(r->errors);
    }
    free(rows->rows);
    cJSON_Delete(rows->ignored);
    memset(rows, 0, sizeof(*rows));
}

static const char *contact_key(const wa_contact_row_t *r)
{
    return r->phone[0] != '\0' ? r->phone : r->user_id;
}

static int cmp_groups(const void *a, const void *b)
{
    return strcasecmp(*(char *const *)a, *(char *const *)b);
}

static const wa_contact_row_t *sort_base;
static int cmp_rows(const void *a, const void *b)
{
    const wa_contact_row_t *x = &sort_base[*(const size_t *)a], *y = &sort_base[*(const size_t *)b];
    int c = strcmp(contact_key(x), contact_key(y));
    return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

static int same_groups(const wa_contact_row_t *a, const wa_contact_row_t *b)
{
    if (a->ngroups != b->ngroups)
        return 0;
    for (size_t i = 0; i < a->ngroups; i++) /* both sorted */
        if (strcasecmp(a->groups[i], b->groups[i]) != 0)
            return 0;
    return 1;
}

/* Marks the rows that repeat an earlier row of the same contact, or give it another name. */
static void check_duplicates(wa_contact_rows_t *rows)
{
    size_t n = 0, *idx = wa_malloc((rows->nrows + 1) * sizeof(size_t));
    for (size_t i = 0; i < rows->nrows; i++)
        if (contact_key(&rows->rows[i])[0] != '\0')
            idx[n++] = i;
    sort_base = rows->rows;
    qsort(idx, n, sizeof(size_t), cmp_rows);
    for (size_t s = 0; s < n;) {
        size_t e = s + 1;
        while (e < n && strcmp(contact_key(&rows->rows[idx[s]]), contact_key(&rows->rows[idx[e]])) == 0)
            e++;
        for (size_t j = s + 1; j < e; j++) {
            wa_contact_row_t *r = &rows->rows[idx[j]];
            for (size_t k = s; k < j; k++) {
                const wa_contact_row_t *o = &rows->rows[idx[k]];
                if (r->name != NULL && o->name != NULL && strcmp(r->name, o->name) != 0) {
                    row_error(r, "the same number as line %zu with another name", o->line);
                    break;
                }
                if (strcasecmp(r->child, o->child) == 0 && same_groups(r, o)) {
                    row_error(r, "repeats line %zu (same contact, child and groups)", o->line);
                    break;
                }
            }
        }
        s = e;
    }
    free(idx);
}

int wa_contact_rows_from_csv(const wa_csv_t *csv, wa_contact_rows_t *out, char *err, size_t errsz)
{
    int cols[C_COUNT];
    memset(out, 0, sizeof(*out));
    if ((out->ignored = cJSON_CreateArray()) == NULL)
        wa_fatal("out of memory");
    if (csv->nrows == 0) {
        snprintf(err, errsz,
                 "the file is empty: the first line names the columns (phone, name, child, group, "
                 "language)");
        return -1;
    }
    for (int c = 0; c < C_COUNT; c++)
        cols[c] = -1;
    const wa_csv_row_t *h = &csv->rows[0];
    for (size_t f = 0; f < h->nfields; f++) {
        char key[64];
        int col = C_NONE;
        header_key(h->fields[f], key, sizeof(key));
        for (size_t i = 0; i < sizeof(col_names) / sizeof(col_names[0]); i++)
            if (strcmp(key, col_names[i].name) == 0)
                col = col_names[i].col;
        if (col == C_NONE) {
            if (key[0] != '\0' && !cJSON_AddItemToArray(out->ignored, cJSON_CreateString(key)))
                wa_fatal("out of memory");
            continue;
        }
        if (cols[col] >= 0) {
            snprintf(err, errsz, "the column '%s' repeats another one", key);
            return -1;
        }
        cols[col] = (int)f;
    }
    if (cols[C_PHONE] < 0 && cols[C_USER] < 0) {
        snprintf(err, errsz,
                 "no phone column: the first line names the columns (phone, name, child, group, "
                 "language)");
        return -1;
    }
    out->rows = wa_calloc(csv->nrows, sizeof(*out->rows));
    for (size_t ri = 1; ri < csv->nrows; ri++) {
        const wa_csv_row_t *in = &csv->rows[ri];
        wa_contact_row_t *r = &out->rows[out->nrows++];
        char *v[C_COUNT];
        r->line = in->line;
        r->action = "new";
        if ((r->errors = cJSON_CreateArray()) == NULL)
            wa_fatal("out of memory");
        for (int c = 0; c < C_COUNT; c++)
            v[c] = trimmed(cols[c] >= 0 && (size_t)cols[c] < in->nfields ? in->fields[cols[c]] : "");
        for (size_t f = h->nfields; f < in->nfields; f++)
            if (in->fields[f][0] != '\0') {
                row_error(r, "%zu fields, the first line names %zu columns", in->nfields, h->nfields);
                break;
            }
        for (int c = 0; c < C_COUNT; c++)
            if (!utf8_ok(v[c])) {
                row_error(r, "text that is not UTF-8 (save the file as CSV UTF-8)");
                v[c][0] = '\0';
            }
        if (v[C_PHONE][0] != '\0') {
            const char *why = wa_contact_phone_problem(v[C_PHONE], r->phone, sizeof(r->phone));
            if (why != NULL) {
                row_error(r, "phone '%.40s': %s", v[C_PHONE], why);
                r->phone[0] = '\0';
            }
        }
        if (v[C_USER][0] != '\0') {
            if (wa_is_bsuid(v[C_USER]))
                snprintf(r->user_id, sizeof(r->user_id), "%s", v[C_USER]);
            else
                row_error(r, "user_id '%.40s': not a WhatsApp user id (BSUID, like US.13491208655302741918)",
                          v[C_USER]);
        }
        if (v[C_PHONE][0] == '\0' && v[C_USER][0] == '\0')
            row_error(r, "no phone number");
        snprintf(r->wa_id, sizeof(r->wa_id), "%s", r->phone[0] != '\0' ? r->phone : r->user_id);
        if (strlen(v[C_NAME]) > WA_CONTACTS_MAX_NAME)
            row_error(r, "the name is longer than %d bytes", WA_CONTACTS_MAX_NAME);
        else if (v[C_NAME][0] != '\0')
            r->name = wa_strdup(v[C_NAME]);
        if (strlen(v[C_CHILD]) > WA_CONTACTS_MAX_CHILD) {
            row_error(r, "the child's name is longer than %d bytes", WA_CONTACTS_MAX_CHILD);
            r->child = wa_strdup("");
        } else {
            r->child = wa_strdup(v[C_CHILD]);
        }
        if (v[C_LANG][0] != '\0' && (r->lang = norm_lang(v[C_LANG])) == NULL)
            row_error(r, "language '%.20s': a code such as en, hi, en_US (or English, Hindi)", v[C_LANG]);
        for (char *save = NULL, *tok = strtok_r(v[C_GROUP], ";", &save); tok != NULL;
             tok = strtok_r(NULL, ";", &save)) {
            char *g = trimmed(tok);
            if (g[0] == '\0') {
                free(g);
                continue;
            }
            if (strlen(g) > WA_CONTACTS_MAX_GROUP || r->ngroups >= WA_CONTACTS_MAX_GROUPS) {
                row_error(r, "at most %d groups of at most %d bytes each", WA_CONTACTS_MAX_GROUPS,
                          WA_CONTACTS_MAX_GROUP);
                free(g);
                break;
            }
            int seen = 0;
            for (size_t k = 0; k < r->ngroups; k++)
                seen |= strcasecmp(r->groups[k], g) == 0;
            if (seen) {
                free(g);
                continue;
            }
            r->groups = realloc(r->groups, (r->ngroups + 1) * sizeof(char *));
            if (r->groups == NULL)
                wa_fatal("out of memory");
            r->groups[r->ngroups++] = g;
        }
        if (r->ngroups > 1)
            qsort(r->groups, r->ngroups, sizeof(char *), cmp_groups);
        for (int c = 0; c < C_COUNT; c++)
            free(v[c]);
    }
    check_duplicates(out);
    return 0;
}

/* --- import ----------------------------------------------------------------------------------------------------- */

typedef struct st_known_t {
    char *key; /* a group's name, or a contact's wa_id / user_id */
    char *id;
    char *wa_id;
    char *user_id;
} known_t;

static int cmp_known(const void *a, const void *b)
{
    return strcmp(((const known_t *)a)->key, ((const known_t *)b)->key);
}

static int cmp_known_ci(const void *a, const void *b)
{
    return strcasecmp(((const known_t *)a)->key, ((const known_t *)b)->key);
}

static const known_t *find(const known_t *k, size_t n, const char *key, int ci)
{
    known_t probe = {(char *)key, NULL, NULL, NULL};
    return bsearch(&probe, k, n, sizeof(known_t), ci ? cmp_known_ci : cmp_known);
}

static void free_known(known_t *k, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(k[i].key);
        free(k[i].id);
        free(k[i].wa_id);
        free(k[i].user_id);
    }
    free(k);
}

/* The tenant's groups by name (case-insensitive). Returns the count, or -1. */
static long load_groups(wa_pg_t *pg, const char *doctor_id, known_t **out)
{
    const char *params[] = {doctor_id};
    PGresult *res = wa_pg_exec(pg, "contacts import groups",
                               "SELECT name, id::text FROM groups WHERE doctor_id = $1::uuid", 1, params);
    if (res == NULL)
        return -1;
    long n = PQntuples(res);
    *out = wa_calloc((size_t)n + 1, sizeof(known_t));
    for (long i = 0; i < n; i++) {
        (*out)[i].key = wa_strdup(PQgetvalue(res, (int)i, 0));
        (*out)[i].id = wa_strdup(PQgetvalue(res, (int)i, 1));
    }
    PQclear(res);
    qsort(*out, (size_t)n, sizeof(known_t), cmp_known_ci);
    return n;
}

/* The tenant's contacts that the rows name, twice: by wa_id (in by_addr) and by user_id (in by_user). */
static int load_contacts(wa_pg_t *pg, const char *doctor_id, const wa_contact_rows_t *rows, known_t **by_addr,
                         long *naddr, known_t **by_user, long *nuser)
{
    cJSON *keys = cJSON_CreateArray();
    if (keys == NULL)
        wa_fatal("out of memory");
    for (size_t i = 0; i < rows->nrows; i++) {
        const wa_contact_row_t *r = &rows->rows[i];
        if ((r->phone[0] != '\0' && !cJSON_AddItemToArray(keys, cJSON_CreateString(r->phone))) ||
            (r->user_id[0] != '\0' && !cJSON_AddItemToArray(keys, cJSON_CreateString(r->user_id))))
            wa_fatal("out of memory");
    }
    char *json = cJSON_PrintUnformatted(keys);
    cJSON_Delete(keys);
    if (json == NULL)
        wa_fatal("out of memory");
    const char *params[] = {doctor_id, json};
    PGresult *res = wa_pg_exec(pg, "contacts import existing",
                               "WITH k AS (SELECT DISTINCT jsonb_array_elements_text($2::jsonb) AS v)"
                               " SELECT p.id::text, p.wa_id, coalesce(p.user_id, '') FROM patients p"
                               " WHERE p.doctor_id = $1::uuid AND (p.wa_id IN (SELECT v FROM k)"
                               " OR p.user_id IN (SELECT v FROM k))",
                               2, params);
    free(json);
    if (res == NULL)
        return -1;
    long n = PQntuples(res);
    *by_addr = wa_calloc((size_t)n + 1, sizeof(known_t));
    *by_user = wa_calloc((size_t)n + 1, sizeof(known_t));
    *naddr = *nuser = 0;
    for (long i = 0; i < n; i++) {
        const char *id = PQgetvalue(res, (int)i, 0), *wa = PQgetvalue(res, (int)i, 1), *u = PQgetvalue(res, (int)i, 2);
        (*by_addr)[(*naddr)++] = (known_t){wa_strdup(wa), wa_strdup(id), wa_strdup(wa), wa_strdup(u)};
        if (u[0] != '\0')
            (*by_user)[(*nuser)++] = (known_t){wa_strdup(u), wa_strdup(id), wa_strdup(wa), wa_strdup(u)};
    }
    PQclear(res);
    qsort(*by_addr, (size_t)*naddr, sizeof(known_t), cmp_known);
    qsort(*by_user, (size_t)*nuser, sizeof(known_t), cmp_known);
    return 0;
}

/* Checks every good row against the tenant's groups and contacts: resolves the groups, sets the address and the
 * action. Returns 0 or -1 (database). */
static int check_rows(wa_pg_t *pg, const char *doctor_id, wa_contact_rows_t *rows)
{
    known_t *groups = NULL, *by_addr = NULL, *by_user = NULL;
    long ng, na = 0, nu = 0;
    if ((ng = load_groups(pg, doctor_id, &groups)) < 0)
        return -1;
    if (load_contacts(pg, doctor_id, rows, &by_addr, &na, &by_user, &nu) != 0) {
        free_known(groups, (size_t)ng);
        return -1;
    }
    for (size_t i = 0; i < rows->nrows; i++) {
        wa_contact_row_t *r = &rows->rows[i];
        r->group_ids = wa_calloc(r->ngroups + 1, sizeof(char *));
        for (size_t g = 0; g < r->ngroups; g++) {
            const known_t *k = find(groups, (size_t)ng, r->groups[g], 1);
            if (k == NULL)
                row_error(r, "unknown group '%s' (add it first)", r->groups[g]);
            else
                r->group_ids[g] = wa_strdup(k->id);
        }
        if (contact_key(r)[0] == '\0')
            continue;
        const known_t *a = r->phone[0] != '\0' ? find(by_addr, (size_t)na, r->phone, 0) : NULL;
        const known_t *b = NULL;
        if (r->user_id[0] != '\0' && (b = find(by_user, (size_t)nu, r->user_id, 0)) == NULL)
            b = find(by_addr, (size_t)na, r->user_id, 0);
        if (a != NULL && b != NULL && strcmp(a->id, b->id) != 0) {
            row_error(r, "the number and the user_id belong to two different contacts");
            continue;
        }
        if (a != NULL && r->user_id[0] != '\0' && a->user_id[0] != '\0' && strcmp(a->user_id, r->user_id) != 0) {
            row_error(r, "the contact with this number has another user_id");
            continue;
        }
        if (a == NULL && b != NULL && r->phone[0] != '\0' && strcmp(b->wa_id, r->phone) != 0) {
            row_error(r, "the contact with this user_id has no such number yet (it is added when they write)");
            continue;
        }
        const known_t *k = a != NULL ? a : b;
        if (k != NULL)
            snprintf(r->wa_id, sizeof(r->wa_id), "%s", k->wa_id);
        if (cJSON_GetArraySize(r->errors) == 0)
            r->action = k != NULL ? "update" : "new";
    }
    free_known(groups, (size_t)ng);
    free_known(by_addr, (size_t)na);
    free_known(by_user, (size_t)nu);
    return 0;
}

static cJSON *str_or_null(const char *s)
{
    cJSON *j = s != NULL ? cJSON_CreateString(s) : cJSON_CreateNull();
    if (j == NULL)
        wa_fatal("out of memory");
    return j;
}

static void add(cJSON *o, const char *name, cJSON *v)
{
    if (v == NULL || !cJSON_AddItemToObject(o, name, v))
        wa_fatal("out of memory");
}

static void push(cJSON *a, cJSON *v)
{
    if (v == NULL || !cJSON_AddItemToArray(a, v))
        wa_fatal("out of memory");
}

/* The report's rows, and the good rows as the import statement reads them. */
static void report_rows(const wa_contact_rows_t *rows, cJSON *report_rows_out, cJSON *good, long *nvalid,
                        long *ninvalid)
{
    *nvalid = *ninvalid = 0;
    for (size_t i = 0; i < rows->nrows; i++) {
        const wa_contact_row_t *r = &rows->rows[i];
        int ok = cJSON_GetArraySize(r->errors) == 0;
        cJSON *o = cJSON_CreateObject(), *g = cJSON_CreateArray();
        if (o == NULL || g == NULL)
            wa_fatal("out of memory");
        for (size_t k = 0; k < r->ngroups; k++)
            push(g, cJSON_CreateString(r->groups[k]));
        add(o, "line", cJSON_CreateNumber((double)r->line));
        add(o, "action", cJSON_CreateString(ok ? r->action : "error"));
        add(o, "name", str_or_null(r->name));
        add(o, "phone", str_or_null(r->phone[0] != '\0' ? r->phone : NULL));
        add(o, "user_id", str_or_null(r->user_id[0] != '\0' ? r->user_id : NULL));
        add(o, "child", str_or_null(r->child[0] != '\0' ? r->child : NULL));
        add(o, "groups", g);
        add(o, "language", str_or_null(r->lang));
        add(o, "errors", cJSON_Duplicate(r->errors, 1));
        push(report_rows_out, o);
        if (!ok) {
            (*ninvalid)++;
            continue;
        }
        (*nvalid)++;
        cJSON *x = cJSON_CreateObject(), *ids = cJSON_CreateArray();
        if (x == NULL || ids == NULL)
            wa_fatal("out of memory");
        for (size_t k = 0; k < r->ngroups; k++)
            push(ids, cJSON_CreateString(r->group_ids[k]));
        add(x, "ln", cJSON_CreateNumber((double)r->line));
        add(x, "wa_id", cJSON_CreateString(r->wa_id));
        add(x, "user_id", str_or_null(r->user_id[0] != '\0' ? r->user_id : NULL));
        add(x, "name", str_or_null(r->name));
        add(x, "lang", str_or_null(r->lang));
        add(x, "child", cJSON_CreateString(r->child));
        add(x, "group_ids", ids);
        push(good, x);
    }
}

/* One statement: the contacts (added or updated: the tenant's name and language when given, the opt-in unless one
 * is recorded already), their memberships, the audit row. */
static const char import_sql[] =
    "WITH r AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(ln int, wa_id text, user_id text, name text,"
    " lang text, child text, group_ids jsonb)),"
    " c AS (SELECT DISTINCT ON (wa_id) wa_id, user_id, name, lang FROM r ORDER BY wa_id, name IS NULL, ln),"
    " up AS (INSERT INTO patients AS p (doctor_id, wa_id, user_id, display_name, lang, opted_in, opted_in_at,"
    " opt_in_source, opt_in_basis, opt_in_by)"
    " SELECT $1::uuid, wa_id, user_id, name, lang, true,"
    " now(), 'csv', $3, $6 FROM c"
    " ON CONFLICT (doctor_id, wa_id) DO UPDATE SET display_name = coalesce(EXCLUDED.display_name, p.display_name),"
    " lang = coalesce(EXCLUDED.lang, p.lang),"
    " opted_in_at = CASE WHEN p.opted_in THEN p.opted_in_at ELSE EXCLUDED.opted_in_at END,"
    " opt_in_source = CASE WHEN p.opted_in THEN p.opt_in_source ELSE EXCLUDED.opt_in_source END,"
    " opt_in_basis = CASE WHEN p.opted_in THEN p.opt_in_basis ELSE EXCLUDED.opt_in_basis END,"
    " opt_in_by = CASE WHEN p.opted_in THEN p.opt_in_by ELSE EXCLUDED.opt_in_by END,"
    " opted_in = true, updated_at = now()"
    " RETURNING p.id, p.wa_id, (xmax = 0) AS inserted),"
    " gm AS (INSERT INTO group_members (group_id, patient_id, doctor_id, child_name)"
    " SELECT DISTINCT g.gid::uuid, up.id, $1::uuid, r.child FROM r JOIN up ON up.wa_id = r.wa_id"
    " CROSS JOIN LATERAL jsonb_array_elements_text(r.group_ids) AS g(gid)"
    " ON CONFLICT DO NOTHING RETURNING 1),"
    " n AS (SELECT count(*) FILTER (WHERE inserted) AS added, count(*) FILTER (WHERE NOT inserted) AS updated,"
    " (SELECT count(*) FROM gm) AS memberships FROM up),"
    " aud AS (INSERT INTO audit_log (doctor_id, actor_user_id, actor_token_id, actor, action, target, after)"
    " SELECT $1::uuid, $4::uuid, $5::uuid, $6, 'contacts.import', 'contacts', jsonb_build_object('added', n.added,"
    " 'updated', n.updated, 'memberships', n.memberships, 'basis', $3) FROM n)"
    " SELECT added, updated, memberships FROM n";

int wa_contacts_import(wa_pg_t *pg, const char *doctor_id, const char *csv, size_t len, const char *basis, int commit,
                       int skip_invalid, const char *actor_user_id, const char *actor_token_id, const char *actor,
                       char **report, char *err, size_t errsz)
{
    wa_csv_t parsed;
    wa_contact_rows_t rows;
    int rc = WA_IMPORT_UNAVAILABLE, in_tx = 0;
    long nvalid, ninvalid;
    cJSON *doc = NULL, *rrows = NULL, *good, *counts = NULL;

    *report = NULL;
    memset(&rows, 0, sizeof(rows));
    if (commit && (basis == NULL || strlen(basis) < WA_CONTACTS_MIN_BASIS || strlen(basis) > WA_CONTACTS_MAX_BASIS ||
                   !utf8_ok(basis))) {
        snprintf(err, errsz, "basis: say on what basis these contacts agreed to messages (%d to %d characters)",
                 WA_CONTACTS_MIN_BASIS, WA_CONTACTS_MAX_BASIS);
        return WA_IMPORT_BAD_FILE;
    }
    if (wa_csv_parse(csv, len, WA_CONTACTS_MAX_ROWS + 1, &parsed, err, errsz) != 0 ||
        wa_contact_rows_from_csv(&parsed, &rows, err, errsz) != 0) {
        wa_csv_dispose(&parsed);
        wa_contact_rows_dispose(&rows);
        return WA_IMPORT_BAD_FILE;
    }
    wa_csv_dispose(&parsed);
    if (rows.nrows == 0) {
        snprintf(err, errsz, "no rows under the first line");
        wa_contact_rows_dispose(&rows);
        return WA_IMPORT_BAD_FILE;
    }
    if (commit) {
        if (wa_pg_run(pg, "contacts import begin", "BEGIN", 0, NULL) != 0)
            goto out;
        in_tx = 1;
    }
    if (check_rows(pg, doctor_id, &rows) != 0)
        goto out;
    doc = cJSON_CreateObject();
    rrows = cJSON_CreateArray();
    good = cJSON_CreateArray();
    counts = cJSON_CreateObject();
    if (doc == NULL || rrows == NULL || good == NULL || counts == NULL || !cJSON_AddItemToObject(doc, "good", good))
        wa_fatal("out of memory");
    report_rows(&rows, rrows, good, &nvalid, &ninvalid);
    long nnew = 0, nupd = 0;
    for (size_t i = 0; i < rows.nrows; i++) {
        if (cJSON_GetArraySize(rows.rows[i].errors) != 0)
            continue;
        nnew += strcmp(rows.rows[i].action, "new") == 0;
        nupd += strcmp(rows.rows[i].action, "update") == 0;
    }
    add(counts, "rows", cJSON_CreateNumber((double)rows.nrows));
    add(counts, "valid", cJSON_CreateNumber((double)nvalid));
    add(counts, "invalid", cJSON_CreateNumber((double)ninvalid));
    add(counts, "new_rows", cJSON_CreateNumber((double)nnew));
    add(counts, "update_rows", cJSON_CreateNumber((double)nupd));
    int refuse = commit && ninvalid > 0 && !skip_invalid;
    if (commit && !refuse && nvalid > 0) {
        char *gjson = cJSON_PrintUnformatted(good);
        if (gjson == NULL)
            wa_fatal("out of memory");
        const char *params[] = {doctor_id, gjson, basis, actor_user_id, actor_token_id, actor};
        PGresult *res = wa_pg_exec(pg, "contacts import", import_sql, 6, params);
        free(gjson);
        if (res == NULL) {
            if (strcmp(wa_pg_sqlstate(pg), "23505") == 0 || strcmp(wa_pg_sqlstate(pg), "23514") == 0) {
                /* what the checks cannot see row by row: two numbers with one user_id (BSUID), a contact that
                 * wrote meanwhile with it; nothing was imported */
                snprintf(err, errsz,
                         "two contacts of the file or of the tenant would share a user_id (BSUID), or "
                         "a value breaks a rule of the table: nothing was imported");
                rc = WA_IMPORT_BAD_FILE;
            }
            goto out;
        }
        add(counts, "added", cJSON_CreateNumber(strtod(PQgetvalue(res, 0, 0), NULL)));
        add(counts, "updated", cJSON_CreateNumber(strtod(PQgetvalue(res, 0, 1), NULL)));
        add(counts, "memberships", cJSON_CreateNumber(strtod(PQgetvalue(res, 0, 2), NULL)));
        PQclear(res);
        if (wa_pg_run(pg, "contacts import commit", "COMMIT", 0, NULL) != 0) {
            in_tx = 0; /* a failed COMMIT ends the transaction (rolled back) */
            goto out;
        }
        in_tx = 0;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(doc, "good");
    add(doc, "committed", cJSON_CreateBool(commit && !refuse && nvalid > 0));
    add(doc, "counts", counts);
    add(doc, "rows", rrows);
    add(doc, "ignored_columns", cJSON_Duplicate(rows.ignored, 1));
    counts = rrows = NULL;
    if ((*report = cJSON_PrintUnformatted(doc)) == NULL)
        wa_fatal("out of memory");
    rc = refuse ? WA_IMPORT_BAD_ROWS : WA_IMPORT_OK;
out:
    if (in_tx)
        (void)wa_pg_run(pg, "contacts import rollback", "ROLLBACK", 0, NULL);
    if (rc == WA_IMPORT_UNAVAILABLE)
        snprintf(err, errsz, "the database did not answer; nothing was imported");

    cJSON_Delete(doc);
    cJSON_Delete(rrows);
    cJSON_Delete(counts);
    wa_contact_rows_dispose(&rows);
    return rc;
}

/* --- export ----------------------------------------------------------------------------------------------------- */

static const char export_sql[] =
    "SELECT coalesce(p.display_name, p.profile_name), CASE WHEN p.wa_id ~ '^[0-9]+$' THEN '+' || p.wa_id END,"
    " p.user_id, p.lang, g.name, nullif(gm.child_name, ''), CASE WHEN p.opted_in THEN 'yes' ELSE 'no' END,"
    " to_char(p.opted_in_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), p.opt_in_source, p.opt_in_basis,"
    " CASE WHEN p.opted_out THEN 'yes' ELSE 'no' END,"
    " CASE WHEN p.opted_out THEN to_char(p.opted_out_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') END,"
    " CASE WHEN p.marketing_opt_out THEN 'yes' ELSE 'no' END,"
    " CASE WHEN p.marketing_opt_out THEN to_char(p.marketing_consent_at AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') END, CASE WHEN p.marketing_opt_out THEN p.marketing_consent_source END"
    " FROM patients p"
    " LEFT JOIN group_members gm ON gm.patient_id = p.id AND gm.doctor_id = p.doctor_id"
    " AND ($3::uuid IS NULL OR gm.group_id IN (SELECT ug.group_id FROM user_groups ug WHERE ug.user_id = $3::uuid))"
    " LEFT JOIN groups g ON g.id = gm.group_id AND g.doctor_id = p.doctor_id"
    " WHERE p.doctor_id = $1::uuid AND ($2::uuid IS NULL OR gm.group_id = $2::uuid)"
    " AND ($3::uuid IS NULL OR gm.group_id IS NOT NULL)"
    " ORDER BY 1, p.wa_id, g.name, gm.child_name";

char *wa_contacts_export(wa_pg_t *pg, const char *doctor_id, const char *group_id, const char *teacher_user_id)
{
    static const char *const header[] = {
        "name",  "phone",    "user_id",        "language",          "group",
        "child", "opted_in", "opted_in_at",    "opt_in_source",     "opt_in_basis",
        "stop",  "stop_at",  "marketing_stop", "marketing_stop_at", "marketing_stop_source",
    };
    const size_t ncols = sizeof(header) / sizeof(header[0]);
    const char *params[] = {doctor_id, group_id, teacher_user_id};
    PGresult *res = wa_pg_exec(pg, "contacts export", export_sql, 3, params);
    if (res == NULL)
        return NULL;
    wa_buf_t b = WA_BUF_INIT;
    for (size_t c = 0; c < ncols; c++)
        wa_buf_printf(&b, "%s%s", c > 0 ? "," : "", header[c]);
    wa_buf_appends(&b, "\r\n");
    for (int r = 0; r < PQntuples(res); r++) {
        for (size_t c = 0; c < ncols; c++) {
            if (c > 0)
                wa_buf_append(&b, ",", 1);
            if (!PQgetisnull(res, r, (int)c))
                wa_csv_field(&b, PQgetvalue(res, r, (int)c));
        }
        wa_buf_appends(&b, "\r\n");
    }
    PQclear(res);
    return wa_buf_release(&b);
}
