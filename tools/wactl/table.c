/*
 * Column-aligned tables (table.h) for wactl's human output. Widths are
 * measured in terminal columns with a small built-in table of zero-width and
 * double-width ranges rather than wcwidth(3), so that the output (and the
 * unit tests) do not depend on the locale the operator runs with.
 */
#include <stdlib.h>
#include <string.h>
#include "wa/buf.h"
#include "wa/log.h"
#include "table.h"

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026, one column */

struct st_ctl_table_t {
    size_t ncols;
    char **headers;
    int *right;
    size_t *max_width;
    char **cells; /* rows * ncols, row-major, sanitised copies */
    size_t rows, cap;
};

typedef struct st_range_t {
    unsigned lo, hi;
} range_t;

/* Combining marks and invisible characters: zero columns. Includes the vowel signs and viramas of the Indian scripts
 * that render on their base letter. */
static const range_t zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},   {0x064B, 0x065F},   {0x0670, 0x0670},
    {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x0900, 0x0902}, {0x093A, 0x093A},   {0x093C, 0x093C},   {0x0941, 0x0948},
    {0x094D, 0x094D}, {0x0951, 0x0957}, {0x0962, 0x0963}, {0x0981, 0x0981},   {0x09BC, 0x09BC},   {0x09C1, 0x09C4},
    {0x09CD, 0x09CD}, {0x09E2, 0x09E3}, {0x0A01, 0x0A02}, {0x0A3C, 0x0A3C},   {0x0A41, 0x0A51},   {0x0A70, 0x0A71},
    {0x0A81, 0x0A82}, {0x0ABC, 0x0ABC}, {0x0AC1, 0x0AC8}, {0x0ACD, 0x0ACD},   {0x0B01, 0x0B01},   {0x0B3C, 0x0B3C},
    {0x0B3F, 0x0B3F}, {0x0B41, 0x0B44}, {0x0B4D, 0x0B4D}, {0x0B82, 0x0B82},   {0x0BC0, 0x0BC0},   {0x0BCD, 0x0BCD},
    {0x0C3E, 0x0C40}, {0x0C46, 0x0C56}, {0x0CBC, 0x0CBC}, {0x0CCC, 0x0CCD},   {0x0D41, 0x0D44},   {0x0D4D, 0x0D4D},
    {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E},   {0x2060, 0x2064},   {0x20D0, 0x20FF},
    {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0x1F3FB, 0x1F3FF}, {0xE0000, 0xE0FFF},
};

/* East Asian wide and fullwidth characters and emoji presentation: two columns. */
static const range_t double_width[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},
    {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267F, 0x267F},
    {0x2693, 0x2693},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
    {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},
    {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
    {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},
    {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
    {0x1F191, 0x1F19A}, {0x1F200, 0x1F2FF}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB},
    {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x3FFFD},
};

static int in_ranges(unsigned cp, const range_t *r, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < r[mid].lo)
            hi = mid;
        else if (cp > r[mid].hi)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

/* Decodes one UTF-8 character at s (not at the NUL). Returns its length in bytes; an invalid or truncated sequence
 * is one byte decoded as U+FFFD. */
static size_t utf8_next(const unsigned char *s, unsigned *cp)
{
    size_t len;
    unsigned v, min;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    } else if ((s[0] & 0xE0) == 0xC0) {
        len = 2, v = s[0] & 0x1F, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, v = s[0] & 0x0F, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, v = s[0] & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) { /* also stops at the NUL */
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

static size_t cp_width(unsigned cp)
{
    if (in_ranges(cp, zero_width, sizeof(zero_width) / sizeof(zero_width[0])))
        return 0;
    if (in_ranges(cp, double_width, sizeof(double_width) / sizeof(double_width[0])))
        return 2;
    return 1;
}

size_t ctl_text_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        unsigned cp;
        p += utf8_next(p, &cp);
        w += cp_width(cp);
    }
    return w;
}

char *ctl_text_fit(const char *s, size_t width)
{
    if (s == NULL)
        s = "";
    size_t n = strlen(s);
    char *out = wa_malloc(n + sizeof(ELLIPSIS));
    size_t w = 0, o = 0;
    size_t cut = (size_t)-1; /* output length at the last point where "…" still fits */
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        unsigned cp;
        size_t len = utf8_next(p, &cp);
        size_t cw = cp < 0x20 || cp == 0x7F ? 1 : cp_width(cp);
        if (width > 0 && w + cw <= width - 1)
            cut = o + len; /* this character and "…" fit; combining marks extend the cut */
        if (width > 0 && w + cw > width) {
            if (cut == (size_t)-1)
                cut = 0;
            memcpy(out + cut, ELLIPSIS, sizeof(ELLIPSIS));
            return out;
        }
        if (cp < 0x20 || cp == 0x7F)
            out[o++] = ' ';
        else
            memcpy(out + o, p, len), o += len;
        w += cw;
        p += len;
    }
    out[o] = '\0';
    return out;
}

ctl_table_t *ctl_table_create(size_t ncols, const char *const *headers)
{
    ctl_table_t *t = wa_calloc(1, sizeof(*t));
    t->ncols = ncols;
    t->headers = wa_calloc(ncols, sizeof(char *));
    t->right = wa_calloc(ncols, sizeof(int));
    t->max_width = wa_calloc(ncols, sizeof(size_t));
    for (size_t i = 0; i < ncols; i++)
        t->headers[i] = ctl_text_fit(headers[i], 0);
    return t;
}

void ctl_table_destroy(ctl_table_t *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->ncols; i++)
        free(t->headers[i]);
    for (size_t i = 0; i < t->rows * t->ncols; i++)
        free(t->cells[i]);
    free(t->headers);
    free(t->right);
    free(t->max_width);
    free(t->cells);
    free(t);
}

void ctl_table_align_right(ctl_table_t *t, size_t col)
{
    if (col < t->ncols)
        t->right[col] = 1;
}

void ctl_table_max_width(ctl_table_t *t, size_t col, size_t width)
{
    if (col < t->ncols)
        t->max_width[col] = width;
}

void ctl_table_add_row(ctl_table_t *t, const char *const *cells)
{
    if (t->rows == t->cap) {
        t->cap = t->cap == 0 ? 16 : t->cap * 2;
        char **grown = realloc(t->cells, t->cap * t->ncols * sizeof(char *));
        if (grown == NULL)
            wa_fatal("out of memory");
        t->cells = grown;
    }
    for (size_t i = 0; i < t->ncols; i++)
        t->cells[t->rows * t->ncols + i] = ctl_text_fit(cells[i] != NULL ? cells[i] : "-", t->max_width[i]);
    t->rows++;
}

size_t ctl_table_rows(const ctl_table_t *t)
{
    return t->rows;
}

static void buf_spaces(wa_buf_t *b, size_t n)
{
    static const char spaces[] = "                                ";
    while (n > 0) {
        size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
        wa_buf_append(b, spaces, k);
        n -= k;
    }
}

static void render_line(const ctl_table_t *t, wa_buf_t *b, char *const *cells, const size_t *widths)
{
    size_t line_start = b->len;
    for (size_t i = 0; i < t->ncols; i++) {
        size_t w = ctl_text_width(cells[i]);
        size_t pad = widths[i] > w ? widths[i] - w : 0;
        if (i > 0)
            buf_spaces(b, 2);
        if (t->right[i])
            buf_spaces(b, pad);
        wa_buf_append(b, cells[i], strlen(cells[i]));
        if (!t->right[i] && i + 1 < t->ncols)
            buf_spaces(b, pad);
    }
    while (b->len > line_start && b->base[b->len - 1] == ' ') /* no trailing spaces (empty last cells) */
        b->base[--b->len] = '\0';
    wa_buf_append(b, "\n", 1);
}

char *ctl_table_render(const ctl_table_t *t)
{
    size_t *widths = wa_calloc(t->ncols == 0 ? 1 : t->ncols, sizeof(size_t));
    for (size_t i = 0; i < t->ncols; i++) {
        widths[i] = ctl_text_width(t->headers[i]);
        for (size_t r = 0; r < t->rows; r++) {
            size_t w = ctl_text_width(t->cells[r * t->ncols + i]);
            if (w > widths[i])
                widths[i] = w;
        }
    }
    wa_buf_t b = WA_BUF_INIT;
    wa_buf_append(&b, "", 0);
    render_line(t, &b, t->headers, widths);
    for (size_t r = 0; r < t->rows; r++)
        render_line(t, &b, t->cells + r * t->ncols, widths);
    free(widths);
    return wa_buf_release(&b);
}

int ctl_table_print(const ctl_table_t *t, FILE *f)
{
    char *s = ctl_table_render(t);
    int rc = fputs(s, f) < 0 ? -1 : 0;
    free(s);
    return rc;
}
