/*
 * Recording outbound messages in PostgreSQL (record.h). One parameterised
 * INSERT ... ON CONFLICT DO NOTHING: recording is idempotent, so the sender
 * may safely record again when it finds an out_id already marked as sent
 * (the previous attempt may have died before its record).
 */
#include <stddef.h>
#include <string.h>
#include "wa/log.h"
#include "record.h"

/* ON CONFLICT without a target: out_id is the key that matters, but a repeated wamid (UNIQUE too) must not turn into
 * an error that is retried forever either. The payload is the message object exactly as emitted to wa:out. */
static const char *insert_sql =
    "INSERT INTO messages (doctor_id, patient_id, direction, out_id, wamid, wa_id, type, body, payload, reply_to, "
    "source, status, sent_at) "
    "VALUES ($1::uuid, (SELECT id FROM patients WHERE doctor_id = $1::uuid AND wa_id = $2), 'out', $3, $4, $2, $5, $6, "
    "$7::jsonb, NULLIF($8, ''), NULLIF($9, ''), $10, now()) "
    "ON CONFLICT DO NOTHING";

snd_record_rc_t snd_record_outbound(wa_pg_t *pg, const wa_out_msg_t *m, const char *type, const char *text_body,
                                    const char *wamid, const char *status)
{
    const char *params[10] = {m->doctor_id, m->to,      m->out_id,   wamid,     type,
                              text_body,    m->message, m->reply_to, m->source, status};
    if (wa_pg_run(pg, "record outbound message", insert_sql, 10, params) == 0)
        return SND_RECORD_OK;
    const char *state = wa_pg_sqlstate(pg);
    /* 22xxx: data exception (not a uuid, bad JSON); 23xxx: integrity (no such doctor). Retrying cannot help. */
    if (state != NULL && (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0))
        return SND_RECORD_PERMANENT;
    return SND_RECORD_TRANSIENT;
}
