/*
 * The knowledge-base score in C (see kbscore.h): kb_match_tokens_lexical (deploy/migrations/134_score28.sql) step by
 * step, each CTE of the SQL a block below under its name (nq, allx, ex, wt, dfq, ...), so that the two read side by
 * side. Where the SQL's three-valued logic reaches the score (an array that may be NULL, `x = ANY (NULL)`), the C
 * keeps it: an array carries a null flag and a membership test a third answer.
 *
 * Tokens are interned per snapshot (every token of the clinic's rows and every word the rules name); a question's
 * token the clinic never uses gets a number of its own for the call. Floating-point sums run in the SQL's order (the
 * weights' rows sorted bytewise by token, as kb_token_weights_kept returns them) and the SQL's numeric constants are
 * written as the doubles PostgreSQL casts them to (1 - 0.85 is the numeric 0.15, not the double 1.0 - 0.85).
 */
#include "kbscore.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wa/log.h"

/* The words the rules name. X(name, "text"). */
#define KBS_WORDS(X)                                                                                                   \
    X(sunday, "sunday")                                                                                                \
    X(monday, "monday")                                                                                                \
    X(tuesday, "tuesday")                                                                                              \
    X(wednesday, "wednesday")                                                                                          \
    X(thursday, "thursday")                                                                                            \
    X(friday, "friday")                                                                                                \
    X(saturday, "saturday")                                                                                            \
    X(weekday, "weekday")                                                                                              \
    X(weekend, "weekend")                                                                                              \
    X(holiday, "holiday")                                                                                              \
    X(today, "today")                                                                                                  \
    X(tomorrow, "tomorrow")                                                                                            \
    X(morning, "morning")                                                                                              \
    X(evening, "evening")                                                                                              \
    X(noon, "noon")                                                                                                    \
    X(pm, "pm")                                                                                                        \
    X(am, "am")                                                                                                        \
    X(allday, "allday")                                                                                                \
    X(emergency, "emergency")                                                                                          \
    X(duration, "duration")                                                                                            \
    X(last, "last")                                                                                                    \
    X(lifespan, "lifespan")                                                                                            \
    X(sameday, "sameday")                                                                                              \
    X(emi, "emi")                                                                                                      \
    X(payment, "payment")                                                                                              \
    X(fee, "fee")                                                                                                      \
    X(free, "free")                                                                                                    \
    X(timing, "timing")                                                                                                \
    X(open, "open")                                                                                                    \
    X(closed, "closed")                                                                                                \
    X(day, "day")                                                                                                      \
    X(date, "date")                                                                                                    \
    X(where, "where")                                                                                                  \
    X(address, "address")                                                                                              \
    X(phone, "phone")                                                                                                  \
    X(clinic, "clinic")                                                                                                \
    X(age, "age")                                                                                                      \
    X(senior, "senior")                                                                                                \
    X(father, "father")                                                                                                \
    X(mother, "mother")                                                                                                \
    X(husband, "husband")                                                                                              \
    X(wife, "wife")                                                                                                    \
    X(woman, "woman")                                                                                                  \
    X(adult, "adult")                                                                                                  \
    X(insurance, "insurance")                                                                                          \
    X(appointment, "appointment")                                                                                      \
    X(document, "document")                                                                                            \
    X(online, "online")                                                                                                \
    X(near, "near")                                                                                                    \
    X(exactly, "exactly")                                                                                              \
    X(road, "road")                                                                                                    \
    X(building, "building")                                                                                            \
    X(opposite, "opposite")                                                                                            \
    X(child, "child")                                                                                                  \
    X(half, "half")                                                                                                    \
    X(followup, "followup")                                                                                            \
    X(show, "show")                                                                                                    \
    X(showed, "showed")                                                                                                \
    X(report, "report")                                                                                                \
    X(again, "again")                                                                                                  \
    X(after, "after")                                                                                                  \
    X(back, "back")                                                                                                    \
    X(week, "week")                                                                                                    \
    X(month, "month")                                                                                                  \
    X(year, "year")                                                                                                    \
    X(admission, "admission")                                                                                          \
    X(class_, "class")                                                                                                 \
    X(school, "school")                                                                                                \
    X(son, "son")                                                                                                      \
    X(daughter, "daughter")                                                                                            \
    X(treatment, "treatment")                                                                                          \
    X(consultation, "consultation")                                                                                    \
    X(available, "available")                                                                                          \
    X(done, "done")                                                                                                    \
    X(meet, "meet")                                                                                                    \
    X(test, "test")                                                                                                    \
    X(surgery, "surgery")                                                                                              \
    X(accept, "accept")                                                                                                \
    X(list, "list")                                                                                                    \
    X(message, "message")                                                                                              \
    X(process, "process")                                                                                              \
    X(parking, "parking")                                                                                              \
    X(patient, "patient")                                                                                              \
    X(staff, "staff")                                                                                                  \
    X(baby, "baby")                                                                                                    \
    X(first, "first")                                                                                                  \
    X(before, "before")                                                                                                \
    X(book, "book")                                                                                                    \
    X(queue, "queue")                                                                                                  \
    X(d_day, "$day")                                                                                                   \
    X(d_duration, "$duration")                                                                                         \
    X(d_payment, "$payment")                                                                                           \
    X(d_timing, "$timing")                                                                                             \
    X(d_open, "$open")                                                                                                 \
    X(d_closed, "$closed")                                                                                             \
    X(d_date, "$date")                                                                                                 \
    X(d_morning, "$morning")                                                                                           \
    X(d_evening, "$evening")                                                                                           \
    X(d_weekday, "$weekday")                                                                                           \
    X(d_weekend, "$weekend")                                                                                           \
    X(d_noon, "$noon")                                                                                                 \
    X(d_pm, "$pm")                                                                                                     \
    X(d_am, "$am")                                                                                                     \
    X(d_allday, "$allday")                                                                                             \
    X(d_emergency, "$emergency")                                                                                       \
    X(d_sunday, "$sunday")                                                                                             \
    X(d_holiday, "$holiday")                                                                                           \
    X(d_monday, "$monday")                                                                                             \
    X(d_tuesday, "$tuesday")                                                                                           \
    X(d_wednesday, "$wednesday")                                                                                       \
    X(d_thursday, "$thursday")                                                                                         \
    X(d_friday, "$friday")                                                                                             \
    X(d_saturday, "$saturday")

#define KBS_ENUM(name, text) W_##name,
enum { KBS_WORDS(KBS_ENUM) W__COUNT };
#undef KBS_ENUM

#define KBS_TEXT(name, text) text,
static const char *const word_text[W__COUNT] = {KBS_WORDS(KBS_TEXT)};
#undef KBS_TEXT

/* The rules' sets of words, each a bit of a token's class. */
enum {
    C_NAMED = 1u << 0,       /* nd.named: a day the question names */
    C_ASP16 = 1u << 1,       /* the aspects: fee free timing ... phone */
    C_ASP17 = 1u << 2,       /* the aspects and payment */
    C_GENERAL = 1u << 3,     /* a general subject: emi insurance appointment document online */
    C_OTHER_EXCL = 1u << 4,  /* names_other's words that name no service */
    C_SVCS_EXCL = 1u << 5,   /* svcs' words that name no service */
    C_TIMED = 1u << 6,       /* ent0.timed's words (and their '$' forms) */
    C_KNOWS_EXCL = 1u << 7,  /* knows_imp's second list: the aspects and the words of any visit */
    C_NAME = 1u << 8,        /* the clinic's name words */
    C_DIGIT = 1u << 9,       /* begins with an ASCII digit */
    C_CONCEPT = 1u << 10,    /* kb_concepts */
    C_SPEC = 1u << 11,       /* the clinic's specialty words */
    C_DOLLAR = 1u << 12,     /* begins with '$' */
    C_DAYS5 = 1u << 13,      /* ent0.days: sunday saturday weekday weekend holiday */
    C_DDAYS = 1u << 14,      /* dated: $sunday .. $weekend */
    C_FREEDAY_OK = 1u << 15, /* freedays: the words a question of a day's hours may hold */
    C_REVISIT = 1u << 16,    /* revisit's words */
    C_PURPOSE_EXCL = 1u << 17,
    C_WHO = 1u << 18, /* whom's: senior father mother wife woman patient */
};

static const int set_named[] = {W_sunday,   W_monday,  W_tuesday, W_wednesday, W_thursday, W_friday,
                                W_saturday, W_weekday, W_weekend, W_holiday,   W_today,    W_tomorrow};
static const int set_asp16[] = {W_fee,     W_free,    W_timing,   W_open,     W_closed,  W_day,   W_date,    W_morning,
                                W_evening, W_weekday, W_duration, W_lifespan, W_sameday, W_where, W_address, W_phone};
static const int set_general[] = {W_emi, W_insurance, W_appointment, W_document, W_online};
static const int set_other_excl[] = {W_emi,    W_insurance, W_appointment, W_document, W_online,  W_payment, W_fee,
                                     W_free,   W_timing,    W_open,        W_closed,   W_sunday,  W_holiday, W_day,
                                     W_date,   W_duration,  W_lifespan,    W_morning,  W_evening, W_where,   W_address,
                                     W_clinic, W_treatment, W_available,   W_done,     W_accept};
static const int set_svcs_extra[] = {W_consultation, W_meet,   W_followup, W_again,  W_after,   W_before,  W_first,
                                     W_list,         W_report, W_message,  W_phone,  W_test,    W_process, W_parking,
                                     W_child,        W_adult,  W_age,      W_father, W_mother,  W_husband, W_wife,
                                     W_woman,        W_son,    W_daughter, W_baby,   W_patient, W_staff};
static const int set_timed[] = {W_timing,  W_open,      W_closed,    W_day,         W_date,      W_morning,
                                W_evening, W_weekday,   W_weekend,   W_noon,        W_allday,    W_emergency,
                                W_sunday,  W_holiday,   W_d_timing,  W_d_open,      W_d_closed,  W_d_day,
                                W_d_date,  W_d_morning, W_d_evening, W_d_weekday,   W_d_weekend, W_d_noon,
                                W_d_pm,    W_d_am,      W_d_allday,  W_d_emergency, W_d_sunday,  W_d_holiday};
static const int set_knows_extra[] = {W_consultation, W_show, W_clinic, W_treatment, W_available, W_done, W_meet};
static const int set_days5[] = {W_sunday, W_saturday, W_weekday, W_weekend, W_holiday};
static const int set_ddays[] = {W_d_sunday, W_d_monday,   W_d_tuesday, W_d_wednesday, W_d_thursday,
                                W_d_friday, W_d_saturday, W_d_weekday, W_d_weekend};
static const int set_freeday_ok[] = {W_sunday, W_saturday, W_weekday, W_weekend, W_open,    W_closed, W_timing,
                                     W_clinic, W_pm,       W_am,      W_morning, W_evening, W_noon};
static const int set_revisit[] = {W_show, W_showed, W_report, W_again,   W_after, W_back,
                                  W_day,  W_week,   W_month,  W_weekday, W_today, W_last};
static const int set_purpose_excl[] = {W_admission, W_class_,    W_school,       W_child, W_clinic,    W_son,
                                       W_daughter,  W_treatment, W_consultation, W_show,  W_available, W_done};
static const int set_who[] = {W_senior, W_father, W_mother, W_wife, W_woman, W_patient};

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

typedef struct {
    int *v;
    int n;
} ids_t;

typedef struct {
    long long id;
    char *question, *answer; /* "q", "a": optional */
    int phone, period;
    int npriced;
    ids_t *priced;
} entry_t;

typedef struct {
    int entry; /* index into entries */
    ids_t toks, ktoks;
} example_t;

typedef struct {
    int concept, broader, own;
} narrower_t;

/* kb_weights and kb_concepts, the same for every clinic: held once and shared by every snapshot that loaded the same
 * rows (most of a snapshot's words otherwise: 400 of a clinic's ~500). Snapshots are made and freed on one thread (the
 * router's loop; the parity tool's), which is what the unlocked count and lex_live rely on. */
typedef struct st_lex_t {
    int refs, n;
    uint64_t digest;
    char **word;
    double *weight; /* NaN where the word is a concept only */
    unsigned char *concept;
    int *table; /* open addressing: index + 1, 0 empty */
    size_t tcap;
} lex_t;

static lex_t *lex_live; /* the lexicon the last snapshot loaded, reused while the rows are the same */

static int lex_lookup(const lex_t *l, const char *t)
{
    for (size_t i = rt_kbscore_hash(t, strlen(t)) & (l->tcap - 1);; i = (i + 1) & (l->tcap - 1)) {
        int k = l->table[i];
        if (k == 0)
            return -1;
        if (strcmp(l->word[k - 1], t) == 0)
            return k - 1;
    }
}

static void lex_release(lex_t *l)
{
    if (l == NULL || --l->refs > 0)
        return;
    if (lex_live == l)
        lex_live = NULL;
    for (int i = 0; i < l->n; i++)
        free(l->word[i]);
    free(l->word);
    free(l->weight);
    free(l->concept);
    free(l->table);
    free(l);
}

/* The lexicon of these rows: the live one when they are its rows, else a new one (then live). NULL when malformed. */
static lex_t *lex_of(const cJSON *weights, const cJSON *concepts)
{
    uint64_t h = 1469598103934665603ULL;
    int n = 0;
    const cJSON *x;
    cJSON_ArrayForEach(x, weights)
    {
        if (!cJSON_IsNumber(x) || x->string == NULL)
            return NULL;
        double v = x->valuedouble;
        h = (h ^ rt_kbscore_hash(x->string, strlen(x->string))) * 1099511628211ULL;
        unsigned char b[sizeof(v)];
        memcpy(b, &v, sizeof(v));
        h = (h ^ rt_kbscore_hash((const char *)b, sizeof(b))) * 1099511628211ULL;
        n++;
    }
    h = (h ^ 0x5cU) * 1099511628211ULL; /* where the weights end */
    cJSON_ArrayForEach(x, concepts)
    {
        if (!cJSON_IsString(x))
            return NULL;
        h = (h ^ rt_kbscore_hash(x->valuestring, strlen(x->valuestring))) * 1099511628211ULL;
        n++;
    }
    if (lex_live != NULL && lex_live->digest == h) {
        lex_live->refs++;
        return lex_live;
    }
    lex_t *l = wa_calloc(1, sizeof(*l));
    l->refs = 1;
    l->digest = h;
    l->word = wa_calloc((unsigned long)n + 1, sizeof(*l->word));
    l->weight = wa_calloc((unsigned long)n + 1, sizeof(*l->weight));
    l->concept = wa_calloc((unsigned long)n + 1, 1);
    for (l->tcap = 16; l->tcap < (size_t)n * 2 + 2; l->tcap *= 2)
        ;
    l->table = wa_calloc(l->tcap, sizeof(*l->table));
    for (int pass = 0; pass < 2; pass++) {
        const cJSON *rows = pass == 0 ? weights : concepts;
        cJSON_ArrayForEach(x, rows)
        {
            const char *w = pass == 0 ? x->string : x->valuestring;
            int k = lex_lookup(l, w);
            if (k < 0) {
                k = l->n++;
                l->word[k] = wa_strdup(w);
                l->weight[k] = NAN;
                size_t i = rt_kbscore_hash(w, strlen(w)) & (l->tcap - 1);
                while (l->table[i] != 0)
                    i = (i + 1) & (l->tcap - 1);
                l->table[i] = k + 1;
            }
            if (pass == 0)
                l->weight[k] = x->valuedouble;
            else
            l->concept[k] = 1;
        }
    }
    lex_live = l; /* an older one stays with the snapshots holding it, the last of which frees it */
    return l;
}

struct st_rt_kbscore_t {
    /* the interned tokens: the clinic's and the rules' words (kb_weights' and kb_concepts' are the lexicon's) */
    const lex_t *lex;
    uint32_t *off; /* each token's string, at pool + off[k] */
    char *pool;
    size_t pool_len, pool_cap;
    uint32_t *cls;
    int *tail;     /* the token without its leading '$'s (ltrim), or itself */
    int *substr2;  /* substr(t, 2): the token without its first character, for '$' tokens; else -1 */
    double *kbw;   /* kb_weights' weight, NaN where none */
    long long *df; /* kb_doctor_token_df's n, -1 where none */
    int ntok, captok;
    int *table; /* open addressing: token index + 1, 0 empty */
    size_t tcap;
    int w[W__COUNT];

    entry_t *entries;
    int nentries;
    example_t *examples;
    int nexamples;
    narrower_t *narrower;
    int nnarrower;
    int nentries_examples; /* n.entries: the entries with an example row */
    size_t bytes;
};

uint64_t rt_kbscore_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

#define STR(s, k) ((s)->pool + (s)->off[k])

static int lookup(const rt_kbscore_t *s, const char *t)
{
    if (s->tcap == 0)
        return -1;
    size_t len = strlen(t);
    for (size_t i = rt_kbscore_hash(t, len) & (s->tcap - 1);; i = (i + 1) & (s->tcap - 1)) {
        int k = s->table[i];
        if (k == 0)
            return -1;
        if (strcmp(STR(s, k - 1), t) == 0)
            return k - 1;
    }
}

static void rehash(rt_kbscore_t *s, size_t cap)
{
    int *t = wa_calloc(cap, sizeof(*t));
    for (int k = 0; k < s->ntok; k++) {
        const char *x = STR(s, k);
        size_t i = rt_kbscore_hash(x, strlen(x)) & (cap - 1);
        while (t[i] != 0)
            i = (i + 1) & (cap - 1);
        t[i] = k + 1;
    }
    free(s->table);
    s->table = t;
    s->tcap = cap;
}

static void grow_table(rt_kbscore_t *s)
{
    rehash(s, s->tcap ? s->tcap * 2 : 256);
}

static int intern(rt_kbscore_t *s, const char *t)
{
    int k = lookup(s, t);
    if (k >= 0)
        return k;
    if ((size_t)(s->ntok + 1) * 2 > s->tcap)
        grow_table(s);
    if (s->ntok == s->captok) {
        int cap = s->captok ? s->captok * 2 : 256;
        s->off = realloc(s->off, (size_t)cap * sizeof(*s->off));
        s->cls = realloc(s->cls, (size_t)cap * sizeof(*s->cls));
        s->tail = realloc(s->tail, (size_t)cap * sizeof(*s->tail));
        s->substr2 = realloc(s->substr2, (size_t)cap * sizeof(*s->substr2));
        s->kbw = realloc(s->kbw, (size_t)cap * sizeof(*s->kbw));
        s->df = realloc(s->df, (size_t)cap * sizeof(*s->df));
        if (s->off == NULL || s->cls == NULL || s->tail == NULL || s->substr2 == NULL || s->kbw == NULL ||
            s->df == NULL)
            wa_fatal("kbscore: out of memory");
        s->captok = cap;
    }
    size_t len = strlen(t) + 1;
    if (s->pool_len + len > s->pool_cap) {
        s->pool_cap = (s->pool_len + len) * 2 > 4096 ? (s->pool_len + len) * 2 : 4096;
        if ((s->pool = realloc(s->pool, s->pool_cap)) == NULL)
            wa_fatal("kbscore: out of memory");
    }
    k = s->ntok++;
    s->off[k] = (uint32_t)s->pool_len;
    memcpy(s->pool + s->pool_len, t, len);
    s->pool_len += len;
    s->cls[k] = 0;
    s->tail[k] = k;
    s->substr2[k] = -1;
    s->kbw[k] = NAN;
    s->df[k] = -1;
    int li = lex_lookup(s->lex, t);
    if (li >= 0) {
        s->kbw[k] = s->lex->weight[li];
        if (s->lex->concept[li])
            s->cls[k] |= C_CONCEPT;
    }
    size_t i = rt_kbscore_hash(t, strlen(t)) & (s->tcap - 1);
    while (s->table[i] != 0)
        i = (i + 1) & (s->tcap - 1);
    s->table[i] = k + 1;
    return k;
}

/* Interns a token and, for a '$' token, what substr(t, 2) and ltrim(t, '$') give. */
static int intern_full(rt_kbscore_t *s, const char *t)
{
    int k = intern(s, t);
    if (t[0] == '$' && s->substr2[k] < 0) {
        int a = intern(s, t + 1);
        const char *r = t;
        while (*r == '$')
            r++;
        int b = intern(s, r);
        s->substr2[k] = a;
        s->tail[k] = b;
        s->cls[k] |= C_DOLLAR;
    }
    if (t[0] >= '0' && t[0] <= '9')
        s->cls[k] |= C_DIGIT;
    return k;
}

static void set_class(rt_kbscore_t *s, const int *words, int n, uint32_t c)
{
    for (int i = 0; i < n; i++)
        s->cls[s->w[words[i]]] |= c;
}

static int ids_from_json(rt_kbscore_t *s, const cJSON *a, ids_t *out)
{
    out->n = 0;
    out->v = NULL;
    if (!cJSON_IsArray(a))
        return -1;
    int n = cJSON_GetArraySize(a);
    out->v = n > 0 ? wa_malloc((unsigned long)n * sizeof(int)) : NULL;
    const cJSON *x;
    cJSON_ArrayForEach(x, a)
    {
        if (!cJSON_IsString(x))
            return -1;
        out->v[out->n++] = intern_full(s, x->valuestring);
    }
    s->bytes += (size_t)n * sizeof(int);
    return 0;
}

static int fail(char *err, size_t errlen, const char *why)
{
    if (err != NULL && errlen > 0)
        snprintf(err, errlen, "%s", why);
    return -1;
}

/* Interns an array's words into a class (the name words, the specialty's). -1 when it is not an array of strings. */
static int class_words(rt_kbscore_t *s, const cJSON *a, uint32_t cls)
{
    const cJSON *x;
    if (!cJSON_IsArray(a))
        return -1;
    cJSON_ArrayForEach(x, a)
    {
        if (!cJSON_IsString(x))
            return -1;
        int k = intern_full(s, x->valuestring); /* first: interning may move s->cls */
        s->cls[k] |= cls;
    }
    return 0;
}

static int load(rt_kbscore_t *s, const cJSON *j, char *err, size_t errlen)
{
    if (!cJSON_IsObject(j))
        return fail(err, errlen, "snapshot: not an object");
    const cJSON *concepts = cJSON_GetObjectItemCaseSensitive(j, "concepts");
    if (!cJSON_IsArray(concepts))
        return fail(err, errlen, "snapshot: concepts is not an array");
    const cJSON *weights = cJSON_GetObjectItemCaseSensitive(j, "weights");
    if (!cJSON_IsObject(weights))
        return fail(err, errlen, "snapshot: weights is not an object");
    if ((s->lex = lex_of(weights, concepts)) == NULL)
        return fail(err, errlen, "snapshot: a weight is not a number or a concept not a string");
    grow_table(s);
    for (int i = 0; i < W__COUNT; i++)
        s->w[i] = intern_full(s, word_text[i]);
    set_class(s, set_named, NELEM(set_named), C_NAMED);
    set_class(s, set_asp16, NELEM(set_asp16), C_ASP16 | C_ASP17 | C_KNOWS_EXCL);
    s->cls[s->w[W_payment]] |= C_ASP17 | C_KNOWS_EXCL;
    set_class(s, set_general, NELEM(set_general), C_GENERAL);
    set_class(s, set_other_excl, NELEM(set_other_excl), C_OTHER_EXCL | C_SVCS_EXCL);
    set_class(s, set_svcs_extra, NELEM(set_svcs_extra), C_SVCS_EXCL);
    set_class(s, set_timed, NELEM(set_timed), C_TIMED);
    set_class(s, set_knows_extra, NELEM(set_knows_extra), C_KNOWS_EXCL);
    set_class(s, set_days5, NELEM(set_days5), C_DAYS5);
    set_class(s, set_ddays, NELEM(set_ddays), C_DDAYS);
    set_class(s, set_freeday_ok, NELEM(set_freeday_ok), C_FREEDAY_OK);
    set_class(s, set_revisit, NELEM(set_revisit), C_REVISIT);
    set_class(s, set_purpose_excl, NELEM(set_purpose_excl), C_PURPOSE_EXCL);
    set_class(s, set_who, NELEM(set_who), C_WHO);

    const cJSON *x;
    if (class_words(s, cJSON_GetObjectItemCaseSensitive(j, "names"), C_NAME) < 0)
        return fail(err, errlen, "snapshot: names is not an array of strings");
    if (class_words(s, cJSON_GetObjectItemCaseSensitive(j, "specialty"), C_SPEC) < 0)
        return fail(err, errlen, "snapshot: specialty is not an array of strings");
    const cJSON *df = cJSON_GetObjectItemCaseSensitive(j, "df");
    if (!cJSON_IsObject(df))
        return fail(err, errlen, "snapshot: df is not an object");
    cJSON_ArrayForEach(x, df)
    {
        if (!cJSON_IsNumber(x) || x->string == NULL)
            return fail(err, errlen, "snapshot: a df is not a number");
        int k = intern_full(s, x->string); /* first: interning may move s->df */
        s->df[k] = (long long)x->valuedouble;
    }
    const cJSON *nar = cJSON_GetObjectItemCaseSensitive(j, "narrower");
    if (!cJSON_IsArray(nar))
        return fail(err, errlen, "snapshot: narrower is not an array");
    s->narrower = wa_calloc((unsigned long)cJSON_GetArraySize(nar) + 1, sizeof(narrower_t));
    cJSON_ArrayForEach(x, nar)
    {
        const cJSON *c = cJSON_GetArrayItem(x, 0), *b = cJSON_GetArrayItem(x, 1), *o = cJSON_GetArrayItem(x, 2);
        if (!cJSON_IsString(c) || !cJSON_IsString(b) || !cJSON_IsBool(o))
            return fail(err, errlen, "snapshot: a narrower row is not [concept, broader, own]");
        narrower_t *r = &s->narrower[s->nnarrower++];
        r->concept = intern_full(s, c->valuestring);
        r->broader = intern_full(s, b->valuestring);
        r->own = cJSON_IsTrue(o);
    }
    const cJSON *ents = cJSON_GetObjectItemCaseSensitive(j, "entries");
    if (!cJSON_IsArray(ents))
        return fail(err, errlen, "snapshot: entries is not an array");
    s->entries = wa_calloc((unsigned long)cJSON_GetArraySize(ents) + 1, sizeof(entry_t));
    cJSON_ArrayForEach(x, ents)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(x, "id");
        const cJSON *ph = cJSON_GetObjectItemCaseSensitive(x, "phone");
        const cJSON *pe = cJSON_GetObjectItemCaseSensitive(x, "period");
        const cJSON *pr = cJSON_GetObjectItemCaseSensitive(x, "priced");
        if (!cJSON_IsNumber(id) || !cJSON_IsBool(ph) || !cJSON_IsBool(pe) || !cJSON_IsArray(pr))
            return fail(err, errlen, "snapshot: an entry is not {id, phone, period, priced}");
        entry_t *e = &s->entries[s->nentries++];
        e->id = (long long)id->valuedouble;
        const cJSON *q = cJSON_GetObjectItemCaseSensitive(x, "q"), *an = cJSON_GetObjectItemCaseSensitive(x, "a");
        e->question = wa_strdup(cJSON_IsString(q) ? q->valuestring : "");
        e->answer = wa_strdup(cJSON_IsString(an) ? an->valuestring : "");
        s->bytes += strlen(e->question) + strlen(e->answer) + 2;
        e->phone = cJSON_IsTrue(ph);
        e->period = cJSON_IsTrue(pe);
        e->priced = wa_calloc((unsigned long)cJSON_GetArraySize(pr) + 1, sizeof(ids_t));
        const cJSON *y;
        cJSON_ArrayForEach(y, pr)
        {
            if (ids_from_json(s, y, &e->priced[e->npriced++]) < 0)
                return fail(err, errlen, "snapshot: a priced sentence is not an array of tokens");
        }
    }
    const cJSON *exs = cJSON_GetObjectItemCaseSensitive(j, "examples");
    if (!cJSON_IsArray(exs))
        return fail(err, errlen, "snapshot: examples is not an array");
    s->examples = wa_calloc((unsigned long)cJSON_GetArraySize(exs) + 1, sizeof(example_t));
    char *seen = wa_calloc((unsigned long)s->nentries + 1, 1);
    cJSON_ArrayForEach(x, exs)
    {
        const cJSON *id = cJSON_GetArrayItem(x, 0);
        if (!cJSON_IsNumber(id)) {
            free(seen);
            return fail(err, errlen, "snapshot: an example is not [entry_id, toks, ktoks]");
        }
        long long eid = (long long)id->valuedouble;
        int ei = -1;
        for (int i = 0; i < s->nentries; i++)
            if (s->entries[i].id == eid)
                ei = i;
        example_t *e = &s->examples[s->nexamples];
        if (ei < 0 || ids_from_json(s, cJSON_GetArrayItem(x, 1), &e->toks) < 0 ||
            ids_from_json(s, cJSON_GetArrayItem(x, 2), &e->ktoks) < 0) {
            free(seen);
            return fail(err, errlen, "snapshot: an example is not [entry_id of an entry, toks, ktoks]");
        }
        e->entry = ei;
        s->nexamples++;
        if (!seen[ei])
            s->nentries_examples++;
        seen[ei] = 1;
    }
    free(seen);
    return 0;
}

/* Each array to its length and the table to twice the tokens: a router holds tens of snapshots. */
static void shrink(rt_kbscore_t *s)
{
    size_t n = (size_t)(s->ntok > 0 ? s->ntok : 1);
    void *p;
#define SHRINK(field)                                                                                                  \
    if ((p = realloc(s->field, n * sizeof(*s->field))) != NULL)                                                        \
        s->field = p;
    SHRINK(off)
    SHRINK(cls)
    SHRINK(tail)
    SHRINK(substr2)
    SHRINK(kbw)
    SHRINK(df)
#undef SHRINK
    if (s->pool_len > 0 && (p = realloc(s->pool, s->pool_len)) != NULL) {
        s->pool = p;
        s->pool_cap = s->pool_len;
    }
    s->captok = (int)n;
    size_t cap = 16;
    while (cap < n * 2 + 2)
        cap *= 2;
    rehash(s, cap);
}

rt_kbscore_t *rt_kbscore_new(const cJSON *json, char *err, size_t errlen)
{
    rt_kbscore_t *s = wa_calloc(1, sizeof(*s));
    if (load(s, json, err, errlen) < 0) {
        rt_kbscore_free(s);
        return NULL;
    }
    shrink(s);
    /* what it holds, with malloc's share of each allocation (about 16 bytes) */
    s->bytes += sizeof(*s) + s->pool_cap +
                (size_t)s->captok * (sizeof(*s->off) + sizeof(*s->cls) + sizeof(*s->tail) + sizeof(*s->substr2) +
                                     sizeof(*s->kbw) + sizeof(*s->df)) +
                s->tcap * sizeof(int) + (size_t)s->nentries * (sizeof(entry_t) + 48) +
                (size_t)s->nexamples * (sizeof(example_t) + 32) + (size_t)s->nnarrower * sizeof(narrower_t) + 16 * 12;
    return s;
}

void rt_kbscore_free(rt_kbscore_t *s)
{
    if (s == NULL)
        return;
    free(s->off);
    free(s->pool);
    free(s->cls);
    free(s->tail);
    free(s->substr2);
    free(s->kbw);
    free(s->df);
    free(s->table);
    for (int i = 0; i < s->nentries; i++) {
        for (int k = 0; k < s->entries[i].npriced; k++)
            free(s->entries[i].priced[k].v);
        free(s->entries[i].priced);
        free(s->entries[i].question);
        free(s->entries[i].answer);
    }
    free(s->entries);
    for (int i = 0; i < s->nexamples; i++) {
        free(s->examples[i].toks.v);
        free(s->examples[i].ktoks.v);
    }
    free(s->examples);
    free(s->narrower);
    lex_release((lex_t *)s->lex);
    free(s);
}

size_t rt_kbscore_bytes(const rt_kbscore_t *s)
{
    return s != NULL ? s->bytes : 0;
}

/* ---- one call ---- */

/* A per-call arena: everything a call allocates goes here and is released at once. */
typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    unsigned char data[];
} arena_block;

typedef struct {
    arena_block *head;
} arena_t;

static void *aalloc(arena_t *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (a->head == NULL || a->head->used + n > a->head->cap) {
        size_t cap = n > 16384 ? n : 16384;
        arena_block *b = wa_malloc(sizeof(*b) + cap);
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += n;
    return p;
}

static void afree(arena_t *a)
{
    while (a->head != NULL) {
        arena_block *b = a->head;
        a->head = b->next;
        free(b);
    }
}

/* An SQL array of tokens: `null` is SQL's NULL (array_agg over no row), distinct from '{}'. */
typedef struct {
    int *v;
    int n;
    int null;
} arr_t;

static const arr_t EMPTY = {NULL, 0, 0};
static const arr_t NULLARR = {NULL, 0, 1};

/* three-valued booleans */
enum { F = 0, T = 1, N = 2 };

static int and3(int a, int b)
{
    if (a == F || b == F)
        return F;
    if (a == N || b == N)
        return N;
    return T;
}

static int or3(int a, int b)
{
    if (a == T || b == T)
        return T;
    if (a == N || b == N)
        return N;
    return F;
}

static int not3(int a)
{
    return a == N ? N : !a;
}

static int has(const int *v, int n, int t)
{
    for (int i = 0; i < n; i++)
        if (v[i] == t)
            return 1;
    return 0;
}

/* t = ANY (a) */
static int any3(arr_t a, int t)
{
    if (a.null)
        return N;
    return has(a.v, a.n, t);
}

/* t = ANY (coalesce(a, '{}')) */
static int anyc(arr_t a, int t)
{
    return has(a.v, a.n, t);
}

typedef struct {
    const rt_kbscore_t *s;
    arena_t ar;
    /* the call's own tokens: the question's words the clinic never uses (their class and kb_weights' weight from the
     * lexicon) */
    const char **xstr;
    uint32_t *xcls;
    double *xkbw;
    int nx, capx;
    int *p; /* p_toks: the question's tokens less the name words, in order, repeats kept */
    int np;
} call_t;

static const char *tstr(const call_t *c, int t)
{
    return t < c->s->ntok ? STR(c->s, t) : c->xstr[t - c->s->ntok];
}

static uint32_t tcls(const call_t *c, int t)
{
    return t < c->s->ntok ? c->s->cls[t] : c->xcls[t - c->s->ntok];
}

/* kb_weights' weight of a token, NaN where it has none */
static double tkbw(const call_t *c, int t)
{
    return t < c->s->ntok ? c->s->kbw[t] : c->xkbw[t - c->s->ntok];
}

static int tok_of(call_t *c, const char *t)
{
    int k = lookup(c->s, t);
    if (k >= 0)
        return k;
    for (int i = 0; i < c->nx; i++)
        if (strcmp(c->xstr[i], t) == 0)
            return c->s->ntok + i;
    if (c->nx == c->capx) {
        int cap = c->capx ? c->capx * 2 : 16;
        const char **v = aalloc(&c->ar, (size_t)cap * sizeof(*v));
        uint32_t *cl = aalloc(&c->ar, (size_t)cap * sizeof(*cl));
        double *kw = aalloc(&c->ar, (size_t)cap * sizeof(*kw));
        if (c->nx > 0) {
            memcpy(v, c->xstr, (size_t)c->nx * sizeof(*v));
            memcpy(cl, c->xcls, (size_t)c->nx * sizeof(*cl));
            memcpy(kw, c->xkbw, (size_t)c->nx * sizeof(*kw));
        }
        c->xstr = v;
        c->xcls = cl;
        c->xkbw = kw;
        c->capx = cap;
    }
    uint32_t cls = ((t[0] >= '0' && t[0] <= '9') ? C_DIGIT : 0) | (t[0] == '$' ? C_DOLLAR : 0);
    double kw = NAN;
    int li = lex_lookup(c->s->lex, t);
    if (li >= 0) {
        kw = c->s->lex->weight[li];
        if (c->s->lex->concept[li])
            cls |= C_CONCEPT;
    }
    c->xstr[c->nx] = t;
    c->xcls[c->nx] = cls;
    c->xkbw[c->nx] = kw;
    return c->s->ntok + c->nx++;
}

static int inp(const call_t *c, int t)
{
    return has(c->p, c->np, t);
}

static int W(const call_t *c, int w)
{
    return c->s->w[w];
}

/* p_toks && the words of a class */
static int p_overlaps(const call_t *c, uint32_t cls)
{
    for (int i = 0; i < c->np; i++)
        if (tcls(c, c->p[i]) & cls)
            return 1;
    return 0;
}

static int cmp_tok(const call_t *c, int a, int b)
{
    return strcmp(tstr(c, a), tstr(c, b));
}

/* Lists here hold a few tokens: an insertion sort, with the call's strings (no global comparator state, so that
 * calls on two threads never share one). */
static void sort_toks(const call_t *c, int *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int k = i; k > 0 && cmp_tok(c, v[k - 1], v[k]) > 0; k--) {
            int x = v[k];
            v[k] = v[k - 1];
            v[k - 1] = x;
        }
}

/* A growable list in the arena. */
typedef struct {
    int *v;
    int n, cap;
} list_t;

static void lpush(call_t *c, list_t *l, int t)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 8;
        int *v = aalloc(&c->ar, (size_t)cap * sizeof(int));
        if (l->n > 0)
            memcpy(v, l->v, (size_t)l->n * sizeof(int));
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = t;
}

static void lpush_distinct(call_t *c, list_t *l, int t)
{
    if (!has(l->v, l->n, t))
        lpush(c, l, t);
}

static arr_t arr_of(list_t l)
{
    arr_t a = {l.v, l.n, 0};
    return a;
}

/* array_agg: NULL over no row */
static arr_t agg_of(list_t l)
{
    arr_t a = {l.v, l.n, l.n == 0};
    return a;
}

static arr_t sorted(const call_t *c, list_t l)
{
    sort_toks(c, l.v, l.n);
    return arr_of(l);
}

/* the weights' rows (wt) */
typedef struct {
    int t;
    double base, w;
    int inp;
    long long dfq; /* dfq.df for a token of the question */
} wt_t;

/* per candidate entry, the columns the CTEs carry */
typedef struct {
    int ei;   /* entry index */
    int nrow; /* ex rows of the entry (in allx order) */
    int *rows;
    /* ent0 */
    arr_t known, said, own, svcs, aspect, narrow, ownk, days;
    const ids_t *ktoks;
    int lastdur, emionly, kindnamed, timed, ownclass, names_gt, names_other, examines;
    /* ent1a */
    int general;
    arr_t untimed, lasting, paying, locating, aging, dated, revisit, purpose, grade, kind, unstated;
    int knows_imp, no_imp;
    /* ent1 */
    arr_t known1, said1, narrow1, unpriced, unsaid;
    int ownfee;
    /* ent */
    arr_t known2, said2, qualified, whom, period, kin, treats, unpriced_own;
    /* cov */
    double c; /* NaN for NULL */
    arr_t missing, kq, sq;
    int important_missing, oc;
    double khit, ktotal;
    /* fit, fin, fa, fb */
    double fitf, f, s0, s1, s2, score;
    int full;
} cand_t;

static double nz(double x)
{
    return isnan(x) ? 0 : x;
}

static int fam(const call_t *c, int t)
{
    const rt_kbscore_t *s = c->s;
    if (t == s->w[W_fee] || t == s->w[W_free])
        return 1;
    if (t == s->w[W_duration] || t == s->w[W_lifespan] || t == s->w[W_sameday])
        return 2;
    if (t == s->w[W_where] || t == s->w[W_address])
        return 3;
    if (t == s->w[W_phone])
        return 4;
    return 5; /* when */
}

/* unstated's family of what the answer says: the same, but the phone and anything outside the aspects has none */
static int fam2(const call_t *c, int t)
{
    int f = fam(c, t);
    if (f == 4 || (f == 5 && !(tcls(c, t) & C_ASP16)))
        return 0;
    return f;
}

/* array comparison as PostgreSQL's btree orders text[] (bytewise tokens under C.UTF-8) */
static int cmp_ids(const call_t *c, const ids_t *a, const ids_t *b)
{
    int n = a->n < b->n ? a->n : b->n;
    for (int i = 0; i < n; i++) {
        int r = cmp_tok(c, a->v[i], b->v[i]);
        if (r != 0)
            return r;
    }
    return (a->n > b->n) - (a->n < b->n);
}

typedef struct {
    int concept, broader;
} pair_t;

int rt_kbscore_shares_word(const rt_kbscore_t *s, const char *const *toks, int ntoks)
{
    for (int i = 0; i < ntoks; i++) {
        int t = lookup(s, toks[i]);
        if (t < 0 || (s->cls[t] & C_NAME))
            continue;
        for (int e = 0; e < s->nexamples; e++)
            if (has(s->examples[e].toks.v, s->examples[e].toks.n, t) ||
                has(s->examples[e].ktoks.v, s->examples[e].ktoks.n, t))
                return 1;
    }
    return 0;
}

void rt_kbscore_rows_free(rt_kbscore_row_t *rows, int n)
{
    for (int i = 0; i < n; i++) {
        free(rows[i].missing);
        rows[i].missing = NULL;
    }
}

#define ARR_EMPTY(a) ((a).null == 0 && (a).n == 0)

int rt_kbscore_match(const rt_kbscore_t *s, const char *const *toks, int ntoks, int limit, rt_kbscore_row_t *out)
{
    call_t cc = {.s = s};
    call_t *c = &cc;
    int nout = 0;

    c->p = aalloc(&c->ar, (size_t)(ntoks + 1) * sizeof(int));
    for (int i = 0; i < ntoks; i++) {
        int t = tok_of(c, toks[i]);
        if (tcls(c, t) & C_NAME)
            continue;
        c->p[c->np++] = t;
    }
    if (c->np == 0 || s->nexamples == 0 || limit <= 0)
        goto done;

    /* ---- nq: kb_narrower's rows of the concepts asked (the clinic's own row first) ---- */
    list_t nqc = {0}, nqb = {0}, nqkc = {0}, nqkb = {0}, nqak = {0};
    {
        pair_t *rows = aalloc(&c->ar, (size_t)(s->nnarrower + 1) * sizeof(pair_t));
        int nrows = 0, anyb = 0;
        /* DISTINCT ON (concept) ORDER BY concept, doctor_id NULLS LAST: the clinic's own row first */
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < s->nnarrower; i++) {
                const narrower_t *r = &s->narrower[i];
                if (!inp(c, r->concept) || r->own != (pass == 0))
                    continue;
                int dup = 0;
                for (int k = 0; k < nrows; k++)
                    if (rows[k].concept == r->concept)
                        dup = 1;
                if (!dup) {
                    rows[nrows].concept = r->concept;
                    rows[nrows].broader = r->broader;
                    nrows++;
                }
            }
        /* ORDER BY concept */
        for (int i = 1; i < nrows; i++)
            for (int k = i; k > 0 && cmp_tok(c, rows[k - 1].concept, rows[k].concept) > 0; k--) {
                pair_t x = rows[k];
                rows[k] = rows[k - 1];
                rows[k - 1] = x;
            }
        for (int i = 0; i < nrows; i++) {
            if (inp(c, rows[i].broader)) {
                lpush(c, &nqkc, rows[i].concept);
                lpush(c, &nqkb, rows[i].broader);
                anyb = 1;
            } else if (rows[i].broader != W(c, W_surgery)) {
                lpush(c, &nqc, rows[i].concept);
                lpush(c, &nqb, rows[i].broader);
            }
        }
        if (anyb && !inp(c, W(c, W_fee)) && !inp(c, W(c, W_free)))
            for (int i = 0; i < s->nnarrower; i++)
                if (inp(c, s->narrower[i].broader))
                    lpush_distinct(c, &nqak, s->narrower[i].concept);
    }

    /* ---- allx: every example row of an enabled entry, its words read as the narrower concept asked ---- */
    int nx = s->nexamples;
    ids_t *xt = aalloc(&c->ar, (size_t)nx * sizeof(ids_t));      /* allx.toks */
    ids_t *xnarrow = aalloc(&c->ar, (size_t)nx * sizeof(ids_t)); /* allx.narrow */
    for (int r = 0; r < nx; r++) {
        const example_t *x = &s->examples[r];
        xt[r] = x->toks;
        xnarrow[r].v = NULL;
        xnarrow[r].n = 0;
        if (nqc.n == 0)
            continue;
        int overlap = 0;
        for (int i = 0; i < nqb.n && !overlap; i++)
            overlap = has(x->toks.v, x->toks.n, nqb.v[i]);
        if (!overlap)
            continue;
        int *v = aalloc(&c->ar, (size_t)(x->toks.n + 1) * sizeof(int));
        for (int j = 0; j < x->toks.n; j++) {
            v[j] = x->toks.v[j];
            for (int i = 0; i < nqb.n; i++)
                if (nqb.v[i] == x->toks.v[j] && !has(x->toks.v, x->toks.n, nqc.v[i])) {
                    v[j] = nqc.v[i];
                    break;
                }
        }
        xt[r].v = v;
        xt[r].n = x->toks.n;
        int *nv = aalloc(&c->ar, (size_t)(nqb.n + 1) * sizeof(int));
        int nn = 0;
        for (int i = 0; i < nqb.n; i++)
            if (has(x->toks.v, x->toks.n, nqb.v[i]) && !has(x->toks.v, x->toks.n, nqc.v[i]))
                nv[nn++] = nqc.v[i];
        xnarrow[r].v = nv;
        xnarrow[r].n = nn;
    }
#define ROW_HAS(r, t) (has(xt[r].v, xt[r].n, (t)) || has(s->examples[r].ktoks.v, s->examples[r].ktoks.n, (t)))

    /* ---- ex: the entries sharing a word with the question ---- */
    char *isex = aalloc(&c->ar, (size_t)s->nentries + 1);
    memset(isex, 0, (size_t)s->nentries + 1);
    for (int r = 0; r < nx; r++) {
        if (isex[s->examples[r].entry])
            continue;
        for (int i = 0; i < c->np; i++)
            if (ROW_HAS(r, c->p[i])) {
                isex[s->examples[r].entry] = 1;
                break;
            }
    }
    double entries = (double)s->nentries_examples; /* n.entries */

    /* ---- wt: the weights of the question's tokens and the candidates' (not the answers' '$' tokens) ---- */
    list_t wl = {0};
    for (int i = 0; i < c->np; i++)
        lpush_distinct(c, &wl, c->p[i]);
    for (int r = 0; r < nx; r++) {
        if (!isex[s->examples[r].entry])
            continue;
        for (int j = 0; j < xt[r].n; j++)
            if (!(tcls(c, xt[r].v[j]) & C_DOLLAR))
                lpush_distinct(c, &wl, xt[r].v[j]);
        for (int j = 0; j < s->examples[r].ktoks.n; j++)
            if (!(tcls(c, s->examples[r].ktoks.v[j]) & C_DOLLAR))
                lpush_distinct(c, &wl, s->examples[r].ktoks.v[j]);
    }
    sort_toks(c, wl.v, wl.n);
    int nwt = wl.n;
    wt_t *wt = aalloc(&c->ar, (size_t)(nwt + 1) * sizeof(wt_t));
    for (int i = 0; i < nwt; i++) {
        int t = wl.v[i];
        long long n = t < s->ntok ? s->df[t] : -1;
        double base;
        if (!isnan(tkbw(c, t)))
            base = tkbw(c, t);
        else if (tcls(c, t) & C_DIGIT)
            base = 0.3;
        else if (tcls(c, t) & C_CONCEPT)
            base = 1;
        else if (n >= 0)
            base = 0.8;
        else
            base = 0.6;
        long long g = n >= 0 ? n : 1;
        if (g < 1)
            g = 1;
        wt[i].t = t;
        wt[i].base = base;
        wt[i].w = base / (1 + 0.5 * log((double)g));
        wt[i].inp = inp(c, t);
        wt[i].dfq = 0;
        if (wt[i].inp) {
            /* dfq: the entries (all, not only the candidates) naming it */
            char *seen = aalloc(&c->ar, (size_t)s->nentries + 1);
            memset(seen, 0, (size_t)s->nentries + 1);
            for (int r = 0; r < nx; r++)
                if (!seen[s->examples[r].entry] && ROW_HAS(r, t)) {
                    seen[s->examples[r].entry] = 1;
                    wt[i].dfq++;
                }
        }
    }
#define FOR_WTQ(i)                                                                                                     \
    for (int i = 0; i < nwt; i++)                                                                                      \
        if (wt[i].inp)

    /* spec: the specialty's words asked; imp, common, ctx */
    list_t imp = {0}, common = {0}, ctx = {0};
    FOR_WTQ(i)
    {
        int t = wt[i].t;
        int sp = (tcls(c, t) & C_SPEC) != 0;
        double df = (double)wt[i].dfq;
        double lim = 0.2 * entries;
        if (wt[i].base >= 0.8 && df < (lim > 2 ? lim : 2))
            lpush(c, &imp, t);
        if ((df >= 0.15 * entries || sp) && entries >= 5)
            lpush(c, &common, t);
        if ((df >= 0.25 * entries || sp) && entries >= 5)
            lpush(c, &ctx, t);
    }
    double qtotal = 0;
    int qi_any = 0, nqw = 0;
    FOR_WTQ(i)
    {
        qtotal += wt[i].w;
        nqw++;
        if (wt[i].base >= 0.8)
            qi_any = 1;
    }
    if (nqw == 0)
        qtotal = NAN;

    /* nd */
    int named = p_overlaps(c, C_NAMED);
    int daypart = inp(c, W(c, W_morning)) || inp(c, W(c, W_evening));
    int lasts = inp(c, W(c, W_duration)) && inp(c, W(c, W_last)) && !inp(c, W(c, W_lifespan));
    int paying_q = 0;
    if (inp(c, W(c, W_emi)) && inp(c, W(c, W_payment)))
        for (int i = 0; i < c->np && !paying_q; i++) {
            int t = c->p[i];
            if (t == W(c, W_emi) || t == W(c, W_payment))
                continue;
            for (int r = 0; r < nx && !paying_q; r++)
                if (has(xt[r].v, xt[r].n, t))
                    paying_q = 1;
        }
    int dayq = inp(c, W(c, W_sunday)) || inp(c, W(c, W_saturday)) || inp(c, W(c, W_weekday)) || inp(c, W(c, W_weekend));
    list_t freedays = {0};
    if (dayq && (inp(c, W(c, W_open)) || inp(c, W(c, W_closed)) || inp(c, W(c, W_timing)))) {
        int within = 1;
        for (int i = 0; i < c->np; i++)
            if (!(tcls(c, c->p[i]) & C_FREEDAY_OK))
                within = 0;
        if (within)
            for (int i = 0; i < c->np; i++) {
                int t = c->p[i];
                if (t != W(c, W_sunday) && t != W(c, W_saturday) && t != W(c, W_weekday) && t != W(c, W_weekend))
                    continue;
                int named_by = 0;
                for (int r = 0; r < nx && !named_by; r++)
                    named_by = has(xt[r].v, xt[r].n, t);
                if (!named_by)
                    lpush_distinct(c, &freedays, t);
            }
        sort_toks(c, freedays.v, freedays.n);
    }
    int aged = inp(c, W(c, W_age)) && !inp(c, W(c, W_duration)) && !inp(c, W(c, W_lifespan)) &&
               !inp(c, W(c, W_senior)) && !inp(c, W(c, W_father)) && !inp(c, W(c, W_mother)) &&
               !inp(c, W(c, W_husband)) && !inp(c, W(c, W_wife)) && !inp(c, W(c, W_woman)) && !inp(c, W(c, W_adult));
    int noage = 0;
    if (inp(c, W(c, W_age))) {
        noage = 1;
        for (int r = 0; r < nx && noage; r++)
            if (ROW_HAS(r, W(c, W_age)))
                noage = 0;
    }

    /* gq */
    int gq_asks = p_overlaps(c, C_GENERAL);
    list_t meant_l = {0}, concepts_l = {0};
    for (int i = 0; i < nwt; i++) {
        if (wt[i].base >= 0.5)
            lpush(c, &meant_l, wt[i].t);
        if (wt[i].base >= 1)
            lpush(c, &concepts_l, wt[i].t);
    }
    arr_t meant = agg_of(meant_l), gconcepts = agg_of(concepts_l);
    /* aq */
    int aq_asks = p_overlaps(c, C_ASP16);
    unsigned fams = 0;
    for (int i = 0; i < c->np; i++)
        if (tcls(c, c->p[i]) & C_ASP16)
            fams |= 1u << fam(c, c->p[i]);
    /* qs: the question's words naming a subject */
    list_t subj = {0};
    FOR_WTQ(i)
    {
        if (wt[i].base >= 0.8 && !(tcls(c, wt[i].t) & C_ASP17))
            lpush(c, &subj, wt[i].t);
    }

    /* ---- ent0: each candidate's words ---- */
    int ncand = 0;
    cand_t *cand = aalloc(&c->ar, (size_t)(s->nentries + 1) * sizeof(cand_t));
    for (int ei = 0; ei < s->nentries; ei++) {
        if (!isex[ei])
            continue;
        cand_t *e = &cand[ncand];
        memset(e, 0, sizeof(*e));
        e->ei = ei;
        e->rows = aalloc(&c->ar, (size_t)nx * sizeof(int));
        list_t known = {0}, said = {0}, own = {0}, svcs = {0}, aspect = {0}, narrow = {0}, ownk = {0}, days = {0};
        int any_unnest = 0, emi = 0, pay = 0, other_t = 0, other_f = 0, examines = 0;
        for (int r = 0; r < nx; r++) {
            if (s->examples[r].entry != ei)
                continue;
            e->rows[e->nrow++] = r;
            const ids_t *kt = &s->examples[r].ktoks;
            int ntot = xt[r].n + kt->n;
            if (ntot == 0)
                continue;
            if (!any_unnest || cmp_ids(c, kt, e->ktoks) < 0)
                e->ktoks = kt;
            any_unnest = 1;
            for (int o = 0; o < ntot; o++) {
                int u = o < xt[r].n ? xt[r].v[o] : kt->v[o - xt[r].n];
                int ownp = o < xt[r].n;
                uint32_t uc = tcls(c, u);
                if (!(uc & C_DOLLAR))
                    lpush_distinct(c, &known, u);
                else if ((u != W(c, W_d_day) || !named) && (u != W(c, W_d_duration) || !lasts))
                    lpush_distinct(c, &said, s->substr2[u]);
                if (lasts && u == W(c, W_d_duration))
                    e->lastdur = 1;
                if (paying_q) {
                    if (u == W(c, W_emi))
                        emi = 1;
                    if (u == W(c, W_payment) || u == W(c, W_d_payment))
                        pay = 1;
                }
                if (nqak.n > 0) {
                    if (ownp)
                        lpush_distinct(c, &ownk, u);
                    int tl = u < s->ntok ? s->tail[u] : u;
                    if (has(nqak.v, nqak.n, tl))
                        e->kindnamed = 1;
                }
                if (daypart && (uc & C_TIMED))
                    e->timed = 1;
                if (c->np == 1 && c->p[0] == W(c, W_class_) && ownp && u == W(c, W_class_))
                    e->ownclass = 1;
                if (dayq && (uc & C_DAYS5))
                    lpush_distinct(c, &days, u);
                if (aq_asks && ownp)
                    lpush(c, &own, u);
                if (gq_asks && ownp && inp(c, u) && (uc & C_GENERAL))
                    e->names_gt = 1;
                /* names_other: bool_or of (asks AND own AND NOT excluded AND u = ANY (meant)), NULLs ignored */
                {
                    int v = (gq_asks && ownp && !(uc & C_OTHER_EXCL)) ? any3(meant, u) : F;
                    other_t |= v == T;
                    other_f |= v == F;
                }
                if (gq_asks && !(uc & C_DOLLAR) && inp(c, u) && !(uc & C_SVCS_EXCL))
                    lpush_distinct(c, &svcs, u);
                if (ownp && (uc & C_ASP16) && !(fams & (1u << fam(c, u))))
                    lpush_distinct(c, &aspect, u);
                if (ownp && (u == W(c, W_test) || u == W(c, W_consultation)))
                    examines = 1;
                if (has(xnarrow[r].v, xnarrow[r].n, u))
                    lpush_distinct(c, &narrow, u);
            }
        }
        if (!any_unnest)
            continue; /* no ent0 row: the entry's rows hold no token */
        e->known = agg_of(known);
        e->said = agg_of(said);
        e->own = agg_of(own);
        e->svcs = agg_of(svcs);
        e->aspect = agg_of(aspect);
        e->narrow = arr_of(narrow);
        e->ownk = arr_of(ownk);
        e->days = arr_of(days);
        e->emionly = paying_q && emi && !pay;
        e->names_other = other_t ? T : other_f ? F : N;
        e->examines = inp(c, W(c, W_surgery)) && examines;
        ncand++;
    }

    /* ---- ent1a ---- */
    for (int k = 0; k < ncand; k++) {
        cand_t *e = &cand[k];
        arr_t K = e->known, S = e->said;
        /* general = names_gt AND NOT names_other */
        e->general = and3(e->names_gt, not3(e->names_other)) == T;
        list_t l;
        /* untimed */
        memset(&l, 0, sizeof(l));
        if (daypart && !e->timed) {
            for (int i = 0; i < c->np; i++)
                if (c->p[i] == W(c, W_morning) || c->p[i] == W(c, W_evening))
                    lpush_distinct(c, &l, c->p[i]);
            e->untimed = sorted(c, l);
        } else
            e->untimed = EMPTY;
        e->lasting = EMPTY;
        if (e->lastdur && !anyc(K, W(c, W_duration))) {
            memset(&l, 0, sizeof(l));
            lpush(c, &l, W(c, W_duration));
            e->lasting = arr_of(l);
        }
        e->paying = EMPTY;
        if (e->emionly) {
            memset(&l, 0, sizeof(l));
            lpush(c, &l, W(c, W_payment));
            e->paying = arr_of(l);
        }
        /* locating */
        e->locating = EMPTY;
        if ((inp(c, W(c, W_where)) || inp(c, W(c, W_address))) &&
            (inp(c, W(c, W_near)) || inp(c, W(c, W_exactly)) || inp(c, W(c, W_road)) || inp(c, W(c, W_building)) ||
             inp(c, W(c, W_opposite))) &&
            (anyc(K, W(c, W_where)) || anyc(K, W(c, W_address)))) {
            memset(&l, 0, sizeof(l));
            for (int i = 0; i < c->np; i++) {
                int t = c->p[i];
                if ((t == W(c, W_near) || t == W(c, W_exactly) || t == W(c, W_road) || t == W(c, W_building) ||
                     t == W(c, W_opposite)) &&
                    !anyc(K, t) && !anyc(S, t))
                    lpush_distinct(c, &l, t);
            }
            e->locating = sorted(c, l);
        }
        /* aging */
        e->aging = EMPTY;
        if (aged) {
            int a = 0;
            if (noage && anyc(K, W(c, W_child)) && !anyc(S, W(c, W_age))) {
                int ex1 = 0, ex2 = 0;
                for (int i = 0; i < c->np; i++) {
                    int t = c->p[i];
                    if (t != W(c, W_child) && t != W(c, W_age) && anyc(K, t))
                        ex1 = 1;
                    if (t != W(c, W_age) && !anyc(K, t) && !anyc(S, t))
                        ex2 = 1;
                }
                a = ex1 || !ex2;
            }
            memset(&l, 0, sizeof(l));
            if (a)
                lpush(c, &l, W(c, W_age));
            if (inp(c, W(c, W_child)) && anyc(K, W(c, W_age)) && !anyc(K, W(c, W_child)) && !anyc(S, W(c, W_child)))
                lpush(c, &l, W(c, W_child));
            if (inp(c, W(c, W_half)) && !anyc(K, W(c, W_half)) && !anyc(S, W(c, W_half)) && (anyc(K, W(c, W_age)) || a))
                lpush(c, &l, W(c, W_half));
            e->aging = arr_of(l);
        }
        /* dated */
        e->dated = EMPTY;
        if (freedays.n > 0 && (anyc(K, W(c, W_open)) || anyc(K, W(c, W_closed)) || anyc(K, W(c, W_timing)))) {
            int other = 0;
            for (int i = 0; i < e->days.n; i++)
                if (!inp(c, e->days.v[i]))
                    other = 1;
            if (!other) {
                int kd = 0;
                for (int i = 0; i < e->ktoks->n; i++)
                    if (tcls(c, e->ktoks->v[i]) & C_DDAYS)
                        kd = 1;
                memset(&l, 0, sizeof(l));
                if (kd)
                    for (int i = 0; i < freedays.n; i++)
                        if (!anyc(K, freedays.v[i]) && !anyc(S, freedays.v[i]))
                            lpush(c, &l, freedays.v[i]);
                e->dated = sorted(c, l);
            }
        }
        /* revisit */
        e->revisit = EMPTY;
        if (inp(c, W(c, W_followup)) && inp(c, W(c, W_fee)) && anyc(K, W(c, W_followup)) && anyc(K, W(c, W_fee))) {
            memset(&l, 0, sizeof(l));
            for (int i = 0; i < c->np; i++) {
                int t = c->p[i];
                if ((tcls(c, t) & C_REVISIT) && !anyc(K, t) && !anyc(S, t))
                    lpush_distinct(c, &l, t);
            }
            e->revisit = sorted(c, l);
        }
        /* purpose */
        e->purpose = EMPTY;
        if (inp(c, W(c, W_admission)) && !anyc(K, W(c, W_admission)) && !p_overlaps(c, C_ASP17)) {
            int miss = 0, other = 0;
            for (int i = 0; i < c->np; i++) {
                int t = c->p[i];
                if (t != W(c, W_admission) && !anyc(K, t))
                    miss = 1;
                if (!(tcls(c, t) & C_PURPOSE_EXCL))
                    other = 1;
            }
            if (!miss && other) {
                memset(&l, 0, sizeof(l));
                lpush(c, &l, W(c, W_admission));
                e->purpose = arr_of(l);
            }
        }
        /* grade */
        e->grade = EMPTY;
        if (c->np == 1 && c->p[0] == W(c, W_class_) && !e->ownclass) {
            memset(&l, 0, sizeof(l));
            lpush(c, &l, W(c, W_class_));
            e->grade = arr_of(l);
        }
        /* kind */
        e->kind = EMPTY;
        if (nqak.n > 0 && !e->kindnamed) {
            memset(&l, 0, sizeof(l));
            for (int i = 0; i < nqkc.n; i++) {
                if (!has(e->ownk.v, e->ownk.n, nqkb.v[i]))
                    continue;
                int miss = 0;
                for (int j = 0; j < c->np && !miss; j++) {
                    int t = c->p[j];
                    if (!has(nqkc.v, nqkc.n, t) && !anyc(K, t) && !anyc(S, t))
                        miss = 1;
                }
                if (!miss)
                    lpush_distinct(c, &l, nqkc.v[i]);
            }
            e->kind = sorted(c, l);
        }
        /* knows_imp: an important word known by its own words, or every word but the aspects */
        int impk = 0;
        for (int i = 0; i < imp.n && !impk; i++)
            impk = any3(K, imp.v[i]) == T;
        int second = F;
        if (!K.null) {
            int ov = 0, miss = 0, some = 0;
            for (int i = 0; i < c->np; i++) {
                int t = c->p[i];
                if (has(K.v, K.n, t)) {
                    ov = 1;
                    if (!(tcls(c, t) & C_KNOWS_EXCL))
                        some = 1;
                } else if (!(tcls(c, t) & C_ASP17))
                    miss = 1;
            }
            second = ov && !miss && some;
        }
        e->knows_imp = impk || second;
        e->no_imp = !impk;
        /* unstated */
        int phone_q = (inp(c, W(c, W_phone)) && inp(c, W(c, W_online)));
        if (!phone_q && inp(c, W(c, W_phone))) {
            int within = 1;
            for (int i = 0; i < c->np; i++)
                if (c->p[i] != W(c, W_phone) && c->p[i] != W(c, W_clinic))
                    within = 0;
            phone_q = within;
        }
        const entry_t *en = &s->entries[e->ei];
        if (phone_q && has(e->ktoks->v, e->ktoks->n, W(c, W_phone)) && !en->phone) {
            memset(&l, 0, sizeof(l));
            lpush(c, &l, W(c, W_phone));
            e->unstated = arr_of(l);
        } else {
            int skip = e->own.null;
            for (int i = 0; i < c->np && !skip; i++)
                if (anyc(e->own, c->p[i]) && !(tcls(c, c->p[i]) & C_ASP17))
                    skip = 1;
            if (skip)
                e->unstated = EMPTY;
            else {
                memset(&l, 0, sizeof(l));
                for (int i = 0; i < c->np; i++) {
                    int t = c->p[i];
                    if (!(tcls(c, t) & C_ASP16) || has(e->ktoks->v, e->ktoks->n, t))
                        continue;
                    int f = fam(c, t);
                    if (f == 1 && inp(c, W(c, W_payment)))
                        continue;
                    int stated = 0;
                    for (int j = 0; j < S.n && !stated; j++)
                        stated = fam2(c, S.v[j]) == f;
                    if (stated || (f == 4 && en->phone))
                        continue;
                    lpush_distinct(c, &l, t);
                }
                e->unstated = sorted(c, l);
            }
        }
    }

    /* ---- ent1 ---- */
    for (int k = 0; k < ncand; k++) {
        cand_t *e = &cand[k];
        arr_t K = e->known;
        /* kd */
        list_t kinds = {0}, kindb = {0};
        if (nqkc.n > 0 && !e->own.null)
            for (int i = 0; i < nqkc.n; i++)
                if (anyc(e->own, nqkb.v[i]) && !anyc(e->own, nqkc.v[i])) {
                    lpush(c, &kinds, nqkc.v[i]);
                    lpush(c, &kindb, nqkb.v[i]);
                }
        /* up: the fee not priced */
        int unpriced = 0;
        if (e->knows_imp && inp(c, W(c, W_fee)) &&
            ((anyc(e->said, W(c, W_fee)) && !anyc(K, W(c, W_fee))) ||
             (anyc(e->own, W(c, W_fee)) && !inp(c, W(c, W_payment))))) {
            int ksubj = 0;
            for (int i = 0; i < subj.n && !ksubj; i++)
                ksubj = anyc(K, subj.v[i]);
            if (ksubj) {
                int osubj = 0;
                for (int i = 0; i < e->own.n && !osubj; i++) {
                    int o = e->own.v[i];
                    if ((e->narrow.n > 0 || kindb.n > 0) &&
                        (has(e->narrow.v, e->narrow.n, o) || has(kindb.v, kindb.n, o)))
                        continue;
                    osubj = has(subj.v, subj.n, o);
                }
                if (!osubj) {
                    list_t sj = {0};
                    if (e->narrow.n > 0 || kinds.n > 0) {
                        for (int i = 0; i < e->narrow.n; i++)
                            lpush(c, &sj, e->narrow.v[i]);
                        for (int i = 0; i < kinds.n; i++)
                            lpush(c, &sj, kinds.v[i]);
                    } else
                        for (int i = 0; i < subj.n; i++)
                            if (anyc(K, subj.v[i]))
                                lpush(c, &sj, subj.v[i]);
                    const entry_t *en = &s->entries[e->ei];
                    int prices = 0;
                    for (int p = 0; p < en->npriced && !prices; p++)
                        for (int i = 0; i < sj.n && !prices; i++)
                            prices = has(en->priced[p].v, en->priced[p].n, sj.v[i]);
                    unpriced = !prices;
                }
            }
        }
        list_t l = {0};
        if (unpriced)
            lpush(c, &l, W(c, W_fee));
        e->unpriced = arr_of(l);
        /* known: array_remove(known, 'fee') where unpriced */
        if (!unpriced || K.null)
            e->known1 = K;
        else {
            memset(&l, 0, sizeof(l));
            for (int i = 0; i < K.n; i++)
                if (K.v[i] != W(c, W_fee))
                    lpush(c, &l, K.v[i]);
            e->known1 = arr_of(l);
        }
        e->ownfee = anyc(e->own, W(c, W_fee));
        /* narrow || kd.kinds */
        memset(&l, 0, sizeof(l));
        for (int i = 0; i < e->narrow.n; i++)
            lpush(c, &l, e->narrow.v[i]);
        for (int i = 0; i < kinds.n; i++)
            lpush(c, &l, kinds.v[i]);
        e->narrow1 = arr_of(l);
        /* said */
        if (!e->knows_imp)
            e->said1 = EMPTY;
        else if (!unpriced)
            e->said1 = e->said.null ? EMPTY : e->said;
        else if (e->said.null)
            e->said1 = NULLARR;
        else {
            memset(&l, 0, sizeof(l));
            for (int i = 0; i < e->said.n; i++)
                if (e->said.v[i] != W(c, W_fee))
                    lpush(c, &l, e->said.v[i]);
            e->said1 = arr_of(l);
        }
        /* unsaid */
        e->unsaid = EMPTY;
        if (e->knows_imp && !e->said.null) {
            int skip = 0;
            for (int i = 0; i < c->np && !skip; i++)
                if (any3(K, c->p[i]) == T && !(tcls(c, c->p[i]) & C_ASP17))
                    skip = 1;
            if (!skip) {
                memset(&l, 0, sizeof(l));
                for (int i = 0; i < c->np; i++) {
                    int x = c->p[i];
                    if (!anyc(e->said, x) || any3(K, x) != F || (tcls(c, x) & C_ASP17) || has(common.v, common.n, x))
                        continue;
                    int other = 0;
                    for (int r = 0; r < nx && !other; r++)
                        if (isex[s->examples[r].entry] && s->examples[r].entry != e->ei && has(xt[r].v, xt[r].n, x))
                            other = 1;
                    if (other)
                        lpush_distinct(c, &l, x);
                }
                e->unsaid = sorted(c, l);
            }
        }
    }

    /* ---- ent ---- */
    for (int k = 0; k < ncand; k++) {
        cand_t *e = &cand[k];
        arr_t K1 = e->known1, S1 = e->said1;
        list_t l = {0};
        /* q.qualified */
        if (e->general) {
            for (int o = 0; o < ncand; o++) {
                arr_t sv = cand[o].svcs;
                for (int i = 0; i < sv.n; i++) {
                    int u = sv.v[i];
                    if (any3(K1, u) == F && any3(S1, u) == F && any3(gconcepts, u) == T)
                        lpush_distinct(c, &l, u);
                }
            }
        }
        e->qualified = sorted(c, l);
        /* q.whom */
        e->whom = EMPTY;
        if ((p_overlaps(c, C_WHO) || inp(c, W(c, W_age))) && e->knows_imp) {
            double sw = 0, sc = 0;
            memset(&l, 0, sizeof(l));
            int dl = inp(c, W(c, W_duration)) || inp(c, W(c, W_lifespan));
            FOR_WTQ(i)
            {
                int t = wt[i].t;
                int cov = or3(any3(K1, t), any3(S1, t));
                int who = ((tcls(c, t) & C_WHO) || (t == W(c, W_age) && !dl)) ? T : F;
                who = and3(who, not3(any3(K1, t)));
                who = and3(who, not3(any3(S1, t)));
                if (who == T) {
                    int named_ex = 0;
                    for (int r = 0; r < nx && !named_ex; r++)
                        if (isex[s->examples[r].entry] && ROW_HAS(r, t))
                            named_ex = 1;
                    if (named_ex)
                        who = F;
                }
                if (who == T) {
                    sw += wt[i].w;
                    lpush(c, &l, t);
                }
                if (cov == T)
                    sc += wt[i].w;
            }
            if (sw < sc)
                e->whom = arr_of(l); /* wt is sorted: ORDER BY t */
        }
        /* q.period */
        e->period = EMPTY;
        if ((inp(c, W(c, W_age)) || inp(c, W(c, W_month)) || inp(c, W(c, W_year))) && inp(c, W(c, W_fee)) &&
            e->knows_imp && s->entries[e->ei].period) {
            memset(&l, 0, sizeof(l));
            for (int i = 0; i < c->np; i++) {
                int y = c->p[i];
                if ((y == W(c, W_age) || y == W(c, W_month) || y == W(c, W_year)) && !anyc(K1, y) && any3(S1, y) == F)
                    lpush_distinct(c, &l, y);
            }
            e->period = sorted(c, l);
        }
        /* q.kin */
        e->kin = EMPTY;
        int kinw[3] = {W(c, W_appointment), W(c, W_book), W(c, W_queue)};
        if (e->knows_imp && (inp(c, kinw[0]) || inp(c, kinw[1]) || inp(c, kinw[2]))) {
            memset(&l, 0, sizeof(l));
            for (int i = 0; i < c->np; i++) {
                int y = c->p[i];
                if (!has(kinw, 3, y) || any3(K1, y) != F || any3(S1, y) != F)
                    continue;
                int other = 0;
                for (int j = 0; j < 3 && !other; j++)
                    if (kinw[j] != y && (has(K1.v, K1.n, kinw[j]) || has(S1.v, S1.n, kinw[j])))
                        other = 1;
                if (other)
                    lpush_distinct(c, &l, y);
            }
            e->kin = sorted(c, l);
        }
        /* known */
        if (ARR_EMPTY(e->unstated) && ARR_EMPTY(e->grade))
            e->known2 = K1;
        else {
            memset(&l, 0, sizeof(l));
            for (int i = 0; i < K1.n; i++)
                if (!has(e->unstated.v, e->unstated.n, K1.v[i]) && !has(e->grade.v, e->grade.n, K1.v[i]))
                    lpush(c, &l, K1.v[i]);
            e->known2 = arr_of(l);
        }
        /* said: what the answer says, less what was found unsaid, and the words said by the rules */
        memset(&l, 0, sizeof(l));
        for (int i = 0; i < S1.n; i++) {
            int x = S1.v[i];
            if (!(ARR_EMPTY(e->unsaid) && ARR_EMPTY(e->unstated) && ARR_EMPTY(e->grade)) &&
                (has(e->unsaid.v, e->unsaid.n, x) || has(e->unstated.v, e->unstated.n, x) ||
                 has(e->grade.v, e->grade.n, x)))
                continue;
            lpush(c, &l, x);
        }
        const arr_t *add[] = {&e->qualified, &e->whom,  &e->period, &e->kin,     &e->paying, &e->kind,
                              &e->locating,  &e->aging, &e->dated,  &e->revisit, &e->purpose};
        for (int a = 0; a < NELEM(add); a++)
            for (int i = 0; i < add[a]->n; i++)
                lpush(c, &l, add[a]->v[i]);
        e->said2 = arr_of(l);
        /* treats */
        e->treats = EMPTY;
        if (e->examines && any3(K1, W(c, W_surgery)) == F && any3(S1, W(c, W_surgery)) == F) {
            memset(&l, 0, sizeof(l));
            lpush(c, &l, W(c, W_surgery));
            e->treats = arr_of(l);
        }
        e->unpriced_own = e->ownfee ? EMPTY : e->unpriced;
    }

    /* ---- cov ---- */
    for (int k = 0; k < ncand; k++) {
        cand_t *e = &cand[k];
        arr_t K = e->known2, S = e->said2;
        list_t l = {0};
        if (!K.null)
            for (int i = 0; i < c->np; i++)
                if (!has(K.v, K.n, c->p[i]) && !has(S.v, S.n, c->p[i]))
                    lpush(c, &l, c->p[i]);
        e->missing = sorted(c, l);
        int im = 0;
        if (!K.null)
            for (int i = 0; i < imp.n && !im; i++)
                im = !has(K.v, K.n, imp.v[i]) && !has(S.v, S.n, imp.v[i]) && !(tcls(c, imp.v[i]) & C_SPEC);
        e->important_missing = im || !ARR_EMPTY(e->unstated) || !ARR_EMPTY(e->treats) || !ARR_EMPTY(e->untimed);
        e->khit = 0;
        e->ktotal = 0;
        for (int i = 0; i < nwt; i++)
            if (has(e->ktoks->v, e->ktoks->n, wt[i].t)) {
                if (wt[i].inp)
                    e->khit += wt[i].w;
                e->ktotal += wt[i].w;
            }
        /* o.oc: the clinic's context */
        e->oc = 0;
        if (ctx.n > 0) {
            int up = 0;
            for (int i = 0; i < e->unpriced_own.n; i++)
                if (has(ctx.v, ctx.n, e->unpriced_own.v[i]))
                    up = 1;
            if (!up && !K.null) {
                int missc = 0, other = 0;
                for (int i = 0; i < ctx.n && !missc; i++)
                    missc = !has(K.v, K.n, ctx.v[i]) && !has(S.v, S.n, ctx.v[i]);
                for (int i = 0; i < c->np && !other; i++)
                    other = !has(K.v, K.n, c->p[i]) && !has(S.v, S.n, c->p[i]) && !has(ctx.v, ctx.n, c->p[i]);
                e->oc = missc && !other;
            }
        }
        /* h */
        double hit = 0, miss = 0;
        FOR_WTQ(i)
        {
            int t = wt[i].t;
            double w = wt[i].w, base = wt[i].base;
            int inK = any3(K, t);
            if (inK == T) {
                hit += w;
                miss += 0;
            } else if (has(e->qualified.v, e->qualified.n, t) || has(e->whom.v, e->whom.n, t)) {
                hit += 0.75 * w;
                miss += 0.25 * base;
            } else if (has(S.v, S.n, t)) {
                hit += 0.85 * w;
                miss += 0.15 * base;
            } else if (has(common.v, common.n, t) && !has(e->unpriced_own.v, e->unpriced_own.n, t))
                miss += e->oc ? 0 : 0.5 * base;
            else
                miss += base;
        }
        e->c = (hit + miss) != 0 ? hit / (hit + miss) : NAN;
        /* kq, sq */
        e->kq = EMPTY;
        e->sq = EMPTY;
        int sp = 0;
        for (int i = 0; i < c->np && !sp; i++)
            sp = has(S.v, S.n, c->p[i]);
        if (sp && !K.null) {
            list_t a = {0}, b = {0};
            for (int i = 0; i < c->np; i++) {
                int t = c->p[i];
                if (has(K.v, K.n, t))
                    lpush(c, &a, t);
                else if (has(S.v, S.n, t) && !has(e->qualified.v, e->qualified.n, t) && !has(e->whom.v, e->whom.n, t) &&
                         !has(e->period.v, e->period.n, t) && !has(e->kin.v, e->kin.n, t) && !(tcls(c, t) & C_ASP17) &&
                         !has(common.v, common.n, t))
                    lpush(c, &b, t);
            }
            e->kq = arr_of(a);
            e->sq = arr_of(b);
        }
    }

    /* ---- fit, fin ---- */
    for (int k = 0; k < ncand; k++) {
        cand_t *e = &cand[k];
        double best = NAN;
        for (int j = 0; j < e->nrow; j++) {
            int r = e->rows[j];
            double a = 0, b = 0;
            for (int i = 0; i < nwt; i++)
                if (has(xt[r].v, xt[r].n, wt[i].t)) {
                    if (wt[i].inp)
                        a += wt[i].w;
                    b += wt[i].w;
                }
            double f = 2 * a / (qtotal + b);
            if (isnan(best) || f > best)
                best = f;
        }
        e->fitf = best;
        double kf = NAN;
        if (qtotal != 0 && (qtotal + e->ktotal) != 0)
            kf = 0.85 * e->khit / qtotal * (0.7 + 0.6 * e->khit / (qtotal + e->ktotal));
        double g = 0;
        if (!isnan(e->fitf) && e->fitf > g)
            g = e->fitf;
        if (!isnan(kf) && kf > g)
            g = kf;
        int whole = g < 0.35 && e->missing.n == 0 && !e->important_missing && nz(e->c) >= 0.85 && subj.n > 0;
        e->f = whole ? 0.35 : g;
        e->s0 = (0.6 * nz(e->c) + 0.4 * e->f) * (e->important_missing ? 0.8 : 1);
    }
    /* fa */
    double maxplain = NAN;
    for (int k = 0; k < ncand; k++)
        if (ARR_EMPTY(cand[k].aspect) || cand[k].aspect.null)
            if (isnan(maxplain) || cand[k].s0 > maxplain)
                maxplain = cand[k].s0;
    for (int k = 0; k < ncand; k++) {
        cand_t *e = &cand[k];
        int asp = !e->aspect.null && e->aspect.n > 0;
        int cond = asp && qi_any && !isnan(maxplain) && maxplain >= e->s0 - 0.04;
        e->s1 = e->s0 * (cond ? 0.95 : 1);
        e->full = e->missing.n == 0 && !e->important_missing && e->whom.n == 0 && e->qualified.n == 0;
    }
    /* qimp, fb */
    int qimp = 0;
    for (int i = 0; i < imp.n && !qimp; i++)
        qimp = !(tcls(c, imp.v[i]) & C_SPEC);
    if (!qimp) {
        int within = 1;
        for (int i = 0; i < c->np; i++)
            if (c->p[i] != W(c, W_fee) && c->p[i] != W(c, W_free))
                within = 0;
        qimp = within;
    }
    for (int k = 0; k < ncand; k++) {
        cand_t *e = &cand[k];
        int broader = 0;
        if (qimp && e->full && !isnan(e->c))
            for (int o = 0; o < ncand && !broader; o++) {
                cand_t *x = &cand[o];
                if (o == k || !x->full || isnan(x->c))
                    continue;
                if (fabs(x->c - e->c) < 1e-6 && x->s1 >= e->s1 - 0.04 && x->f >= e->f + 0.02)
                    broader = 1;
            }
        e->s2 = e->s1 * (broader ? 0.95 : 1);
    }
    /* crossed */
    for (int k = 0; k < ncand; k++) {
        cand_t *e = &cand[k];
        e->score = e->s2;
        if (e->sq.n == 0 || !e->full)
            continue;
        int best = -1;
        for (int o = 0; o < ncand; o++) {
            cand_t *x = &cand[o];
            if (o == k || !x->full || !(x->s2 <= e->s2 && x->s2 >= e->s2 - 0.15))
                continue;
            int a = 0, b = 0;
            for (int i = 0; i < e->sq.n && !a; i++)
                a = has(x->kq.v, x->kq.n, e->sq.v[i]);
            for (int i = 0; i < x->sq.n && !b; i++)
                b = has(e->kq.v, e->kq.n, x->sq.v[i]);
            if (!a || !b)
                continue;
            if (best < 0 || x->s2 > cand[best].s2 ||
                (x->s2 == cand[best].s2 && s->entries[x->ei].id < s->entries[cand[best].ei].id))
                best = o;
        }
        if (best >= 0)
            e->score = cand[best].s2;
    }

    /* ORDER BY score DESC, id LIMIT */
    {
        /* the candidates' indices, best first (a handful: an insertion sort) */
        int *order = aalloc(&c->ar, (size_t)(ncand + 1) * sizeof(int));
        for (int k = 0; k < ncand; k++) {
            int j = k;
            for (; j > 0; j--) {
                const cand_t *x = &cand[order[j - 1]], *y = &cand[k];
                if (x->score > y->score || (x->score == y->score && s->entries[x->ei].id < s->entries[y->ei].id))
                    break;
                order[j] = order[j - 1];
            }
            order[j] = k;
        }
        for (int k = 0; k < ncand && nout < limit; k++) {
            cand_t *e = &cand[order[k]];
            rt_kbscore_row_t *o = &out[nout++];
            o->id = s->entries[e->ei].id;
            o->question = s->entries[e->ei].question;
            o->answer = s->entries[e->ei].answer;
            o->score = e->score;
            o->coverage = e->c;
            o->fit = e->f;
            o->nmissing = e->missing.n;
            o->missing_len = 0;
            o->missing = NULL;
            for (int i = 0; i < e->missing.n; i++)
                o->missing_len += strlen(tstr(c, e->missing.v[i])) + 1;
            if (o->missing_len > 0) {
                o->missing = wa_malloc(o->missing_len);
                char *p = o->missing;
                for (int i = 0; i < e->missing.n; i++) {
                    size_t n = strlen(tstr(c, e->missing.v[i])) + 1;
                    memcpy(p, tstr(c, e->missing.v[i]), n);
                    p += n;
                }
            }
        }
    }
#undef ROW_HAS
#undef FOR_WTQ
done:
    afree(&c->ar);
    return nout;
}

int rt_kbscore_text_array(const char *s, char ***out)
{
    size_t len = strlen(s);
    int n = 0;
    *out = NULL;
    if (len < 2 || s[0] != '{' || s[len - 1] != '}')
        return -1;
    for (size_t i = 1; i + 1 < len; i++) /* an upper bound: one element per comma, plus one */
        n += s[i] == ',';
    n++;
    char **v = wa_malloc((size_t)(n + 1) * sizeof(char *) + len + 1);
    char *w = (char *)(v + n + 1);
    const char *p = s + 1, *end = s + len - 1;
    int k = 0;
    if (p == end) {
        v[0] = NULL;
        *out = v;
        return 0;
    }
    for (;;) {
        v[k] = w;
        if (*p == '"') {
            for (p++; p < end && *p != '"'; p++) {
                if (*p == '\\' && p + 1 < end)
                    p++;
                *w++ = *p;
            }
            if (p >= end)
                goto bad;
            p++;
        } else {
            const char *from = p;
            while (p < end && *p != ',') {
                if (*p == '"' || *p == '{' || *p == '}' || *p == '\\')
                    goto bad; /* PostgreSQL quotes an element holding one */
                *w++ = *p++;
            }
            if (p == from || (p - from == 4 && strncasecmp(from, "NULL", 4) == 0))
                goto bad;
        }
        *w++ = '\0';
        k++;
        if (p == end)
            break;
        if (*p != ',' || k >= n)
            goto bad;
        p++;
    }
    v[k] = NULL;
    *out = v;
    return k;
bad:
    free(v);
    return -1;
}
