/*
 * Stream entries: flat field/value pairs (ARCHITECTURE.md, Redis keys).
 * wa_entry_t is a read-only view of one entry of an XREADGROUP/XCLAIM reply;
 * wa_cmd_t builds the argv of a Redis command (XADD ...) without copying the
 * values. The typed views (wa_out_msg_t for wa:out, wa_ai_req_t for wa:ai)
 * decode an entry into borrowed pointers and encode back into a wa_cmd_t; they
 * are pure and tested without Redis.
 */
#ifndef wa__entry_h
#define wa__entry_h

#include <stddef.h>

#define WA_ENTRY_MAX_FIELDS 32
#define WA_CMD_MAX_ARGS 96

typedef struct st_wa_field_t {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
} wa_field_t;

typedef struct st_wa_entry_t {
    const char *stream; /* stream key it was read from */
    char id[48];        /* stream entry id "ms-seq" */
    size_t nfields;
    wa_field_t fields[WA_ENTRY_MAX_FIELDS]; /* borrowed from the Redis reply: valid only during the batch callback */
    long deliveries;                        /* times delivered, this delivery included (1 on first read) */
} wa_entry_t;

/* Returns the value of field `name` (NUL-terminated in hiredis replies) and its length, or NULL when absent. */
const char *wa_entry_get(const wa_entry_t *e, const char *name, size_t *len);
/* Copies `src` (fields borrowed from a Redis reply) into `dst` so that it outlives the reply: every name and value
 * is copied, NUL-terminated, into one buffer that is returned (owned by the caller, free() it once dst is no longer
 * used; dst's fields point into it). Out of memory is fatal. */
char *wa_entry_copy(wa_entry_t *dst, const wa_entry_t *src);

/* Builds the argument vector of one Redis command. Arguments are borrowed: they must outlive the command's send. */
typedef struct st_wa_cmd_t {
    int argc;
    const char *argv[WA_CMD_MAX_ARGS];
    size_t argvlen[WA_CMD_MAX_ARGS];
    char numbuf[8][24]; /* storage for wa_cmd_argl */
    int nnum;
    int overflow; /* set when more than WA_CMD_MAX_ARGS were added; the command must not be sent */
} wa_cmd_t;

void wa_cmd_init(wa_cmd_t *c);
void wa_cmd_arg(wa_cmd_t *c, const char *s, size_t len);
void wa_cmd_args(wa_cmd_t *c, const char *s); /* NUL-terminated; NULL adds an empty string */
void wa_cmd_argl(wa_cmd_t *c, long long v);   /* a number, formatted into the command's own storage */
/* Adds a field/value pair (value may be NULL = empty). */
void wa_cmd_field(wa_cmd_t *c, const char *name, const char *value);

/* A batch of commands to send in one round trip (wa_pipe_flush, wa/redis.h), each with a short label for the logs
 * (static). Each command is heap allocated, so its argv may point into its own number storage (wa_cmd_argl); the
 * strings the arguments point to may be handed to the pipe (wa_pipe_keep, wa_pipe_copy) to live until
 * wa_pipe_dispose. A zeroed wa_pipe_t is empty. */
typedef struct st_wa_pipe_t {
    wa_cmd_t **cmds;
    const char **whats;
    size_t n, cap;
    char **owned;
    size_t nowned, capowned;
} wa_pipe_t;

/* Appends an empty command (wa_cmd_init'ed) labelled `what`; returns it, owned by the pipe. */
wa_cmd_t *wa_pipe_add(wa_pipe_t *p, const char *what);
/* Takes back the command wa_pipe_add returned last (one that must not be sent, e.g. overflowed). */
void wa_pipe_drop_last(wa_pipe_t *p);
/* Hands `s` (heap, not NULL) to the pipe, which frees it in wa_pipe_dispose. Returns s. */
const char *wa_pipe_keep(wa_pipe_t *p, char *s);
/* A copy of `s` (NULL: "") owned by the pipe. */
const char *wa_pipe_copy(wa_pipe_t *p, const char *s);
/* Frees the commands and the kept strings and empties the pipe. */
void wa_pipe_dispose(wa_pipe_t *p);

/* wa:out entry (sender input). All pointers borrowed. */
typedef struct st_wa_out_msg_t {
    const char *out_id;    /* idempotency key, e.g. "reply:<wamid>" */
    const char *doctor_id; /* uuid */
    const char *to;        /* wa_id digits */
    const char *kind;      /* text, template, interactive, read */
    const char *message;   /* JSON of the Graph message object without to/messaging_product, e.g. {"type":"text",...} */
    const char *reply_to;  /* inbound wamid or "" */
    const char *source;    /* kb, ai, flow, manual, reminder, fallback, welcome */
    const char *created_at; /* unix ms */
    const char *attempt;   /* "0" on first emission */
} wa_out_msg_t;

/* Decodes a wa:out entry. Returns 0, or -1 and sets *missing to the name of the first required field that is absent
 * or empty (out_id, doctor_id, to, kind, message). Optional fields default to "" ("0" for attempt). */
int wa_out_msg_decode(const wa_entry_t *e, wa_out_msg_t *m, const char **missing);
/* Appends "XADD <stream> * <fields...>" to c (c must be freshly initialised). */
void wa_out_msg_xadd(wa_cmd_t *c, const char *stream, const wa_out_msg_t *m);
/* A message the clinic's staff send (source "manual", no reply_to, first attempt): `wactl send`, `wactl appt` and
 * the dashboard's inbox build it the same way. The strings are borrowed. */
wa_out_msg_t wa_out_msg_manual(const char *out_id, const char *doctor_id, const char *to, const char *kind,
                               const char *message, const char *created_at);

/* wa:ai entry (ai input). All pointers borrowed. */
typedef struct st_wa_ai_req_t {
    const char *doctor_id, *patient_id, *to, *wamid, *text, *lang, *created_at;
    const char *kb_context; /* JSON array of the closest knowledge-base entries [{"q":..,"a":..}], may be "" */
    /* The uncertain middle band (issue 19), both "" (and absent from the entry) outside it: the candidates a model
     * may choose among, JSON [{"id":..,"q":..,"score":..}] (wa_kb_candidates_json), and the lexical decision, the
     * kb_entries id the router's rule alone would have sent ("" = none). */
    const char *kb_candidates, *kb_lexical;
} wa_ai_req_t;

/* Required: doctor_id, to, wamid, text. kb_candidates and kb_lexical are written only when not empty. */
int wa_ai_req_decode(const wa_entry_t *e, wa_ai_req_t *r, const char **missing);
void wa_ai_req_xadd(wa_cmd_t *c, const char *stream, const wa_ai_req_t *r);

/* Builds the JSON text of a text message object {"type":"text","text":{"body":...}}; caller frees. */
char *wa_text_message_json(const char *body);

/* Unix time in milliseconds (CLOCK_REALTIME) and monotonic milliseconds. */
long long wa_now_ms(void);
long long wa_mono_ms(void);

#endif
