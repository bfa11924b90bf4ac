/*
 * The Graph API send call's wire format (API_REFERENCE.md A.4, A.4.7-A.4.9, A.5), kept free of I/O: it turns a
 * wa:out entry into the body of POST /{phone-number-id}/messages, turns the HTTP status and body of the answer into
 * a response (the wamid, or Meta's error envelope), classifies Graph error codes into the sender's actions (RETRY,
 * THROTTLE, AUTH, DLQ, FIX, OPS) and reduces all of that to a consumer outcome for the entry. Its sandbox form (no
 * credentials: the request goes to wa:sandbox instead of Meta) is here too: the XADD that takes the place of the POST
 * and the wamid that takes the place of Meta's. The sender service (sender.c) does the HTTP and Redis work around it;
 * unit tests (tests/unit/test_graph.c) and fuzzers call these functions directly.
 */
#ifndef snd__graph_h
#define snd__graph_h

#include <stddef.h>
#include "wa/consumer.h"
#include "wa/entry.h"

/* The request to POST for one wa:out entry. Every string is owned by the struct (snd_graph_request_dispose). */
typedef struct st_snd_graph_request_t {
    char *json;      /* the body to POST */
    char *type;      /* message type for the messages table: "text", "template", ...; "read" for a read receipt */
    char *text_body; /* text.body of a text message, else NULL */
    int is_read;     /* 1 for kind "read" (mark as read): not a message, not recorded */
} snd_graph_request_t;

/* Builds the request for `m` (borrowed). Kind "read" gives {"messaging_product":"whatsapp","status":"read",
 * "message_id":...} with message_id from the message JSON (or reply_to when the JSON has none) and its
 * typing_indicator, if any. Any other kind gives {"messaging_product":"whatsapp","recipient_type":"individual",
 * "to":... (or "recipient":... when `to` is a BSUID, wa_is_bsuid), <every field of the message object except
 * to/recipient/messaging_product/recipient_type>, "context":{"message_id":
 * reply_to} when reply_to is non-empty}. Returns 0 with `req` filled, or -1 when the message is not usable (not a JSON
 * object, no "type" string, a read without message_id) with a short reason in err (req left empty). */
int snd_graph_request_build(const wa_out_msg_t *m, snd_graph_request_t *req, char *err, size_t errsz);
/* Frees what the request owns and empties it. Safe on an empty request. */
void snd_graph_request_dispose(snd_graph_request_t *req);

/* What the sender does about a Graph error code (A.5). */
typedef enum en_snd_graph_class_t {
    SND_GRAPH_RETRY = 0, /* transient: try again later */
    SND_GRAPH_THROTTLE,  /* a rate limit: try again later, more slowly */
    SND_GRAPH_AUTH,      /* the token is bad: stop using it */
    SND_GRAPH_DLQ,       /* permanent for this message */
    SND_GRAPH_FIX,       /* our request is wrong: retrying fails again */
    SND_GRAPH_OPS        /* account, billing or policy problem */
} snd_graph_class_t;

/* The class of a Graph error code. Codes not in the table are SND_GRAPH_DLQ (see snd_graph_code_known). */
snd_graph_class_t snd_graph_classify(long code);
/* 1 when `code` is in the classification table. */
int snd_graph_code_known(long code);
/* "RETRY", "THROTTLE", ... (static). */
const char *snd_graph_class_name(snd_graph_class_t cls);

/* The answer to one send. */
typedef struct st_snd_graph_response_t {
    int ok;                  /* 1: accepted (2xx with messages[0].id, or {"success":true} for a read) */
    char wamid[256];         /* messages[0].id; "" for a read receipt */
    char message_status[48]; /* messages[0].message_status, if any ("accepted", "held_for_quality_assessment") */
    int has_error;           /* 1: a Graph error envelope {"error":{...}} with a numeric code was found */
    long code;               /* error.code */
    long subcode;            /* error.error_subcode, 0 when absent */
    char type[64];           /* error.type */
    char message[256];       /* error.message (truncated) */
    char details[256];       /* error.error_data.details, or error_data when it is a string (truncated) */
    char fbtrace_id[64];     /* error.fbtrace_id: log it, Meta support asks for it */
} snd_graph_response_t;

/* Parses the HTTP status and body (borrowed, need not be NUL-terminated; NULL = empty) of a send. Never fails: a body
 * that is not JSON or has neither a wamid nor an error envelope leaves ok = 0 and has_error = 0. */
void snd_graph_response_parse(long http_status, const char *body, size_t len, snd_graph_response_t *res);

/* What to do with the entry after a send: outcome WA_ENTRY_ACK (accepted), WA_ENTRY_RETRY (network error, HTTP 5xx
 * or 429 without a known code, RETRY and THROTTLE classes) or WA_ENTRY_DLQ with reason "graph_<class lowercase>"
 * (or "graph_http" / "graph_bad_response" when there is no usable error code), error_code and a detail for the
 * operator (never the message body or the token). `curl_code` is the transfer's CURLcode (0 = a response arrived),
 * `curl_error` its message (may be NULL). `metric_code` receives the bounded label for wa_graph_calls_total: a known
 * Graph code, "network", or the HTTP status class ("2xx", "4xx", "5xx"). */
typedef struct st_snd_graph_verdict_t {
    wa_outcome_t outcome;
    char reason[48];
    char error_code[24];
    char detail[1024]; /* cut to wa_result_t's 512 when dead-lettered */
    char metric_code[24];
} snd_graph_verdict_t;
void snd_graph_verdict(long http_status, int curl_code, const char *curl_error, const snd_graph_response_t *res,
                       snd_graph_verdict_t *v);

/* The sandbox in place of the send call: fills `cmd` (initialised here) with "XADD <stream> * out_id to request
 * phone_number_id doctor_id", the request being the body that would have been POSTed. Every argument is borrowed and
 * must outlive the command's send. */
void snd_graph_sandbox_cmd(wa_cmd_t *cmd, const char *stream, const wa_out_msg_t *m, const snd_graph_request_t *req,
                           const char *phone_number_id);
/* The wamid a sandbox send is recorded under: "sandbox.<out_id>" (cut to wsz). */
void snd_graph_sandbox_wamid(char *wamid, size_t wsz, const char *out_id);
/* 1 when `wamid` is one snd_graph_sandbox_wamid made. */
int snd_graph_sandbox_wamid_is(const char *wamid);

#endif
