/*
 * The API's route table and dispatch (see api.h), the list helpers (limit and
 * opaque cursor) and the OpenAPI 3 document, built from the same table so
 * that what is served and what is documented cannot drift apart; the tests
 * walk the document against the running service.
 */
#include "api.h"
#include "media.h"

/* The largest JSON body a route takes; only a media upload may be larger (DASHBOARD_MAX_UPLOAD_BYTES). */
#define DASH_JSON_MAX_BODY (1024 * 1024)

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "wa/log.h"
#include "auth.h"
#include "contacts.h"
#include "http.h"

#define ERR_SCHEMA "{\"$ref\":\"#/components/schemas/Error\"}"
#define KB_ENTRY_SCHEMA "{\"$ref\":\"#/components/schemas/KbEntry\"}"
#define KB_INPUT_SCHEMA                                                                                                \
    "{\"type\":\"object\",\"properties\":{\"question\":{\"type\":\"string\",\"maxLength\":500},"                       \
    "\"examples\":{\"type\":\"array\",\"maxItems\":50,\"items\":{\"type\":\"string\",\"maxLength\":500}},"             \
    "\"keywords\":{\"type\":[\"string\",\"null\"],\"maxLength\":500},\"answer\":{\"type\":\"string\","                 \
    "\"maxLength\":4096},\"lang\":{\"type\":\"string\",\"pattern\":\"^[A-Za-z0-9_-]{2,16}$\"},"                        \
    "\"enabled\":{\"type\":\"boolean\"}}}"
#define LIST_SCHEMA(item)                                                                                              \
    "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":" item "},"                          \
    "\"next_cursor\":{\"type\":[\"string\",\"null\"]}}}"
#define REPORT_SCHEMA                                                                                                  \
    "{\"type\":\"object\",\"properties\":{\"report\":{\"type\":\"string\"},\"from\":{\"type\":\"string\","             \
    "\"format\":\"date\"},\"to\":{\"type\":\"string\",\"format\":\"date\"},\"time_zone\":{\"type\":[\"string\","       \
    "\"null\"]},\"doctor_id\":{\"type\":[\"string\",\"null\"]},\"columns\":{\"type\":\"array\",\"items\":{\"type\":"   \
    "\"string\"}},\"rows\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}"
#define WHATSAPP_SCHEMA "{\"$ref\":\"#/components/schemas/WhatsApp\"}"
#define WHATSAPP_INPUT_SCHEMA                                                                                          \
    "{\"type\":\"object\",\"properties\":{\"phone_number_id\":{\"type\":\"string\"},\"token\":{\"type\":"              \
    "\"string\",\"writeOnly\":true},\"business_account_id\":{\"type\":[\"string\",\"null\"]},\"app_id\":{\"type\":"    \
    "[\"string\",\"null\"]},\"app_secret\":{\"type\":[\"string\",\"null\"],\"writeOnly\":true},"                       \
    "\"token_expires_at\":{\"type\":[\"string\",\"null\"],\"format\":\"date-time\"},"                                  \
    "\"allow_master_fallback\":{\"type\":\"boolean\"}}}"
#define TEMPLATE_SCHEMA "{\"$ref\":\"#/components/schemas/Template\"}"
#define CONTACT_SCHEMA                                                                                                 \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},\"wa_id\":{\"type\":\"string\"},"               \
    "\"phone\":{\"type\":[\"string\",\"null\"]},\"user_id\":{\"type\":[\"string\",\"null\"]},\"name\":{\"type\":"      \
    "[\"string\",\"null\"]},\"display_name\":{\"type\":[\"string\",\"null\"]},\"profile_name\":{\"type\":"             \
    "[\"string\",\"null\"]},\"lang\":{\"type\":[\"string\",\"null\"]},\"consent\":{\"type\":\"object\","               \
    "\"properties\":{\"opted_in\":{\"type\":\"boolean\"},\"at\":{\"type\":[\"string\",\"null\"]},\"source\":"          \
    "{\"enum\":[\"form\",\"csv\",\"keyword\",null]},\"basis\":{\"type\":[\"string\",\"null\"]}}},\"opt_out\":"         \
    "{\"type\":\"object\",\"properties\":{\"stop\":{\"type\":\"boolean\"},\"stop_at\":{\"type\":[\"string\","          \
    "\"null\"]},\"marketing\":{\"type\":\"boolean\"},\"marketing_at\":{\"type\":[\"string\",\"null\"]},"               \
    "\"marketing_source\":{\"type\":[\"string\",\"null\"]}}},\"sendable\":{\"type\":\"boolean\"},\"groups\":"          \
    "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},\"name\":"        \
    "{\"type\":\"string\"},\"kind\":{\"type\":\"string\"},\"child_name\":{\"type\":[\"string\",\"null\"]}}}}}}"
#define CONTACT_INPUT_SCHEMA                                                                                           \
    "{\"type\":\"object\",\"properties\":{\"phone\":{\"type\":\"string\",\"description\":\"with its country code\"},"  \
    "\"user_id\":{\"type\":\"string\"},\"name\":{\"type\":[\"string\",\"null\"],\"maxLength\":200},\"lang\":"          \
    "{\"type\":[\"string\",\"null\"]},\"opted_in\":{\"type\":\"boolean\"},\"consent_basis\":{\"type\":\"string\","     \
    "\"minLength\":5,\"maxLength\":500},\"groups\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":"   \
    "[\"id\"],\"properties\":{\"id\":{\"type\":\"string\"},\"child_name\":{\"type\":[\"string\",\"null\"]}}}}}}"
#define GROUP_SCHEMA                                                                                                   \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},\"kind\":"       \
    "{\"enum\":[\"class\",\"list\"]},\"description\":{\"type\":[\"string\",\"null\"]},\"members\":{\"type\":"          \
    "\"integer\"},\"teachers\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}"
#define GROUP_INPUT_SCHEMA                                                                                             \
    "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":100},\"kind\":{\"enum\":"        \
    "[\"class\",\"list\"]},\"description\":{\"type\":[\"string\",\"null\"],\"maxLength\":500},\"teacher_ids\":"        \
    "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}"
#define USER_SCHEMA                                                                                                    \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},\"email\":{\"type\":\"string\"},"               \
    "\"role\":{\"type\":\"string\"},\"doctor_id\":{\"type\":[\"string\",\"null\"]}}}"

/* reception (issue 17) */
#define APPOINTMENT_SCHEMA                                                                                             \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},\"patient_id\":{\"type\":\"string\"},"          \
    "\"name\":{\"type\":[\"string\",\"null\"]},\"wa_id\":{\"type\":\"string\"},\"start\":{\"type\":\"integer\"},"      \
    "\"slot_start\":{\"type\":\"string\"},\"status\":{\"enum\":[\"booked\",\"cancelled\"]},\"channel\":{\"enum\":"    \
    "[\"whatsapp\",\"reception\"]},\"attendance\":{\"enum\":[\"arrived\",\"no_show\",null]},\"cancel_reason\":"       \
    "{\"type\":[\"string\",\"null\"]},\"rescheduled_from\":{\"type\":[\"string\",\"null\"]},\"notified\":{\"type\":"  \
    "[\"string\",\"null\"],\"description\":\"the out_id of the patient's message on wa:out\"}}}"
#define APPT_DAYS_SCHEMA                                                                                               \
    "{\"type\":\"object\",\"properties\":{\"from\":{\"type\":\"string\"},\"to\":{\"type\":\"string\"},\"today\":"     \
    "{\"type\":\"string\"},\"time_zone\":{\"type\":\"string\"},\"slot_minutes\":{\"type\":\"integer\"},\"per_slot\":" \
    "{\"type\":\"integer\"},\"days\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"day\":"    \
    "{\"type\":\"string\"},\"working\":{\"type\":\"boolean\"},\"blocked\":{\"type\":\"boolean\"},\"slots\":"          \
    "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"time\":{\"type\":\"string\"},\"start\":"    \
    "{\"type\":\"integer\"},\"capacity\":{\"type\":\"integer\"},\"taken\":{\"type\":\"integer\"},\"free\":{\"type\":" \
    "\"integer\"},\"bookable\":{\"type\":\"boolean\"},\"appointments\":{\"type\":\"array\"}}}}}}}}}"
#define QUEUE_SCHEMA                                                                                                   \
    "{\"type\":\"object\",\"properties\":{\"day\":{\"type\":\"string\"},\"closed\":{\"type\":\"boolean\"},"            \
    "\"current\":{\"type\":[\"integer\",\"null\"]},\"waiting\":{\"type\":\"integer\"},\"tokens\":{\"type\":"          \
    "\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"token\":{\"type\":\"integer\"},\"status\":{\"enum\":" \
    "[\"waiting\",\"called\",\"done\",\"skipped\"]},\"name\":{\"type\":[\"string\",\"null\"]},\"wa_id\":{\"type\":"   \
    "\"string\"}}}}}}"
#define QUEUE_CALL_SCHEMA                                                                                              \
    "{\"type\":\"object\",\"properties\":{\"called\":{\"type\":[\"integer\",\"null\"]},\"near\":{\"type\":"           \
    "[\"integer\",\"null\"]}}}"
/* the operator's console (ops.c) */
#define OPS_DOCTOR_SCHEMA                                                                                              \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},"                \
    "\"clinic_name\":{\"type\":[\"string\",\"null\"]},\"phone_number\":{\"type\":\"string\"},\"disabled\":"            \
    "{\"type\":\"boolean\"},\"number\":{\"type\":\"object\",\"properties\":{\"state\":{\"enum\":[\"none\","            \
    "\"valid\",\"invalid\",\"expiring\"]},\"last_error\":{\"type\":[\"string\",\"null\"]},\"quality_rating\":"         \
    "{\"type\":[\"string\",\"null\"]},\"messaging_limit\":{\"type\":[\"string\",\"null\"]},\"token_set\":"             \
    "{\"type\":\"boolean\"}}}}}"
#define OPS_DLQ_SCHEMA                                                                                                 \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},\"stage\":{\"type\":[\"string\",\"null\"]},"    \
    "\"reason\":{\"type\":[\"string\",\"null\"]},\"error_code\":{\"type\":[\"string\",\"null\"]},\"detail\":"          \
    "{\"type\":[\"string\",\"null\"]},\"attempts\":{\"type\":[\"integer\",\"null\"]},\"failed_at_ms\":{\"type\":"      \
    "\"integer\"},\"source_stream\":{\"type\":[\"string\",\"null\"]},\"doctor_id\":{\"type\":[\"string\",\"null\"]},"  \
    "\"entry\":{\"type\":\"object\",\"description\":\"one entry only\"}}}"
#define OPS_IDS_SCHEMA                                                                                                 \
    "{\"type\":\"object\",\"required\":[\"ids\"],\"properties\":{\"ids\":{\"type\":\"array\",\"minItems\":1,"          \
    "\"maxItems\":500,\"items\":{\"type\":\"string\",\"pattern\":\"^[0-9]+-[0-9]+$\"}}}}"
#define OPS_ACT_SCHEMA                                                                                                 \
    "{\"type\":\"object\",\"properties\":{\"replayed\":{\"type\":\"integer\"},\"purged\":{\"type\":\"integer\"},"      \
    "\"gone\":{\"type\":\"integer\"},\"failed\":{\"type\":\"integer\"},\"entries\":{\"type\":\"array\",\"items\":"     \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},\"result\":{\"enum\":[\"ok\",\"gone\","         \
    "\"bad_source\",\"bad_entry\",\"error\",\"unreachable\"]},\"new_id\":{\"type\":\"string\"}}}}}}"
#define OPS_USER_SCHEMA                                                                                                \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},\"email\":{\"type\":\"string\"},\"role\":"      \
    "{\"type\":\"string\"},\"doctor_id\":{\"type\":[\"string\",\"null\"]},\"clinic_name\":{\"type\":[\"string\","      \
    "\"null\"]},\"name\":{\"type\":[\"string\",\"null\"]},\"disabled\":{\"type\":\"boolean\"},\"totp\":{\"type\":"     \
    "\"boolean\"},\"last_login_at\":{\"type\":[\"string\",\"null\"]}}}"
/* broadcasts (issue 18) */
#define BROADCAST_SCHEMA                                                                                               \
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},\"state\":"      \
    "{\"enum\":[\"draft\",\"scheduled\",\"running\",\"paused\",\"cancelled\",\"done\"]},\"template\":{\"type\":"       \
    "\"object\"},\"variables\":{\"type\":\"array\"},\"groups\":{\"type\":\"array\"},\"scheduled_at\":{},"              \
    "\"recurrence\":{},\"counts\":{\"type\":\"object\"},\"recipients\":{\"type\":\"array\"}}}"
#define BROADCAST_INPUT_SCHEMA                                                                                         \
    "{\"type\":\"object\",\"required\":[\"template\"],\"properties\":{\"name\":{\"type\":\"string\"},\"template\":"    \
    "{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"},\"language\":"        \
    "{\"type\":\"string\"}}},\"variables\":{\"type\":\"array\",\"maxItems\":20,\"items\":{\"type\":\"object\","        \
    "\"properties\":{\"source\":{\"enum\":[\"child_name\",\"contact_name\",\"text\"]},\"text\":{\"type\":"             \
    "\"string\"}}}},\"group_ids\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"appointments_on\":{\"type\":" \
    "\"string\",\"format\":\"date\"},\"when\":{\"enum\":[\"now\",\"scheduled\",\"weekly\",\"draft\"]},"                \
    "\"scheduled_at\":{\"type\":\"string\",\"description\":\"YYYY-MM-DDTHH:MM in the tenant's time zone\"},"           \
    "\"recurrence\":{\"type\":\"object\"},\"to\":{\"type\":\"string\",\"description\":\"test: your own number\"}}}"

const dash_route_t dash_routes[] = {
    {"POST", "/api/v1/session", DASH_ALLOW_PUBLIC, 0, dash_session_create,
     "Sign in: sets the session cookie and answers the user and the CSRF token",
     "{\"type\":\"object\",\"required\":[\"email\",\"password\"],\"properties\":{\"email\":{\"type\":\"string\"},"
     "\"password\":{\"type\":\"string\"},\"totp\":{\"type\":\"string\",\"description\":\"the 6-digit code, for a user "
     "with two-step sign-in (401 totp_required without it)\"}}}",
     "{\"type\":\"object\",\"properties\":{\"user\":" USER_SCHEMA ",\"csrf_token\":{\"type\":\"string\"},"
     "\"totp_enrolment_required\":{\"type\":\"boolean\"}}}",
     200},
    {"DELETE", "/api/v1/session", DASH_ALLOW_SIGNED, 0, dash_session_delete, "Sign out: ends this session", NULL, NULL,
     204},
    {"GET", "/api/v1/me", DASH_ALLOW_SIGNED, 0, dash_me, "Who is signed in (or which API token is used)", NULL,
     "{\"type\":\"object\",\"properties\":{\"user\":" USER_SCHEMA ",\"csrf_token\":{\"type\":\"string\"},"
     "\"token\":{\"type\":\"object\"},\"totp_enrolment_required\":{\"type\":\"boolean\"}}}",
     200},
    {"POST", "/api/v1/me/totp", DASH_ALLOW_SIGNED, 0, dash_totp_enrol,
     "Starts two-step sign-in: a new secret (shown this once) and its otpauth URI, enabled by a first code", NULL,
     "{\"type\":\"object\",\"properties\":{\"secret\":{\"type\":\"string\"},\"otpauth_uri\":{\"type\":\"string\"}}}",
     200},
    {"POST", "/api/v1/me/totp/confirm", DASH_ALLOW_SIGNED, 0, dash_totp_confirm,
     "Turns two-step sign-in on with a code of the enrolled secret",
     "{\"type\":\"object\",\"required\":[\"code\"],\"properties\":{\"code\":{\"type\":\"string\"}}}", NULL, 204},
    {"DELETE", "/api/v1/me/totp", DASH_ALLOW_SIGNED, 0, dash_totp_disable,
     "Turns two-step sign-in off with a current code (409 when the clinic requires it)",
     "{\"type\":\"object\",\"required\":[\"code\"],\"properties\":{\"code\":{\"type\":\"string\"}}}", NULL, 204},
    {"GET", "/api/v1/kb", DASH_ALLOW_READ, 1, dash_kb_list, "The knowledge base's entries, by id", NULL,
     LIST_SCHEMA(KB_ENTRY_SCHEMA), 200},
    {"POST", "/api/v1/kb", DASH_ALLOW_ADMIN, 1, dash_kb_create, "Adds an entry (question and answer required)",
     KB_INPUT_SCHEMA, KB_ENTRY_SCHEMA, 201},
    {"POST", "/api/v1/kb/try", DASH_ALLOW_READ, 1, dash_kb_try,
     "Which entry would answer a question, with the scores (the router's own kb_match)",
     "{\"type\":\"object\",\"required\":[\"question\"],\"properties\":{\"question\":{\"type\":\"string\"}}}",
     "{\"type\":\"object\",\"properties\":{\"answer\":{},\"reason\":{\"type\":\"string\"},"
     "\"threshold\":{\"type\":\"number\"},\"margin\":{\"type\":\"number\"},\"candidates\":{\"type\":\"array\"},"
     "\"qualified\":{\"type\":\"array\"},\"whom\":{\"type\":\"array\"},\"unsaid\":{\"type\":\"array\"},"
     "\"unstated\":{\"type\":\"array\"},\"whole\":{\"type\":\"array\"},"
     "\"context\":{\"type\":\"array\"},\"period\":{\"type\":\"array\"},\"kin\":{\"type\":\"array\"},"
     "\"unpriced\":{\"type\":\"array\"}}}",
     200},
    {"PATCH", "/api/v1/kb/{id}", DASH_ALLOW_ADMIN, 1, dash_kb_update, "Changes some fields of an entry",
     KB_INPUT_SCHEMA, KB_ENTRY_SCHEMA, 200},
    {"DELETE", "/api/v1/kb/{id}", DASH_ALLOW_ADMIN, 1, dash_kb_delete, "Deletes an entry", NULL, NULL, 204},
    {"GET", "/api/v1/settings", DASH_ALLOW_READ, 1, dash_settings_get,
     "The clinic's settings: profile, schedule, conversation settings", NULL,
     "{\"$ref\":\"#/components/schemas/Settings\"}", 200},
    {"PATCH", "/api/v1/settings", DASH_ALLOW_ADMIN, 1, dash_settings_patch,
     "Changes some settings (validated; unknown fields are refused)", "{\"$ref\":\"#/components/schemas/Settings\"}",
     "{\"$ref\":\"#/components/schemas/Settings\"}", 200},
    {"GET", "/api/v1/whatsapp", DASH_ALLOW_ADMIN, 1, dash_whatsapp_get,
     "The clinic's own WhatsApp number: ids, state, expiry, last error, quality rating, messaging limit (never the "
     "token or app secret, only whether they are set), and the Embedded Signup configuration or null",
     NULL, WHATSAPP_SCHEMA, 200},
    {"PUT", "/api/v1/whatsapp", DASH_ALLOW_ADMIN, 1, dash_whatsapp_put,
     "Saves the number's credentials after validating them against the Graph API (as wactl creds set); absent "
     "fields keep their stored value",
     WHATSAPP_INPUT_SCHEMA, WHATSAPP_SCHEMA, 200},
    {"POST", "/api/v1/whatsapp/refresh", DASH_ALLOW_ADMIN, 1, dash_whatsapp_refresh,
     "Checks the stored credentials again and records state, quality rating and messaging limit", NULL, WHATSAPP_SCHEMA,
     200},
    {"POST", "/api/v1/whatsapp/embedded-signup", DASH_ALLOW_ADMIN, 1, dash_whatsapp_signup,
     "Finishes Embedded Signup: exchanges the code, subscribes the app to the WABA, registers the number when a "
     "PIN is given, and saves the credentials (404 when the operator configured no Meta app)",
     "{\"type\":\"object\",\"required\":[\"code\",\"phone_number_id\",\"waba_id\"],\"properties\":{\"code\":"
     "{\"type\":\"string\"},\"phone_number_id\":{\"type\":\"string\"},\"waba_id\":{\"type\":\"string\"},"
     "\"pin\":{\"type\":\"string\",\"pattern\":\"^[0-9]{6}$\"}}}",
     WHATSAPP_SCHEMA, 200},
    {"GET", "/api/v1/templates", DASH_ALLOW_READ, 1, dash_templates_list,
     "The clinic's message templates with status, category, quality and rejection reason", NULL,
     LIST_SCHEMA(TEMPLATE_SCHEMA), 200},
    {"POST", "/api/v1/templates", DASH_ALLOW_ADMIN, 1, dash_templates_create,
     "Submits a new template (with an example for every variable) for approval; stored as Meta answers (PENDING)",
     "{\"type\":\"object\",\"required\":[\"name\",\"language\",\"category\",\"components\"],\"properties\":"
     "{\"name\":{\"type\":\"string\",\"pattern\":\"^[a-z0-9_]{1,512}$\"},\"language\":{\"type\":\"string\"},"
     "\"category\":{\"enum\":[\"UTILITY\",\"MARKETING\",\"AUTHENTICATION\"]},\"parameter_format\":{\"enum\":"
     "[\"POSITIONAL\",\"NAMED\"]},\"components\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}",
     TEMPLATE_SCHEMA, 201},
    {"POST", "/api/v1/templates/sync", DASH_ALLOW_ADMIN, 1, dash_templates_sync,
     "Reads every template of the clinic's WABA from the Graph API and updates the list", NULL,
     "{\"type\":\"object\",\"properties\":{\"synced\":{\"type\":\"integer\"},\"deleted\":{\"type\":"
     "\"integer\"}}}",
     200},
    {"GET", "/api/v1/audit", DASH_ALLOW_ADMIN, 1, dash_audit_list, "The audit log, newest first", NULL,
     LIST_SCHEMA("{\"type\":\"object\"}"), 200},
    {"GET", "/api/v1/conversations", DASH_ALLOW_READ, 1, dash_inbox_list,
     "The clinic's conversations, newest first, with unread counts and flags; ?flag= (handoff, emergency, opted_out, "
     "window_closed, unread) and ?q= (name, number or message text) narrow them",
     NULL, LIST_SCHEMA("{\"$ref\":\"#/components/schemas/Conversation\"}"), 200},
    {"GET", "/api/v1/conversations/{patient_id}/messages", DASH_ALLOW_READ, 1, dash_inbox_messages,
     "A conversation's messages, oldest first (the cursor pages forward, to newer ones); marks the conversation read",
     NULL, LIST_SCHEMA("{\"$ref\":\"#/components/schemas/Message\"}"), 200},
    {"POST", "/api/v1/conversations/{patient_id}/messages", DASH_ALLOW_READ, 1, dash_inbox_send,
     "Sends a staff reply (text, while the 24-hour window is open) or an approved template, through wa:out; the "
     "Idempotency-Key header makes a repeat a no-op. 409 window_closed, 409 opted_out",
     "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"maxLength\":4096},\"template\":"
     "{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"},"
     "\"language\":{\"type\":\"string\"},\"params\":{\"type\":\"array\",\"maxItems\":20,\"items\":"
     "{\"type\":\"string\"}}}}}}",
     "{\"type\":\"object\",\"properties\":{\"out_id\":{\"type\":\"string\"}}}", 202},
    {"POST", "/api/v1/conversations/{patient_id}/handoff", DASH_ALLOW_READ, 1, dash_inbox_handoff_take,
     "Takes the conversation over: no automatic answers for the clinic's handoff_minutes (the router's handoff)", NULL,
     "{\"type\":\"object\",\"properties\":{\"handoff\":{\"type\":\"boolean\"},\"paused_until\":"
     "{\"type\":\"string\"},\"paused_seconds\":{\"type\":\"integer\"}}}",
     200},
    {"DELETE", "/api/v1/conversations/{patient_id}/handoff", DASH_ALLOW_READ, 1, dash_inbox_handoff_release,
     "Releases the conversation to the automatic answers", NULL, NULL, 204},
    {"GET", "/api/v1/events", DASH_ALLOW_READ, 1, dash_events_stream,
     "The clinic's live events as server-sent events (text/event-stream): data lines {\"type\": \"message\"|"
     "\"status\"|\"flag\", \"patient_id\", ...}; refetch what they name",
     NULL, NULL, 200},
    /* --- the operator's console (ops.c; issue 17): operator only ------------------------------------------------ */
    {"GET", "/api/v1/ops/doctors", DASH_ALLOW_OPERATOR, 0, dash_ops_doctors_list,
     "Every clinic with its number's health (credential state, quality rating, messaging limit, last error; never a "
     "token or secret) and whether it is disabled",
     NULL, LIST_SCHEMA(OPS_DOCTOR_SCHEMA), 200},
    {"POST", "/api/v1/ops/doctors", DASH_ALLOW_OPERATOR, 0, dash_ops_doctors_create,
     "Adds a clinic (as wactl doctor add); 409 exists when its phone number is taken",
     "{\"type\":\"object\",\"required\":[\"name\",\"phone_number\",\"clinic_name\"],\"properties\":{\"name\":"
     "{\"type\":\"string\",\"maxLength\":200},\"phone_number\":{\"type\":\"string\",\"maxLength\":40},"
     "\"clinic_name\":{\"type\":\"string\",\"maxLength\":200},\"specialization\":{\"type\":[\"string\",\"null\"]},"
     "\"clinic_address\":{\"type\":[\"string\",\"null\"]},\"email\":{\"type\":[\"string\",\"null\"]},"
     "\"phone_number_id\":{\"type\":[\"string\",\"null\"],\"pattern\":\"^[0-9]+$\"}}}",
     OPS_DOCTOR_SCHEMA, 201},
    {"PATCH", "/api/v1/ops/doctors/{id}", DASH_ALLOW_OPERATOR, 0, dash_ops_doctors_patch,
     "Disables a clinic (its patients get no automatic answers, as wactl doctor disable) or enables it again",
     "{\"type\":\"object\",\"required\":[\"disabled\"],\"properties\":{\"disabled\":{\"type\":\"boolean\"}}}",
     OPS_DOCTOR_SCHEMA, 200},
    {"GET", "/api/v1/ops/streams", DASH_ALLOW_OPERATOR, 0, dash_ops_streams,
     "Each stream of the pipeline (in, ai, out, dlq, unrouted, sandbox, dash, alerts): length and, per consumer "
     "group, consumers, pending, lag, last delivered id, the oldest pending entry's age; the retry set's size",
     NULL,
     "{\"type\":\"object\",\"properties\":{\"prefix\":{\"type\":\"string\"},\"at_ms\":{\"type\":\"integer\"},"
     "\"streams\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":"
     "\"string\"},\"key\":{\"type\":\"string\"},\"length\":{\"type\":\"integer\"},\"groups\":{\"type\":"
     "\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"consumers\":"
     "{\"type\":\"integer\"},\"pending\":{\"type\":\"integer\"},\"lag\":{\"type\":[\"integer\",\"null\"]},"
     "\"last_delivered_id\":{\"type\":\"string\"},\"oldest_pending_ms\":{\"type\":[\"integer\",\"null\"]},"
     "\"consumer_list\":{\"type\":\"array\"}}}}}}},\"retry\":{\"type\":\"object\"}}}",
     200},
    {"GET", "/api/v1/ops/dlq", DASH_ALLOW_OPERATOR, 0, dash_ops_dlq_list,
     "The dead letters, newest first (metadata only); ?stage=, ?reason=, ?doctor=, ?older_than=, ?newer_than= "
     "(90s, 15m, 2h, 7d) narrow them",
     NULL, LIST_SCHEMA(OPS_DLQ_SCHEMA), 200},
    {"POST", "/api/v1/ops/dlq/replay", DASH_ALLOW_OPERATOR, 0, dash_ops_dlq_replay,
     "Replays dead letters as wactl dlq replay does (the same code): each goes back on its source stream through "
     "every check of its stage and leaves wa:dlq, atomically and at most once",
     OPS_IDS_SCHEMA, OPS_ACT_SCHEMA, 200},
    {"POST", "/api/v1/ops/dlq/purge", DASH_ALLOW_OPERATOR, 0, dash_ops_dlq_purge, "Deletes dead letters",
     OPS_IDS_SCHEMA, OPS_ACT_SCHEMA, 200},
    {"GET", "/api/v1/ops/dlq/{id}", DASH_ALLOW_OPERATOR, 0, dash_ops_dlq_get,
     "One dead letter with its original entry (it may hold a patient's text)", NULL, OPS_DLQ_SCHEMA, 200},
    {"GET", "/api/v1/ops/unrouted", DASH_ALLOW_OPERATOR, 0, dash_ops_unrouted,
     "Webhook changes that matched no clinic, newest first: the number and phone number id Meta addressed, how many "
     "messages and statuses (never their text)",
     NULL, LIST_SCHEMA("{\"type\":\"object\"}"), 200},
    {"GET", "/api/v1/ops/users", DASH_ALLOW_OPERATOR, 0, dash_ops_users_list,
     "The dashboard's users of every clinic (?doctor= one clinic's)", NULL, LIST_SCHEMA(OPS_USER_SCHEMA), 200},
    {"POST", "/api/v1/ops/users", DASH_ALLOW_OPERATOR, 0, dash_ops_users_create,
     "Adds a user (as wactl user add) with a first password; 409 exists when the email is taken",
     "{\"type\":\"object\",\"required\":[\"email\",\"role\",\"password\"],\"properties\":{\"email\":{\"type\":"
     "\"string\"},\"role\":{\"enum\":[\"operator\",\"clinic_admin\",\"staff\",\"school_admin\",\"teacher\"]},"
     "\"doctor_id\":{\"type\":[\"string\",\"null\"],\"format\":\"uuid\"},\"name\":{\"type\":[\"string\",\"null\"]},"
     "\"password\":{\"type\":\"string\",\"writeOnly\":true,\"minLength\":10}}}",
     OPS_USER_SCHEMA, 201},
    {"PATCH", "/api/v1/ops/users/{id}", DASH_ALLOW_OPERATOR, 0, dash_ops_users_patch,
     "Disables a user (their sessions end) or enables them again",
     "{\"type\":\"object\",\"required\":[\"disabled\"],\"properties\":{\"disabled\":{\"type\":\"boolean\"}}}",
     OPS_USER_SCHEMA, 200},
    {"GET", "/api/v1/ops/audit", DASH_ALLOW_OPERATOR, 0, dash_ops_audit,
     "The audit log of every clinic and of the console, newest first", NULL, LIST_SCHEMA("{\"type\":\"object\"}"), 200},
    /* --- end of the operator's console ------------------------------------------------------------------------- */
    /* reports and analytics (reports.c) */
    {"GET", "/api/v1/reports/{name}", DASH_ALLOW_READ, DASH_TENANT_OPTIONAL, dash_reports_get,
     "A report of a period (?from=&to=, days in the clinic's time zone); CSV with Accept: text/csv or ?format=csv. "
     "An operator without ?doctor= reads every clinic",
     NULL, REPORT_SCHEMA, 200},
    /* --- contacts, groups and teachers' classes (issue 18, contacts.c): a teacher sees only their classes --- */
    {"GET", "/api/v1/contacts", DASH_ALLOW_READ, 1, dash_contacts_list,
     "The contacts (patients, or a school's parents) by name, with groups (and the child of each membership), "
     "language, opt-in (when, how, basis) and opt-outs (STOP, marketing: time and source); ?group= and ?q= (name, "
     "number, child) narrow them; a teacher sees only the members of their classes",
     NULL, LIST_SCHEMA(CONTACT_SCHEMA), 200},
    {"POST", "/api/v1/contacts", DASH_ALLOW_ADMIN, 1, dash_contacts_create,
     "Adds a contact (409 when the number is one already); opted_in true records a form opt-in with its basis",
     CONTACT_INPUT_SCHEMA, CONTACT_SCHEMA, 201},
    {"POST", "/api/v1/contacts/import", DASH_ALLOW_ADMIN, 1, dash_contacts_import,
     "CSV import: without commit a preview (each row: new, update or error with the reasons); with commit all rows "
     "in one transaction (422 invalid_rows and nothing imported when a row is bad, unless skip_invalid), opted in "
     "with source csv and the declared basis",
     "{\"type\":\"object\",\"required\":[\"csv\"],\"properties\":{\"csv\":{\"type\":\"string\",\"description\":"
     "\"the file's text: a header row (phone, name, child, group, language, user_id), then one row per child\"},"
     "\"basis\":{\"type\":\"string\",\"minLength\":5,\"maxLength\":500,\"description\":\"the declared consent basis "
     "(required to commit)\"},\"commit\":{\"type\":\"boolean\"},\"skip_invalid\":{\"type\":\"boolean\"}}}",
     "{\"type\":\"object\",\"properties\":{\"committed\":{\"type\":\"boolean\"},\"counts\":{\"type\":\"object\"},"
     "\"rows\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"line\":{\"type\":\"integer\"},"
     "\"action\":{\"enum\":[\"new\",\"update\",\"error\"]},\"errors\":{\"type\":\"array\",\"items\":{\"type\":"
     "\"string\"}}}}},\"ignored_columns\":{\"type\":\"array\"}}}",
     200},
    {"GET", "/api/v1/contacts/export", DASH_ALLOW_READ, 1, dash_contacts_export,
     "The contacts as CSV (text/csv), one line per contact and group membership, with consent and opt-outs; "
     "?group= for one group; a teacher gets their classes only",
     NULL, "{\"type\":\"string\",\"format\":\"text/csv\"}", 200},
    {"GET", "/api/v1/contacts/{id}", DASH_ALLOW_READ, 1, dash_contacts_get, "One contact", NULL, CONTACT_SCHEMA, 200},
    {"PATCH", "/api/v1/contacts/{id}", DASH_ALLOW_ADMIN, 1, dash_contacts_update,
     "Changes the tenant's name for the contact, the language, the opt-in (true with consent_basis, or false to "
     "withdraw it) and the groups (the list replaces the memberships); the number and the opt-outs are the contact's",
     CONTACT_INPUT_SCHEMA, CONTACT_SCHEMA, 200},
    {"DELETE", "/api/v1/contacts/{id}", DASH_ALLOW_ADMIN, 1, dash_contacts_delete,
     "Erases the contact with its conversation, appointments and memberships", NULL, NULL, 204},
    {"GET", "/api/v1/groups", DASH_ALLOW_READ, 1, dash_groups_list,
     "The groups (a school's classes, lists) with member counts and teachers; a teacher sees their classes", NULL,
     LIST_SCHEMA(GROUP_SCHEMA), 200},
    {"POST", "/api/v1/groups", DASH_ALLOW_ADMIN, 1, dash_groups_create,
     "Adds a group (409 when the name is taken, in any case); teacher_ids assigns the class to teachers",
     GROUP_INPUT_SCHEMA, GROUP_SCHEMA, 201},
    {"PATCH", "/api/v1/groups/{id}", DASH_ALLOW_ADMIN, 1, dash_groups_update,
     "Renames a group, changes its kind or description, or assigns it to teachers (teacher_ids replaces them)",
     GROUP_INPUT_SCHEMA, GROUP_SCHEMA, 200},
    {"DELETE", "/api/v1/groups/{id}", DASH_ALLOW_ADMIN, 1, dash_groups_delete,
     "Deletes a group and its memberships (the contacts stay)", NULL, NULL, 204},
    {"GET", "/api/v1/groups/{id}/members", DASH_ALLOW_READ, 1, dash_group_members_list,
     "A group's members by name, one item per child", NULL,
     LIST_SCHEMA("{\"type\":\"object\",\"properties\":{\"patient_id\":{\"type\":\"string\"},\"name\":{\"type\":"
                 "[\"string\",\"null\"]},\"wa_id\":{\"type\":\"string\"},\"child_name\":{\"type\":[\"string\","
                 "\"null\"]},\"sendable\":{\"type\":\"boolean\"}}}"),
     200},
    {"POST", "/api/v1/groups/{id}/members", DASH_ALLOW_ADMIN, 1, dash_group_members_add,
     "Adds a contact to the group (for a child: child_name); 200 when it is a member already",
     "{\"type\":\"object\",\"required\":[\"patient_id\"],\"properties\":{\"patient_id\":{\"type\":\"string\"},"
     "\"child_name\":{\"type\":[\"string\",\"null\"],\"maxLength\":100}}}",
     "{\"type\":\"object\",\"properties\":{\"patient_id\":{\"type\":\"string\"},\"added\":{\"type\":\"boolean\"}}}",
     201},
    {"DELETE", "/api/v1/groups/{id}/members", DASH_ALLOW_ADMIN, 1, dash_group_members_remove,
     "Removes ?patient_id= from the group (every child, or ?child_name= only)", NULL, NULL, 204},
    {"GET", "/api/v1/teachers", DASH_ALLOW_ADMIN, 1, dash_teachers_list,
     "The tenant's users whose role is teacher, with the ids of their classes", NULL,
     LIST_SCHEMA("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},\"email\":{\"type\":"
                 "\"string\"},\"group_ids\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}"),
     200},
    /* --- end of contacts --- */
    /* broadcasts (issue 18, services/dashboard/broadcasts.c): a teacher only to their own classes */
    {"GET", "/api/v1/broadcasts", DASH_ALLOW_READ, 1, dash_broadcasts_list,
     "The tenant's broadcasts, newest first, each with its live counts (a teacher: those to their own classes)", NULL,
     LIST_SCHEMA(BROADCAST_SCHEMA), 200},
    {"POST", "/api/v1/broadcasts", DASH_ALLOW_READ, 1, dash_broadcasts_create,
     "Creates a broadcast of an approved template to groups (or to the patients with an appointment on a day): sent "
     "now, at a local time of the tenant's time zone, weekly, or kept as a draft; planned at once (one message per "
     "person, opted-out contacts skipped). Admins, and teachers to their own classes",
     BROADCAST_INPUT_SCHEMA, BROADCAST_SCHEMA, 201},
    {"POST", "/api/v1/broadcasts/preview", DASH_ALLOW_READ, 1, dash_broadcasts_preview,
     "The recipient count after consent and duplicates, and a rendered sample, of a composed broadcast",
     BROADCAST_INPUT_SCHEMA,
     "{\"type\":\"object\",\"properties\":{\"recipients\":{\"type\":\"integer\"},\"skipped_opted_out\":{\"type\":"
     "\"integer\"},\"skipped_duplicate\":{\"type\":\"integer\"},\"sample\":{},\"template_category\":{\"type\":"
     "\"string\"}}}",
     200},
    {"POST", "/api/v1/broadcasts/test", DASH_ALLOW_READ, 1, dash_broadcasts_test,
     "Sends the composed broadcast's template, rendered for its first recipient, to the caller's own number (to)",
     BROADCAST_INPUT_SCHEMA, "{\"type\":\"object\",\"properties\":{\"out_id\":{\"type\":\"string\"}}}", 202},
    {"GET", "/api/v1/broadcasts/groups", DASH_ALLOW_READ, 1, dash_broadcasts_groups,
     "The groups the caller may broadcast to (a teacher: their classes), with how many people each has", NULL,
     LIST_SCHEMA("{\"type\":\"object\"}"), 200},
    {"GET", "/api/v1/broadcasts/{id}", DASH_ALLOW_READ, 1, dash_broadcasts_get,
     "A broadcast's live report (sent, delivered, read, failed with Meta's reason, opted out, replied) and a page "
     "of its recipients (?state=); Accept: text/csv (or ?format=csv) answers every recipient as CSV",
     NULL, BROADCAST_SCHEMA, 200},
    {"POST", "/api/v1/broadcasts/{id}/pause", DASH_ALLOW_READ, 1, dash_broadcasts_pause,
     "Pauses a running or scheduled broadcast (409 bad_state otherwise)", NULL, BROADCAST_SCHEMA, 200},
    {"POST", "/api/v1/broadcasts/{id}/resume", DASH_ALLOW_READ, 1, dash_broadcasts_resume,
     "Resumes a paused broadcast, or starts a draft", NULL, BROADCAST_SCHEMA, 200},
    {"POST", "/api/v1/broadcasts/{id}/cancel", DASH_ALLOW_READ, 1, dash_broadcasts_cancel,
     "Cancels a broadcast: nothing more is sent", NULL, BROADCAST_SCHEMA, 200},
    {"GET", "/api/v1/openapi.json", DASH_ALLOW_PUBLIC, 0, dash_openapi_get, "This document", NULL,
     "{\"type\":\"object\"}", 200},
    /* --- reception (issue 17, reception.c): appointments, blocked days, the walk-in queue, referrals --- */
    {"GET", "/api/v1/appointments", DASH_ALLOW_READ, 1, dash_appointments_list,
     "The doctor's schedule from ?from to ?to (YYYY-MM-DD, the clinic's days; default today and the 6 days after, at "
     "most 42 days): each day (working, blocked) with its slots (start in unix seconds, capacity, taken, free, "
     "bookable) and their appointments",
     NULL, APPT_DAYS_SCHEMA, 200},
    {"POST", "/api/v1/appointments", DASH_ALLOW_READ, 1, dash_appointments_create,
     "Books a place for a patient who phoned (patient_id, or wa_id: a number, a new patient when it never wrote); the "
     "patient gets the same confirmation as a WhatsApp booking. 409 slot_taken (the last place went to another "
     "booking), 409 already_booked",
     "{\"type\":\"object\",\"required\":[\"start\"],\"properties\":{\"start\":{\"type\":\"integer\",\"description\":"
     "\"a slot's start (unix seconds)\"},\"patient_id\":{\"type\":\"string\",\"format\":\"uuid\"},\"wa_id\":"
     "{\"type\":\"string\"},\"name\":{\"type\":\"string\",\"maxLength\":200}}}",
     APPOINTMENT_SCHEMA, 201},
    {"PATCH", "/api/v1/appointments/{id}", DASH_ALLOW_READ, 1, dash_appointments_update,
     "One change: status cancelled (the patient is told, with the reason), start (reschedule: a new appointment "
     "replaces it, the patient is told; 409 slot_taken) or attendance (arrived, no_show once its time came, null)",
     "{\"type\":\"object\",\"properties\":{\"status\":{\"enum\":[\"cancelled\"]},\"start\":{\"type\":\"integer\"},"
     "\"attendance\":{\"enum\":[\"arrived\",\"no_show\",null]},\"reason\":{\"type\":[\"string\",\"null\"],"
     "\"maxLength\":500}}}",
     APPOINTMENT_SCHEMA, 200},
    {"POST", "/api/v1/appointments/blocked-days", DASH_ALLOW_READ, 1, dash_blocked_day_create,
     "Blocks a day for booking (appointments already booked that day stay)",
     "{\"type\":\"object\",\"required\":[\"day\"],\"properties\":{\"day\":{\"type\":\"string\",\"format\":\"date\"},"
     "\"reason\":{\"type\":[\"string\",\"null\"],\"maxLength\":500}}}",
     "{\"type\":\"object\",\"properties\":{\"day\":{\"type\":\"string\"},\"reason\":{\"type\":[\"string\",\"null\"]}}}",
     201},
    {"DELETE", "/api/v1/appointments/blocked-days/{day}", DASH_ALLOW_READ, 1, dash_blocked_day_delete,
     "Opens a blocked day for booking again", NULL, NULL, 204},
    {"GET", "/api/v1/queue", DASH_ALLOW_READ, 1, dash_queue_get,
     "Today's walk-in queue (the clinic's day): every token with its status and patient, the token called, closed",
     NULL, QUEUE_SCHEMA, 200},
    {"GET", "/api/v1/queue/display", DASH_ALLOW_READ, 1, dash_queue_display,
     "The waiting-room display's view of today's queue: the token called and the next ones, no names or numbers", NULL,
     "{\"type\":\"object\",\"properties\":{\"day\":{\"type\":\"string\"},\"clinic\":{\"type\":\"string\"},\"closed\":"
     "{\"type\":\"boolean\"},\"current\":{\"type\":[\"integer\",\"null\"]},\"next\":{\"type\":\"array\",\"items\":"
     "{\"type\":\"integer\"}},\"waiting\":{\"type\":\"integer\"}}}",
     200},
    {"POST", "/api/v1/queue/next", DASH_ALLOW_READ, 1, dash_queue_next,
     "The patient being seen is done; calls the next token and tells that patient and the one whose turn is near (as "
     "wactl queue next)",
     NULL, QUEUE_CALL_SCHEMA, 200},
    {"POST", "/api/v1/queue/skip", DASH_ALLOW_READ, 1, dash_queue_skip,
     "The patient called did not come (skipped); calls the next token, as next does", NULL, QUEUE_CALL_SCHEMA, 200},
    {"POST", "/api/v1/queue/recall", DASH_ALLOW_READ, 1, dash_queue_recall,
     "A skipped token of today waits again, first in line by its number (409 not_skipped)",
     "{\"type\":\"object\",\"required\":[\"token\"],\"properties\":{\"token\":{\"type\":\"integer\",\"minimum\":1}}}",
     "{\"type\":\"object\",\"properties\":{\"token\":{\"type\":\"integer\"},\"status\":{\"type\":\"string\"}}}", 200},
    {"POST", "/api/v1/queue/close", DASH_ALLOW_READ, 1, dash_queue_close,
     "Closes today's queue: no new tokens (the tokens given stay)", NULL,
     "{\"type\":\"object\",\"properties\":{\"closed\":{\"type\":\"boolean\"}}}", 200},
    {"GET", "/api/v1/referrals", DASH_ALLOW_READ, 1, dash_referrals_list,
     "Referrals per referrer from ?from to ?to (YYYY-MM-DD; default the last 30 days): who referred how many new "
     "patients, with their code",
     NULL,
     "{\"type\":\"object\",\"properties\":{\"from\":{\"type\":\"string\"},\"to\":{\"type\":\"string\"},\"total\":"
     "{\"type\":\"integer\"},\"referrers\":{\"type\":\"integer\"},\"items\":{\"type\":\"array\",\"items\":{\"type\":"
     "\"object\",\"properties\":{\"referrer_id\":{\"type\":\"string\"},\"name\":{\"type\":[\"string\",\"null\"]},"
     "\"wa_id\":{\"type\":\"string\"},\"code\":{\"type\":[\"string\",\"null\"]},\"referred\":{\"type\":\"integer\"},"
     "\"last_at\":{\"type\":\"string\"}}}}}}",
     200},
    /* --- end of reception --- */
    /* photos and documents (issue 17, media.c) */
    {"GET", "/api/v1/media/{id}", DASH_ALLOW_READ, 1, dash_media_get,
     "A stored inbound or outbound media file (image, audio, video, document, sticker) of the clinic: its own "
     "Content-Type, inline only for images, audio and video, otherwise an attachment; nosniff and a sandboxing CSP",
     NULL, NULL, 200},
    {"POST", "/api/v1/conversations/{patient_id}/media", DASH_ALLOW_READ, 1, dash_media_send,
     "Sends an image (JPEG, PNG) or a document (A.11 types) while the 24-hour window is open: the raw file is the "
     "body and its type the Content-Type; ?filename= and ?caption=. wa-sender uploads it to the Graph API's media "
     "endpoint and sends it through wa:out. 409 window_closed",
     NULL, "{\"type\":\"object\",\"properties\":{\"out_id\":{\"type\":\"string\"},\"media_id\":{\"type\":\"string\"}}}",
     202},
    {NULL, NULL, DASH_ALLOW_PUBLIC, 0, NULL, NULL, NULL, NULL, 0},
};

int dash_route_match(const char *pattern, const char *path, size_t pathlen, char *param, size_t paramsz)
{
    size_t i = 0;
    const char *p = pattern;
    param[0] = '\0';
    while (*p != '\0') {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t start = i;
            while (i < pathlen && path[i] != '/')
                i++;
            if (i == start || i - start >= paramsz)
                return 0;
            memcpy(param, path + start, i - start);
            param[i - start] = '\0';
            p = close + 1;
            continue;
        }
        if (i >= pathlen || path[i] != *p)
            return 0;
        i++;
        p++;
    }
    return i == pathlen;
}

void dash_reply_unavailable(dash_call_t *c)
{
    dash_reply_error(c->req, 503, "unavailable", "the database or Redis did not answer; try again", NULL);
}

cJSON *dash_new_object(void)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        wa_fatal("out of memory");
    return o;
}

int dash_one_row(dash_call_t *c, PGresult *res, const char *missing)
{
    if (res == NULL) {
        dash_reply_unavailable(c);
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        dash_reply_error(c->req, 404, "not_found", missing, NULL);
        return 0;
    }
    return 1;
}

int dash_list_params(dash_call_t *c, long *limit, long long *after)
{
    const char *l = dash_http_query(c->req, "limit"), *cur = dash_http_query(c->req, "cursor");
    char *end;
    *limit = 50;
    *after = 0;
    if (l != NULL) {
        *limit = strtol(l, &end, 10);
        if (l[0] == '\0' || *end != '\0' || *limit < 1 || *limit > 200) {
            cJSON *f = cJSON_CreateObject();
            cJSON_AddStringToObject(f, "limit", "a number from 1 to 200");
            dash_reply_error(c->req, 422, "invalid", "invalid limit", f);
            return -1;
        }
    }
    if (cur != NULL) {
        unsigned char raw[32];
        size_t n = 0;
        char digits[33];
        if (sodium_base642bin(raw, sizeof(raw) - 1, cur, strlen(cur), NULL, &n, NULL,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
            n < 2 || raw[0] != 'i') {
            cJSON *f = cJSON_CreateObject();
            cJSON_AddStringToObject(f, "cursor", "not a cursor this API gave");
            dash_reply_error(c->req, 422, "invalid", "invalid cursor", f);
            return -1;
        }
        memcpy(digits, raw + 1, n - 1);
        digits[n - 1] = '\0';
        *after = strtoll(digits, &end, 10);
        if (*end != '\0' || *after < 0) {
            cJSON *f = cJSON_CreateObject();
            cJSON_AddStringToObject(f, "cursor", "not a cursor this API gave");
            dash_reply_error(c->req, 422, "invalid", "invalid cursor", f);
            return -1;
        }
    }
    return 0;
}

cJSON *dash_cursor_text(const char *raw)
{
    size_t n = strlen(raw);
    char *b64 = wa_malloc(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING));
    sodium_bin2base64(b64, sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                      (const unsigned char *)raw, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    cJSON *s = cJSON_CreateString(b64);
    free(b64);
    if (s == NULL)
        wa_fatal("out of memory");
    return s;
}

cJSON *dash_cursor_encode(long long id)
{
    char raw[32];
    snprintf(raw, sizeof(raw), "i%lld", id);
    return dash_cursor_text(raw);
}

void dash_reply_list(dash_call_t *c, const char *items_json, int more, long long last_id)
{
    cJSON *doc = cJSON_CreateObject(), *items = cJSON_Parse(items_json);
    if (doc == NULL || items == NULL || !cJSON_AddItemToObject(doc, "items", items) ||
        !cJSON_AddItemToObject(doc, "next_cursor", more ? dash_cursor_encode(last_id) : cJSON_CreateNull()))
        wa_fatal("out of memory");
    dash_reply_json(c->req, 200, doc);
}

int dash_list_texts(dash_call_t *c, long *limit, long long *after, char lim[24], char aft[24])
{
    if (dash_list_params(c, limit, after) != 0)
        return -1;
    snprintf(lim, 24, "%ld", *limit);
    snprintf(aft, 24, "%lld", *after);
    return 0;
}

void dash_reply_page(dash_call_t *c, const char *what, const char *sql, int nparams, const char *const *params)
{
    PGresult *res = wa_pg_exec(c->w->pg, what, sql, nparams, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return;
    }
    dash_reply_list(c, PQgetvalue(res, 0, 0), strcmp(PQgetvalue(res, 0, 1), "t") == 0,
                    strtoll(PQgetvalue(res, 0, 2), NULL, 10));
    PQclear(res);
}

void dash_actor_params(const dash_call_t *c, const char *out[3], char *actor, size_t actorsz)
{
    if (c->who.kind == DASH_BY_TOKEN) {
        snprintf(actor, actorsz, "token:%s", c->who.email);
        out[0] = NULL;
        out[1] = c->who.token_id;
    } else {
        snprintf(actor, actorsz, "user:%s", c->who.email);
        out[0] = c->who.user_id;
        out[1] = NULL;
    }
    out[2] = actor;
}

/* --- dispatch ------------------------------------------------------------------------------------------------- */

static int is_admin(const dash_principal_t *p)
{
    return p->kind == DASH_BY_TOKEN || strcmp(p->role, "operator") == 0 || strcmp(p->role, "clinic_admin") == 0 ||
           strcmp(p->role, "school_admin") == 0;
}

static int is_uuid(const char *s)
{
    static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    if (strlen(s) != sizeof(shape) - 1)
        return 0;
    for (size_t i = 0; shape[i] != '\0'; i++)
        if (shape[i] == '-'
                ? s[i] != '-'
                : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
            return 0;
    return 1;
}

/* The tenant a call acts for. Returns 0, or answers (400, 404, 503) and returns -1. */
static int resolve_tenant(dash_call_t *c)
{
    const char *q = dash_http_query(c->req, "doctor");
    if (strcmp(c->who.role, "operator") != 0) {
        if (q != NULL && strcasecmp(q, c->who.doctor_id) != 0) {
            dash_reply_error(c->req, 404, "not_found", "no such clinic", NULL);
            return -1;
        }
        c->tenant = c->who.doctor_id;
        return 0;
    }
    if (q == NULL || q[0] == '\0') {
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "doctor", "an operator names the clinic with ?doctor=<id>");
        dash_reply_error(c->req, 400, "doctor_required", "which clinic? add ?doctor=<id>", f);
        return -1;
    }
    if (!is_uuid(q)) {
        dash_reply_error(c->req, 404, "not_found", "no such clinic", NULL);
        return -1;
    }
    const char *params[] = {q};
    PGresult *res = wa_pg_exec(c->w->pg, "dashboard tenant", "SELECT id FROM doctors WHERE id = $1", 1, params);
    if (res == NULL) {
        dash_reply_unavailable(c);
        return -1;
    }
    int found = PQntuples(res) == 1;
    PQclear(res);
    if (!found) {
        dash_reply_error(c->req, 404, "not_found", "no such clinic", NULL);
        return -1;
    }
    c->tenant = q;
    return 0;
}

void dash_api_handle(dash_worker_t *w, h2o_req_t *req)
{
    h2o_iovec_t path = req->path_normalized;
    const dash_route_t *route = NULL;
    char param[128], allow[64] = "";
    int path_seen = 0;
    dash_call_t call;

    for (const dash_route_t *r = dash_routes; r->method != NULL; r++) {
        if (!dash_route_match(r->path, path.base, path.len, param, sizeof(param)))
            continue;
        path_seen = 1;
        if (h2o_memis(req->method.base, req->method.len, r->method, strlen(r->method))) {
            route = r;
            break;
        }
        snprintf(allow + strlen(allow), sizeof(allow) - strlen(allow), "%s%s", allow[0] != '\0' ? ", " : "", r->method);
    }
    if (route == NULL) {
        if (path_seen) {
            h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_ALLOW, NULL,
                           h2o_strdup(&req->pool, allow, SIZE_MAX).base, strlen(allow));
            dash_reply_error(req, 405, "method_not_allowed", "this method is not served on this path", NULL);
        } else {
            dash_reply_error(req, 404, "not_found", "no such API route", NULL);
        }
        return;
    }

    memset(&call, 0, sizeof(call));
    call.req = req;
    call.w = w;
    call.param = param[0] != '\0' ? param : NULL;
    if (route->allow != DASH_ALLOW_PUBLIC) {
        if (dash_auth_resolve(&call) != 0)
            return;
        int safe = h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET")) ||
                   h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD"));
        if (!safe && call.who.kind == DASH_BY_SESSION && dash_auth_csrf(&call) != 0)
            return;
        if (call.who.limited && strcmp(route->path, "/api/v1/session") != 0 && strcmp(route->path, "/api/v1/me") != 0 &&
            strncmp(route->path, "/api/v1/me/totp", 15) != 0) {
            dash_reply_error(req, 403, "totp_enrolment_required",
                             "your clinic requires two-step sign-in: turn it on before anything else", NULL);
            return;
        }
        if (route->allow == DASH_ALLOW_OPERATOR &&
            (call.who.kind != DASH_BY_SESSION || strcmp(call.who.role, "operator") != 0)) {
            dash_reply_error(req, 403, "forbidden", "only an operator may do this", NULL);
            return;
        }
        if (route->allow == DASH_ALLOW_ADMIN && !is_admin(&call.who)) {
            dash_reply_error(req, 403, "forbidden", "your role may not do this", NULL);
            return;
        }
        if (route->tenant == DASH_TENANT_OPTIONAL && strcmp(call.who.role, "operator") == 0 &&
            dash_http_query(req, "doctor") == NULL)
            call.tenant = NULL; /* every tenant */
        else if (route->tenant && resolve_tenant(&call) != 0)
            return;
    }
    if (route->request_schema != NULL) {
        const char *ct = dash_http_header(req, "content-type");
        if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0) {
            dash_reply_error(req, 415, "unsupported_media_type", "send the body as application/json", NULL);
            return;
        }
        if (req->entity.base != NULL && req->entity.len > DASH_JSON_MAX_BODY) { /* uploads may be larger (media.c) */
            dash_reply_error(req, 413, "too_large", "the JSON body is larger than 1 MiB", NULL);
            return;
        }
        call.body = cJSON_ParseWithLength(req->entity.base != NULL ? req->entity.base : "", req->entity.len);
        if (!cJSON_IsObject(call.body)) {
            cJSON_Delete(call.body);
            dash_reply_error(req, 400, "bad_json", "the body is not a JSON object", NULL);
            return;
        }
    }
    route->handler(&call);
    cJSON_Delete(call.body);
}

/* --- OpenAPI -------------------------------------------------------------------------------------------------- */

static cJSON *parse_or_die(const char *text)
{
    cJSON *j = cJSON_Parse(text);
    if (j == NULL)
        wa_fatal("a schema literal of the route table is not JSON");
    return j;
}

static void add_response(cJSON *responses, const char *status, const char *desc, const char *schema)
{
    cJSON *r = cJSON_CreateObject();
    if (r == NULL || !cJSON_AddItemToObject(responses, status, r) ||
        cJSON_AddStringToObject(r, "description", desc) == NULL)
        wa_fatal("out of memory");
    if (schema != NULL) {
        cJSON *content = cJSON_AddObjectToObject(r, "content"), *mt;
        if (content == NULL || (mt = cJSON_AddObjectToObject(content, "application/json")) == NULL ||
            !cJSON_AddItemToObject(mt, "schema", parse_or_die(schema)))
            wa_fatal("out of memory");
    }
}

cJSON *dash_openapi(void)
{
    cJSON *doc = parse_or_die(
        "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"wa-dashboard API\",\"version\":\"1\",\"description\":"
        "\"The clinic dashboard's JSON API. Authenticate with the session cookie from POST /api/v1/session (and send "
        "its csrf_token as X-CSRF-Token on every change) or with Authorization: Bearer <api token>. An operator "
        "names the clinic with ?doctor=<id>. Errors: {error: {code, message, fields}}.\"},"
        "\"components\":{\"securitySchemes\":{\"session\":{\"type\":\"apiKey\",\"in\":\"cookie\",\"name\":"
        "\"wa_session\"},\"bearer\":{\"type\":\"http\",\"scheme\":\"bearer\"}},\"schemas\":{"
        "\"Error\":{\"type\":\"object\",\"properties\":{\"error\":{\"type\":\"object\",\"properties\":{\"code\":"
        "{\"type\":\"string\"},\"message\":{\"type\":\"string\"},\"fields\":{\"type\":\"object\"}}}}},"
        "\"KbEntry\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"question\":{\"type\":"
        "\"string\"},\"examples\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"keywords\":{\"type\":"
        "\"string\"},\"answer\":{\"type\":\"string\"},\"lang\":{\"type\":\"string\"},\"enabled\":{\"type\":"
        "\"boolean\"},\"hits\":{\"type\":\"integer\"},\"updated_at\":{\"type\":\"string\"}}},"
        "\"Settings\":{\"type\":\"object\",\"description\":\"The doctor's profile (name, specialization, "
        "clinic_name, clinic_address, email; phone_number read-only) and clinic_settings (time_zone, work_days, "
        "day_start, day_end, break_start, break_end, slot_minutes, per_slot, book_ahead_days, consult_minutes, "
        "queue_notify_ahead, handoff_minutes, referral_thanks, reminder_template, reminder_lang, welcome_en, "
        "welcome_hi)\"},"
        "\"WhatsApp\":{\"type\":\"object\",\"properties\":{\"phone_number_id\":{\"type\":[\"string\",\"null\"]},"
        "\"display_phone_number\":{\"type\":[\"string\",\"null\"]},\"business_account_id\":{\"type\":[\"string\","
        "\"null\"]},\"app_id\":{\"type\":[\"string\",\"null\"]},\"token_set\":{\"type\":\"boolean\"},"
        "\"app_secret_set\":{\"type\":\"boolean\"},\"token_expires_at\":{\"type\":[\"string\",\"null\"]},"
        "\"allow_master_fallback\":{\"type\":\"boolean\"},\"state\":{\"enum\":[\"none\",\"valid\",\"invalid\","
        "\"expiring\"]},\"last_error\":{\"type\":[\"string\",\"null\"]},\"checked_at\":{\"type\":[\"string\","
        "\"null\"]},\"quality_rating\":{\"type\":[\"string\",\"null\"]},\"messaging_limit\":{\"type\":"
        "[\"string\",\"null\"]},\"embedded_signup\":{\"type\":[\"object\",\"null\"],\"properties\":{\"app_id\":"
        "{\"type\":\"string\"},\"config_id\":{\"type\":\"string\"}}}}},"
        "\"Template\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":"
        "\"string\"},\"language\":{\"type\":\"string\"},\"category\":{\"type\":[\"string\",\"null\"]},\"status\":"
        "{\"type\":\"string\"},\"quality\":{\"type\":[\"string\",\"null\"]},\"rejection_reason\":{\"type\":"
        "[\"string\",\"null\"]},\"parameter_format\":{\"type\":[\"string\",\"null\"]},\"components\":{\"type\":"
        "\"array\"},\"meta_id\":{\"type\":[\"string\",\"null\"]},\"synced_at\":{\"type\":[\"string\",\"null\"]}}}"
        ","
        "\"Conversation\":{\"type\":\"object\",\"properties\":{\"patient_id\":{\"type\":\"string\"},\"name\":"
        "{\"type\":[\"string\",\"null\"]},\"wa_id\":{\"type\":\"string\"},\"user_id\":{\"type\":[\"string\","
        "\"null\"]},\"last_text\":{\"type\":\"string\"},\"last_direction\":{\"type\":\"string\"},\"last_at\":"
        "{\"type\":\"string\"},\"unread\":{\"type\":\"integer\"},\"flags\":{\"type\":\"object\",\"properties\":"
        "{\"handoff\":{\"type\":\"boolean\"},\"emergency\":{\"type\":\"boolean\"},\"opted_out\":{\"type\":"
        "\"boolean\"},\"window_closed\":{\"type\":\"boolean\"}}},\"handoff_until\":{\"type\":[\"string\","
        "\"null\"]},\"window_open_until\":{\"type\":[\"string\",\"null\"]}}},"
        "\"Message\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"direction\":"
        "{\"type\":\"string\"},\"type\":{\"type\":\"string\"},\"body\":{\"type\":[\"string\",\"null\"]},"
        "\"source\":{\"type\":[\"string\",\"null\"]},\"status\":{\"type\":\"string\"},\"error_code\":"
        "{\"type\":[\"string\",\"null\"]},\"error_text\":{\"type\":[\"string\",\"null\"]},\"media\":"
        "{\"type\":[\"object\",\"null\"]},\"interactive\":{\"type\":[\"object\",\"null\"]},\"template\":"
        "{\"type\":[\"object\",\"null\"]},\"flag\":{\"type\":[\"string\",\"null\"]},\"created_at\":"
        "{\"type\":\"string\"}}}}},\"paths\":{}}");
    cJSON *paths = cJSON_GetObjectItemCaseSensitive(doc, "paths");

    for (const dash_route_t *r = dash_routes; r->method != NULL; r++) {
        cJSON *item = cJSON_GetObjectItemCaseSensitive(paths, r->path), *op, *responses, *params;
        char method[8], status[8];
        size_t i;
        if (item == NULL && (item = cJSON_AddObjectToObject(paths, r->path)) == NULL)
            wa_fatal("out of memory");
        for (i = 0; r->method[i] != '\0' && i + 1 < sizeof(method); i++)
            method[i] = (char)(r->method[i] + ('a' - 'A'));
        method[i] = '\0';
        if ((op = cJSON_AddObjectToObject(item, method)) == NULL ||
            cJSON_AddStringToObject(op, "summary", r->summary) == NULL ||
            cJSON_AddStringToObject(op, "x-allow",
                                    r->allow == DASH_ALLOW_PUBLIC   ? "public"
                                    : r->allow == DASH_ALLOW_SIGNED ? "signed-in"
                                    : r->allow == DASH_ALLOW_READ   ? "any role of the clinic"
                                    : r->allow == DASH_ALLOW_ADMIN  ? "clinic_admin, operator, token"
                                                                    : "operator") == NULL ||
            (params = cJSON_AddArrayToObject(op, "parameters")) == NULL ||
            (responses = cJSON_AddObjectToObject(op, "responses")) == NULL)
            wa_fatal("out of memory");
        if (strchr(r->path, '{') != NULL) { /* named as in the path: {id}, {patient_id} */
            const char *open = strchr(r->path, '{') + 1;
            cJSON *pp = parse_or_die("{\"in\":\"path\",\"required\":true,\"schema\":{\"type\":\"string\"}}");
            char pname[32];
            snprintf(pname, sizeof(pname), "%.*s", (int)strcspn(open, "}"), open);
            if (cJSON_AddStringToObject(pp, "name", pname) == NULL || !cJSON_AddItemToArray(params, pp))
                wa_fatal("out of memory");
        }
        if (r->handler == dash_inbox_list) {
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"flag\",\"in\":\"query\",\"schema\":{\"type\":"
                                                      "\"string\",\"enum\":[\"handoff\",\"emergency\","
                                                      "\"opted_out\",\"window_closed\",\"unread\"]}}"));
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"q\",\"in\":\"query\",\"description\":"
                                                      "\"name, number or message text\",\"schema\":{\"type\":"
                                                      "\"string\",\"maxLength\":200}}"));
        }
        if (r->handler == dash_appointments_list || r->handler == dash_referrals_list) { /* reception */
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"from\",\"in\":\"query\",\"schema\":{\"type\":"
                                                      "\"string\",\"format\":\"date\"}}"));
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"to\",\"in\":\"query\",\"schema\":{\"type\":"
                                                      "\"string\",\"format\":\"date\"}}"));
        }
        if (r->handler == dash_ops_dlq_list) { /* the operator's console: the dead letters' filters */
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"stage\",\"in\":\"query\",\"schema\":{\"enum\":"
                                                      "[\"ingress\",\"router\",\"ai\",\"sender\"]}}"));
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"reason\",\"in\":\"query\",\"schema\":{\"type\":"
                                                      "\"string\"}}"));
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"older_than\",\"in\":\"query\",\"description\":"
                                                      "\"90s, 15m, 2h, 7d\",\"schema\":{\"type\":\"string\"}}"));
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"newer_than\",\"in\":\"query\",\"description\":"
                                                      "\"90s, 15m, 2h, 7d\",\"schema\":{\"type\":\"string\"}}"));
        }
        if (r->handler == dash_ops_dlq_list || r->handler == dash_ops_users_list)
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"doctor\",\"in\":\"query\",\"description\":"
                                                      "\"only this clinic's\",\"schema\":{\"type\":\"string\","
                                                      "\"format\":\"uuid\"}}"));
        if (r->handler == dash_reports_get)
            dash_reports_openapi(params);
        if (r->handler == dash_inbox_send)
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"Idempotency-Key\",\"in\":\"header\","
                                                      "\"description\":\"the same key sends once (24 h)\","
                                                      "\"schema\":{\"type\":\"string\",\"maxLength\":200}}"));
        if (r->tenant)
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"doctor\",\"in\":\"query\",\"description\":"
                                                      "\"operator only: the clinic to act for\","
                                                      "\"schema\":{\"type\":\"string\",\"format\":\"uuid\"}}"));
        if (strcmp(r->method, "GET") == 0 &&
            strstr(r->response_schema != NULL ? r->response_schema : "", "next_cursor") != NULL) {
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"limit\",\"in\":\"query\",\"schema\":{\"type\":"
                                                      "\"integer\",\"minimum\":1,\"maximum\":200,\"default\":50}}"));
            cJSON_AddItemToArray(params, parse_or_die("{\"name\":\"cursor\",\"in\":\"query\",\"schema\":"
                                                      "{\"type\":\"string\"}}"));
        }
        if (r->allow == DASH_ALLOW_PUBLIC)
            cJSON_AddItemToObject(op, "security", parse_or_die("[]"));
        else
            cJSON_AddItemToObject(op, "security", parse_or_die("[{\"session\":[]},{\"bearer\":[]}]"));
        if (r->request_schema != NULL) {
            cJSON *rb = cJSON_AddObjectToObject(op, "requestBody"), *content, *mt;
            if (rb == NULL || cJSON_AddBoolToObject(rb, "required", 1) == NULL ||
                (content = cJSON_AddObjectToObject(rb, "content")) == NULL ||
                (mt = cJSON_AddObjectToObject(content, "application/json")) == NULL ||
                !cJSON_AddItemToObject(mt, "schema", parse_or_die(r->request_schema)))
                wa_fatal("out of memory");
        }
        snprintf(status, sizeof(status), "%d", r->ok_status);
        add_response(responses, status, "success", r->response_schema);
        if (r->request_schema != NULL || r->allow != DASH_ALLOW_PUBLIC)
            add_response(responses, "422", "invalid input, per field", ERR_SCHEMA);
        if (r->allow != DASH_ALLOW_PUBLIC)
            add_response(responses, "401", "not signed in", ERR_SCHEMA);
        if (r->allow == DASH_ALLOW_ADMIN || r->allow == DASH_ALLOW_OPERATOR)
            add_response(responses, "403", "the role may not", ERR_SCHEMA);
        if (r->tenant || r->allow == DASH_ALLOW_SIGNED)
            add_response(responses, "404", "absent, or another clinic's", ERR_SCHEMA);
        if (r->handler == dash_inbox_send)
            add_response(responses, "409",
                         "window_closed (text outside the 24-hour window) or opted_out (a "
                         "template to a patient who sent STOP)",
                         ERR_SCHEMA);
        if (r->handler == dash_appointments_create || r->handler == dash_appointments_update ||
            r->handler == dash_queue_recall) /* reception */
            add_response(responses, "409",
                         "slot_taken (every place went to other bookings), already_booked, not_booked, not_started "
                         "(a no-show before its time), not_skipped",
                         ERR_SCHEMA);
        if (r->handler == dash_session_create)
            add_response(responses, "429", "too many failed sign-ins (Retry-After)", ERR_SCHEMA);
    }
    return doc;
}

void dash_openapi_get(dash_call_t *c)
{
    cJSON *doc = dash_openapi();
    cJSON *session = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "components"), "securitySchemes"),
        "session");
    /* the cookie's name as this deployment configured it (DASHBOARD_COOKIE_NAME) */
    if (session == NULL ||
        !cJSON_ReplaceItemInObjectCaseSensitive(session, "name", cJSON_CreateString(c->w->cfg->cookie_name)))
        wa_fatal("out of memory");
    dash_reply_json(c->req, 200, doc);
}
