"""The router and the ai drop their sessions' cached plans every 10 s, as the sender does (wa_pg_replan,
shared/src/pg.c; issue 14, round 7): a generic plan made while messages and patients were small and never analysed
(a stack just started) stays until autovacuum analyses the table, and bench/pg/replan_check.py measured the ai's
history reads so planned at 20-150x the time per call of the same statements planned on the grown table. The
statements stay prepared: both services keep answering through it, the ai with the patient's history (its prepared
read)."""
import json
import time
import uuid

from conftest import change, new_number, new_wamid, text_message, wait_for, webhook


def queries(stack, app):
    rows = stack.sql("SELECT query FROM pg_stat_activity WHERE application_name = %s", app)
    return [r[0] for r in rows or []]


def discarded(stack, app):
    return wait_for(lambda: any(q.strip().upper() == "DISCARD PLANS" for q in queries(stack, app)), timeout=30,
                    interval=0.02, what=f"DISCARD PLANS from a {app} session")


def post_text(stack, clinic, patient, text):
    wamid = new_wamid()
    payload = webhook([change(clinic["phone"], "pn-" + clinic["phone"], [text_message(patient, text, wamid)])])
    assert stack.post_webhook(payload) == 200
    return wamid


def test_the_router_discards_its_cached_plans_and_still_answers(stack, clinic):
    assert discarded(stack, "wa-router")
    patient = new_number()
    post_text(stack, clinic, patient, "What are your timings?")
    assert stack.replies_to(patient)[0]["text"]["body"] == clinic["answer"]
    wait_for(lambda: stack.sql("SELECT 1 FROM messages m JOIN patients p ON p.id = m.patient_id WHERE p.wa_id = %s"
                               " AND m.direction = 'in' AND m.routed_at IS NOT NULL", patient), timeout=20,
             what="the message recorded and marked by the prepared batches")


def test_the_ai_discards_its_cached_plans_and_still_reads_the_history(stack, clinic):
    assert discarded(stack, "wa-ai")
    patient = new_number()
    first = post_text(stack, clinic, patient, "What are your timings?")
    stack.replies_to(patient)
    wait_for(lambda: stack.sql("SELECT 1 FROM messages WHERE out_id = %s AND body IS NOT NULL", "reply:" + first),
             what="the first answer recorded")
    marker = uuid.uuid4().hex[:8]
    question = f"Can my son get his booster shot this week? ({marker})"
    post_text(stack, clinic, patient, question)
    stack.replies_to(patient, count=2)
    [call] = [r for r in stack.mock_requests("gemini") if marker in r["body"]]
    turns = [(c["role"], c["parts"][0]["text"]) for c in json.loads(call["body"])["contents"]]
    assert turns == [("user", "What are your timings?"), ("model", clinic["answer"]), ("user", question)]


def test_every_stage_is_ready_again_after_postgresql_restarts_and_the_replans_have_run(stack):
    """A PostgreSQL restart cuts every connection. A stage's first DISCARD PLANS on a cut, idle connection (the ai's
    only one while no model answer is due, one of the router's parallel analysis connections) fails and clears the
    process's PostgreSQL readiness; only a new connection set it again, so the ai, and a router whose own connection
    was already back, answered /readyz false for good (CI saw wa-ai and wa-router never ready again). Now every
    successful check sets it, and the ai checks its connection each second as the router and the sender do. Waits
    past WA_PG_REPLAN_MS (10 s) after the restart, with no traffic, so that every replan has run on its cut
    connection."""
    stages = ("router", "ai", "sender")
    for name in stages:
        wait_for(lambda: stack._ready(name), timeout=30, what=f"wa-{name} ready before the restart")
    stack.stop_postgres()
    stack.start_infra()
    for name in stages:
        wait_for(lambda: stack._ready(name), timeout=30, what=f"wa-{name} ready after the restart")
    time.sleep(12)  # every stage's replan (10 s) runs once on a connection the restart cut
    for name in stages:
        wait_for(lambda: stack._ready(name), timeout=10, what=f"wa-{name} ready after its replans")
