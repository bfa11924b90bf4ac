/*
 * wa-analyse-parity: the C side of bench/router/analyse_parity.py, which compares the router's analysis of a new
 * text in C (services/router/analyse.h, rt_analyse_batch) with the SQL it ports (router_analyse_batch, through
 * wa_kb_analyse_batch). It connects to PostgreSQL itself, with DATABASE_URL from the environment, and runs both sides
 * on that one connection. A line protocol, one JSON object a line each way, so that the Python side drives it as a
 * subprocess:
 *
 *   {"pairs": [["<doctor uuid>", "<text>"], ...]}          at most 64 pairs
 *       -> {"c": [toks or null, ...], "s": [toks, ...], "c_ns": n, "s_ns": n}
 *
 * toks as PostgreSQL prints a text[] ("{fee,timing}"), c from rt_analyse_batch (null: the text left to SQL), s from
 * wa_kb_analyse_batch; c_ns and s_ns the wall-clock nanoseconds of each call over the whole request, its statements'
 * round trips included. Anything malformed, and a failed statement, answers {"error": "..."} and the loop goes on; an
 * error never quotes a text (the held-out sets' pass through here). stdout is flushed after every answer (the other
 * side waits for it). wa_pg logs a failed statement's reason as a JSON line on stdout: here the log goes to stderr,
 * so that the answers' stream holds nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "wa/kb.h"
#include "wa/log.h"
#include "wa/pg.h"

#include "analyse.h"
#include "parity_line.h"

#define MAX_PAIRS 64 /* pairs a request may hold: bounds the allocation a bad line can cause */
/* The SQL side's typo correction over a chunk of 32 texts of 1000 characters may outlast the services' 10 s default on
 * a loaded machine, and a timeout would read as a failed request; a statement running a minute is stuck, not slow. */
#define STATEMENT_TIMEOUT_MS 60000
#define CONNECT_TIMEOUT_S 5

/* Appends toks (NULL: JSON null) to arr; 0, or -1 out of memory (an element left out would shift every later one
 * onto the wrong text). */
static int add_toks(cJSON *arr, const char *toks)
{
    cJSON *item = toks != NULL ? cJSON_CreateString(toks) : cJSON_CreateNull();
    if (item == NULL || !cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        return -1;
    }
    return 0;
}

static cJSON *result_json(size_t n, char *const *ctoks, char *const *stoks, long long c_ns, long long s_ns)
{
    cJSON *obj = cJSON_CreateObject();
    cJSON *c = cJSON_CreateArray();
    cJSON *s = cJSON_CreateArray();
    if (obj == NULL || c == NULL || s == NULL) {
        cJSON_Delete(obj);
        cJSON_Delete(c);
        cJSON_Delete(s);
        return NULL;
    }
    cJSON_AddItemToObject(obj, "c", c);
    cJSON_AddItemToObject(obj, "s", s);
    for (size_t i = 0; i < n; i++) {
        if (add_toks(c, ctoks[i]) != 0 || add_toks(s, stoks[i]) != 0) {
            cJSON_Delete(obj);
            return NULL;
        }
    }
    /* nanoseconds as a double: exact below 2^53, 104 days */
    if (cJSON_AddNumberToObject(obj, "c_ns", (double)c_ns) == NULL ||
        cJSON_AddNumberToObject(obj, "s_ns", (double)s_ns) == NULL) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

/* Both sides over the same n pairs, timed, and the answer. The side that runs first alternates from one request to
 * the next, so that neither always finds the lexicon's pages and the session's plans warmed by the other. */
static void analyse(wa_pg_t *pg, size_t n, const char *const *ids, const char *const *texts)
{
    static unsigned long requests;
    char **ctoks = calloc(n > 0 ? n : 1, sizeof *ctoks);
    char **stoks = calloc(n > 0 ? n : 1, sizeof *stoks);
    if (ctoks == NULL || stoks == NULL) {
        free(ctoks);
        free(stoks);
        parity_error("out of memory");
        return;
    }
    int c_first = requests++ % 2 == 0;
    int done = 0, s_rc = 0;
    long long c_ns = 0, s_ns = 0, t0;
    for (int turn = 0; turn < 2; turn++) {
        t0 = parity_now_ns();
        if ((turn == 0) == c_first) {
            done = rt_analyse_batch(pg, n, ids, texts, ctoks);
            c_ns = parity_now_ns() - t0;
        } else {
            s_rc = wa_kb_analyse_batch(pg, n, ids, texts, stoks);
            s_ns = parity_now_ns() - t0;
        }
    }
    size_t filled = 0;
    for (size_t i = 0; i < n; i++)
        filled += ctoks[i] != NULL;

    /* the failed statement's reason is on stderr (wa_pg's log): not here, where it could quote a text */
    if (done < 0)
        parity_error("rt_analyse_batch failed: a statement's error (the log on stderr)");
    else if (s_rc != 0)
        parity_error("wa_kb_analyse_batch failed: a statement's error (the log on stderr)");
    else if ((size_t)done != filled) /* the contract: the count of the texts it analysed */
        parity_error("rt_analyse_batch returned %d but filled %zu of %zu", done, filled, n);
    else
        parity_answer(result_json(n, ctoks, stoks, c_ns, s_ns));
    for (size_t i = 0; i < n; i++) {
        free(ctoks[i]);
        free(stoks[i]);
    }
    free(ctoks);
    free(stoks);
}

/* One request: arg is the connection. */
static void handle(const char *line, void *arg)
{
    wa_pg_t *pg = arg;
    cJSON *req = cJSON_Parse(line);
    if (req == NULL || !cJSON_IsObject(req)) {
        cJSON_Delete(req);
        parity_error("not a JSON object");
        return;
    }
    const cJSON *jpairs = cJSON_GetObjectItemCaseSensitive(req, "pairs");
    int n = cJSON_IsArray(jpairs) ? cJSON_GetArraySize(jpairs) : -1;
    if (n < 0 || n > MAX_PAIRS) {
        cJSON_Delete(req);
        parity_error("\"pairs\" must be an array of at most %d pairs", MAX_PAIRS);
        return;
    }
    const char **ids = calloc(n > 0 ? (size_t)n : 1, sizeof *ids);
    const char **texts = calloc(n > 0 ? (size_t)n : 1, sizeof *texts);
    if (ids == NULL || texts == NULL) {
        parity_error("out of memory");
        goto done;
    }
    int i = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, jpairs)
    {
        const cJSON *d = cJSON_IsArray(p) && cJSON_GetArraySize(p) == 2 ? cJSON_GetArrayItem(p, 0) : NULL;
        const cJSON *t = d != NULL ? cJSON_GetArrayItem(p, 1) : NULL;
        if (!cJSON_IsString(d) || d->valuestring == NULL || !cJSON_IsString(t) || t->valuestring == NULL) {
            parity_error("pair %d is not [\"<doctor uuid>\", \"<text>\"]", i);
            goto done;
        }
        ids[i] = d->valuestring;
        texts[i] = t->valuestring;
        i++;
    }
    analyse(pg, (size_t)n, ids, texts);
done:
    free(ids);
    free(texts);
    cJSON_Delete(req);
}

int main(void)
{
    const char *url = getenv("DATABASE_URL"); /* never printed: it may hold a password */
    if (url == NULL || url[0] == '\0') {
        fputs("wa-analyse-parity: DATABASE_URL is not set\n", stderr);
        return 2;
    }
    /* The answers keep the process's stdout on a descriptor of their own; descriptor 1, which wa_log writes its JSON
     * lines to (wa_pg's failed statements), becomes stderr. */
    int fd = dup(STDOUT_FILENO);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (out == NULL || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
        perror("wa-analyse-parity: stdout");
        return 1;
    }
    parity_set_out(out);
    wa_log_init("wa-analyse-parity", NULL);
    wa_pg_settings(CONNECT_TIMEOUT_S, STATEMENT_TIMEOUT_MS);
    wa_pg_t *pg = wa_pg_create(url);
    if (wa_pg_conn(pg) == NULL) { /* wa_pg logged why, without the password */
        wa_pg_destroy(pg);
        return 1;
    }

    parity_serve(handle, pg); /* handle answers every line, a blank one too */
    wa_pg_destroy(pg);
    fclose(out);
    return 0;
}
