/*
 * Unit tests of the router's webhook parser (services/router/webhook.c): every message type of API_REFERENCE.md
 * A.2.4 in the reference's shapes, batches of entries x changes x messages + statuses, other fields, and hostile
 * input (invalid JSON, wrong envelope, deep nesting, every truncation of a real payload).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "webhook.h"

/* Wraps one message object in a messages change of one entry. Caller frees. */
static char *envelope(const char *message)
{
    static const char fmt[] =
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"100000000000001\",\"changes\":[{\"field\":"
        "\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":"
        "\"15550001111\",\"phone_number_id\":\"200000000000002\"},\"contacts\":[{\"profile\":{\"name\":\"Alice "
        "Example\"},\"wa_id\":\"4915112345678\"}],\"messages\":[%s]}}]}]}";
    size_t n = strlen(fmt) + strlen(message) + 1;
    char *s = malloc(n);
    assert_non_null(s);
    snprintf(s, n, fmt, message);
    return s;
}

/* Parses one enveloped message; asserts exactly one message came out. */
static const rt_message_t *parse_one(rt_webhook_t *w, const char *message)
{
    char *body = envelope(message), err[128];
    int rc = rt_webhook_parse(body, strlen(body), w, err, sizeof(err));
    free(body);
    assert_int_equal(rc, 0);
    assert_int_equal(w->nchanges, 1);
    assert_int_equal(w->changes[0].nmessages, 1);
    assert_string_equal(w->changes[0].field, "messages");
    assert_string_equal(w->changes[0].phone_number_id, "200000000000002");
    assert_string_equal(w->changes[0].display_phone_number, "15550001111");
    assert_string_equal(w->changes[0].entry_id, "100000000000001");
    return &w->changes[0].messages[0];
}

#define HDR "\"from\":\"4915112345678\",\"id\":\"wamid.X\",\"timestamp\":\"1760000000\","

typedef struct {
    const char *json;
    const char *type;
    const char *text; /* NULL = none */
} type_case_t;

static const type_case_t type_cases[] = {
    {"{" HDR "\"type\":\"text\",\"text\":{\"body\":\"Hello, is the shop open?\"}}", "text", "Hello, is the shop open?"},
    {"{" HDR "\"type\":\"image\",\"image\":{\"caption\":\"Broken part\",\"mime_type\":\"image/jpeg\",\"sha256\":\"q3k=\","
     "\"id\":\"300000000000003\",\"url\":\"https://lookaside.fbsbx.com/x\"}}",
     "image", "Broken part"},
    {"{" HDR "\"type\":\"video\",\"video\":{\"caption\":\"clip\",\"mime_type\":\"video/mp4\",\"id\":\"3\"}}", "video", "clip"},
    {"{" HDR "\"type\":\"document\",\"document\":{\"caption\":\"report\",\"filename\":\"r.pdf\",\"id\":\"3\"}}",
     "document", "report"},
    {"{" HDR "\"type\":\"audio\",\"audio\":{\"mime_type\":\"audio/ogg; codecs=opus\",\"voice\":true,\"id\":\"3\"}}", "audio",
     NULL},
    {"{" HDR "\"type\":\"sticker\",\"sticker\":{\"mime_type\":\"image/webp\",\"animated\":false,\"id\":\"3\"}}", "sticker",
     NULL},
    {"{" HDR "\"type\":\"location\",\"location\":{\"latitude\":52.52,\"longitude\":13.405,\"name\":\"Example Shop\"}}",
     "location", NULL},
    {"{" HDR "\"type\":\"contacts\",\"contacts\":[{\"name\":{\"formatted_name\":\"Bob Test\"},\"phones\":[{\"phone\":"
     "\"+49 30 1234567\",\"wa_id\":\"49301234567\",\"type\":\"CELL\"}]}]}",
     "contacts", NULL},
    {"{" HDR "\"type\":\"interactive\",\"context\":{\"from\":\"15550001111\",\"id\":\"wamid.OUT1\"},\"interactive\":{"
     "\"type\":\"button_reply\",\"button_reply\":{\"id\":\"btn_yes\",\"title\":\"Yes\"}}}",
     "interactive", "Yes"},
    {"{" HDR "\"type\":\"interactive\",\"interactive\":{\"type\":\"list_reply\",\"list_reply\":{\"id\":\"row_2\","
     "\"title\":\"Tomorrow\",\"description\":\"10:00-12:00\"}}}",
     "interactive", "Tomorrow"},
    {"{" HDR "\"type\":\"interactive\",\"interactive\":{\"type\":\"nfm_reply\",\"nfm_reply\":{\"name\":\"flow\",\"body\":"
     "\"Sent\",\"response_json\":\"{\\\"flow_token\\\":\\\"tok-1\\\"}\"}}}",
     "interactive", "Form: Sent"}, /* issue 15: a completed Flow is readable; only a token: its body */
    {"{" HDR "\"type\":\"interactive\"}", "interactive", NULL}, /* malformed: no interactive object */
    {"{" HDR "\"type\":\"button\",\"context\":{\"from\":\"15550001111\",\"id\":\"wamid.TEMPLATE1\"},\"button\":{"
     "\"payload\":\"CONFIRM_ORDER_42\",\"text\":\"Confirm\"}}",
     "button", "Confirm"},
    {"{" HDR "\"type\":\"reaction\",\"reaction\":{\"message_id\":\"wamid.OUT7\",\"emoji\":\"\\ud83d\\udc4d\"}}", "reaction",
     NULL},
    {"{" HDR "\"type\":\"order\",\"order\":{\"catalog_id\":\"400000000000004\",\"text\":\"\",\"product_items\":[{"
     "\"product_retailer_id\":\"SKU-1\",\"quantity\":2,\"item_price\":9.99,\"currency\":\"EUR\"}]}}",
     "order", NULL},
    {"{" HDR "\"type\":\"system\",\"system\":{\"body\":\"User A changed from 1 to 2\",\"wa_id\":\"4915100000002\","
     "\"type\":\"user_changed_number\"}}",
     "system", NULL},
    {"{" HDR "\"type\":\"unsupported\",\"errors\":[{\"code\":131051,\"title\":\"Message type unknown\",\"message\":"
     "\"Message type unknown\"}],\"unsupported\":{\"type\":\"poll\"}}",
     "unsupported", NULL},
    {"{" HDR "\"type\":\"request_welcome\"}", "request_welcome", NULL},
    {"{" HDR "\"type\":\"edit\",\"edit\":{\"original_message_id\":\"wamid.AAA1\",\"message\":{\"type\":\"text\",\"text\":"
     "{\"body\":\"corrected text\"}}}}",
     "edit", "corrected text"},
    {"{" HDR "\"type\":\"revoke\",\"revoke\":{\"original_message_id\":\"wamid.AAA1\"}}", "revoke", NULL},
    {"{" HDR "\"type\":\"poll_v9\",\"poll_v9\":{\"q\":1}}", "unknown", NULL},
    {"{" HDR "\"type\":\"unknown\",\"errors\":[{\"code\":131051,\"title\":\"t\"}]}", "unknown", NULL},
    {"{" HDR "\"type\":\"interactive\",\"interactive\":{\"type\":\"nfm_reply\",\"nfm_reply\":{\"name\":\"intake\","
     "\"body\":\"Sent\",\"response_json\":\"{\\\"flow_token\\\":\\\"t\\\",\\\"age\\\":42,\\\"ok\\\":true}\"}}}",
     "interactive", "Form intake: age: 42; ok: true"},
    {"{" HDR "\"type\":\"interactive\",\"interactive\":{\"type\":\"call_permission_reply\",\"call_permission_reply\":{"
     "\"response\":\"reject\"}}}",
     "interactive", "Call permission: reject"},
};

static void test_every_type(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(type_cases) / sizeof(type_cases[0]); i++) {
        rt_webhook_t w;
        const rt_message_t *m = parse_one(&w, type_cases[i].json);
        if (strcmp(m->type, type_cases[i].type) != 0)
            fail_msg("case %zu: type %s, expected %s", i, m->type, type_cases[i].type);
        assert_string_equal(rt_msg_kind_name(m->kind), type_cases[i].type);
        if (type_cases[i].text == NULL)
            assert_null(m->text);
        else {
            assert_non_null(m->text);
            assert_string_equal(m->text, type_cases[i].text);
        }
        assert_string_equal(m->id, "wamid.X");
        assert_string_equal(m->from, "4915112345678");
        assert_string_equal(m->timestamp, "1760000000");
        assert_string_equal(m->profile_name, "Alice Example");
        assert_non_null(m->json);
        assert_non_null(strstr(m->json, "\"id\":\"wamid.X\"")); /* the whole message object, compact */
        rt_webhook_dispose(&w);
    }
}

static void test_details(void **state)
{
    rt_webhook_t w;
    const rt_message_t *m;
    (void)state;

    m = parse_one(&w, type_cases[8].json); /* button_reply with context */
    assert_string_equal(m->context_id, "wamid.OUT1");
    rt_webhook_dispose(&w);

    m = parse_one(&w, type_cases[16].json); /* unsupported */
    assert_string_equal(m->error_code, "131051");
    assert_string_equal(m->error_title, "Message type unknown");
    assert_string_equal(m->wire_type, "unsupported");
    rt_webhook_dispose(&w);

    m = parse_one(&w, type_cases[18].json); /* edit names the message it corrects */
    assert_string_equal(m->original_id, "wamid.AAA1");
    rt_webhook_dispose(&w);
    m = parse_one(&w, type_cases[19].json); /* revoke too */
    assert_int_equal(m->kind, RT_MSG_REVOKE);
    assert_string_equal(m->original_id, "wamid.AAA1");
    rt_webhook_dispose(&w);
    m = parse_one(&w, type_cases[4].json); /* audio with voice: true is a voice note */
    assert_int_equal(m->voice, 1);
    rt_webhook_dispose(&w);
    m = parse_one(&w, type_cases[0].json); /* a text has neither */
    assert_null(m->original_id);
    assert_int_equal(m->voice, 0);
    rt_webhook_dispose(&w);

    m = parse_one(&w, type_cases[20].json); /* unknown type keeps its wire name and raw JSON */
    assert_int_equal(m->kind, RT_MSG_UNKNOWN);
    assert_string_equal(m->wire_type, "poll_v9");
    assert_non_null(strstr(m->json, "poll_v9"));
    rt_webhook_dispose(&w);
}

/* Issue 17: the media object's id, type, digest, file name and direct URL, for the wa:media job. */
static void test_media_fields(void **state)
{
    rt_webhook_t w;
    const rt_message_t *m;
    (void)state;

    m = parse_one(&w, type_cases[1].json); /* image with a url */
    assert_string_equal(m->media_id, "300000000000003");
    assert_string_equal(m->media_mime, "image/jpeg");
    assert_string_equal(m->media_sha256, "q3k=");
    assert_string_equal(m->media_url, "https://lookaside.fbsbx.com/x");
    assert_null(m->media_filename);
    rt_webhook_dispose(&w);
    m = parse_one(&w, type_cases[3].json); /* document with its file name, no type or url */
    assert_string_equal(m->media_id, "3");
    assert_string_equal(m->media_filename, "r.pdf");
    assert_null(m->media_mime);
    assert_null(m->media_url);
    rt_webhook_dispose(&w);
    m = parse_one(&w, type_cases[4].json); /* audio keeps its codec parameter */
    assert_string_equal(m->media_mime, "audio/ogg; codecs=opus");
    rt_webhook_dispose(&w);
    m = parse_one(&w, type_cases[0].json); /* a text has none */
    assert_null(m->media_id);
    assert_null(m->media_mime);
    rt_webhook_dispose(&w);
    m = parse_one(&w, "{" HDR "\"type\":\"image\",\"image\":{\"id\":300000000000009,\"mime_type\":7}}");
    assert_string_equal(m->media_id, "300000000000009"); /* a number as sent: formatted */
    rt_webhook_dispose(&w);
}

static void test_missing_from(void **state)
{
    rt_webhook_t w;
    char err[64];
    static const char body[] =
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
        "\"value\":{\"metadata\":{\"display_phone_number\":\"15550001111\",\"phone_number_id\":\"2\"},\"contacts\":[{"
        "\"profile\":{\"name\":\"Other\"},\"wa_id\":\"111\"},{\"profile\":{\"name\":\"Uma\"},\"user_id\":"
        "\"US.13491208655302741918\"}],\"messages\":[{\"from_user_id\":\"US.13491208655302741918\",\"id\":\"wamid.B\","
        "\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}},{\"id\":\"wamid.C\",\"timestamp\":\"1\","
        "\"type\":\"text\",\"text\":{\"body\":\"x\"}}]}}]}]}";
    (void)state;
    assert_int_equal(rt_webhook_parse(body, strlen(body), &w, err, sizeof(err)), 0);
    assert_int_equal(w.nmessages, 2);
    assert_null(w.changes[0].messages[0].from);
    assert_string_equal(w.changes[0].messages[0].from_user_id, "US.13491208655302741918");
    assert_string_equal(w.changes[0].messages[0].profile_name, "Uma"); /* matched by user_id, not the first */
    assert_null(w.changes[0].messages[1].from);
    assert_null(w.changes[0].messages[1].from_user_id);
    assert_string_equal(w.changes[0].messages[1].profile_name, "Other"); /* no match: the first contact */
    rt_webhook_dispose(&w);
}

/* A.9.2 exactly: no `from`, no `wa_id`; the BSUID, the parent BSUID and the username are all read. */
static void test_bsuid_only(void **state)
{
    rt_webhook_t w;
    char err[64];
    static const char body[] =
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
        "\"value\":{\"metadata\":{\"display_phone_number\":\"15550001111\",\"phone_number_id\":\"2\"},"
        "\"contacts\":[{\"profile\":{\"name\":\"Alice Example\",\"username\":\"alice.example\"},"
        "\"user_id\":\"DE.7310558812040077\",\"parent_user_id\":\"DE.ENT.99120034471\"}],"
        "\"messages\":[{\"from_user_id\":\"DE.7310558812040077\",\"from_parent_user_id\":\"DE.ENT.99120034471\","
        "\"id\":\"wamid.AAB1\",\"timestamp\":\"1780000000\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}},"
        "{\"from_user_id\":\"DE.7310558812040077\",\"id\":\"wamid.AAB2\",\"timestamp\":\"1780000001\","
        "\"type\":\"text\",\"text\":{\"body\":\"again\"}}]}}]}]}";
    (void)state;
    assert_int_equal(rt_webhook_parse(body, strlen(body), &w, err, sizeof(err)), 0);
    assert_int_equal(w.nmessages, 2);
    const rt_message_t *m = &w.changes[0].messages[0];
    assert_null(m->from);
    assert_string_equal(m->from_user_id, "DE.7310558812040077");
    assert_string_equal(m->from_parent_user_id, "DE.ENT.99120034471");
    assert_string_equal(m->username, "alice.example");
    assert_string_equal(m->profile_name, "Alice Example");
    assert_string_equal(m->text, "hi");
    m = &w.changes[0].messages[1]; /* no from_parent_user_id: the contact's parent_user_id */
    assert_string_equal(m->from_parent_user_id, "DE.ENT.99120034471");
    assert_string_equal(m->username, "alice.example");
    rt_webhook_dispose(&w);
}

/* A phone user with a BSUID (both ids, A.9.5) and no username: every field kept, username NULL. */
static void test_phone_and_bsuid(void **state)
{
    rt_webhook_t w;
    char err[64];
    static const char body[] =
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
        "\"value\":{\"metadata\":{\"display_phone_number\":\"15550001111\",\"phone_number_id\":\"2\"},"
        "\"contacts\":[{\"profile\":{\"name\":\"Bo\"},\"wa_id\":\"4915100000001\",\"user_id\":\"DE.55\"}],"
        "\"messages\":[{\"from\":\"4915100000001\",\"id\":\"wamid.P1\",\"timestamp\":\"1\",\"type\":\"text\","
        "\"text\":{\"body\":\"hi\"}}]}}]}]}";
    (void)state;
    assert_int_equal(rt_webhook_parse(body, strlen(body), &w, err, sizeof(err)), 0);
    const rt_message_t *m = &w.changes[0].messages[0];
    assert_string_equal(m->from, "4915100000001");
    assert_string_equal(m->from_user_id, "DE.55"); /* from the contact matched by wa_id */
    assert_null(m->from_parent_user_id);
    assert_null(m->username);
    rt_webhook_dispose(&w);
}

static void test_profile_by_wa_id(void **state)
{
    rt_webhook_t w;
    static const char body[] =
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
        "\"value\":{\"contacts\":[{\"profile\":{\"name\":\"A\"},\"wa_id\":\"111\"},{\"profile\":{\"name\":\"B\"},"
        "\"wa_id\":\"222\"}],\"messages\":[{\"from\":\"222\",\"id\":\"w1\",\"type\":\"text\",\"text\":{\"body\":\"x\"}},"
        "{\"from\":\"111\",\"id\":\"w2\",\"type\":\"text\",\"text\":{\"body\":\"y\"}}]}}]}]}";
    (void)state;
    assert_int_equal(rt_webhook_parse(body, strlen(body), &w, NULL, 0), 0);
    assert_string_equal(w.changes[0].messages[0].profile_name, "B");
    assert_string_equal(w.changes[0].messages[1].profile_name, "A");
    assert_null(w.changes[0].phone_number_id);
    rt_webhook_dispose(&w);
}

/* 2 entries x 2 changes, each change with 3 messages and 2 statuses, plus one other field. */
static void test_batch(void **state)
{
    char body[16384], *p = body;
    size_t left = sizeof(body);
    rt_webhook_t w;
    int n;
    (void)state;

#define ADD(...) (n = snprintf(p, left, __VA_ARGS__), assert_true(n > 0 && (size_t)n < left), p += n, left -= (size_t)n)
    ADD("{\"object\":\"whatsapp_business_account\",\"entry\":[");
    for (int e = 0; e < 2; e++) {
        ADD("%s{\"id\":\"waba%d\",\"changes\":[", e ? "," : "", e);
        for (int c = 0; c < 2; c++) {
            ADD("%s{\"field\":\"messages\",\"value\":{\"metadata\":{\"display_phone_number\":\"1555000%d%d\","
                "\"phone_number_id\":\"pn%d%d\"},\"contacts\":[{\"profile\":{\"name\":\"P%d%d\"},\"wa_id\":\"9100\"}],"
                "\"messages\":[",
                c ? "," : "", e, c, e, c, e, c);
            for (int m = 0; m < 3; m++)
                ADD("%s{\"from\":\"9100\",\"id\":\"wamid.%d.%d.%d\",\"timestamp\":\"17\",\"type\":\"text\",\"text\":{"
                    "\"body\":\"m%d\"}}",
                    m ? "," : "", e, c, m, m);
            ADD("],\"statuses\":[{\"id\":\"out.%d.%d.a\",\"status\":\"read\",\"timestamp\":\"18\",\"recipient_id\":"
                "\"9100\"},{\"id\":\"out.%d.%d.b\",\"status\":\"failed\",\"timestamp\":1760000000,\"errors\":[{"
                "\"code\":131047,\"title\":\"Re-engagement message\"}]}]}}",
                e, c, e, c);
        }
        ADD("]}");
    }
    ADD(",{\"id\":\"waba9\",\"time\":1760000300,\"changes\":[{\"field\":\"message_template_status_update\",\"value\":{"
        "\"event\":\"REJECTED\",\"message_template_id\":500000000000005,\"reason\":null}}]}]}");
#undef ADD

    assert_int_equal(rt_webhook_parse(body, strlen(body), &w, NULL, 0), 0);
    assert_int_equal(w.nentries, 3);
    assert_int_equal(w.nchanges, 5);
    assert_int_equal(w.nmessages, 12);
    assert_int_equal(w.nstatuses, 8);
    assert_int_equal(w.nskipped, 0);
    for (int e = 0, k = 0; e < 2; e++) {
        for (int c = 0; c < 2; c++, k++) {
            const rt_change_t *ch = &w.changes[k];
            char want[32];
            snprintf(want, sizeof(want), "waba%d", e);
            assert_string_equal(ch->entry_id, want);
            snprintf(want, sizeof(want), "pn%d%d", e, c);
            assert_string_equal(ch->phone_number_id, want);
            assert_int_equal(ch->nmessages, 3);
            assert_int_equal(ch->nstatuses, 2);
            for (int m = 0; m < 3; m++) {
                snprintf(want, sizeof(want), "wamid.%d.%d.%d", e, c, m);
                assert_string_equal(ch->messages[m].id, want);
                snprintf(want, sizeof(want), "P%d%d", e, c);
                assert_string_equal(ch->messages[m].profile_name, want);
            }
            assert_string_equal(ch->statuses[0].status, "read");
            assert_string_equal(ch->statuses[0].recipient_id, "9100");
            assert_null(ch->statuses[0].error_code);
            assert_string_equal(ch->statuses[1].status, "failed");
            assert_string_equal(ch->statuses[1].timestamp, "1760000000"); /* a number, kept as text */
            assert_string_equal(ch->statuses[1].error_code, "131047");
            assert_string_equal(ch->statuses[1].error_title, "Re-engagement message");
        }
    }
    assert_string_equal(w.changes[4].field, "message_template_status_update");
    assert_int_equal(w.changes[4].nmessages, 0);
    assert_non_null(w.changes[4].value_json);
    assert_non_null(strstr(w.changes[4].value_json, "REJECTED"));
    char *cj = rt_webhook_change_json(&w.changes[4]);
    assert_non_null(strstr(cj, "\"field\":\"message_template_status_update\""));
    free(cj);
    rt_webhook_dispose(&w);
}

static void test_statuses_only(void **state)
{
    rt_webhook_t w;
    static const char body[] =
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
        "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550001111\","
        "\"phone_number_id\":\"2\"},\"statuses\":[{\"id\":\"wamid.OUT1\",\"status\":\"delivered\",\"timestamp\":"
        "\"1760000200\",\"recipient_id\":\"4915112345678\",\"pricing\":{\"billable\":true}},{\"id\":\"wamid.OUT2\","
        "\"status\":\"deleted\"},{\"status\":\"sent\"},{\"id\":\"wamid.OUT3\",\"status\":\"played\"}],\"errors\":[{"
        "\"code\":131000,\"title\":\"Something went wrong\"}]}}]}]}";
    (void)state;
    assert_int_equal(rt_webhook_parse(body, strlen(body), &w, NULL, 0), 0);
    assert_int_equal(w.nmessages, 0);
    assert_int_equal(w.nstatuses, 3);
    assert_int_equal(w.nskipped, 1); /* the status without id */
    assert_non_null(strstr(w.note, "status"));
    assert_string_equal(w.changes[0].statuses[0].status, "delivered");
    assert_string_equal(w.changes[0].statuses[1].status, "deleted"); /* unknown values are kept */
    assert_string_equal(w.changes[0].statuses[2].status, "played");
    assert_int_equal(w.changes[0].nerrors, 1);
    assert_string_equal(w.changes[0].error_code, "131000");
    rt_webhook_dispose(&w);
}

static void test_message_without_id(void **state)
{
    rt_webhook_t w;
    const char *msgs = "{\"from\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"a\"}},7,"
                       "{\"from\":\"1\",\"id\":\"wamid.ok\",\"type\":\"text\",\"text\":{\"body\":\"b\"}}";
    char *body = envelope(msgs);
    (void)state;
    assert_int_equal(rt_webhook_parse(body, strlen(body), &w, NULL, 0), 0);
    assert_int_equal(w.nmessages, 1);
    assert_int_equal(w.nskipped, 2);
    assert_string_equal(w.changes[0].messages[0].id, "wamid.ok");
    assert_non_null(strstr(w.note, "message without id"));
    rt_webhook_dispose(&w);
    free(body);
}

static void expect_fail(const char *body, size_t len, const char *reason)
{
    rt_webhook_t w;
    char err[128];
    assert_int_equal(rt_webhook_parse(body, len, &w, err, sizeof(err)), -1);
    if (strstr(err, reason) == NULL)
        fail_msg("error \"%s\" does not contain \"%s\"", err, reason);
    rt_webhook_dispose(&w); /* safe after a failure */
}

static void test_invalid(void **state)
{
    (void)state;
    expect_fail("", 0, "not JSON");
    expect_fail("not json{", 9, "not JSON");
    expect_fail("{\"object\":", 10, "not JSON");
    expect_fail("{\"object\":\"whatsapp_business_account\",\"entry\":[]} trailing", 59, "not JSON");
    expect_fail("[1,2]", 5, "whatsapp_business_account");
    expect_fail("{\"object\":\"page\",\"entry\":[]}", 28, "whatsapp_business_account");
    expect_fail("{\"object\":7,\"entry\":[]}", 23, "whatsapp_business_account");
    expect_fail("{\"object\":\"whatsapp_business_account\"}", 38, "no entry array");
    expect_fail("{\"object\":\"whatsapp_business_account\",\"entry\":{}}", 49, "no entry array");
    assert_int_equal(rt_webhook_parse("{}", 2, &(rt_webhook_t){0}, NULL, 0), -1); /* err may be NULL */
}

static void test_odd_shapes(void **state)
{
    rt_webhook_t w;
    static const char body[] =
        "{\"object\":\"whatsapp_business_account\",\"entry\":[1,{\"id\":2},{\"changes\":[null,{\"value\":{}},"
        "{\"field\":\"messages\"},{\"field\":\"messages\",\"value\":{\"messages\":{},\"statuses\":\"x\",\"contacts\":"
        "7,\"metadata\":[]}},{\"field\":\"messages\",\"value\":{\"messages\":[{\"id\":12345,\"from\":4915,\"type\":"
        "5,\"text\":\"str\",\"context\":[]}]}}]}]}";
    (void)state;
    assert_int_equal(rt_webhook_parse(body, strlen(body), &w, NULL, 0), 0);
    assert_int_equal(w.nchanges, 2);
    assert_int_equal(w.nmessages, 1);
    assert_string_equal(w.changes[1].messages[0].id, "12345");
    assert_string_equal(w.changes[1].messages[0].from, "4915");
    assert_string_equal(w.changes[1].messages[0].type, "unknown");
    assert_null(w.changes[1].messages[0].text);
    assert_null(w.changes[1].entry_id);
    assert_true(w.nskipped >= 4);
    rt_webhook_dispose(&w);
}

static void test_deep_nesting(void **state)
{
    const size_t depth = 100000;
    char *body = malloc(depth * 2 + 256), *p;
    rt_webhook_t w;
    char err[128];
    (void)state;
    assert_non_null(body);
    /* nested arrays far beyond cJSON's nesting limit: refused, no stack overflow */
    p = body + sprintf(body, "{\"object\":\"whatsapp_business_account\",\"entry\":");
    memset(p, '[', depth);
    memset(p + depth, ']', depth);
    strcpy(p + 2 * depth, "}");
    assert_int_equal(rt_webhook_parse(body, strlen(body), &w, err, sizeof(err)), -1);
    rt_webhook_dispose(&w);

    /* deep but allowed nesting inside a message: kept as raw JSON */
    char msg[2048];
    int n = sprintf(msg, "{\"from\":\"1\",\"id\":\"wamid.deep\",\"type\":\"x\",\"x\":");
    for (int i = 0; i < 400; i++)
        msg[n++] = '[';
    for (int i = 0; i < 400; i++)
        msg[n++] = ']';
    strcpy(msg + n, "}");
    free(body);
    body = envelope(msg);
    assert_int_equal(rt_webhook_parse(body, strlen(body), &w, err, sizeof(err)), 0);
    assert_int_equal(w.nmessages, 1);
    assert_string_equal(w.changes[0].messages[0].type, "unknown");
    rt_webhook_dispose(&w);
    free(body);
}

/* Every prefix of a real batch parses or fails cleanly (ASan/UBSan builds check the memory). The copy is exactly
 * `len` bytes, not NUL-terminated, so reading past the length would be caught. */
static void test_truncated(void **state)
{
    char *full = envelope(type_cases[8].json);
    size_t len = strlen(full);
    (void)state;
    for (size_t i = 0; i < len; i++) {
        char *cut = malloc(i > 0 ? i : 1);
        rt_webhook_t w;
        char err[128];
        assert_non_null(cut);
        memcpy(cut, full, i);
        assert_int_equal(rt_webhook_parse(cut, i, &w, err, sizeof(err)), -1);
        rt_webhook_dispose(&w);
        free(cut);
    }
    free(full);
}

static void test_kind_names(void **state)
{
    (void)state;
    for (int k = 0; k < RT_MSG__COUNT; k++)
        assert_int_equal(rt_msg_kind_parse(rt_msg_kind_name((rt_msg_kind_t)k)), k);
    assert_int_equal(rt_msg_kind_parse(NULL), RT_MSG_UNKNOWN);
    assert_int_equal(rt_msg_kind_parse("TEXT"), RT_MSG_UNKNOWN);
    assert_string_equal(rt_msg_kind_name((rt_msg_kind_t)999), "unknown");
}

/* A webhook signed with a doctor's own app stays within that doctor: every entry its WABA, every messages change its
 * phone number id (issue 12: (a) A's WABA with B's number, (b) an unknown number with B's display number, (c) one
 * change of each). */
static void test_app_mismatch(void **state)
{
    (void)state;
#define CH(pnid, display)                                                                                              \
    "{\"field\":\"messages\",\"value\":{\"metadata\":{\"display_phone_number\":\"" display                            \
    "\",\"phone_number_id\":\"" pnid "\"},\"statuses\":[{\"id\":\"wamid.s\",\"status\":\"read\"}]}}"
#define BODY(entries) "{\"object\":\"whatsapp_business_account\",\"entry\":[" entries "]}"
    static const struct {
        const char *body;
        int ok;
    } cases[] = {
        {BODY("{\"id\":\"WABA-A\",\"changes\":[" CH("pn-a", "111") "]}"), 1},
        {BODY("{\"id\":\"WABA-A\",\"changes\":[{\"field\":\"account_update\",\"value\":{}}]}"), 1},
        {BODY("{\"id\":\"WABA-A\",\"changes\":[" CH("pn-b", "222") "]}"), 0},       /* (a) */
        {BODY("{\"id\":\"WABA-A\",\"changes\":[" CH("pn-unknown", "222") "]}"), 0}, /* (b) */
        {BODY("{\"id\":\"WABA-A\",\"changes\":[" CH("pn-a", "111") "," CH("pn-unknown", "222") "]}"), 0}, /* (c) */
        {BODY("{\"id\":\"WABA-A\",\"changes\":[" CH("pn-a", "111") "]},{\"id\":\"WABA-B\",\"changes\":["
                CH("pn-a", "111") "]}"), 0},
        {BODY("{\"changes\":[" CH("pn-a", "111") "]}"), 0}, /* no entry id */
        {BODY("{\"id\":\"WABA-A\",\"changes\":[{\"field\":\"messages\",\"value\":{\"statuses\":[]}}]}"), 0},
    };
#undef CH
#undef BODY
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        rt_webhook_t w;
        assert_int_equal(rt_webhook_parse(cases[i].body, strlen(cases[i].body), &w, NULL, 0), 0);
        const char *why = rt_webhook_app_mismatch(&w, "WABA-A", "pn-a");
        if (cases[i].ok)
            assert_null(why);
        else
            assert_non_null(why);
        /* a signer without both ids signs nothing */
        assert_non_null(rt_webhook_app_mismatch(&w, "", "pn-a"));
        assert_non_null(rt_webhook_app_mismatch(&w, "WABA-A", NULL));
        rt_webhook_dispose(&w);
    }
}

/* rt_webhook_parse_max keeps the first N messages and statuses in document order and moves the rest into an
 * envelope of their own that parses back into exactly the cut items, with their entry id and metadata. */
static void test_parse_max_cuts_the_excess(void **state)
{
    static const char body[] =
        "{\"object\":\"whatsapp_business_account\",\"entry\":["
        "{\"id\":\"W1\",\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"display_phone_number\":\"1\","
        "\"phone_number_id\":\"P1\"},\"contacts\":[{\"profile\":{\"name\":\"Ann\"},\"wa_id\":\"91\"}],"
        "\"messages\":[{\"id\":\"m1\",\"from\":\"91\",\"type\":\"text\",\"text\":{\"body\":\"a\"}},"
        "{\"id\":\"m2\",\"from\":\"91\",\"type\":\"text\",\"text\":{\"body\":\"b\"}},"
        "{\"id\":\"m3\",\"from\":\"91\",\"type\":\"text\",\"text\":{\"body\":\"c\"}}],"
        "\"statuses\":[{\"id\":\"s1\",\"status\":\"sent\"},{\"id\":\"s2\",\"status\":\"read\"}]}},"
        "{\"field\":\"account_update\",\"value\":{\"event\":\"x\"}}]},"
        "{\"id\":\"W2\",\"changes\":[{\"field\":\"messages\",\"value\":{\"metadata\":{\"phone_number_id\":\"P2\"},"
        "\"messages\":[{\"id\":\"m4\",\"from\":\"92\",\"type\":\"text\",\"text\":{\"body\":\"d\"}},"
        "{\"id\":\"m5\",\"from\":\"92\",\"type\":\"text\",\"text\":{\"body\":\"e\"}}]}}]}]}";
    rt_webhook_t w, x;
    char err[128];

    assert_int_equal(rt_webhook_parse_max(body, strlen(body), 4, &w, err, sizeof(err)), 0);
    assert_int_equal(w.nmessages, 3);
    assert_int_equal(w.nstatuses, 1);
    assert_string_equal(w.changes[0].statuses[0].id, "s1");
    assert_int_equal(w.nchanges, 3); /* the account_update and W2's (now empty) change are still there */
    assert_int_equal(w.changes[2].nmessages, 0);
    assert_int_equal(w.nexcess, 3);
    assert_non_null(w.excess);

    assert_int_equal(rt_webhook_parse(w.excess, strlen(w.excess), &x, err, sizeof(err)), 0);
    assert_int_equal(x.nchanges, 2);
    assert_string_equal(x.changes[0].entry_id, "W1");
    assert_string_equal(x.changes[0].phone_number_id, "P1");
    assert_int_equal(x.changes[0].nmessages, 0);
    assert_int_equal(x.changes[0].nstatuses, 1);
    assert_string_equal(x.changes[0].statuses[0].id, "s2");
    assert_string_equal(x.changes[1].entry_id, "W2");
    assert_string_equal(x.changes[1].phone_number_id, "P2");
    assert_int_equal(x.changes[1].nmessages, 2);
    assert_string_equal(x.changes[1].messages[0].id, "m4");
    assert_string_equal(x.changes[1].messages[1].id, "m5");
    assert_null(x.excess);
    rt_webhook_dispose(&x);
    rt_webhook_dispose(&w);

    /* at or under the bound nothing is cut; 0 means no bound */
    assert_int_equal(rt_webhook_parse_max(body, strlen(body), 7, &w, err, sizeof(err)), 0);
    assert_null(w.excess);
    assert_int_equal(w.nmessages + w.nstatuses, 7);
    rt_webhook_dispose(&w);
    assert_int_equal(rt_webhook_parse_max(body, strlen(body), 0, &w, err, sizeof(err)), 0);
    assert_null(w.excess);
    rt_webhook_dispose(&w);
    assert_int_equal(rt_webhook_parse_max(body, strlen(body), 1, &w, err, sizeof(err)), 0);
    assert_int_equal(w.nmessages + w.nstatuses, 1);
    assert_int_equal(w.nexcess, 6);
    rt_webhook_dispose(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_type),   cmocka_unit_test(test_details),
        cmocka_unit_test(test_missing_from), cmocka_unit_test(test_profile_by_wa_id),
        cmocka_unit_test(test_bsuid_only),   cmocka_unit_test(test_phone_and_bsuid),
        cmocka_unit_test(test_batch),        cmocka_unit_test(test_statuses_only),
        cmocka_unit_test(test_message_without_id), cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_odd_shapes),   cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_app_mismatch),
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_media_fields),
        cmocka_unit_test(test_parse_max_cuts_the_excess),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
