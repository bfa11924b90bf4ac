/*
 * Unit tests of services/ai/rerank.c: the prompt of the knowledge base's rerank (the message and the candidates,
 * never an answer) and the reading of the model's answer (a candidate's id, "none", out of shape, an id that was not
 * offered).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rerank.h"

static const char cands[] = "[{\"id\":\"17\",\"q\":\"What are your timings?\",\"score\":0.55},"
                            "{\"id\":\"23\",\"q\":\"Consultation fee\\nfor new patients\",\"score\":0.41}]";

static void test_question(void **state)
{
    (void)state;
    char *q = ai_rerank_question("clinic kab\nkhulta hai", cands);
    assert_non_null(q);
    assert_string_equal(q, "Message: clinic kab khulta hai\nCandidates:\n17: What are your timings?\n"
                           "23: Consultation fee for new patients\nReply {\"id\":\"<candidate id>\"} or "
                           "{\"id\":\"none\"}.");
    free(q);
    assert_null(ai_rerank_question("x", ""));
    assert_null(ai_rerank_question("x", "[]"));
    assert_null(ai_rerank_question("x", "[{\"q\":\"no id\"}]"));
    assert_null(ai_rerank_question("x", "not json"));
    assert_non_null(strstr(ai_rerank_system_text(), "JSON only"));
}

static void test_parse(void **state)
{
    char id[48];
    (void)state;
    assert_int_equal(ai_rerank_parse("{\"id\":\"23\"}", cands, id, sizeof(id)), AI_RERANK_CHOSEN);
    assert_string_equal(id, "23");
    assert_int_equal(ai_rerank_parse("```json\n{\"id\": 17}\n```", cands, id, sizeof(id)), AI_RERANK_CHOSEN);
    assert_string_equal(id, "17");
    assert_int_equal(ai_rerank_parse("{\"id\":\"none\"}", cands, id, sizeof(id)), AI_RERANK_NONE);
    assert_string_equal(id, "");
    assert_int_equal(ai_rerank_parse("{\"id\":\"NONE\"}", cands, id, sizeof(id)), AI_RERANK_NONE);
    assert_int_equal(ai_rerank_parse("{\"id\":null}", cands, id, sizeof(id)), AI_RERANK_NONE);
    /* an id that was not offered (another clinic's entry, an invented one): refused */
    assert_int_equal(ai_rerank_parse("{\"id\":\"99\"}", cands, id, sizeof(id)), AI_RERANK_FOREIGN);
    assert_string_equal(id, "");
    /* out of shape */
    assert_int_equal(ai_rerank_parse("The clinic opens at 10 am.", cands, id, sizeof(id)), AI_RERANK_INVALID);
    assert_int_equal(ai_rerank_parse("{\"answer\":\"17\"}", cands, id, sizeof(id)), AI_RERANK_INVALID);
    assert_int_equal(ai_rerank_parse("{\"id\":[17]}", cands, id, sizeof(id)), AI_RERANK_INVALID);
    assert_int_equal(ai_rerank_parse("{\"id\":1.5}", cands, id, sizeof(id)), AI_RERANK_INVALID);
    assert_int_equal(ai_rerank_parse("} {", cands, id, sizeof(id)), AI_RERANK_INVALID);
    assert_int_equal(ai_rerank_parse(NULL, cands, id, sizeof(id)), AI_RERANK_INVALID);
    assert_int_equal(ai_rerank_parse("{\"id\":\"17\"}", "garbage", id, sizeof(id)), AI_RERANK_INVALID);
    assert_string_equal(ai_rerank_name(AI_RERANK_FOREIGN), "foreign");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_question),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
