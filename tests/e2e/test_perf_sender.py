"""The sender's fewer round trips (issue 14): a group's outbound rows are one multi-row INSERT (every row still recorded
with its patient, once), the Lua scripts run by EVALSHA (loaded once per connection) and still work after Redis
forgets them (SCRIPT FLUSH: NOSCRIPT falls back to the script's body), and the sent marks of a round go in one
pipeline without sending anything twice."""
import json
import time
import uuid

from conftest import new_number, wait_for


def enqueue_many(stack, doctor_id, targets, tag):
    """One wa:out entry per (patient, text), in one pipeline, so that the sender takes them as one group."""
    pipe = stack.redis.pipeline()
    out_ids = []
    for i, to in enumerate(targets):
        out_id = f"manual:{tag}:{i}:{uuid.uuid4().hex[:8]}"
        out_ids.append(out_id)
        pipe.xadd("wa:out", {"out_id": out_id, "doctor_id": doctor_id, "to": to, "kind": "text",
                             "message": json.dumps({"type": "text", "text": {"body": f"{tag} note {i}"}}),
                             "reply_to": "", "source": "manual", "created_at": str(int(time.time() * 1000)),
                             "attempt": "0"})
    pipe.execute()
    return out_ids


def recorded(stack, out_ids):
    return stack.sql("SELECT m.out_id, m.body, m.wa_id, m.patient_id IS NOT NULL, m.source, m.reply_to, m.status,"
                     " m.wamid IS NOT NULL FROM messages m WHERE m.out_id = ANY(%s) ORDER BY m.out_id", list(out_ids))


def commandstats(stack):
    out = {}
    for name, v in stack.redis.info("commandstats").items():
        out[name] = v["calls"]
    return out


def test_a_group_is_recorded_in_one_statement_with_every_row_and_its_patient(stack, clinic):
    targets = [new_number() for _ in range(12)]
    for to in targets[:8]:  # patients the clinic knows (an inbound message made them); the rest are new numbers
        stack.sql("INSERT INTO patients (doctor_id, wa_id, last_inbound_at) VALUES (%s, %s, now())", clinic["id"], to)
    out_ids = enqueue_many(stack, clinic["id"], targets, "group")
    rows = wait_for(lambda: (lambda r: r if len(r) == len(out_ids) else None)(recorded(stack, out_ids)),
                    what="every row recorded")
    by_id = {r[0]: r for r in rows}
    for i, out_id in enumerate(out_ids):
        _, body, wa_id, has_patient, source, reply_to, status, has_wamid = by_id[out_id]
        assert (body, wa_id, source, reply_to, status, has_wamid) == (f"group note {i}", targets[i], "manual", None,
                                                                      "accepted", True)
        assert has_patient == (i < 8)
    for to in targets:  # each sent once
        assert len(stack.graph_sends(to)) == 1


def test_scripts_run_by_sha_and_survive_a_script_flush_sending_each_message_once(stack, clinic):
    before = commandstats(stack)
    first = [new_number() for _ in range(4)]
    ids = enqueue_many(stack, clinic["id"], first, "sha")
    wait_for(lambda: len(recorded(stack, ids)) == len(ids), what="the first messages recorded")
    after = commandstats(stack)
    assert after.get("cmdstat_evalsha", 0) - before.get("cmdstat_evalsha", 0) >= len(ids)  # the admission (round 9)
    # no script body per message (the wa:retry mover's timer and the retention trim still EVAL now and then)
    assert after.get("cmdstat_eval", 0) - before.get("cmdstat_eval", 0) < len(ids)

    stack.redis.script_flush()  # Redis forgets every script: the sender's next EVALSHA gets NOSCRIPT
    second = [new_number() for _ in range(4)]
    ids2 = enqueue_many(stack, clinic["id"], second, "flushed")
    wait_for(lambda: len(recorded(stack, ids2)) == len(ids2), timeout=30, what="the messages after SCRIPT FLUSH")
    wait_for(lambda: stack.redis.xpending("wa:out", "sender")["pending"] == 0, what="sender to ack wa:out")
    time.sleep(0.5)
    for to in first + second:
        assert len(stack.graph_sends(to)) == 1
