/*
 * The CSV format of `wactl kb import` (kb.c): a header row naming the
 * columns (question and answer required; keywords and lang optional; any
 * order, any case), then one knowledge-base entry per row. Fields follow RFC
 * 4180: separated by commas, optionally in double quotes, a quoted field may
 * hold commas, newlines and doubled quotes (""). A UTF-8 byte-order mark and
 * CRLF line ends are accepted; blank lines are skipped. Parsing is pure (no
 * I/O): the unit tests call it on strings, and each row that cannot become an
 * entry carries the reason, so the import can report every bad row at once.
 */
#ifndef ctl__kbcsv_h
#define ctl__kbcsv_h

#include <stddef.h>

#define CTL_KBCSV_MAX_QUESTION 1000 /* characters (bytes of UTF-8 text) */
#define CTL_KBCSV_MAX_ANSWER 4096   /* a WhatsApp text message's body limit */
#define CTL_KBCSV_MAX_LANG 16

typedef struct st_ctl_kbcsv_row_t {
    size_t line;    /* line of the file where the row starts (1 = the header) */
    char *question; /* owned by the parse result; "" when absent */
    char *answer;
    char *keywords;  /* NULL when the column is absent or the field empty */
    char *lang;      /* "en" when the column is absent or the field empty */
    int rejected;    /* 0 for a good row */
    char reject[96]; /* why it cannot be imported, when rejected */
} ctl_kbcsv_row_t;

typedef struct st_ctl_kbcsv_t {
    ctl_kbcsv_row_t *rows; /* every data row, good or rejected, in file order */
    size_t nrows;
    size_t nrejected;
} ctl_kbcsv_t;

/* Parses a whole file's bytes. Returns 0 with the rows in `out` (release with ctl_kbcsv_dispose, also after a
 * failure), or -1 with a one-line reason in `err` when the file as a whole is unusable: no header, a header without
 * question or answer, an unknown or repeated column, an unterminated quoted field. Rows are rejected (not the file)
 * for: a field count different from the header's, an empty question or answer, text that is not UTF-8, a field
 * longer than its limit, a question repeated from an earlier row (compared ignoring case and surrounding spaces).
 * Out of memory is fatal. */
int ctl_kbcsv_parse(const char *buf, size_t len, ctl_kbcsv_t *out, char *err, size_t errsz);
void ctl_kbcsv_dispose(ctl_kbcsv_t *csv);

/* Marks a good row as rejected with a formatted reason (counted in csv->nrejected). */
void ctl_kbcsv_reject(ctl_kbcsv_t *csv, ctl_kbcsv_row_t *row, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The key questions are compared by: lower-cased ASCII, surrounding spaces removed, inner runs of spaces as one.
 * Returns a new string (caller frees). */
char *ctl_kbcsv_question_key(const char *q);

#endif
