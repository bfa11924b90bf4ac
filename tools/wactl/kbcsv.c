/*
 * `wactl kb import`'s CSV reader (kbcsv.h): splits the bytes into records of
 * fields with a small RFC 4180 state machine, maps the header's columns, and
 * turns each record into a row, good or rejected with its reason.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wa/log.h"
#include "kbcsv.h"

enum { COL_QUESTION, COL_ANSWER, COL_KEYWORDS, COL_LANG, NCOLS };
static const char *const col_names[NCOLS] = {"question", "answer", "keywords", "lang"};

typedef struct st_record_t {
    char **fields;
    size_t n, cap;
    size_t line;
} record_t;

typedef struct st_reader_t {
    const char *p, *end;
    size_t line;
} reader_t;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (q == NULL)
        wa_fatal("out of memory");
    return q;
}

static void record_clear(record_t *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->fields[i]);
    r->n = 0;
}

static void record_push(record_t *r, const char *s, size_t len)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->fields = xrealloc(r->fields, r->cap * sizeof(*r->fields));
    }
    char *f = wa_malloc(len + 1);
    memcpy(f, s, len);
    f[len] = '\0';
    r->fields[r->n++] = f;
}

/* Reads one record into r. Returns 1 when a record was read, 0 at the end of the input, -1 for an unterminated
 * quoted field. */
static int read_record(reader_t *rd, record_t *r)
{
    record_clear(r);
    if (rd->p >= rd->end)
        return 0;
    r->line = rd->line;
    size_t cap = 256, len = 0;
    char *buf = wa_malloc(cap);
    for (;;) {
        len = 0;
        int quoted = 0;
        if (rd->p < rd->end && *rd->p == '"') {
            quoted = 1;
            rd->p++;
        }
        for (;;) {
            if (rd->p >= rd->end) {
                if (quoted) {
                    free(buf);
                    return -1;
                }
                break;
            }
            char ch = *rd->p;
            if (quoted) {
                if (ch == '"') {
                    if (rd->p + 1 < rd->end && rd->p[1] == '"') {
                        rd->p += 2;
                    } else {
                        rd->p++;
                        quoted = 0; /* text after the closing quote, if any, is taken as is */
                        continue;
                    }
                } else {
                    if (ch == '\n')
                        rd->line++;
                    rd->p++;
                }
            } else {
                if (ch == ',' || ch == '\n' || (ch == '\r' && rd->p + 1 < rd->end && rd->p[1] == '\n'))
                    break;
                rd->p++;
            }
            if (len + 1 >= cap)
                buf = xrealloc(buf, cap *= 2);
            buf[len++] = ch;
        }
        record_push(r, buf, len);
        if (rd->p < rd->end && *rd->p == ',') {
            rd->p++;
            continue;
        }
        if (rd->p < rd->end && *rd->p == '\r')
            rd->p++;
        if (rd->p < rd->end && *rd->p == '\n') {
            rd->p++;
            rd->line++;
        }
        break;
    }
    free(buf);
    return 1;
}

static int record_blank(const record_t *r)
{
    return r->n == 1 && r->fields[0][0] == '\0';
}

/* Valid UTF-8 without overlongs or surrogates. */
static int utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        size_t n;
        unsigned min;
        if (c < 0x80) {
            p++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            n = 1, min = 0x80, c &= 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2, min = 0x800, c &= 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            n = 3, min = 0x10000, c &= 0x07;
        } else {
            return 0;
        }
        for (size_t i = 1; i <= n; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return 0;
            c = (c << 6) | (p[i] & 0x3f);
        }
        if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
            return 0;
        p += n + 1;
    }
    return 1;
}

/* A copy without surrounding spaces and tabs. */
static char *trimmed(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    char *out = wa_malloc(n + 1);
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

char *ctl_kbcsv_question_key(const char *q)
{
    char *out = wa_malloc(strlen(q) + 1), *o = out;
    int space = 0;
    for (const char *p = q; *p; p++) {
        if (isspace((unsigned char)*p)) {
            space = o != out;
            continue;
        }
        if (space)
            *o++ = ' ';
        space = 0;
        *o++ = (char)tolower((unsigned char)*p);
    }
    *o = '\0';
    return out;
}

void ctl_kbcsv_reject(ctl_kbcsv_t *csv, ctl_kbcsv_row_t *row, const char *fmt, ...)
{
    if (row->rejected)
        return; /* the first reason stands */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(row->reject, sizeof(row->reject), fmt, ap);
    va_end(ap);
    row->rejected = 1;
    csv->nrejected++;
}

static void append_row(ctl_kbcsv_t *csv, size_t *cap, const record_t *r, const int *map, size_t ncols_header)
{
    if (csv->nrows == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        csv->rows = xrealloc(csv->rows, *cap * sizeof(*csv->rows));
    }
    ctl_kbcsv_row_t *row = &csv->rows[csv->nrows++];
    memset(row, 0, sizeof(*row));
    row->line = r->line;
    const char *vals[NCOLS] = {NULL, NULL, NULL, NULL};
    for (size_t i = 0; i < r->n && i < ncols_header; i++)
        if (map[i] >= 0)
            vals[map[i]] = r->fields[i];
    row->question = trimmed(vals[COL_QUESTION] ? vals[COL_QUESTION] : "");
    row->answer = trimmed(vals[COL_ANSWER] ? vals[COL_ANSWER] : "");
    char *kw = trimmed(vals[COL_KEYWORDS] ? vals[COL_KEYWORDS] : "");
    if (kw[0] == '\0') {
        free(kw);
        kw = NULL;
    }
    row->keywords = kw;
    char *lang = trimmed(vals[COL_LANG] ? vals[COL_LANG] : "");
    if (lang[0] == '\0') {
        free(lang);
        lang = wa_strdup("en");
    }
    row->lang = lang;

    if (r->n != ncols_header)
        ctl_kbcsv_reject(csv, row, "%zu fields, the header has %zu", r->n, ncols_header);
    for (size_t i = 0; i < r->n; i++)
        if (!utf8_ok(r->fields[i]))
            ctl_kbcsv_reject(csv, row, "not UTF-8 text");
    if (row->question[0] == '\0')
        ctl_kbcsv_reject(csv, row, "no question");
    if (row->answer[0] == '\0')
        ctl_kbcsv_reject(csv, row, "no answer");
    if (strlen(row->question) > CTL_KBCSV_MAX_QUESTION)
        ctl_kbcsv_reject(csv, row, "question longer than %d bytes", CTL_KBCSV_MAX_QUESTION);
    if (strlen(row->answer) > CTL_KBCSV_MAX_ANSWER)
        ctl_kbcsv_reject(csv, row, "answer longer than %d bytes (WhatsApp's limit)", CTL_KBCSV_MAX_ANSWER);
    if (strlen(row->lang) > CTL_KBCSV_MAX_LANG)
        ctl_kbcsv_reject(csv, row, "lang longer than %d characters", CTL_KBCSV_MAX_LANG);
}

int ctl_kbcsv_parse(const char *buf, size_t len, ctl_kbcsv_t *out, char *err, size_t errsz)
{
    memset(out, 0, sizeof(*out));
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    reader_t rd = {buf, buf + len, 1};
    record_t rec = {NULL, 0, 0, 0};
    int rc = -1, got;
    int *map = NULL;
    size_t ncols = 0, cap = 0;

    while ((got = read_record(&rd, &rec)) == 1 && record_blank(&rec))
        ;
    if (got == 0) {
        snprintf(err, errsz, "the file is empty: expected a header row such as 'question,answer,keywords,lang'");
        goto done;
    }
    if (got < 0) {
        snprintf(err, errsz, "line %zu: a quoted field is never closed", rec.line);
        goto done;
    }
    ncols = rec.n;
    map = wa_malloc(ncols * sizeof(*map));
    int seen[NCOLS] = {0, 0, 0, 0};
    for (size_t i = 0; i < ncols; i++) {
        char *name = ctl_kbcsv_question_key(rec.fields[i]);
        map[i] = -1;
        for (int c = 0; c < NCOLS; c++)
            if (strcmp(name, col_names[c]) == 0)
                map[i] = c;
        if (map[i] < 0 || seen[map[i]]++) {
            snprintf(err, errsz, "header: %s column '%.40s' (the columns are question, answer, keywords, lang)",
                     map[i] < 0 ? "unknown" : "repeated", name);
            free(name);
            goto done;
        }
        free(name);
    }
    if (!seen[COL_QUESTION] || !seen[COL_ANSWER]) {
        snprintf(err, errsz, "header: the columns question and answer are required (found: %zu column%s)", ncols,
                 ncols == 1 ? "" : "s");
        goto done;
    }
    while ((got = read_record(&rd, &rec)) == 1) {
        if (record_blank(&rec))
            continue;
        append_row(out, &cap, &rec, map, ncols);
    }
    if (got < 0) {
        snprintf(err, errsz, "line %zu: a quoted field is never closed", rec.line);
        goto done;
    }
    /* a question asked twice in the file: the first one wins */
    char **keys = wa_calloc(out->nrows ? out->nrows : 1, sizeof(*keys));
    for (size_t i = 0; i < out->nrows; i++) {
        keys[i] = ctl_kbcsv_question_key(out->rows[i].question);
        if (out->rows[i].question[0] == '\0')
            continue;
        for (size_t j = 0; j < i; j++)
            if (out->rows[j].question[0] != '\0' && strcmp(keys[i], keys[j]) == 0) {
                ctl_kbcsv_reject(out, &out->rows[i], "the same question as line %zu", out->rows[j].line);
                break;
            }
    }
    for (size_t i = 0; i < out->nrows; i++)
        free(keys[i]);
    free(keys);
    rc = 0;
done:
    record_clear(&rec);
    free(rec.fields);
    free(map);
    return rc;
}

void ctl_kbcsv_dispose(ctl_kbcsv_t *csv)
{
    for (size_t i = 0; i < csv->nrows; i++) {
        ctl_kbcsv_row_t *r = &csv->rows[i];
        free(r->question);
        free(r->answer);
        free(r->keywords);
        free(r->lang);
    }
    free(csv->rows);
    memset(csv, 0, sizeof(*csv));
}
