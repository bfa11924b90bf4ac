"""The router scores a new text against its clinic's snapshot (issue 14: services/router/kbscore.c, kbsnap.c): the
snapshot is read once per clinic and knowledge-base version, a change to the knowledge base (an answer edited, an
entry disabled) is answered from the next message on, and the router scoring in PostgreSQL (ROUTER_KB_SNAPSHOT_KB=0,
the way before) sends the same replies. The rows themselves are compared with the SQL's by
test_kb_score_parity.py."""
import re

from conftest import change, http, new_number, text_message, webhook

ENTRIES = [
    ("What are your clinic timings?", "We are open 9 am to 5 pm, Monday to Saturday.", "timings hours open"),
    ("How much is the consultation fee?", "The consultation fee is Rs 600.", "fee charges cost"),
    ("Do you have parking?", "Yes, free parking in the basement.", "parking car"),
    ("Do you offer physiotherapy?", "Yes, physiotherapy sessions cost Rs 800 each.", "physiotherapy physio"),
]
QUESTIONS = ["what are the timings", "clinic kab khulta hai", "consultation fees kitni hai", "is there car parking",
             "physio sessions available?", "how much for physiotherapy", "do you do knee replacement",
             "parking ki facility hai kya"]


def ask(stack, doctor_phone, text):
    p = new_number()
    assert stack.post_webhook(webhook([change(doctor_phone, "pn-" + doctor_phone, [text_message(p, text)])])) == 200
    return stack.replies_to(p)[0]["text"]["body"]


def metrics(stack, name="router"):
    status, body = http("GET", f"http://127.0.0.1:{stack.ops[name]}/metrics")
    assert status == 200
    out = {}
    for metric, n in re.findall(r"^(wa_router_kb_scored_total|wa_router_kb_snapshots_fetched_total|"
                                r"wa_router_kb_snapshot_bytes) (\d+)", body.decode(), re.M):
        out[metric] = int(n)
    return out


def clinic(stack, name):
    doctor_id, phone = stack.add_doctor(f"Dr. {name}", f"{name} Clinic", specialization="General Physician")
    ids = [stack.add_kb(doctor_id, q, a, k) for q, a, k in ENTRIES]
    return doctor_id, phone, ids


def test_a_snapshot_a_version_and_every_change_answered_from_the_next_message(stack):
    doctor_id, phone, ids = clinic(stack, "Snapshot Rao")
    before = metrics(stack)
    assert ask(stack, phone, "What are your clinic timings?") == ENTRIES[0][1]
    m = metrics(stack)
    assert m["wa_router_kb_scored_total"] > before.get("wa_router_kb_scored_total", 0), m
    assert m["wa_router_kb_snapshots_fetched_total"] == before.get("wa_router_kb_snapshots_fetched_total", 0) + 1, m
    assert m["wa_router_kb_snapshot_bytes"] > 0, m

    # another new text of the same clinic: scored against the snapshot it already holds
    assert ask(stack, phone, "How much is the consultation fee?") == ENTRIES[1][1]
    m2 = metrics(stack)
    assert m2["wa_router_kb_scored_total"] > m["wa_router_kb_scored_total"], m2
    assert m2["wa_router_kb_snapshots_fetched_total"] == m["wa_router_kb_snapshots_fetched_total"], m2

    # an answer edited: the next message, a text never seen, gets the new answer from a new snapshot
    new = "We are open 8 am to 8 pm every day."
    stack.sql("UPDATE kb_entries SET answer = %s WHERE id = %s", new, int(ids[0]))
    assert ask(stack, phone, "what time does the clinic open") == new
    m3 = metrics(stack)
    assert m3["wa_router_kb_snapshots_fetched_total"] == m2["wa_router_kb_snapshots_fetched_total"] + 1, m3

    # an entry disabled: never answered with again, though the question is its own
    stack.sql("UPDATE kb_entries SET enabled = false WHERE id = %s", int(ids[2]))
    assert ask(stack, phone, "Do you have parking?") != ENTRIES[2][1]


def test_scoring_in_postgresql_sends_the_same_replies(stack):
    doctor_id, phone, _ = clinic(stack, "Parity Menon")
    here = [ask(stack, phone, q) for q in QUESTIONS]
    assert sum(1 for r in here if r in {a for _, a, _ in ENTRIES}) >= 4, here  # most answered from the KB
    stack.stop_service("router")
    try:
        stack.start_service("router", {"ROUTER_KB_SNAPSHOT_KB": "0"}, tag="-sql")
        before = metrics(stack, "router-sql")
        # the same questions as other patients write them (a new router: nothing cached, all scored in SQL)
        there = [ask(stack, phone, q) for q in QUESTIONS]
        after = metrics(stack, "router-sql")
        assert after.get("wa_router_kb_scored_total", 0) == before.get("wa_router_kb_scored_total", 0) == 0, after
        assert after.get("wa_router_kb_snapshots_fetched_total", 0) == 0, after
    finally:
        stack.stop_service("router-sql")
        stack.start_service("router")
    assert there == here


def test_a_snapshot_that_does_not_load_is_scored_in_postgresql(stack):
    """A fault of the router's own score (a snapshot it cannot read) costs no message: those texts are scored in
    PostgreSQL, the same answer, and the error is logged without the snapshot's content."""
    doctor_id, phone, _ = clinic(stack, "Fault Pillai")
    stack.stop_service("router")
    stack.sql("ALTER FUNCTION kb_score_snapshot(uuid) RENAME TO kb_score_snapshot_real")
    try:
        stack.sql("CREATE FUNCTION kb_score_snapshot(p uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$"
                  " SELECT CASE WHEN p = %s::uuid THEN '{\"names\": 1}'::jsonb ELSE kb_score_snapshot_real(p) END $$",
                  doctor_id)
        stack.start_service("router", tag="-fault")
        assert ask(stack, phone, "What are your clinic timings?") == ENTRIES[0][1]
        assert ask(stack, phone, "is there car parking") == ENTRIES[2][1]
        m = metrics(stack, "router-fault")
        assert m.get("wa_router_kb_scored_total", 0) == 0, m
        with open(stack.log_of("router-fault"), errors="replace") as f:
            log = f.read()
        assert "knowledge-base snapshot did not load" in log and "is not an array" in log, log[-2000:]
    finally:
        stack.stop_service("router-fault")
        stack.sql("DROP FUNCTION IF EXISTS kb_score_snapshot(uuid)")
        stack.sql("ALTER FUNCTION kb_score_snapshot_real(uuid) RENAME TO kb_score_snapshot")
        stack.start_service("router")
