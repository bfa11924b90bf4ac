"""A read receipt's out_id is claimed by its admission script call (issue 14, round 7): the sender used to run three
scripts per read receipt (claim, admission, mark), it runs two since (one since round 9: the mark is two plain
commands, tests/e2e/test_redis_per_reply.py), with the same guarantees as the claim pipeline gave:
sent once and marked sent, an out_id already sent acknowledged as a duplicate without a Graph call, an out_id leased by
another sender waiting in wa:retry until that lease ends. The entries are written to wa:out as the router writes them
(route.c emit_read)."""
import json
import re
import time
import uuid

from conftest import http, new_number, new_wamid, wait_for


def enqueue_read(stack, doctor_id, to, wamid):
    out_id = "read:" + wamid
    stack.redis.xadd("wa:out", {"out_id": out_id, "doctor_id": doctor_id, "to": to, "kind": "read",
                                "message": json.dumps({"message_id": wamid}), "reply_to": wamid, "source": "read",
                                "created_at": str(int(time.time() * 1000)), "attempt": "0"})
    return out_id


def reads_of(stack, wamid):
    """The read receipts for `wamid` the mock Graph API received."""
    out = []
    for r in stack.mock_requests("graph"):
        if r["method"] != "POST" or not r["path"].endswith("/messages"):
            continue
        try:
            body = json.loads(r["body"])
        except ValueError:
            continue
        if body.get("status") == "read" and body.get("message_id") == wamid:
            out.append(body)
    return out


def evalsha_calls(stack):
    return int(stack.redis.info("commandstats").get("cmdstat_evalsha", {}).get("calls", 0))


def sends(stack, result):
    status, body = http("GET", f"http://127.0.0.1:{stack.ops['sender']}/metrics")
    assert status == 200
    text = body.decode() if isinstance(body, bytes) else body
    m = re.search(r'^wa_sender_sends_total\{result="%s"\} (\S+)$' % result, text, re.M)
    return float(m.group(1)) if m else 0.0


def settled(stack):
    return stack.redis.xpending("wa:out", "sender")["pending"] == 0 and stack.redis.zcard("wa:retry") == 0


def test_a_read_receipt_is_sent_once_and_marked_with_one_script_call(stack, clinic):
    wait_for(lambda: settled(stack), timeout=30, what="the sender idle")
    wamid = new_wamid()
    before = evalsha_calls(stack)
    out_id = enqueue_read(stack, clinic["id"], new_number(), wamid)
    wait_for(lambda: reads_of(stack, wamid), timeout=20, what="the read receipt")
    wait_for(lambda: settled(stack), timeout=20, what="the entry acknowledged")
    # the admission (which claims the out_id) only: the claim script went in round 7, the mark script (now SET + DEL)
    # in round 9
    assert evalsha_calls(stack) - before == 1
    assert stack.redis.get("wa:sent:" + out_id) == ""
    assert stack.redis.exists("wa:sending:" + out_id) == 0
    # the same entry again (a redelivery after a crash, say) is a duplicate: no second Graph call
    dup = sends(stack, "duplicate")
    enqueue_read(stack, clinic["id"], new_number(), wamid)
    wait_for(lambda: sends(stack, "duplicate") == dup + 1, timeout=20, what="the duplicate counted")
    wait_for(lambda: settled(stack), timeout=20, what="the duplicate acknowledged")
    assert len(reads_of(stack, wamid)) == 1


def test_a_read_receipt_already_marked_sent_is_not_sent(stack, clinic):
    wamid = new_wamid()
    stack.redis.set("wa:sent:read:" + wamid, "", ex=600)
    dup = sends(stack, "duplicate")
    enqueue_read(stack, clinic["id"], new_number(), wamid)
    wait_for(lambda: sends(stack, "duplicate") == dup + 1, timeout=20, what="the duplicate counted")
    wait_for(lambda: settled(stack), timeout=20, what="the entry acknowledged")
    time.sleep(0.5)
    assert reads_of(stack, wamid) == []
    assert stack.redis.exists("wa:sending:read:" + wamid) == 0  # a duplicate takes no lease


def test_a_read_receipt_leased_by_another_sender_waits_for_that_lease(stack, clinic):
    wamid = new_wamid()
    holder = "sender-dead-" + uuid.uuid4().hex[:6]
    stack.redis.set("wa:sending:read:" + wamid, holder, px=2500)
    t0 = time.monotonic()
    enqueue_read(stack, clinic["id"], new_number(), wamid)
    wait_for(lambda: stack.redis.zcard("wa:retry") > 0, timeout=10, what="the entry waiting in wa:retry")
    assert reads_of(stack, wamid) == []
    assert stack.redis.get("wa:sending:read:" + wamid) == holder  # not taken over
    wait_for(lambda: reads_of(stack, wamid), timeout=30, what="the read receipt after the lease ended")
    assert time.monotonic() - t0 >= 2.0
    wait_for(lambda: settled(stack), timeout=20, what="the entry acknowledged")
    time.sleep(0.5)
    assert len(reads_of(stack, wamid)) == 1
    assert stack.redis.get("wa:sent:read:" + wamid) == ""
    assert not [f for _, f in stack.redis.xrange("wa:dlq") if wamid in f.get("entry", "")]
