/* Unit tests for stream entry encoding and decoding and command batches (shared/src/entry.c) and REDIS_URL parsing
 * (redis.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include "wa/entry.h"
#include "wa/redis.h"

/* Turns the field/value part of an XADD command (after "XADD key *") into an entry, as Redis would return it. */
static void entry_from_xadd(const wa_cmd_t *c, wa_entry_t *e)
{
    memset(e, 0, sizeof(*e));
    strcpy(e->id, "1-0");
    for (int i = 3; i + 1 < c->argc; i += 2) {
        wa_field_t *f = &e->fields[e->nfields++];
        f->name = c->argv[i], f->name_len = c->argvlen[i];
        f->value = c->argv[i + 1], f->value_len = c->argvlen[i + 1];
    }
}

static void out_msg_round_trips(void **state)
{
    char *msg = wa_text_message_json("We are open 9-5 \"daily\"");
    wa_out_msg_t in = {.out_id = "reply:wamid.X1", .doctor_id = "d-1", .to = "919800000001", .kind = "text",
                       .message = msg, .reply_to = "wamid.X1", .source = "kb", .created_at = "1760000000000"};
    wa_cmd_t c;
    wa_cmd_init(&c);
    wa_out_msg_xadd(&c, "wa:out", &in);
    assert_false(c.overflow);
    assert_string_equal(c.argv[0], "XADD");
    assert_string_equal(c.argv[1], "wa:out");
    assert_string_equal(c.argv[2], "*");

    wa_entry_t e;
    entry_from_xadd(&c, &e);
    wa_out_msg_t out;
    const char *missing = "x";
    assert_int_equal(wa_out_msg_decode(&e, &out, &missing), 0);
    assert_null(missing);
    assert_string_equal(out.out_id, "reply:wamid.X1");
    assert_string_equal(out.doctor_id, "d-1");
    assert_string_equal(out.to, "919800000001");
    assert_string_equal(out.kind, "text");
    assert_string_equal(out.reply_to, "wamid.X1");
    assert_string_equal(out.source, "kb");
    assert_string_equal(out.attempt, "0"); /* defaulted */
    cJSON *j = cJSON_Parse(out.message);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "type")->valuestring, "text");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "text"), "body")->valuestring,
                        "We are open 9-5 \"daily\"");
    cJSON_Delete(j);
    free(msg);
}

static void out_msg_missing_field_is_named(void **state)
{
    wa_out_msg_t in = {.out_id = "o", .doctor_id = "d", .to = "", .kind = "text", .message = "{}"};
    wa_cmd_t c;
    wa_cmd_init(&c);
    wa_out_msg_xadd(&c, "wa:out", &in);
    wa_entry_t e;
    entry_from_xadd(&c, &e);
    wa_out_msg_t out;
    const char *missing = NULL;
    assert_int_equal(wa_out_msg_decode(&e, &out, &missing), -1);
    assert_string_equal(missing, "to");

    wa_entry_t empty;
    memset(&empty, 0, sizeof(empty));
    assert_int_equal(wa_out_msg_decode(&empty, &out, &missing), -1);
    assert_string_equal(missing, "out_id");
}

static void ai_req_round_trips(void **state)
{
    wa_ai_req_t in = {.doctor_id = "d-2", .patient_id = "p-1", .to = "919800000002", .wamid = "wamid.Y",
                      .text = "क्या आज क्लिनिक खुला है?", .lang = "hi", .created_at = "1", .kb_context = "[]"};
    wa_cmd_t c;
    wa_cmd_init(&c);
    wa_ai_req_xadd(&c, "wa:ai", &in);
    wa_entry_t e;
    entry_from_xadd(&c, &e);
    wa_ai_req_t out;
    const char *missing;
    assert_int_equal(wa_ai_req_decode(&e, &out, &missing), 0);
    assert_string_equal(out.text, "क्या आज क्लिनिक खुला है?");
    assert_string_equal(out.lang, "hi");
    assert_string_equal(out.kb_context, "[]");
    assert_string_equal(out.patient_id, "p-1");

    size_t len = 0;
    assert_non_null(wa_entry_get(&e, "wamid", &len));
    assert_int_equal(len, strlen("wamid.Y"));
    assert_null(wa_entry_get(&e, "nope", NULL));
}

static void binary_values_keep_their_length(void **state)
{
    const char body[] = {'a', '\0', 'b'};
    wa_cmd_t c;
    wa_cmd_init(&c);
    wa_cmd_args(&c, "XADD");
    wa_cmd_args(&c, "wa:in");
    wa_cmd_args(&c, "*");
    wa_cmd_args(&c, "body");
    wa_cmd_arg(&c, body, sizeof(body));
    wa_cmd_args(&c, "received_at");
    wa_cmd_argl(&c, 1760000000123LL);
    wa_entry_t e;
    entry_from_xadd(&c, &e);
    size_t len;
    const char *v = wa_entry_get(&e, "body", &len);
    assert_int_equal(len, 3);
    assert_memory_equal(v, body, 3);
    assert_string_equal(wa_entry_get(&e, "received_at", NULL), "1760000000123");
}

/* A copy outlives its source: every name and value is the same bytes (binary included), NUL-terminated, in the
 * returned buffer, not in the source's. */
static void entry_copy_outlives_the_reply(void **state)
{
    char name[] = "body", value[] = {'x', '\0', 'y'}, other[] = "stream-id";
    wa_entry_t src = {.stream = "wa:in", .nfields = 2, .deliveries = 3};
    strcpy(src.id, "5-1");
    src.fields[0] = (wa_field_t){name, 4, value, sizeof(value)};
    src.fields[1] = (wa_field_t){"k", 1, other, strlen(other)};
    wa_entry_t dst;
    char *buf = wa_entry_copy(&dst, &src);
    memset(name, '#', sizeof(name)); /* the reply is gone */
    memset(value, '#', sizeof(value));
    memset(other, '#', sizeof(other));
    assert_string_equal(dst.id, "5-1");
    assert_int_equal(dst.deliveries, 3);
    assert_int_equal(dst.nfields, 2);
    size_t len;
    const char *v = wa_entry_get(&dst, "body", &len);
    assert_non_null(v);
    assert_int_equal(len, 3);
    assert_memory_equal(v, "x\0y", 3);
    assert_int_equal(v[3], '\0');
    assert_string_equal(wa_entry_get(&dst, "k", NULL), "stream-id");
    assert_true(dst.fields[0].name >= buf && dst.fields[1].value > buf);
    free(buf);
}

static void command_overflow_is_flagged(void **state)
{
    wa_cmd_t c;
    wa_cmd_init(&c);
    for (int i = 0; i < WA_CMD_MAX_ARGS + 1; i++)
        wa_cmd_args(&c, "x");
    assert_true(c.overflow);
    assert_int_equal(c.argc, WA_CMD_MAX_ARGS);
}

static void redis_urls_parse(void **state)
{
    wa_redis_url_t u;
    assert_int_equal(wa_redis_url_parse("redis://127.0.0.1:6390/2", &u), 0);
    assert_string_equal(u.host, "127.0.0.1");
    assert_int_equal(u.port, 6390);
    assert_int_equal(u.db, 2);
    assert_string_equal(u.password, "");
    assert_int_equal(wa_redis_url_parse("redis://:s%40cret@redis:6379/0", &u), 0);
    assert_string_equal(u.host, "redis");
    assert_string_equal(u.password, "s@cret");
    assert_int_equal(wa_redis_url_parse("redis://user:pw@h", &u), 0);
    assert_string_equal(u.user, "user");
    assert_int_equal(u.port, 6379);
    assert_int_equal(wa_redis_url_parse("http://x", &u), -1);
    assert_int_equal(wa_redis_url_parse("redis://h:99999/0", &u), -1);
    assert_int_equal(wa_redis_url_parse("redis://h:12/x", &u), -1);
}

/* A pipe keeps its commands in place (a command's argv may point into its own number storage) and the strings handed
 * to it until it is disposed; a dropped command is gone from the batch. (Run under ASan: nothing leaks.) */
static void pipe_keeps_commands_and_strings(void **state)
{
    (void)state;
    wa_pipe_t p = {0};
    wa_cmd_t *first = NULL;
    for (int i = 0; i < 40; i++) { /* past the first growth of the arrays */
        wa_cmd_t *c = wa_pipe_add(&p, "XADD test");
        if (i == 0)
            first = c;
        char buf[16];
        snprintf(buf, sizeof(buf), "v%d", i);
        wa_cmd_args(c, "XADD");
        wa_cmd_args(c, wa_pipe_copy(&p, buf)); /* the local buffer goes away: the pipe's copy stays */
        wa_cmd_argl(c, i);
    }
    assert_int_equal(p.n, 40);
    assert_ptr_equal(p.cmds[0], first); /* commands do not move when the arrays grow */
    assert_string_equal(p.cmds[0]->argv[1], "v0");
    assert_string_equal(p.cmds[39]->argv[1], "v39");
    assert_memory_equal(p.cmds[39]->argv[2], "39", 2);
    assert_string_equal(p.whats[39], "XADD test");
    assert_string_equal(wa_pipe_copy(&p, NULL), "");
    wa_pipe_drop_last(&p);
    assert_int_equal(p.n, 39);
    assert_string_equal(p.cmds[38]->argv[1], "v38");
    wa_pipe_dispose(&p);
    assert_int_equal(p.n, 0);
    assert_null(p.cmds);
    wa_pipe_drop_last(&p); /* empty: nothing to drop */
    assert_int_equal(p.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(out_msg_round_trips),        cmocka_unit_test(out_msg_missing_field_is_named),
        cmocka_unit_test(ai_req_round_trips),         cmocka_unit_test(binary_values_keep_their_length),
        cmocka_unit_test(command_overflow_is_flagged), cmocka_unit_test(redis_urls_parse),
        cmocka_unit_test(entry_copy_outlives_the_reply),
        cmocka_unit_test(pipe_keeps_commands_and_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
