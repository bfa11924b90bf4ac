/*
 * wa-kbscore-parity: the C side of bench/router/kbscore_parity.py, which compares the router's knowledge-base score
 * in C (services/router/kbscore.h) with the SQL it ports (kb_match_tokens_names). A line protocol, one JSON object
 * a line each way, so that the Python side drives it as a subprocess:
 *
 *   {"key": "K", "snapshot": {...}}               registers kb_score_snapshot()'s JSON as K (again: replaces it)
 *       -> {"ok": true, "bytes": n}  or  {"error": "..."}
 *   {"key": "K", "toks": [...], "limit": 4}       rt_kbscore_match and rt_kbscore_shares_word on K
 *       -> {"rows": [[id, "score", "coverage", "fit", ["missing", ...]], ...], "shares": 0|1}
 *   ... with "repeat": N                          the same, rt_kbscore_match run N times, and "ns": nanoseconds a call
 *
 * The floats are strings printed with "%.17g" (null for NaN), so that the Python side reads back the very double the
 * C computed and compares it exactly with the database's. Anything malformed answers {"error": "..."} and the loop
 * goes on; stdout is flushed after every answer (the other side waits for it).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kbscore.h"
#include "parity_line.h"

#define MAX_LIMIT 1000      /* rows a query may ask for: bounds the allocation a bad line can cause */
#define MAX_REPEAT 10000000 /* calls a timing may ask for */

/* The registered snapshots: a handful (one per doctor of the run), so a list searched linearly is enough. */
typedef struct snap_t {
    struct snap_t *next;
    char *key;
    rt_kbscore_t *s;
} snap_t;

static snap_t *snaps;

static snap_t *find(const char *key)
{
    for (snap_t *p = snaps; p != NULL; p = p->next)
        if (strcmp(p->key, key) == 0)
            return p;
    return NULL;
}

/* Drops K's snapshot, if any. */
static void forget(const char *key)
{
    for (snap_t **pp = &snaps; *pp != NULL; pp = &(*pp)->next) {
        if (strcmp((*pp)->key, key) == 0) {
            snap_t *p = *pp;
            *pp = p->next;
            rt_kbscore_free(p->s);
            free(p->key);
            free(p);
            return;
        }
    }
}

static void do_register(const char *key, const cJSON *snapshot)
{
    char err[256] = "";
    rt_kbscore_t *s = rt_kbscore_new(snapshot, err, sizeof err);
    /* The old snapshot goes even when the new one is refused: a later query of K must fail, never score against
     * what K held before (a comparison would then pass or fail for the wrong clinic's data). */
    forget(key);
    if (s == NULL) {
        parity_error("snapshot refused: %s", err[0] != '\0' ? err : "(no reason given)");
        return;
    }
    snap_t *p = calloc(1, sizeof *p);
    char *k = strdup(key);
    if (p == NULL || k == NULL) {
        free(p);
        free(k);
        rt_kbscore_free(s);
        parity_error("out of memory");
        return;
    }
    p->key = k;
    p->s = s;
    p->next = snaps;
    snaps = p;
    cJSON *obj = cJSON_CreateObject();
    if (obj != NULL) {
        cJSON_AddTrueToObject(obj, "ok");
        cJSON_AddNumberToObject(obj, "bytes", (double)rt_kbscore_bytes(s));
    }
    parity_answer(obj);
}

/* A double as the exact decimal string "%.17g" (which reads back to the same double), null for NaN (SQL's NULL). */
static cJSON *exact(double v)
{
    if (isnan(v))
        return cJSON_CreateNull();
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", v);
    return cJSON_CreateString(buf);
}

static cJSON *row_json(const rt_kbscore_row_t *r)
{
    cJSON *a = cJSON_CreateArray();
    cJSON *missing = cJSON_CreateArray();
    if (a == NULL || missing == NULL) {
        cJSON_Delete(a);
        cJSON_Delete(missing);
        return NULL;
    }
    /* ids are bigserials far below 2^53: a JSON number holds them exactly */
    cJSON_AddItemToArray(a, cJSON_CreateNumber((double)r->id));
    cJSON_AddItemToArray(a, exact(r->score));
    cJSON_AddItemToArray(a, exact(r->coverage));
    cJSON_AddItemToArray(a, exact(r->fit));
    /* walk the NUL-separated strings by missing_len, not nmissing alone: a wrong count shows as a wrong list here
     * instead of a read past the allocation */
    size_t off = 0;
    for (int i = 0; i < r->nmissing && r->missing != NULL && off < r->missing_len; i++) {
        const char *m = r->missing + off;
        size_t len = strnlen(m, r->missing_len - off);
        char *copy = strndup(m, len);
        if (copy != NULL) {
            cJSON_AddItemToArray(missing, cJSON_CreateString(copy));
            free(copy);
        }
        off += len + 1;
    }
    cJSON_AddItemToArray(a, missing);
    return a;
}

static void do_match(const char *key, const cJSON *req)
{
    snap_t *snap = find(key);
    if (snap == NULL) {
        parity_error("no snapshot registered as \"%.200s\"", key);
        return;
    }
    const cJSON *jtoks = cJSON_GetObjectItemCaseSensitive(req, "toks");
    const cJSON *jlimit = cJSON_GetObjectItemCaseSensitive(req, "limit");
    const cJSON *jrepeat = cJSON_GetObjectItemCaseSensitive(req, "repeat");
    if (!cJSON_IsArray(jtoks)) {
        parity_error("\"toks\" must be an array of strings");
        return;
    }
    if (!cJSON_IsNumber(jlimit) || jlimit->valuedouble < 0 || jlimit->valuedouble > MAX_LIMIT ||
        jlimit->valuedouble != (double)(int)jlimit->valuedouble) {
        parity_error("\"limit\" must be an integer from 0 to 1000");
        return;
    }
    int repeat = 1;
    if (jrepeat != NULL) {
        if (!cJSON_IsNumber(jrepeat) || jrepeat->valuedouble < 1 || jrepeat->valuedouble > MAX_REPEAT ||
            jrepeat->valuedouble != (double)(int)jrepeat->valuedouble) {
            parity_error("\"repeat\" must be an integer from 1 to 10000000");
            return;
        }
        repeat = (int)jrepeat->valuedouble;
    }
    int limit = (int)jlimit->valuedouble;
    int ntoks = cJSON_GetArraySize(jtoks);
    const char **toks = calloc(ntoks > 0 ? (size_t)ntoks : 1, sizeof *toks);
    rt_kbscore_row_t *rows = calloc(limit > 0 ? (size_t)limit : 1, sizeof *rows);
    if (toks == NULL || rows == NULL) {
        free(toks);
        free(rows);
        parity_error("out of memory");
        return;
    }
    int i = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, jtoks)
    {
        if (!cJSON_IsString(t) || t->valuestring == NULL) {
            free(toks);
            free(rows);
            parity_error("\"toks\" must be an array of strings");
            return;
        }
        toks[i++] = t->valuestring;
    }

    /* Timed: every call's rows are freed but the last's, as the router frees each result it has copied out. */
    int n = 0;
    long long t0 = parity_now_ns();
    for (int r = 0; r < repeat; r++) {
        if (r > 0)
            rt_kbscore_rows_free(rows, n);
        n = rt_kbscore_match(snap->s, (const char *const *)toks, ntoks, limit, rows);
        if (n < 0)
            break;
    }
    long long elapsed = parity_now_ns() - t0;
    if (n < 0) {
        free(toks);
        free(rows);
        parity_error("rt_kbscore_match: out of memory");
        return;
    }
    if (n > limit) { /* the contract says at most `limit`: say so rather than read past the array */
        free(toks);
        free(rows);
        parity_error("rt_kbscore_match returned more rows than the limit");
        return;
    }
    int shares = rt_kbscore_shares_word(snap->s, (const char *const *)toks, ntoks);

    cJSON *obj = cJSON_CreateObject();
    cJSON *jrows = cJSON_CreateArray();
    if (obj == NULL || jrows == NULL) {
        cJSON_Delete(obj);
        cJSON_Delete(jrows);
        obj = NULL;
    } else {
        cJSON_AddItemToObject(obj, "rows", jrows);
        for (int k = 0; k < n && obj != NULL; k++) {
            cJSON *row = row_json(&rows[k]);
            if (row == NULL || !cJSON_AddItemToArray(jrows, row)) { /* a row left out would read as a mismatch */
                cJSON_Delete(row);
                cJSON_Delete(obj);
                obj = NULL;
            }
        }
    }
    if (obj != NULL) {
        cJSON_AddNumberToObject(obj, "shares", shares ? 1 : 0);
        if (jrepeat != NULL)
            cJSON_AddNumberToObject(obj, "ns", (double)elapsed / repeat);
    }
    rt_kbscore_rows_free(rows, n);
    free(rows);
    free(toks);
    parity_answer(obj);
}

static void handle(const char *line, void *arg)
{
    cJSON *req = cJSON_Parse(line);
    if (req == NULL || !cJSON_IsObject(req)) {
        cJSON_Delete(req);
        parity_error("not a JSON object");
        return;
    }
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(req, "key");
    const cJSON *snapshot = cJSON_GetObjectItemCaseSensitive(req, "snapshot");
    if (!cJSON_IsString(key) || key->valuestring == NULL)
        parity_error("\"key\" must be a string");
    else if (snapshot != NULL)
        do_register(key->valuestring, snapshot);
    else if (cJSON_GetObjectItemCaseSensitive(req, "toks") != NULL)
        do_match(key->valuestring, req);
    else
        parity_error("neither \"snapshot\" nor \"toks\" given");
    cJSON_Delete(req);
}

int main(void)
{
    parity_serve(handle, NULL); /* handle answers every line, a blank one too */
    while (snaps != NULL)
        forget(snaps->key);
    return 0;
}
