"""Redis per reply (issue 14, round 9): the sender claims an out_id with two plain commands (SET NX of the lease, then
GET of the sent key) and marks it sent with two (SET of the sent key, then DEL of the lease), so the admission is the
one script a message or a read receipt runs when nothing holds it: a reply and its read receipt cost Redis two script
calls where they cost five. The guarantees stay: each out_id sent once and marked sent, no lease left behind, an
out_id already sent acknowledged as a duplicate without a Graph call and without keeping a lease, an out_id leased by
another sender waiting for that lease (the claim script still decides a lease that is held). The ai emits an answer,
writes its done marker and acknowledges its wa:ai entry in one MULTI/EXEC: one round trip where it took three."""
import json
import threading
import time
import uuid

from conftest import change, new_number, new_wamid, text_message, wait_for, webhook
from test_perf_sender import enqueue_many


def calls(stack):
    return {k.replace("cmdstat_", ""): int(v["calls"]) for k, v in stack.redis.info("commandstats").items()}


def settled(stack):
    return stack.redis.xpending("wa:out", "sender")["pending"] == 0 and stack.redis.zcard("wa:retry") == 0


def recorded(stack, out_ids):
    return stack.sql("SELECT out_id, wamid FROM messages WHERE out_id = ANY(%s)", list(out_ids))


def test_a_group_of_messages_runs_one_script_call_each(stack, clinic):
    wait_for(lambda: settled(stack), timeout=30, what="the sender idle")
    targets = [new_number() for _ in range(8)]
    before = calls(stack)
    out_ids = enqueue_many(stack, clinic["id"], targets, "rpr")
    wait_for(lambda: len(recorded(stack, out_ids)) == len(out_ids), timeout=30, what="every message recorded")
    wait_for(lambda: settled(stack), timeout=20, what="the entries acknowledged")
    after = calls(stack)
    delta = {k: after.get(k, 0) - before.get(k, 0) for k in after}
    # the admission only (the old sender: claim, admission and mark, three a message)
    assert delta.get("evalsha", 0) == len(out_ids)
    assert delta.get("eval", 0) < len(out_ids)  # no script sent whole per message (the wa:retry mover's timer may)
    # the claim's SET NX and the mark's SET each, outside any script; the mark's DEL
    assert delta.get("set", 0) >= 2 * len(out_ids)
    assert delta.get("del", 0) >= len(out_ids)
    wamids = dict(recorded(stack, out_ids))
    for out_id, to in zip(out_ids, targets):
        assert len(stack.graph_sends(to)) == 1
        assert stack.redis.get("wa:sent:" + out_id) == wamids[out_id] != ""
        assert stack.redis.exists("wa:sending:" + out_id) == 0
        assert 0 < stack.redis.ttl("wa:sent:" + out_id) <= 691200


def test_a_message_already_sent_is_a_duplicate_and_keeps_no_lease(stack, clinic):
    patient = new_number()
    out_id = f"manual:rpr-dup:{uuid.uuid4().hex[:8]}"
    stack.redis.set("wa:sent:" + out_id, "wamid.earlier-" + uuid.uuid4().hex[:8], ex=600)
    stack.redis.xadd("wa:out", {"out_id": out_id, "doctor_id": clinic["id"], "to": patient, "kind": "text",
                                "message": json.dumps({"type": "text", "text": {"body": "Sent before."}}),
                                "reply_to": "", "source": "manual", "created_at": str(int(time.time() * 1000)),
                                "attempt": "0"})
    wait_for(lambda: recorded(stack, [out_id]), timeout=20, what="the duplicate recorded")
    wait_for(lambda: settled(stack), timeout=20, what="the duplicate acknowledged")
    time.sleep(0.5)
    assert stack.graph_sends(patient) == []
    assert stack.redis.exists("wa:sending:" + out_id) == 0  # the lease the plain claim took is dropped again
    assert recorded(stack, [out_id])[0][1].startswith("wamid.earlier-")


def test_an_ai_answer_is_emitted_marked_and_acknowledged_in_one_transaction(stack, clinic):
    # the ai's answer went out in three round trips (XADD, SET of the done marker, the stage's XACK); now one
    # MULTI/EXEC carries all three, so the entry is acknowledged only with its answer in wa:out, in one round trip
    wait_for(lambda: stack.redis.xpending("wa:ai", "ai")["pending"] == 0, timeout=30, what="the ai idle")
    wamids = [new_wamid() for _ in range(5)]
    before = calls(stack)
    pipe = stack.redis.pipeline(transaction=False)
    for i, w in enumerate(wamids):
        pipe.xadd("wa:ai", {"doctor_id": clinic["id"], "patient_id": "", "to": new_number(), "wamid": w,
                            "text": f"round nine question {i}", "lang": "", "created_at": "0", "kb_context": ""})
    pipe.execute()

    def answered():
        got = {f["out_id"] for _, f in stack.redis.xrange("wa:out") if f.get("out_id", "").startswith("reply:")}
        return all("reply:" + w in got for w in wamids)
    wait_for(answered, timeout=30, what="every answer in wa:out")
    wait_for(lambda: stack.redis.xpending("wa:ai", "ai")["pending"] == 0, timeout=20, what="the entries acknowledged")
    after = calls(stack)
    delta = {k: after.get(k, 0) - before.get(k, 0) for k in after}
    assert delta.get("multi", 0) == len(wamids) and delta.get("exec", 0) == len(wamids)
    assert delta.get("xack", 0) >= len(wamids)
    for w in wamids:
        assert stack.redis.get("wa:ai:done:" + w) == "reply:" + w
        assert 0 < stack.redis.ttl("wa:ai:done:" + w) <= 8 * 24 * 3600
    # a redelivered question is not answered twice: the done marker written in the transaction stops it
    n_out = len(stack.redis.xrange("wa:out"))
    stack.redis.xadd("wa:ai", {"doctor_id": clinic["id"], "patient_id": "", "to": new_number(), "wamid": wamids[0],
                               "text": "round nine question 0", "lang": "", "created_at": "0", "kb_context": ""})
    wait_for(lambda: stack.redis.xpending("wa:ai", "ai")["pending"] == 0, timeout=20, what="the copy acknowledged")
    time.sleep(0.5)
    assert sum(1 for _, f in stack.redis.xrange("wa:out") if f.get("out_id") == "reply:" + wamids[0]) == 1
    assert len(stack.redis.xrange("wa:out")) >= n_out


def test_a_router_batch_reaches_a_blocked_reader_in_one_read(stack, clinic):
    # issue 14, round 14: the router's batch of XADDs was a plain pipeline, and Redis answers a blocked XREADGROUP
    # as soon as the first XADD lands, so the sender read a batch as one entry and then the rest (two groups, each
    # paying its Redis round trips and statements); as one MULTI/EXEC the reader wakes once, after the EXEC
    patients = [new_number() for _ in range(4)]
    wamids = [new_wamid() for _ in patients]
    reader = stack.redis_client(decode_responses=True)
    last = (stack.redis.xrevrange("wa:out", count=1) or [("0-0", {})])[0][0]
    got = {}

    def block():  # what one blocked read of wa:out returns first
        got["first"] = reader.xread({"wa:out": last}, count=1000, block=20000)

    t = threading.Thread(target=block)
    t.start()
    time.sleep(0.3)  # the read is blocked before the webhook arrives
    before = calls(stack)
    msgs = [text_message(p, "What are your timings?", w) for p, w in zip(patients, wamids)]
    assert stack.post_webhook(webhook([change(clinic["phone"], "pn-" + clinic["phone"], msgs)])) == 200
    t.join(25)
    assert not t.is_alive()
    for p in patients:
        assert len(stack.replies_to(p, count=1, timeout=30)) == 1  # every message answered once
    first = [f for _, entries in got["first"] for _, f in entries]
    out_ids = [f.get("out_id") for f in first]
    # every reply and read receipt of the webhook's batch in the reader's first read
    assert sorted(o for o in out_ids if o.startswith("reply:")) == sorted("reply:" + w for w in wamids)
    assert {o for o in out_ids if o.startswith("read:")} <= {"read:" + w for w in wamids}
    assert any(o.startswith("read:") for o in out_ids)
    delta = {k: v - before.get(k, 0) for k, v in calls(stack).items()}
    assert delta.get("multi", 0) >= 1 and delta.get("exec", 0) >= 1
    time.sleep(0.5)
    for p in patients:
        assert len(stack.graph_sends(p)) == 1  # sent once
