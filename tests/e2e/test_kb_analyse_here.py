"""The router analyses new texts itself (issue 14, round 32: services/router/analyse.c on router_analyse_facts' rows):
a clinic's questions are analysed in the router and answered from its knowledge base, a text with a typo goes to
router_analyse_batch (the typo correction is SQL's) and is answered all the same, every text analysed in PostgreSQL
(ROUTER_KB_ANALYSE_HERE=0, the way before) sends the same replies, and a failing facts statement costs no message.
The tokens themselves are compared with the SQL's by test_analyse_parity.py."""
import re

from conftest import http
from test_kb_score_here import ENTRIES, QUESTIONS, ask, clinic


def counts(stack, name="router"):
    status, body = http("GET", f"http://127.0.0.1:{stack.ops[name]}/metrics")
    assert status == 200
    return {m: int(n) for m, n in re.findall(r"^wa_router_kb_analysed_(here|sql)_total (\d+)", body.decode(), re.M)}


def test_questions_are_analysed_here_and_a_typo_in_postgresql(stack):
    _, phone, _ = clinic(stack, "Analyse Iyer")
    before = counts(stack)
    assert ask(stack, phone, "What are your clinic timings?") == ENTRIES[0][1]
    assert ask(stack, phone, "is there car parking") == ENTRIES[2][1]
    m = counts(stack)
    assert m["here"] >= before.get("here", 0) + 2 and m.get("sql", 0) == before.get("sql", 0), (before, m)
    # "physiotherpy": an unknown word of four letters or more, which the typo correction reads
    assert ask(stack, phone, "do you offer physiotherpy") == ENTRIES[3][1]
    m2 = counts(stack)
    assert m2["sql"] == m.get("sql", 0) + 1 and m2["here"] == m["here"], (m, m2)


def test_analysing_in_postgresql_sends_the_same_replies(stack):
    _, phone, _ = clinic(stack, "Analyse Nair")
    here = [ask(stack, phone, q) for q in QUESTIONS]
    assert sum(1 for r in here if r in {a for _, a, _ in ENTRIES}) >= 4, here
    stack.stop_service("router")
    try:
        stack.start_service("router", {"ROUTER_KB_ANALYSE_HERE": "0"}, tag="-asql")
        there = [ask(stack, phone, q) for q in QUESTIONS]
        m = counts(stack, "router-asql")
        assert m.get("here", 0) == 0 and m["sql"] >= len(QUESTIONS), m
    finally:
        stack.stop_service("router-asql")
        stack.start_service("router")
    assert there == here


def test_a_failing_facts_statement_leaves_the_texts_to_postgresql(stack):
    """router_analyse_facts raising for one clinic: its texts are analysed by router_analyse_batch, the same answers,
    and the failed statement is logged without the texts."""
    doctor_id, phone, _ = clinic(stack, "Analyse Fault")
    stack.stop_service("router")
    stack.sql("ALTER FUNCTION router_analyse_facts(jsonb) RENAME TO router_analyse_facts_real")
    try:
        stack.sql("CREATE FUNCTION router_analyse_facts(p jsonb)"
                  " RETURNS TABLE (d uuid, k \"char\", word text, canonical text) LANGUAGE plpgsql AS $$"
                  " BEGIN IF p::text LIKE '%%' || %s || '%%' THEN RAISE EXCEPTION 'facts refused for the test'; END IF;"
                  " RETURN QUERY SELECT * FROM router_analyse_facts_real(p); END $$", doctor_id)
        stack.start_service("router", tag="-afault")
        assert ask(stack, phone, "What are your clinic timings?") == ENTRIES[0][1]
        assert ask(stack, phone, "How much is the consultation fee?") == ENTRIES[1][1]
        m = counts(stack, "router-afault")
        assert m.get("here", 0) == 0 and m["sql"] >= 2, m
        with open(stack.log_of("router-afault"), errors="replace") as f:
            log = f.read()
        assert "facts refused for the test" in log and "timings" not in log, log[-2000:]
    finally:
        stack.stop_service("router-afault")
        stack.sql("DROP FUNCTION IF EXISTS router_analyse_facts(jsonb)")
        stack.sql("ALTER FUNCTION router_analyse_facts_real(jsonb) RENAME TO router_analyse_facts")
        stack.start_service("router")
