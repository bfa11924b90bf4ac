/*
 * Ring buffer of serialised request-log entries for the mock server; see
 * reqlog.h. Entries hold consecutive sequence numbers, so the first entry
 * newer than a given `since` is found by arithmetic, not by a scan.
 */
#include <stdlib.h>
#include <string.h>

#include "wa/log.h"

#include "reqlog.h"

void mock_reqlog_init(mock_reqlog_t *log, size_t cap)
{
    memset(log, 0, sizeof(*log));
    log->cap = cap != 0 ? cap : 1;
    log->next_seq = 1;
}

void mock_reqlog_clear(mock_reqlog_t *log)
{
    for (size_t i = 0; i < log->n; i++)
        free(log->ring[(log->head + i) % log->cap].rest);
    log->head = 0;
    log->n = 0;
}

void mock_reqlog_dispose(mock_reqlog_t *log)
{
    mock_reqlog_clear(log);
    free(log->ring);
    log->ring = NULL;
}

uint64_t mock_reqlog_next_seq(const mock_reqlog_t *log)
{
    return log->next_seq;
}

uint64_t mock_reqlog_add(mock_reqlog_t *log, const char *api, char *rest, size_t rest_len)
{
    if (log->ring == NULL)
        log->ring = wa_calloc(log->cap, sizeof(*log->ring));
    mock_reqlog_entry_t *e;
    if (log->n == log->cap) { /* full: the oldest slot becomes the newest */
        e = &log->ring[log->head];
        free(e->rest);
        log->head = (log->head + 1) % log->cap;
    } else {
        e = &log->ring[(log->head + log->n) % log->cap];
        log->n++;
    }
    e->seq = log->next_seq++;
    e->api = api;
    e->rest = rest;
    e->rest_len = rest_len;
    return e->seq;
}

void mock_reqlog_dump(const mock_reqlog_t *log, const char *api, uint64_t since, mock_buf_t *out)
{
    size_t first = 0, emitted = 0;
    wa_buf_appends(out, "{\"requests\":[");
    if (log->n != 0) {
        uint64_t oldest = log->ring[log->head].seq;
        if (since >= oldest)
            first = since - oldest + 1 > log->n ? log->n : (size_t)(since - oldest + 1);
    }
    for (size_t i = first; i < log->n; i++) {
        const mock_reqlog_entry_t *e = &log->ring[(log->head + i) % log->cap];
        if (api != NULL && strcmp(api, e->api) != 0)
            continue;
        wa_buf_printf(out, "%s{\"seq\":%llu,", emitted++ != 0 ? ",\n" : "", (unsigned long long)e->seq);
        wa_buf_append(out, e->rest, e->rest_len);
    }
    wa_buf_printf(out, "],\"last_seq\":%llu}", (unsigned long long)(log->next_seq - 1));
}
