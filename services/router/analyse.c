/*
 * A new text's tokens in the router (analyse.h): kb_analyse_parts(d, q, true).o_tokens (120_perf30.sql) step by step
 * on the rows router_analyse_facts (141_analyse_facts.sql) returns for a batch. The steps, each as the SQL does it:
 * kb_raw_words; the "slow word" test that decides whether the typo correction runs (when it would, the text is left
 * to SQL); the multi-word terms found by neighbouring pairs, longest first, replaced twice over; the words split again
 * when a term was replaced; per word its synonym (the clinic's row before the global one, the word as written before
 * its kb_fold form) or, without one, whether it is a stop word; the tokens, each kb_fold-ed and kept once in the
 * order met, bare numbers dropped. Everything is compared bytewise: where the SQL orders by the database's
 * collation (two terms of the same length found in one text), the text is left to SQL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "analyse.h"
#include "wa/buf.h"
#include "wa/log.h"
#include "wa/text.h"

/* ---- characters ---- */

/* The code point of the UTF-8 sequence at s (len bytes left) into *cp; its length, or 0 when invalid. */
static size_t utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
    size_t k = wa_utf8_seq(s, len);
    if (k == 1)
        *cp = s[0];
    else if (k == 2)
        *cp = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
    else if (k == 3)
        *cp = ((uint32_t)(s[0] & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
    else if (k == 4)
        *cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) | ((uint32_t)(s[2] & 0x3f) << 6) |
              (s[3] & 0x3f);
    return k;
}

static void put_utf8(wa_buf_t *b, uint32_t cp)
{
    unsigned char o[4];
    size_t n;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        o[0] = (unsigned char)(0xc0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        o[0] = (unsigned char)(0xe0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        o[0] = (unsigned char)(0xf0 | (cp >> 18));
        o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
        o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        o[3] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    wa_buf_append(b, o, n);
}

/* translate(lower(c), U&'\0901\0958...\095F\093C\200C\200D', U&'\0902\0915\0916\0917\091C\0921\0922\092B\092F'):
 * the code point kb_raw_words reads for cp, 0 when translate deletes it, or UINT32_MAX when the database's lower()
 * of cp (C.UTF-8, towlower) lands in the kept set by a rule not applied here. Outside ASCII only U+0130 and U+212A
 * lower into a-z (to i and k); no code point lowers into the Devanagari block. */
static uint32_t fold_char(uint32_t cp)
{
    static const uint32_t nukta[8] = {0x0915, 0x0916, 0x0917, 0x091C, 0x0921, 0x0922, 0x092B, 0x092F};
    if (cp >= 'A' && cp <= 'Z')
        return cp + ('a' - 'A');
    if (cp == 0x0130 || cp == 0x212A)
        return UINT32_MAX;
    if (cp == 0x0901)
        return 0x0902;
    if (cp >= 0x0958 && cp <= 0x095F)
        return nukta[cp - 0x0958];
    if (cp == 0x093C || cp == 0x200C || cp == 0x200D)
        return 0;
    return cp;
}

/* kb_raw_words' kept characters: [a-z0-9\u0900-\u0963\u0966-\u097F]. */
static int kept(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 0x0900 && cp <= 0x0963) ||
           (cp >= 0x0966 && cp <= 0x097F);
}

static int is_devanagari(const char *w)
{
    const unsigned char *s = (const unsigned char *)w;
    size_t len = strlen(w);
    uint32_t cp;
    for (size_t i = 0, k; i < len; i += k) {
        if ((k = utf8_next(s + i, len - i, &cp)) == 0)
            return 0;
        if (cp >= 0x0900 && cp <= 0x097F)
            return 1;
    }
    return 0;
}

static size_t char_len(const char *w)
{
    size_t n = 0;
    for (const unsigned char *s = (const unsigned char *)w; *s != '\0'; s++)
        n += (*s & 0xc0) != 0x80;
    return n;
}

void rt_analyse_words_free(char **words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(words[i]);
    free(words);
}

int rt_analyse_raw_words(const char *text, size_t max_chars, char ***words, size_t *n)
{
    const unsigned char *s = (const unsigned char *)(text != NULL ? text : "");
    size_t len = strlen((const char *)s), cap = 0, chars = 0;
    wa_buf_t w = WA_BUF_INIT;
    uint32_t cp;

    *words = NULL;
    *n = 0;
    for (size_t i = 0, k; i <= len; i += k) {
        uint32_t c = 0x20; /* the end: a separator */
        k = 1;
        if (i < len && chars < max_chars) {
            if ((k = utf8_next(s + i, len - i, &cp)) == 0) {
                wa_buf_dispose(&w);
                rt_analyse_words_free(*words, *n);
                *words = NULL;
                *n = 0;
                return 1;
            }
            chars++;
            if ((c = fold_char(cp)) == UINT32_MAX) {
                wa_buf_dispose(&w);
                rt_analyse_words_free(*words, *n);
                *words = NULL;
                *n = 0;
                return 1;
            }
            if (c == 0)
                continue; /* deleted by translate: joins its neighbours */
        } else if (i < len) {
            i = len; /* past left(text, max_chars): the end */
        }
        if (kept(c)) {
            put_utf8(&w, c);
        } else if (w.len > 0) {
            *words = wa_grow(*words, &cap, *n + 1, sizeof(**words));
            (*words)[(*n)++] = wa_strndup(w.base, w.len);
            w.len = 0;
        }
    }
    wa_buf_dispose(&w);
    return 0;
}

void rt_analyse_fold(const char *w, char *out, size_t outsz)
{
    size_t len = strlen(w), k = 0;
    /* ^[a-z]{4,}ies$ -> left(w, -3) || 'y' */
    while (k < len && w[k] >= 'a' && w[k] <= 'z')
        k++;
    if (k == len && len >= 7 && strcmp(w + len - 3, "ies") == 0) {
        snprintf(out, outsz, "%.*sy", (int)(len - 3), w);
        return;
    }
    /* ^[a-z]{2,}[^su]s$ -> left(w, -1): two letters or more, then any one character but s or u, then s */
    if (len >= 4 && w[len - 1] == 's') {
        size_t c = len - 2; /* the start of the character before the s */
        while (c > 0 && ((unsigned char)w[c] & 0xc0) == 0x80)
            c--;
        int letters = c >= 2;
        for (size_t i = 0; letters && i < c; i++)
            letters = w[i] >= 'a' && w[i] <= 'z';
        if (letters && !(len - 1 - c == 1 && (w[c] == 's' || w[c] == 'u'))) {
            snprintf(out, outsz, "%.*s", (int)(len - 1), w);
            return;
        }
    }
    snprintf(out, outsz, "%s", w);
}

/* ---- a batch's facts ---- */

typedef struct {
    char k;                       /* 'v', 'w', 's', 'p', 't', 'k' */
    const char *word, *canonical; /* into the PGresult */
} fact_t;

/* A clinic's own rows, or (id NULL) the batch's global rows. */
typedef struct {
    const char *id;
    fact_t *rows; /* sorted by (k, word) */
    size_t n, cap;
} doctor_t;

static int fact_cmp(const void *a, const void *b)
{
    const fact_t *x = a, *y = b;
    if (x->k != y->k)
        return x->k < y->k ? -1 : 1;
    return strcmp(x->word, y->word);
}

/* The index of d's first row at or after (k, word) (word NULL: before every word of k). */
static size_t lower_bound(const doctor_t *d, char k, const char *word)
{
    size_t lo = 0, hi = d->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const fact_t *f = &d->rows[mid];
        int c = f->k != k ? (f->k < k ? -1 : 1) : word != NULL ? strcmp(f->word, word) : 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The row (k, word) of d, or NULL. */
static const fact_t *fact(const doctor_t *d, char k, const char *word)
{
    size_t i = lower_bound(d, k, word);
    return i < d->n && d->rows[i].k == k && strcmp(d->rows[i].word, word) == 0 ? &d->rows[i] : NULL;
}

/* The row (k, word) of the clinic d, its own or else the global one (g), or NULL. */
static const fact_t *fact_at(const doctor_t *d, const doctor_t *g, char k, const char *word)
{
    const fact_t *f = fact(d, k, word);
    return f != NULL ? f : fact(g, k, word);
}

/* ---- one text ---- */

typedef struct {
    const char *term, *canonical;
    size_t chars;
} term_t;

static int term_cmp(const void *a, const void *b)
{
    const term_t *x = a, *y = b;
    if (x->chars != y->chars)
        return x->chars > y->chars ? -1 : 1;
    return strcmp(x->term, y->term);
}

/* replace(s, from, to), every occurrence left to right. */
static void replace_all(wa_buf_t *s, const char *from, const char *to)
{
    wa_buf_t out = WA_BUF_INIT;
    size_t flen = strlen(from);
    const char *p = s->base, *q;
    while ((q = strstr(p, from)) != NULL) {
        wa_buf_append(&out, p, (size_t)(q - p));
        wa_buf_appends(&out, to);
        p = q + flen;
    }
    wa_buf_appends(&out, p);
    wa_buf_dispose(s);
    *s = out;
}

static int contains_spaced(const char *s, const char *term)
{
    wa_buf_t t = WA_BUF_INIT;
    wa_buf_printf(&t, " %s ", term);
    int found = strstr(s, t.base) != NULL;
    wa_buf_dispose(&t);
    return found;
}

/* split_part(term, ' ', 1) and (2) equal to a and b. */
static int term_starts(const char *term, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (strncmp(term, a, la) != 0 || term[la] != ' ' || strncmp(term + la + 1, b, lb) != 0)
        return 0;
    return term[la + 1 + lb] == ' ' || term[la + 1 + lb] == '\0';
}

static void add_token(char ***toks, size_t *n, size_t *cap, const char *w)
{
    char f[RT_ANALYSE_MAX_CHARS * 4 + 8];
    rt_analyse_fold(w, f, sizeof(f));
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*toks)[i], f) == 0)
            return;
    *toks = wa_grow(*toks, cap, *n + 1, sizeof(**toks));
    (*toks)[(*n)++] = wa_strdup(f);
}

/* A text[] literal of the tokens, as PostgreSQL prints one (an element is quoted when it is NULL in any case; the
 * tokens hold no other character that needs it). */
static char *literal(char **toks, size_t n)
{
    wa_buf_t b = WA_BUF_INIT;
    wa_buf_appends(&b, "{");
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            wa_buf_appends(&b, ",");
        if (strcasecmp(toks[i], "null") == 0)
            wa_buf_printf(&b, "\"%s\"", toks[i]);
        else
            wa_buf_appends(&b, toks[i]);
    }
    wa_buf_appends(&b, "}");
    return b.base;
}

/* The synonym of w at d (kb_analyse_lookup: the clinic's row before the global one, the word as written before its
 * fold), or NULL; *stop whether w as written is a stop word (d's own rows first, then the batch's global ones, g). */
static const char *lookup(const doctor_t *d, const doctor_t *g, const char *w, int *stop)
{
    char f[RT_ANALYSE_MAX_CHARS * 4 + 8];
    const fact_t *c = NULL;
    rt_analyse_fold(w, f, sizeof(f));
    *stop = fact_at(d, g, 'p', w) != NULL;
    for (int i = 0; i < 4 && c == NULL; i++) /* own as written, own folded, global as written, global folded */
        if (i % 2 == 0 || strcmp(f, w) != 0)
            c = fact(i < 2 ? d : g, 's', i % 2 == 0 ? w : f);
    return c != NULL ? c->canonical : NULL;
}

/* Adds the terms of t (d's own, or the global ones) that start with two neighbouring words and that s holds whole;
 * with own, a global term the clinic has a row of its own for is not (DISTINCT ON: the clinic's row first). */
static void find_terms(const doctor_t *t, const doctor_t *own, char *const *words, size_t n, const char *s,
                       term_t **terms, size_t *nterms)
{
    for (size_t r = lower_bound(t, 't', NULL); r < t->n && t->rows[r].k == 't'; r++) {
        const fact_t *x = &t->rows[r];
        if (own != NULL && fact(own, 't', x->word) != NULL)
            continue;
        int pair = 0;
        for (size_t i = 0; i + 1 < n && !pair; i++)
            pair = term_starts(x->word, words[i], words[i + 1]);
        if (!pair || !contains_spaced(s, x->word))
            continue;
        *terms = realloc(*terms, (*nterms + 1) * sizeof(**terms));
        if (*terms == NULL)
            wa_fatal("out of memory");
        (*terms)[(*nterms)++] = (term_t){x->word, x->canonical != NULL ? x->canonical : "", char_len(x->word)};
    }
}

/* 1 when a word is too long for the fold buffers (a word of a canonical form may be: the text's are cut at 1,000
 * characters), which leaves the text to SQL rather than cut a word. */
static int too_long(char *const *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(w[i]) >= RT_ANALYSE_MAX_CHARS * 4)
            return 1;
    return 0;
}

/* The tokens at d of the text whose raw words are words[0..n) into *out (a literal), 0; or 1: left to SQL. */
static int analyse_one(const doctor_t *d, const doctor_t *g, char **words, size_t n, char **out)
{
    char **ws = NULL, **toks = NULL;
    size_t nws = 0, ntoks = 0, tcap = 0, nterms = 0;
    term_t *terms = NULL;
    wa_buf_t s = WA_BUF_INIT;
    int rc = 1, replaced = 0;
    char f[RT_ANALYSE_MAX_CHARS * 4 + 8];

    *out = NULL;
    if (n == 0) {
        *out = wa_strdup("{}");
        return 0;
    }
    if (too_long(words, n))
        goto done;
    /* the slow-word test of kb_analyse_parts' first statement: such a word would go through the correction loop */
    for (size_t i = 0; i < n; i++) {
        const char *w = words[i];
        int dev = is_devanagari(w), digit = strpbrk(w, "0123456789") != NULL;
        if (!dev && (char_len(w) < 4 || digit))
            continue;
        if (dev)
            snprintf(f, sizeof(f), "%s", w);
        else
            rt_analyse_fold(w, f, sizeof(f));
        int lex = fact_at(d, g, 'v', w) != NULL || fact_at(d, g, 'v', f) != NULL ||
                  (!dev && (fact_at(d, g, 'w', w) != NULL || fact_at(d, g, 'w', f) != NULL));
        if (!lex && fact(d, 'k', w) == NULL && fact(d, 'k', f) == NULL)
            goto done;
    }
    wa_buf_appends(&s, " ");
    for (size_t i = 0; i < n; i++) {
        wa_buf_appends(&s, words[i]);
        wa_buf_appends(&s, " ");
    }
    /* kb_analyse_terms: the terms whose first two words are neighbours here and which the text holds whole */
    find_terms(d, NULL, words, n, s.base, &terms, &nterms);
    find_terms(g, d, words, n, s.base, &terms, &nterms);
    if (nterms > 1) /* qsort is not given NULL, even for nothing */
        qsort(terms, nterms, sizeof(*terms), term_cmp);
    for (size_t k = 1; k < nterms; k++)
        if (terms[k].chars == terms[k - 1].chars)
            goto done; /* ordered by the database's collation among themselves */
    for (size_t k = 0; k < nterms; k++) {
        if (!contains_spaced(s.base, terms[k].term))
            continue;
        wa_buf_t from = WA_BUF_INIT, to = WA_BUF_INIT;
        wa_buf_printf(&from, " %s ", terms[k].term);
        wa_buf_printf(&to, " %s ", terms[k].canonical);
        replace_all(&s, from.base, to.base);
        replace_all(&s, from.base, to.base); /* overlapping neighbours */
        wa_buf_dispose(&from);
        wa_buf_dispose(&to);
        replaced = 1;
    }
    if (replaced) {
        if (rt_analyse_raw_words(s.base, SIZE_MAX, &ws, &nws) != 0 || too_long(ws, nws))
            goto done;
    } else {
        ws = words;
        nws = n;
    }
    for (size_t i = 0; i < nws; i++) {
        const char *w = ws[i], *c;
        int stop;
        if (w[strspn(w, "0123456789")] == '\0')
            continue; /* a bare number */
        c = lookup(d, g, w, &stop);
        if (c == NULL && stop)
            continue;
        if (c != NULL) {
            char **cw;
            size_t ncw;
            if (rt_analyse_raw_words(c, SIZE_MAX, &cw, &ncw) != 0 || too_long(cw, ncw)) {
                rt_analyse_words_free(cw, ncw);
                goto done;
            }
            for (size_t j = 0; j < ncw; j++)
                add_token(&toks, &ntoks, &tcap, cw[j]);
            rt_analyse_words_free(cw, ncw);
        } else {
            add_token(&toks, &ntoks, &tcap, w);
        }
    }
    *out = literal(toks, ntoks);
    rc = 0;
done:
    if (ws != words)
        rt_analyse_words_free(ws, nws);
    rt_analyse_words_free(toks, ntoks);
    free(terms);
    wa_buf_dispose(&s);
    return rc;
}

/* ---- the batch ---- */

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The words (and their kb_fold forms) and the neighbouring pairs of every text at doctor id, added to the request. */
typedef struct {
    const char *id;
    char **words, **pairs; /* pairs: "a b" */
    wa_buf_t s;            /* each text as " w1 w2 ... " and a line feed: the terms the texts hold whole */
    size_t nwords, cwords, npairs, cpairs;
} want_t;

static want_t *want_of(want_t **w, size_t *n, size_t *cap, const char *id)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*w)[i].id, id) == 0)
            return &(*w)[i];
    *w = wa_grow(*w, cap, *n + 1, sizeof(**w));
    (*w)[*n] = (want_t){.id = id};
    return &(*w)[(*n)++];
}

static void push(char ***arr, size_t *n, size_t *cap, char *s)
{
    *arr = wa_grow(*arr, cap, *n + 1, sizeof(**arr));
    (*arr)[(*n)++] = s;
}

/* Sorts and removes duplicates; returns the new count. */
static size_t uniq(char **a, size_t n)
{
    size_t m = 0;
    if (n > 1)
        qsort(a, n, sizeof(*a), str_cmp);
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && strcmp(a[m - 1], a[i]) == 0)
            free(a[i]);
        else
            a[m++] = a[i];
    }
    return m;
}

static char *request_json(want_t *w, size_t nw)
{
    cJSON *arr = cJSON_CreateArray();
    if (arr == NULL)
        wa_fatal("out of memory");
    for (size_t i = 0; i < nw; i++) {
        cJSON *o = cJSON_CreateObject(), *ws = cJSON_CreateArray(), *ps = cJSON_CreateArray();
        if (o == NULL || ws == NULL || ps == NULL || !cJSON_AddItemToArray(arr, o) ||
            cJSON_AddStringToObject(o, "d", w[i].id) == NULL || !cJSON_AddItemToObject(o, "w", ws) ||
            !cJSON_AddItemToObject(o, "p", ps) || cJSON_AddStringToObject(o, "s", w[i].s.base) == NULL)
            wa_fatal("out of memory");
        w[i].nwords = uniq(w[i].words, w[i].nwords);
        w[i].npairs = uniq(w[i].pairs, w[i].npairs);
        for (size_t k = 0; k < w[i].nwords; k++)
            if (!cJSON_AddItemToArray(ws, cJSON_CreateString(w[i].words[k])))
                wa_fatal("out of memory");
        for (size_t k = 0; k < w[i].npairs; k++) {
            char *sp = strchr(w[i].pairs[k], ' ');
            cJSON *pr = cJSON_CreateArray();
            *sp = '\0';
            if (pr == NULL || !cJSON_AddItemToArray(ps, pr) ||
                !cJSON_AddItemToArray(pr, cJSON_CreateString(w[i].pairs[k])) ||
                !cJSON_AddItemToArray(pr, cJSON_CreateString(sp + 1)))
                wa_fatal("out of memory");
            *sp = ' ';
        }
    }
    char *json = cJSON_PrintUnformatted(arr);
    cJSON_Delete(arr);
    if (json == NULL)
        wa_fatal("out of memory");
    return json;
}

int rt_analyse_batch(wa_pg_t *pg, size_t n, const char *const *doctor_ids, const char *const *texts, char **toks)
{
    static const char sql[] = "SELECT d::text, k, word, canonical FROM router_analyse_facts($1::jsonb)";
    want_t *want = NULL;
    size_t nwant = 0, cwant = 0;
    doctor_t *docs = NULL;
    int done = 0;
    PGresult *res = NULL;
    char f[RT_ANALYSE_MAX_CHARS * 4 + 8];

    /* each text's raw words, read once: for the request, then for its analysis (tw[i] NULL and tn[i] 0 when the
     * text is left to SQL from the start; a text without words has tw[i] NULL too, but read[i] set) */
    char ***tw = wa_calloc(n + 1, sizeof(*tw));
    size_t *tn = wa_calloc(n + 1, sizeof(*tn));
    char *read = wa_calloc(n + 1, 1);
    for (size_t i = 0; i < n; i++) {
        char **words;
        size_t nw;
        toks[i] = NULL;
        if (doctor_ids[i] == NULL || rt_analyse_raw_words(texts[i], RT_ANALYSE_MAX_CHARS, &words, &nw) != 0)
            continue;
        tw[i] = words;
        tn[i] = nw;
        read[i] = 1;
        want_t *w = want_of(&want, &nwant, &cwant, doctor_ids[i]);
        wa_buf_appends(&w->s, " ");
        for (size_t k = 0; k < nw; k++) {
            wa_buf_appends(&w->s, words[k]);
            wa_buf_appends(&w->s, " ");
            rt_analyse_fold(words[k], f, sizeof(f));
            push(&w->words, &w->nwords, &w->cwords, wa_strdup(words[k]));
            if (strcmp(f, words[k]) != 0)
                push(&w->words, &w->nwords, &w->cwords, wa_strdup(f));
            if (k + 1 < nw) {
                wa_buf_t p = WA_BUF_INIT;
                wa_buf_printf(&p, "%s %s", words[k], words[k + 1]);
                push(&w->pairs, &w->npairs, &w->cpairs, p.base);
            }
        }
        wa_buf_appends(&w->s, "\n");
    }
    if (nwant == 0)
        goto out;
    char *json = request_json(want, nwant);
    const char *params[1] = {json};
    res = wa_pg_exec_prepared(pg, "router analyse facts", sql, 1, params);
    free(json);
    if (res == NULL) {
        done = -1;
        goto out;
    }
    docs = wa_calloc(nwant + 1, sizeof(*docs)); /* docs[nwant]: the global rows */
    for (size_t i = 0; i < nwant; i++)
        docs[i].id = want[i].id;
    doctor_t *last = NULL; /* a clinic's rows come mostly one after the other */
    for (int r = 0; r < PQntuples(res); r++) {
        const char *id = PQgetvalue(res, r, 0), *k = PQgetvalue(res, r, 1);
        doctor_t *d = PQgetisnull(res, r, 0) ? &docs[nwant] : last != NULL && strcmp(last->id, id) == 0 ? last : NULL;
        for (size_t i = 0; i < nwant && d == NULL; i++)
            if (strcmp(docs[i].id, id) == 0)
                d = &docs[i];
        if (d != NULL && d != &docs[nwant])
            last = d;
        if (d == NULL || k[0] == '\0' || k[1] != '\0')
            continue;
        d->rows = wa_grow(d->rows, &d->cap, d->n + 1, sizeof(*d->rows));
        d->rows[d->n++] = (fact_t){.k = k[0],
                                   .word = PQgetvalue(res, r, 2),
                                   .canonical = PQgetisnull(res, r, 3) ? NULL : PQgetvalue(res, r, 3)};
    }
    for (size_t i = 0; i <= nwant; i++)
        if (docs[i].n > 1)
            qsort(docs[i].rows, docs[i].n, sizeof(*docs[i].rows), fact_cmp);
    for (size_t i = 0; i < n; i++) {
        const doctor_t *d = NULL;
        for (size_t j = 0; j < nwant && d == NULL && doctor_ids[i] != NULL; j++)
            if (strcmp(docs[j].id, doctor_ids[i]) == 0)
                d = &docs[j];
        if (d != NULL && read[i] && analyse_one(d, &docs[nwant], tw[i], tn[i], &toks[i]) == 0)
            done++;
    }
out:
    for (size_t i = 0; i < nwant; i++) {
        rt_analyse_words_free(want[i].words, want[i].nwords);
        rt_analyse_words_free(want[i].pairs, want[i].npairs);
        wa_buf_dispose(&want[i].s);
        if (docs != NULL)
            free(docs[i].rows);
    }
    if (docs != NULL)
        free(docs[nwant].rows);
    for (size_t i = 0; i < n; i++)
        rt_analyse_words_free(tw[i], tn[i]);
    free(tw);
    free(tn);
    free(read);
    free(want);
    free(docs);
    PQclear(res);
    if (done < 0)
        for (size_t i = 0; i < n; i++) {
            free(toks[i]);
            toks[i] = NULL;
        }
    return done;
}
