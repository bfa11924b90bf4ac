/*
 * The live inbox (services/dashboard, inbox.c): the pure parts that unit tests
 * call (Meta's error codes in words, the template message object, the UUID
 * shape) and the SQL expression of "the 24-hour window is open" that every
 * inbox query shares. The route handlers are declared in api.h.
 */
#ifndef dash__inbox_h
#define dash__inbox_h

#include <cjson/cJSON.h>

/* SQL: true when the patient (table alias `a`) wrote within 24 hours and no failed send (131047) closed the window
 * since (patients.window_closed_at, set by the router). */
#define DASH_WINDOW_OPEN_SQL(a)                                                                                        \
    "(" a ".last_inbound_at IS NOT NULL AND " a ".last_inbound_at > now() - interval '24 hours' AND (" a               \
    ".window_closed_at IS NULL OR " a ".window_closed_at < " a ".last_inbound_at))"

/* Meta's error code (messages.error_code: "131047") in words for the clinic's staff; a generic sentence for a code
 * not in the table; NULL for NULL or "". The text is static. */
const char *dash_meta_error_text(const char *code);

/* The Graph message object of a template: {"type":"template","template":{"name","language":{"code"},"components":
 * [{"type":"body","parameters":[{"type":"text","text"}...]}]}} with `params` (an array of strings, may be NULL) in
 * order, as `wactl send --template` builds it. `lang` NULL or "" is en_US. Caller frees. */
char *dash_template_json(const char *name, const char *lang, const cJSON *params);

/* q as an ILIKE pattern: %q% with the pattern characters (\ % _) escaped (the inbox's and the contacts' search).
 * Caller frees. */
char *dash_like_pattern(const char *q);

/* 1 when s has the shape of a UUID (36 characters, hex and dashes). */
int dash_is_uuid(const char *s);

#endif
