/*
 * The answer's text (see answer.h): fit into one WhatsApp message on a UTF-8 boundary and, where possible, at a
 * natural break; Markdown emphasis made WhatsApp's; the clinic's fallback text. Pure string work, no I/O.
 */
#include "answer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa/buf.h"
#include "wa/log.h"
#include "wa/text.h"

#define ELLIPSIS "\xE2\x80\xA6" /* U+2026, one unit */
#define BREAK_WINDOW_BYTES 600  /* how far back from a hard cut we look for a cleaner break */

static size_t seq_units(unsigned char c)
{
    if ((c & 0xC0) == 0x80)
        return 0; /* continuation byte */
    return c >= 0xF0 ? 2 : 1;
}

size_t ai_answer_units(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += seq_units(*p);
    return n;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The best place to end a cut text within s[lo, hi): the end of a line, else the end of a sentence, else the end of
 * a word; hi when none. */
static size_t best_break(const char *s, size_t lo, size_t hi)
{
    size_t line = 0, sentence = 0, word = 0;
    for (size_t i = hi; i > lo; i--) {
        unsigned char c = (unsigned char)s[i - 1];
        if (c == '\n' && line == 0)
            line = i - 1;
        if (is_space(c) && i >= 2 && sentence == 0) {
            unsigned char p = (unsigned char)s[i - 2];
            if (p == '.' || p == '!' || p == '?')
                sentence = i - 1;
            /* Devanagari danda U+0964 (E0 A5 A4) ends Hindi sentences */
            if (i >= 4 && p == 0xA4 && (unsigned char)s[i - 3] == 0xA5 && (unsigned char)s[i - 4] == 0xE0)
                sentence = i - 1;
        }
        if (is_space(c) && word == 0)
            word = i - 1;
        if (line != 0)
            break;
    }
    if (line > lo)
        return line;
    if (sentence > lo)
        return sentence;
    if (word > lo)
        return word;
    return hi;
}

char *ai_answer_fit(const char *text, size_t max_units)
{
    if (max_units < 16)
        max_units = 16;
    if (ai_answer_units(text) <= max_units)
        return wa_strdup(text);

    /* hard cut: the longest prefix of whole code points within max_units - 1 (room for the ellipsis) */
    size_t limit = max_units - 1, used = 0, cut = 0;
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0; p[i]; i++) {
        size_t u = seq_units(p[i]);
        if (u == 0)
            continue;
        if (used + u > limit) {
            cut = i;
            break;
        }
        used += u;
    }
    size_t lo = cut > BREAK_WINDOW_BYTES ? cut - BREAK_WINDOW_BYTES : 0;
    if (lo < cut / 2)
        lo = cut / 2; /* never throw away more than half of the answer for a nicer break */
    size_t end = best_break(text, lo, cut);
    while (end > 0 && is_space((unsigned char)text[end - 1]))
        end--;

    char *out = wa_malloc(end + sizeof(ELLIPSIS));
    memcpy(out, text, end);
    memcpy(out + end, ELLIPSIS, sizeof(ELLIPSIS));
    return out;
}

char *ai_answer_tidy(char *s)
{
    char *r = s, *w = s;
    int line_start = 1;
    while (*r) {
        if (line_start && *r == '#') {
            const char *h = r;
            while (*h == '#')
                h++;
            if (h - r <= 6 && *h == ' ') {
                r = (char *)h + 1;
                line_start = 0;
                continue;
            }
        }
        line_start = 0;
        if ((r[0] == '*' && r[1] == '*') || (r[0] == '_' && r[1] == '_')) {
            *w++ = r[0];
            r += 2;
            continue;
        }
        if (*r == '\n')
            line_start = 1;
        *w++ = *r++;
    }
    *w = '\0';
    return s;
}

/* Whether line [p, p+n) is a table separator row such as "|---|:--:|". */
static int table_separator(const char *p, size_t n)
{
    int dashes = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '-')
            dashes++;
        else if (p[i] != '|' && p[i] != ':' && p[i] != ' ' && p[i] != '\t')
            return 0;
    }
    return dashes > 0;
}

/* Appends the text of one line with links "[t](u)" rewritten to "t (u)". */
static void add_inline(wa_buf_t *o, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (p[i] == '[') {
            const char *close = memchr(p + i, ']', n - i);
            if (close != NULL && (size_t)(close - p) + 1 < n && close[1] == '(') {
                size_t ts = i + 1, te = (size_t)(close - p), us = te + 2;
                const char *paren = memchr(p + us, ')', n - us);
                if (paren != NULL && te > ts) {
                    size_t ue = (size_t)(paren - p);
                    wa_buf_append(o, p + ts, te - ts);
                    if (!(ue - us == te - ts && memcmp(p + ts, p + us, te - ts) == 0)) {
                        wa_buf_append(o, " (", 2);
                        wa_buf_append(o, p + us, ue - us);
                        wa_buf_append(o, ")", 1);
                    }
                    i = ue + 1;
                    continue;
                }
            }
        }
        wa_buf_append(o, p + i, 1);
        i++;
    }
}

char *ai_answer_whatsapp(const char *markdown)
{
    wa_buf_t o = WA_BUF_INIT;
    wa_buf_append(&o, "", 0);
    const char *p = markdown;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
        size_t lead = 0;
        while (lead < n && (p[lead] == ' ' || p[lead] == '\t'))
            lead++;
        if (lead < n && p[lead] == '|') {
            if (!table_separator(p + lead, n - lead)) { /* a row: its cells joined */
                int first = 1;
                const char *c = p + lead + 1, *end = p + n;
                while (c < end) {
                    const char *bar = memchr(c, '|', (size_t)(end - c));
                    const char *ce = bar != NULL ? bar : end;
                    const char *cs = c;
                    while (cs < ce && (*cs == ' ' || *cs == '\t'))
                        cs++;
                    const char *cend = ce;
                    while (cend > cs && (cend[-1] == ' ' || cend[-1] == '\t'))
                        cend--;
                    if (cend > cs) {
                        if (!first)
                            wa_buf_append(&o, " - ", 3);
                        add_inline(&o, cs, (size_t)(cend - cs));
                        first = 0;
                    }
                    c = bar != NULL ? bar + 1 : end;
                }
                if (nl != NULL)
                    wa_buf_append(&o, "\n", 1);
            }
        } else {
            if (lead + 1 < n && (p[lead] == '*' || p[lead] == '+') && p[lead + 1] == ' ') {
                wa_buf_append(&o, p, lead);
                wa_buf_append(&o, "- ", 2);
                add_inline(&o, p + lead + 2, n - lead - 2);
            } else {
                add_inline(&o, p, n);
            }
            if (nl != NULL)
                wa_buf_append(&o, "\n", 1);
        }
        p += n + (nl != NULL ? 1 : 0);
    }
    return ai_answer_tidy(wa_buf_release(&o));
}

char *ai_answer_fallback(const char *clinic_text, const char *configured, const char *clinic_name,
                         const char *doctor_name)
{
    char name[512];
    if (clinic_name != NULL && *clinic_name != '\0')
        snprintf(name, sizeof(name), "%s", clinic_name);
    else if (doctor_name != NULL && *doctor_name != '\0')
        snprintf(name, sizeof(name), "%s's clinic", doctor_name);
    else
        snprintf(name, sizeof(name), "The clinic");

    if (clinic_text != NULL && *clinic_text != '\0')
        return wa_str_replace_all(clinic_text, "{clinic}", name);
    if (configured != NULL && *configured != '\0')
        return wa_str_replace_all(configured, "{clinic}", name);
    size_t n = strlen(name) + 96;
    char *out = wa_malloc(n);
    snprintf(out, n, "Thank you for your message. %s will get back to you shortly.", name);
    return out;
}
