/*
 * The request log of the mock server (wa-mock): a ring of the last N API
 * requests with the answer each one got, kept so the test suite can assert on
 * what the services sent (GET /_mock/requests). Each entry is stored already
 * serialised as the JSON object the control API returns, so a dump is a copy
 * and never re-encodes. Sequence numbers grow by one per entry and are never
 * reused, not even after a clear. Not thread-safe: the caller holds the state
 * lock (mock.h).
 */
#ifndef mock__reqlog_h
#define mock__reqlog_h

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

typedef struct st_mock_reqlog_entry_t {
    uint64_t seq;
    const char *api; /* static string */
    char *rest;      /* owned: the entry's JSON object after `{"seq":N,` (i.e. `"api":...}`) */
    size_t rest_len;
} mock_reqlog_entry_t;

typedef struct st_mock_reqlog_t {
    mock_reqlog_entry_t *ring; /* owned, `cap` slots, allocated on first use */
    size_t cap;
    size_t head; /* slot of the oldest entry */
    size_t n;    /* entries held */
    uint64_t next_seq;
} mock_reqlog_t;

/* An empty log that keeps at most `cap` (>= 1) entries, dropping the oldest. */
void mock_reqlog_init(mock_reqlog_t *log, size_t cap);
void mock_reqlog_dispose(mock_reqlog_t *log);
/* Drops every entry; sequence numbers continue where they were. */
void mock_reqlog_clear(mock_reqlog_t *log);
/* Sequence number the next entry will get. */
uint64_t mock_reqlog_next_seq(const mock_reqlog_t *log);
/* Appends an entry; takes ownership of `rest` (malloc'd, see above). Returns its sequence number. */
uint64_t mock_reqlog_add(mock_reqlog_t *log, const char *api, char *rest, size_t rest_len);
/* Appends `{"requests":[...],"last_seq":N}` to out: the entries with seq > since, oldest first, of `api` only
 * unless api is NULL. last_seq is the newest sequence number handed out (0 = none yet). */
void mock_reqlog_dump(const mock_reqlog_t *log, const char *api, uint64_t since, mock_buf_t *out);

#endif
