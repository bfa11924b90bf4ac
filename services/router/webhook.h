/*
 * The router's webhook parser: the raw bytes of one Meta webhook POST (a wa:in entry's `body`, API_REFERENCE.md
 * A.2) into flat C structs: every entry, change, message, status and error of the batch. It is pure (no I/O, no
 * logging) so that unit tests and the fuzzer call it directly; route.c walks the result. The parser is lenient
 * about everything inside the envelope (unknown message types become "unknown", unknown statuses are kept as
 * sent, malformed items are skipped and counted) and strict only about the envelope itself.
 *
 * Ownership: rt_webhook_t owns the parsed cJSON tree and every string it exposes. `const char *` members are
 * borrowed from that tree (or from the struct's own small arena for values that arrived as JSON numbers) and stay
 * valid until rt_webhook_dispose; `char *` members (message JSON, other fields' value JSON) are owned by the struct
 * too. Nothing returned by the parser outlives the rt_webhook_t.
 */
#ifndef rt__webhook_h
#define rt__webhook_h

#include <stddef.h>

/* Message types of API_REFERENCE.md A.2.4; anything else (including Meta's old "unknown") is RT_MSG_UNKNOWN. */
typedef enum en_rt_msg_kind_t {
    RT_MSG_TEXT = 0,
    RT_MSG_IMAGE,
    RT_MSG_AUDIO,
    RT_MSG_VIDEO,
    RT_MSG_DOCUMENT,
    RT_MSG_STICKER,
    RT_MSG_LOCATION,
    RT_MSG_CONTACTS,
    RT_MSG_INTERACTIVE,
    RT_MSG_BUTTON,
    RT_MSG_REACTION,
    RT_MSG_ORDER,
    RT_MSG_SYSTEM,
    RT_MSG_UNSUPPORTED,
    RT_MSG_REQUEST_WELCOME,
    RT_MSG_EDIT,
    RT_MSG_REVOKE,
    RT_MSG_UNKNOWN,
    RT_MSG__COUNT
} rt_msg_kind_t;

/* The wire name of a kind ("text", ..., "unknown"); a static string. Out-of-range values give "unknown". */
const char *rt_msg_kind_name(rt_msg_kind_t kind);
/* The kind of a wire type name; NULL or an unlisted name gives RT_MSG_UNKNOWN. */
rt_msg_kind_t rt_msg_kind_parse(const char *type);

/* rt_message_t.interactive_sub: an interactive message that is not a button or list reply. */
enum { RT_INTERACTIVE_FLOW = 1, RT_INTERACTIVE_CALL_PERMISSION = 2 };

/* One inbound message (value.messages[i]). All strings borrowed from the owning rt_webhook_t. */
typedef struct st_rt_message_t {
    const char *id;           /* wamid, never NULL (messages without one are skipped) */
    const char *from;         /* sender's number as sent (digits), NULL when absent (BSUID-only user) */
    const char *from_user_id; /* BSUID (from_user_id, else the matching contact's user_id), or NULL */
    const char *from_parent_user_id; /* parent BSUID (from_parent_user_id, else the contact's parent_user_id) */
    const char *username;            /* the matching contact's profile.username (display only), or NULL */
    const char *timestamp;    /* unix seconds as sent, or NULL */
    rt_msg_kind_t kind;
    const char *type;         /* rt_msg_kind_name(kind): "unknown" for unlisted types */
    const char *wire_type;    /* `type` exactly as sent (e.g. "poll"), or NULL when absent */
    const char *profile_name; /* contacts[] profile name (matching wa_id/user_id, else the first), or NULL */
    const char *text;         /* text.body, media caption, interactive button/list title, button.text, the edited
                                 text of an edit, the answers of a completed Flow (nfm_reply: "Form <name>: key:
                                 value; ...") or a call permission reply ("Call permission: accept"); NULL when the
                                 message has none */
    const char *context_id;   /* context.id (the message it replies to), or NULL */
    const char *original_id;  /* edit/revoke: the wamid of the message edited or deleted, else NULL */
    int voice;                /* 1 for an audio message recorded as a voice note (audio.voice true) */
    int interactive_sub;      /* RT_INTERACTIVE_FLOW / _CALL_PERMISSION for those interactive replies, else 0 */
    const char *error_code;   /* first errors[] code (unsupported messages), or NULL */
    const char *error_title;  /* first errors[] title (or message), or NULL */
    /* image, audio, video, document, sticker (A.2.4): the media object's id, mime_type, sha256 (base64 as sent),
     * filename (documents), url (the direct download URL, when Meta sent one); each NULL when absent */
    const char *media_id, *media_mime, *media_sha256, *media_filename, *media_url;
    char *json;               /* the whole message object as compact JSON (for messages.payload); owned */
} rt_message_t;

/* One delivery status (value.statuses[i]). Strings borrowed. */
typedef struct st_rt_status_t {
    const char *id;           /* wamid of our outbound message, never NULL (statuses without one are skipped) */
    const char *status;       /* sent, delivered, read, failed, played, or any other value as sent; never NULL */
    const char *timestamp;    /* unix seconds as sent, or NULL */
    const char *recipient_id; /* or NULL */
    /* the person the status is about as it shows them (A.9.3), each NULL when absent: recipient_user_id (a BSUID or
     * a parent BSUID), the parent (parent_recipient_user_id or recipient_parent_user_id), and from the status's
     * contact (in the status, else the value's contacts[] entry matching recipient_id/recipient_user_id, else the
     * value's only contact when the change has one status) its wa_id, user_id, parent_user_id, profile.username */
    const char *recipient_user_id, *recipient_parent_user_id;
    const char *contact_wa_id, *contact_user_id, *contact_parent_user_id, *contact_username;
    int group;                /* recipient_type "group": recipient_id is a group's id, not a person's number */
    const char *error_code;   /* first errors[] code, or NULL */
    const char *error_title;  /* first errors[] title (or message), or NULL */
    const char *pricing_json; /* {"pricing":..., "conversation":...} as compact JSON when either is an object,
                                 or NULL */
} rt_status_t;

/* One change of one entry. For field "messages" the messages/statuses arrays are filled; for any other field
 * value_json holds the value object. Strings borrowed. */
typedef struct st_rt_change_t {
    const char *entry_id;             /* entry[].id: the WABA id, or NULL */
    const char *entry_time;           /* entry[].time (unix seconds as text), or NULL */
    const char *field;                /* never NULL (changes without a field are skipped) */
    const char *display_phone_number; /* metadata.display_phone_number, or NULL */
    const char *phone_number_id;      /* metadata.phone_number_id, or NULL */
    rt_message_t *messages;
    size_t nmessages;
    rt_status_t *statuses;
    size_t nstatuses;
    size_t nerrors;          /* value.errors[] (out-of-band errors) */
    const char *error_code;  /* first value.errors[] code, or NULL */
    const char *error_title; /* first value.errors[] title (or message), or NULL */
    char *value_json;        /* fields other than "messages": the value as compact JSON (or NULL); owned */
    const void *node;        /* the change's cJSON object; use rt_webhook_change_json */
} rt_change_t;

typedef struct st_rt_webhook_t {
    rt_change_t *changes; /* every change of every entry, in order */
    size_t nchanges;
    size_t nentries;  /* entry[] elements that were objects */
    size_t nmessages; /* total over changes */
    size_t nstatuses; /* total over changes */
    size_t nskipped;  /* malformed items skipped (entry without changes, message without id, ...) */
    char note[160];   /* what the first skipped item was, "" when none */
    /* rt_webhook_parse_max: the messages and statuses beyond the limit, cut off before the walk (so none of them is
     * in changes[]), as a webhook envelope of their own (the same entry ids, metadata and contacts), compact JSON,
     * owned; NULL when nothing was cut. nexcess counts them. */
    char *excess;
    size_t nexcess;
    /* private */
    void *root;
    char **arena;
    size_t narena, caparena;
} rt_webhook_t;

/* Parses `len` bytes of `body` (need not be NUL-terminated) into *out, which the caller provides uninitialised.
 * Returns 0, or -1 with a short reason in err (when err is not NULL): "not JSON ...", "object is not
 * whatsapp_business_account", "no entry array". After -1 *out holds nothing and needs no dispose (dispose is still
 * safe). Out of memory is fatal (wa_fatal). */
int rt_webhook_parse(const char *body, size_t len, rt_webhook_t *out, char *err, size_t errsz);

/* rt_webhook_parse with a bound: at most `max_items` elements of messages[] and statuses[] (counted together over
 * the "messages" changes, in order, malformed ones included) are parsed; the rest are moved into `out->excess`
 * (see rt_webhook_t), so that the cost of one webhook is bounded whatever its size. max_items 0: no bound. */
int rt_webhook_parse_max(const char *body, size_t len, size_t max_items, rt_webhook_t *out, char *err, size_t errsz);

/* Frees everything the parse allocated; the struct may be parsed into again. Safe on a zeroed struct. */
void rt_webhook_dispose(rt_webhook_t *w);

/* Pure: for a webhook signed with a doctor's own app secret (wa:in `app` = doctor:<id>), whether it stays within
 * that doctor: every change's entry_id must be `waba` and every "messages" change's phone_number_id must be `pnid`
 * (a change resolved through the display number alone is not the doctor's). Returns NULL when it does, else a short
 * static reason. Empty or NULL waba/pnid fail every change. */
const char *rt_webhook_app_mismatch(const rt_webhook_t *w, const char *waba, const char *pnid);

/* The change object ({"field":...,"value":...}) as compact JSON; caller frees. Never NULL. */
char *rt_webhook_change_json(const rt_change_t *c);

#endif
