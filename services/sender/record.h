/*
 * The outbound half of the messages table: after the Graph API accepted a
 * message (or the sandbox took it) the sender records it once per out_id,
 * with the wamid that later delivery statuses are matched on (router).
 */
#ifndef snd__record_h
#define snd__record_h

#include "wa/entry.h"
#include "wa/pg.h"

typedef enum en_snd_record_rc_t {
    SND_RECORD_OK = 0,    /* recorded now, or already recorded earlier (same out_id) */
    SND_RECORD_TRANSIENT, /* database unreachable or busy: try again later */
    SND_RECORD_PERMANENT  /* the row can never be written (no such doctor, invalid doctor_id ...) */
} snd_record_rc_t;

/* Inserts the outbound message `m` (borrowed) into messages: direction 'out', patient looked up by doctor_id and wa_id
 * (NULL when unknown), type `type`, body `text_body` (may be NULL), payload the message JSON, `wamid`, status
 * `status` ("accepted" or "sandbox"), sent_at now(); nothing happens when the out_id is already there. Errors are
 * logged by wa_pg_exec (no parameter values). */
snd_record_rc_t snd_record_outbound(wa_pg_t *pg, const wa_out_msg_t *m, const char *type, const char *text_body,
                                    const char *wamid, const char *status);

/* One row of snd_record_outbound_many (everything borrowed). */
typedef struct st_snd_record_row_t {
    const wa_out_msg_t *m;
    const char *type, *text_body, *wamid, *status;
} snd_record_row_t;

/* Records n rows (n >= 1) as snd_record_outbound does, in one prepared multi-row INSERT (one round trip, one
 * transaction); when a row's data is refused, each row again in its own implicit transaction but still in one network round trip
 * (libpq pipeline mode), so that only that row fails. rcs[i] gets each row's result. */
void snd_record_outbound_many(wa_pg_t *pg, const snd_record_row_t *rows, size_t n, snd_record_rc_t *rcs);

#endif
