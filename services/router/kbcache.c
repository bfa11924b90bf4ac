/*
 * The router's answer cache (see kbcache.h): a chained hash table of entries that are also on a doubly linked
 * list in order of use (most recent at the head); the bytes of every entry (its struct, key and result copy, plus a
 * malloc overhead estimate per allocation) are counted, and the tail is evicted while the total exceeds the cap.
 */
#include "kbcache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"

#define ALLOC_OVERHEAD 16 /* what malloc adds per allocation, roughly: counted so that the cap bounds the RSS */

typedef struct st_entry_t {
    struct st_entry_t *chain;      /* next in the bucket */
    struct st_entry_t *prev, *next; /* the use order: prev is more recent */
    uint64_t hash;
    long long version;
    size_t bytes;
    wa_kb_result_t result;
    char *label; /* a label entry's text (rt_kbcache_put_label), else NULL */
    char *alias; /* an alias entry's target key (rt_kbcache_put_alias), else NULL */
    char key[];  /* NUL-terminated */
} entry_t;

struct st_rt_kbcache_t {
    size_t max_bytes, bytes, count;
    entry_t **buckets;
    size_t nbuckets; /* a power of two, or 0 */
    entry_t *head, *tail;
};

static uint64_t hash_of(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

rt_kbcache_t *rt_kbcache_create(size_t max_bytes)
{
    rt_kbcache_t *c = wa_calloc(1, sizeof(*c));
    c->max_bytes = max_bytes;
    return c;
}

static void unlink_use(rt_kbcache_t *c, entry_t *e)
{
    if (e->prev != NULL)
        e->prev->next = e->next;
    else
        c->head = e->next;
    if (e->next != NULL)
        e->next->prev = e->prev;
    else
        c->tail = e->prev;
    e->prev = e->next = NULL;
}

static void push_head(rt_kbcache_t *c, entry_t *e)
{
    e->prev = NULL;
    e->next = c->head;
    if (c->head != NULL)
        c->head->prev = e;
    c->head = e;
    if (c->tail == NULL)
        c->tail = e;
}

/* The slot that points at the entry of key (or the NULL slot at the end of its chain). */
static entry_t **find_slot(rt_kbcache_t *c, const char *key, uint64_t h)
{
    entry_t **p = &c->buckets[h & (c->nbuckets - 1)];
    while (*p != NULL && ((*p)->hash != h || strcmp((*p)->key, key) != 0))
        p = &(*p)->chain;
    return p;
}

static void remove_entry(rt_kbcache_t *c, entry_t *e)
{
    entry_t **p = find_slot(c, e->key, e->hash);
    if (*p == e)
        *p = e->chain;
    unlink_use(c, e);
    c->bytes -= e->bytes;
    c->count--;
    wa_kb_result_dispose(&e->result);
    free(e->label);
    free(e->alias);
    free(e);
}

/* Doubles the table when it holds more entries than buckets (entries are never more than a few thousand). */
static void grow(rt_kbcache_t *c)
{
    size_t n = c->nbuckets == 0 ? 64 : c->nbuckets * 2;
    entry_t **b = wa_calloc(n, sizeof(*b));
    for (size_t i = 0; i < c->nbuckets; i++)
        for (entry_t *e = c->buckets[i], *next; e != NULL; e = next) {
            next = e->chain;
            e->chain = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
        }
    c->bytes = c->bytes - c->nbuckets * sizeof(*b) + n * sizeof(*b);
    free(c->buckets);
    c->buckets = b;
    c->nbuckets = n;
}

void rt_kbcache_destroy(rt_kbcache_t *c)
{
    if (c == NULL)
        return;
    while (c->head != NULL) {
        entry_t *e = c->head;
        c->head = e->next;
        wa_kb_result_dispose(&e->result);
        free(e->label);
        free(e->alias);
        free(e);
    }
    free(c->buckets);
    free(c);
}

int rt_kbcache_key(const char *doctor_id, const char *text, char *out, size_t outsz)
{
    size_t n, len = 0;
    int space = 0;

    if (doctor_id == NULL || text == NULL || strlen(text) > RT_KBCACHE_MAX_TEXT)
        return -1;
    n = strlen(doctor_id);
    if (n + 2 > outsz || memchr(doctor_id, '\n', n) != NULL)
        return -1;
    memcpy(out, doctor_id, n);
    len = n;
    out[len++] = '\n';
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
        unsigned char ch = *p;
        if (ch >= 'A' && ch <= 'Z')
            ch = (unsigned char)(ch - 'A' + 'a');
        if (ch < 0x80 && !((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
            space = 1; /* a separator for kb_match: written only before the next word */
            continue;
        }
        if (space && len > n + 1) {
            if (len + 1 >= outsz)
                return -1;
            out[len++] = ' ';
        }
        space = 0;
        if (len + 1 >= outsz)
            return -1;
        out[len++] = (char)ch;
    }
    out[len] = '\0';
    return 0;
}

int rt_kbcache_tokens_key(const char *doctor_id, const char *toks, char *out, size_t outsz)
{
    size_t n, t;

    if (doctor_id == NULL || toks == NULL || toks[0] != '{' || (t = strlen(toks)) < 2 || toks[t - 1] != '}')
        return -1;
    n = strlen(doctor_id);
    if (n + 1 + t + 1 > outsz || memchr(doctor_id, '\n', n) != NULL || memchr(toks, '\n', t) != NULL)
        return -1;
    memcpy(out, doctor_id, n);
    out[n] = '\n';
    memcpy(out + n + 1, toks, t + 1);
    return 0;
}

/* The current entry of key for `version` (now the most recently used), or NULL; an entry of another version is
 * removed. */
static entry_t *lookup(rt_kbcache_t *c, const char *key, long long version)
{
    entry_t *e;

    if (c->count == 0 || (e = *find_slot(c, key, hash_of(key))) == NULL)
        return NULL;
    if (e->version != version) { /* the knowledge base changed since: never answer from it */
        remove_entry(c, e);
        return NULL;
    }
    unlink_use(c, e);
    push_head(c, e);
    return e;
}

/* The entry of key for `version`, through its alias when key holds one (the target under the same version). */
static entry_t *lookup_through(rt_kbcache_t *c, const char *key, long long version)
{
    entry_t *e = lookup(c, key, version);
    return e != NULL && e->alias != NULL ? lookup(c, e->alias, version) : e;
}

int rt_kbcache_get(rt_kbcache_t *c, const char *key, long long version, wa_kb_result_t *out)
{
    entry_t *e = lookup_through(c, key, version);

    if (e == NULL || e->label != NULL || e->alias != NULL)
        return 0;
    wa_kb_result_copy(out, &e->result);
    return 1;
}

/* A label's key: the lookup key and a line of its own, which no lookup key has (its words have no newline). */
static int label_key(const char *key, char *out, size_t outsz)
{
    int n = snprintf(out, outsz, "%s\n#intent", key);
    return n > 0 && (size_t)n < outsz ? 0 : -1;
}

int rt_kbcache_get_label(rt_kbcache_t *c, const char *key, long long version, char *out, size_t outsz)
{
    char k[RT_KBCACHE_KEY_MAX + 16];
    entry_t *e;

    if (label_key(key, k, sizeof(k)) != 0)
        return 0;
    if ((e = lookup(c, k, version)) == NULL) { /* the label of the key an alias names */
        entry_t *a = lookup(c, key, version);
        if (a == NULL || a->alias == NULL || label_key(a->alias, k, sizeof(k)) != 0 || (e = lookup(c, k, version)) == NULL)
            return 0;
    }
    if (e->label == NULL)
        return 0;
    snprintf(out, outsz, "%s", e->label);
    return 1;
}

static void put_entry(rt_kbcache_t *c, const char *key, long long version, const wa_kb_result_t *r,
                      const char *label, const char *alias);

void rt_kbcache_put_label(rt_kbcache_t *c, const char *key, long long version, const char *label)
{
    char k[RT_KBCACHE_KEY_MAX + 16];

    if (label != NULL && label_key(key, k, sizeof(k)) == 0)
        put_entry(c, k, version, NULL, label, NULL);
}

void rt_kbcache_put(rt_kbcache_t *c, const char *key, long long version, const wa_kb_result_t *r)
{
    put_entry(c, key, version, r, NULL, NULL);
}

void rt_kbcache_put_alias(rt_kbcache_t *c, const char *key, long long version, const char *target)
{
    if (target != NULL && strcmp(key, target) != 0)
        put_entry(c, key, version, NULL, NULL, target);
}

/* Stores a copy of r, or of label, or of alias (the others NULL). */
static void put_entry(rt_kbcache_t *c, const char *key, long long version, const wa_kb_result_t *r,
                      const char *label, const char *alias)
{
    size_t klen = strlen(key), bytes = sizeof(entry_t) + klen + 1 + ALLOC_OVERHEAD;
    uint64_t h = hash_of(key);
    entry_t **slot, *e;

    if (r != NULL)
        bytes += wa_kb_result_size(r) - sizeof(*r) + 2 * r->nhits * ALLOC_OVERHEAD;
    else
        bytes += strlen(label != NULL ? label : alias) + 1 + ALLOC_OVERHEAD;
    if (c->max_bytes == 0 || bytes > c->max_bytes / 8)
        return;
    if (c->count >= c->nbuckets)
        grow(c);
    slot = find_slot(c, key, h);
    if (*slot != NULL)
        remove_entry(c, *slot); /* an older version's, or a concurrent lookup's: the newest wins */
    while (c->tail != NULL && c->bytes + bytes > c->max_bytes)
        remove_entry(c, c->tail);
    e = wa_malloc(sizeof(*e) + klen + 1);
    memset(e, 0, sizeof(*e));
    memcpy(e->key, key, klen + 1);
    e->hash = h;
    e->version = version;
    e->bytes = bytes;
    if (r != NULL)
        wa_kb_result_copy(&e->result, r);
    else if (label != NULL)
        e->label = wa_strdup(label);
    else
        e->alias = wa_strdup(alias);
    slot = find_slot(c, key, h); /* evictions may have changed the chain */
    e->chain = *slot;
    *slot = e;
    push_head(c, e);
    c->bytes += bytes;
    c->count++;
}

size_t rt_kbcache_entries(const rt_kbcache_t *c)
{
    return c->count;
}

size_t rt_kbcache_bytes(const rt_kbcache_t *c)
{
    return c->bytes;
}
