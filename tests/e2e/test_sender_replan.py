"""The sender drops its session's cached plans every 10 s (DISCARD PLANS, services/sender/loop.c; issue 14, round 7): a
prepared statement's generic plan made while patients was small and never analysed looks a patient up by
(doctor_id, id) and filters a doctor's patients on wa_id, and keeps doing so as the table grows until autovacuum
analyses it (bench/sender/pgcost.py with PGCOST_FRESH=1 measured the sender's PostgreSQL time per reply doubled so).
The statements stay prepared (the sender keeps working through it) and their next calls plan again."""
import json
import time
import uuid

from conftest import new_number, wait_for


def sender_queries(stack):
    rows = stack.sql("SELECT query FROM pg_stat_activity WHERE application_name = 'wa-sender'")
    return [r[0] for r in rows or []]


def test_the_sender_discards_its_cached_plans_and_still_sends(stack, clinic):
    seen = wait_for(lambda: any(q.strip().upper() == "DISCARD PLANS" for q in sender_queries(stack)), timeout=30,
                    interval=0.02, what="DISCARD PLANS from the sender's session")
    assert seen
    # the prepared statements survive it: a message sent after the discard is recorded by the prepared INSERT
    patient = new_number()
    out_id = "manual:replan-" + uuid.uuid4().hex
    stack.redis.xadd("wa:out", {"out_id": out_id, "doctor_id": clinic["id"], "to": patient, "kind": "text",
                                "message": json.dumps({"type": "text", "text": {"body": "Your report is ready."}}),
                                "reply_to": "", "source": "manual", "created_at": str(int(time.time() * 1000)),
                                "attempt": "0"})
    assert stack.replies_to(patient, timeout=30)[0]["text"]["body"] == "Your report is ready."
    wait_for(lambda: stack.sql("SELECT 1 FROM messages WHERE out_id = %s", out_id), timeout=20,
             what="the message recorded")
