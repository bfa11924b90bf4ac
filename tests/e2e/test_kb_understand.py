"""Issue 14, round 2: the router analyses a batch's new texts once (services/router/route.c understand,
wa_kb_understand_batch): one statement computes each text's tokens and from them both the intent label the flows ask
for and the knowledge base's candidates. The proof: with the per-text functions the router used before
(kb_intent_choose for the flows' intent, kb_match for the lookup) made to fail, a webhook of new texts is still
answered exactly as before: a sentence asking to book starts the booking flow, a question (asked twice in the
batch) gets its knowledge-base answer, a keyword and a greeting their flow; with the answer cache on and off
(ROUTER_KB_CACHE_KB=0: the batch keeps the results itself)."""
from conftest import change, new_number, new_wamid, text_message, webhook
from test_clinic import body, new_doctor, reply, rows

FAILING = {
    "kb_intent_choose(uuid,text)":
        "CREATE OR REPLACE FUNCTION kb_intent_choose(p_doctor uuid, p_text text) RETURNS text LANGUAGE plpgsql"
        " STABLE AS $$ BEGIN RAISE EXCEPTION 'a per-message intent statement'; END $$",
    "kb_match(uuid,text,integer)":
        "CREATE OR REPLACE FUNCTION kb_match(p_doctor uuid, p_text text, p_limit int DEFAULT 4)"
        " RETURNS TABLE (id bigint, question text, answer text, score double precision) LANGUAGE plpgsql STABLE"
        " AS $$ BEGIN RAISE EXCEPTION 'a second analysis of the text'; END $$",
}


def check_one_batch(stack, clinic):
    doc = new_doctor(stack, clinic=clinic)
    answer = f"{clinic} is open 9 am to 5 pm, Monday to Saturday."
    stack.add_kb(doc["id"], "What are the clinic timings?", answer, "timings hours open")
    saved = {sig: stack.sql("SELECT pg_get_functiondef(%s::regprocedure)", sig)[0][0] for sig in FAILING}
    try:
        for sql in FAILING.values():
            stack.sql(sql)
        texts = ["I would like to get an appointment with the doctor please", "what are the clinic timings??",
                 "What are the  clinic timings", "book", "hello"]
        sent = [(new_number(), new_wamid(), t) for t in texts]
        assert stack.post_webhook(webhook([change(doc["phone"], "pn-" + doc["phone"],
                                                  [text_message(p, t, w) for p, w, t in sent])])) == 200
        got = [reply(stack, p, w) for p, w, _ in sent]
        assert rows(got[0])[0][0].startswith("day:"), got[0]  # the intent "book": the booking flow's open days
        for r in got[1:3]:
            assert r["type"] == "text" and r["text"]["body"] == answer, r
        assert rows(got[3])[0][0].startswith("day:"), got[3]  # the keyword
        assert clinic in body(got[4])  # the welcome
    finally:
        for definition in saved.values():
            stack.sql(definition)


def test_a_batch_of_new_texts_is_analysed_once_for_intent_and_knowledge_base(stack):
    check_one_batch(stack, "Once Clinic")


def test_the_same_without_the_answer_cache(stack):
    stack.stop_service("router")
    stack.start_service("router", {"ROUTER_KB_CACHE_KB": "0"})
    try:
        check_one_batch(stack, "Nocache Clinic")
    finally:
        stack.stop_service("router")
        stack.start_service("router")
