/*
 * The conversation so far: the last messages of one patient with one doctor
 * (both directions, from the messages table the router and the sender fill),
 * loaded before a model call so that the model sees earlier turns. Bounded in
 * count and in characters, newest kept first. Used by ai.c.
 */
#ifndef ai__history_h
#define ai__history_h

#include <stddef.h>

#include "gemini.h"
#include "wa/pg.h"

/* A loaded history: turns oldest first; texts owned by the history. */
typedef struct st_ai_history_t {
    ai_turn_t *turns;
    size_t n;
} ai_history_t;

/* Loads the messages of doctor `doctor_id` with patient `wa_id` (and of that patient under an earlier number) that
 * came before the inbound message `wamid` (which is excluded), with a text body, failed sends excluded: at most
 * `max_messages`, and at most `max_chars` bytes of text in all (the oldest dropped first; a single newest message longer than that is cut on a UTF-8 boundary).
 * Fills `h` (dispose it). Returns 0, or -1 when the database failed (then h is empty: answering without history
 * beats not answering). max_messages <= 0 loads nothing. */
int ai_history_load(wa_pg_t *pg, const char *doctor_id, const char *wa_id, const char *wamid, int max_messages,
                    size_t max_chars, ai_history_t *h);

/* One question whose history ai_history_load_many loads: its arguments to ai_history_load (borrowed). doctor_id
 * must be a uuid (one that is not fails the whole statement). */
typedef struct st_ai_history_key_t {
    const char *doctor_id, *wa_id, *wamid;
} ai_history_key_t;

/* As ai_history_load for each of `n` questions, in one statement: fills out[0..n-1] (each as ai_history_load would,
 * to dispose). Returns 0, or -1 when the database failed (then every out[k] is empty). */
int ai_history_load_many(wa_pg_t *pg, const ai_history_key_t *keys, size_t n, int max_messages, size_t max_chars,
                         ai_history_t *out);

/* Frees the texts and the array; leaves h empty. */
void ai_history_dispose(ai_history_t *h);

#endif
