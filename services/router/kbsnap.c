/*
 * The router's snapshots of the clinics' knowledge bases (see kbsnap.h): a chained hash table by doctor id, each
 * entry stamped with the tick of its last use; past the cap the least recently used go, found by a scan (a router
 * holds tens to a few hundred clinics, and a put is rare: once per clinic and knowledge-base version).
 */
#include "kbsnap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wa/log.h"

#define OVERHEAD 64 /* the entry's struct and malloc's share, counted against the cap */

typedef struct st_snap_t {
    struct st_snap_t *chain;
    uint64_t hash;
    long long version;
    unsigned long long used; /* the tick of its last use */
    size_t bytes;
    rt_kbscore_t *s;
    char doctor[40];
} snap_t;

struct st_rt_kbsnap_t {
    size_t max_bytes, bytes, count;
    snap_t *buckets[256];
    unsigned long long tick, fetched;
};

static uint64_t hash_of(const char *s)
{
    return rt_kbscore_hash(s, strlen(s));
}

rt_kbsnap_t *rt_kbsnap_create(size_t max_bytes)
{
    rt_kbsnap_t *c = wa_calloc(1, sizeof(*c));
    c->max_bytes = max_bytes;
    return c;
}

static void drop(rt_kbsnap_t *c, snap_t **link)
{
    snap_t *e = *link;
    *link = e->chain;
    c->bytes -= e->bytes;
    c->count--;
    rt_kbscore_free(e->s);
    free(e);
}

void rt_kbsnap_destroy(rt_kbsnap_t *c)
{
    if (c == NULL)
        return;
    for (size_t b = 0; b < sizeof(c->buckets) / sizeof(c->buckets[0]); b++)
        while (c->buckets[b] != NULL)
            drop(c, &c->buckets[b]);
    free(c);
}

static snap_t **find(rt_kbsnap_t *c, const char *doctor_id, uint64_t h)
{
    snap_t **link = &c->buckets[h % (sizeof(c->buckets) / sizeof(c->buckets[0]))];
    while (*link != NULL && !((*link)->hash == h && strcmp((*link)->doctor, doctor_id) == 0))
        link = &(*link)->chain;
    return link;
}

const rt_kbscore_t *rt_kbsnap_get(rt_kbsnap_t *c, const char *doctor_id, long long version)
{
    snap_t *e = *find(c, doctor_id, hash_of(doctor_id));
    if (e == NULL || e->version != version)
        return NULL;
    e->used = ++c->tick;
    return e->s;
}

void rt_kbsnap_put(rt_kbsnap_t *c, const char *doctor_id, long long version, rt_kbscore_t *s)
{
    uint64_t h = hash_of(doctor_id);
    snap_t **link = find(c, doctor_id, h), *e;

    if (strlen(doctor_id) >= sizeof(e->doctor)) { /* never a uuid: not kept */
        rt_kbscore_free(s);
        return;
    }
    if (*link != NULL)
        drop(c, link);
    e = wa_calloc(1, sizeof(*e));
    e->hash = h;
    e->version = version;
    e->used = ++c->tick;
    e->s = s;
    e->bytes = rt_kbscore_bytes(s) + OVERHEAD;
    snprintf(e->doctor, sizeof(e->doctor), "%s", doctor_id);
    link = &c->buckets[h % (sizeof(c->buckets) / sizeof(c->buckets[0]))];
    e->chain = *link;
    *link = e;
    c->bytes += e->bytes;
    c->count++;
    while (c->bytes > c->max_bytes && c->count > 1) {
        snap_t **oldest = NULL;
        for (size_t b = 0; b < sizeof(c->buckets) / sizeof(c->buckets[0]); b++)
            for (snap_t **l = &c->buckets[b]; *l != NULL; l = &(*l)->chain)
                if (*l != e && (oldest == NULL || (*l)->used < (*oldest)->used))
                    oldest = l;
        if (oldest == NULL)
            break;
        drop(c, oldest);
    }
}

/* One statement for the doctors pick[0..k) of doctor_ids: 0, -1 (database) or -2 (a snapshot did not load). */
static int fetch_some(rt_kbsnap_t *c, wa_pg_t *pg, const size_t *pick, size_t k, const char *const *doctor_ids,
                      const long long *versions)
{
    static const char sql[] = "SELECT d::text, kb_score_snapshot(d) FROM unnest($1::uuid[]) d";
    size_t len = 3;
    char *arr, *w;
    const char *params[1];
    PGresult *res;
    int rc = 0;

    for (size_t i = 0; i < k; i++)
        len += strlen(doctor_ids[pick[i]]) + 1;
    w = arr = wa_malloc(len);
    *w++ = '{';
    for (size_t i = 0; i < k; i++) {
        size_t l = strlen(doctor_ids[pick[i]]);
        if (i > 0)
            *w++ = ',';
        memcpy(w, doctor_ids[pick[i]], l);
        w += l;
    }
    *w++ = '}';
    *w = '\0';
    params[0] = arr;
    res = wa_pg_exec_prepared(pg, "router kb snapshots", sql, 1, params);
    free(arr);
    if (res == NULL)
        return -1;
    for (int r = 0; r < PQntuples(res); r++) {
        const char *d = PQgetvalue(res, r, 0);
        long long version = 0;
        int found = 0;
        for (size_t i = 0; i < k && !found; i++)
            if (strcmp(doctor_ids[pick[i]], d) == 0) {
                version = versions[pick[i]];
                found = 1;
            }
        cJSON *j = found && !PQgetisnull(res, r, 1) ? cJSON_Parse(PQgetvalue(res, r, 1)) : NULL;
        char err[128] = "";
        rt_kbscore_t *s = j != NULL ? rt_kbscore_new(j, err, sizeof(err)) : NULL;
        cJSON_Delete(j);
        if (s == NULL) {
            wa_error("knowledge-base snapshot did not load", "doctor_id", d, "error", err[0] ? err : "not JSON");
            rc = -2;
            continue;
        }
        c->fetched++;
        rt_kbsnap_put(c, d, version, s); /* under the version the caller read (kbsnap.h) */
    }
    PQclear(res);
    return rc;
}

int rt_kbsnap_fetch(rt_kbsnap_t *c, wa_pg_t *pg, size_t n, const char *const *doctor_ids, const long long *versions)
{
    /* a few clinics a statement: a batch's first sightings at a router's start name tens of clinics, and their JSON
     * and parsed trees at once were a peak of the router's RSS */
    enum { FETCH_CHUNK = 8 };
    char *seen = wa_calloc(n + 1, 1);
    size_t pick[FETCH_CHUNK];
    int rc = 0;

    for (;;) {
        size_t k = 0;
        for (size_t i = 0; i < n && k < FETCH_CHUNK; i++) {
            if (seen[i])
                continue;
            for (size_t j = i; j < n; j++) /* this doctor's other texts of the batch: the same snapshot */
                if (strcmp(doctor_ids[j], doctor_ids[i]) == 0)
                    seen[j] = 1;
            if (rt_kbsnap_get(c, doctor_ids[i], versions[i]) == NULL && strchr(doctor_ids[i], ',') == NULL &&
                strchr(doctor_ids[i], '}') == NULL) /* a uuid never holds either */
                pick[k++] = i;
        }
        if (k == 0)
            break;
        int r = fetch_some(c, pg, pick, k, doctor_ids, versions);
        if (r == -1) {
            rc = -1;
            break;
        }
        if (r == -2)
            rc = -2;
    }
    free(seen);
    return rc;
}

size_t rt_kbsnap_bytes(const rt_kbsnap_t *c)
{
    return c->bytes;
}

unsigned long long rt_kbsnap_fetched(const rt_kbsnap_t *c)
{
    return c->fetched;
}
