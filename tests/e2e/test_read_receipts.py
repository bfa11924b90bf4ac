"""Read receipts pace behind replies and coalesce (issue 14, API_REFERENCE A.4.7: marking a message read marks the
earlier ones of the conversation read): one receipt per patient and router batch, for the latest message; on a busy
number the replies take the slots and the receipts follow them; a receipt older than one already admitted for the same
patient is acknowledged without a Graph call. The module restarts the sender with a low SENDER_RATE_PER_S and puts the
default one back at the end."""
import json
import time

import pytest

from conftest import change, new_number, new_wamid, text_message, wait_for, webhook

RATE = 2  # sends per second per number


@pytest.fixture(scope="module", autouse=True)
def slow_sender(stack):
    stack.stop_service("sender")
    stack.start_service("sender", {"SENDER_RATE_PER_S": str(RATE)})
    try:
        yield
    finally:
        stack.stop_service("sender")
        stack.start_service("sender")


def graph_log(stack, patients, wamids):
    """The message POSTs to the mock for these patients (replies) and wamids (read receipts), in arrival order."""
    out = []
    for r in stack.mock_requests("graph"):
        if r["method"] != "POST" or not r["path"].endswith("/messages"):
            continue
        try:
            body = json.loads(r["body"])
        except ValueError:
            continue
        if body.get("status") == "read" and body.get("message_id") in wamids:
            out.append(("read", body["message_id"]))
        elif body.get("to") in patients:
            out.append(("reply", body["to"]))
    return out


def test_one_read_receipt_per_patient_and_batch_for_the_latest_message(stack, clinic):
    p = new_number()
    ws = [new_wamid() for _ in range(3)]
    msgs = [text_message(p, "What are your timings?", w) for w in ws]
    assert stack.post_webhook(webhook([change(clinic["phone"], "pn-" + clinic["phone"], msgs)])) == 200
    assert len(stack.replies_to(p, count=3, timeout=30)) == 3  # every message answered
    wait_for(lambda: [k for k, _ in graph_log(stack, {p}, set(ws))].count("read") >= 1, what="the read receipt")
    time.sleep(1.0)
    assert [w for k, w in graph_log(stack, {p}, set(ws)) if k == "read"] == [ws[-1]]


def test_read_receipts_wait_behind_the_replies_of_a_busy_number(stack, clinic):
    patients = [new_number() for _ in range(4)]
    ws = [new_wamid() for _ in patients]
    msgs = [text_message(p, "What are your timings?", w) for p, w in zip(patients, ws)]
    # the router emits each message's read receipt before its reply: on the old sender the receipts took the
    # number's first slots and the replies waited behind them
    assert stack.post_webhook(webhook([change(clinic["phone"], "pn-" + clinic["phone"], msgs)])) == 200
    for p in patients:
        stack.replies_to(p, timeout=30)
    wait_for(lambda: sum(1 for k, _ in graph_log(stack, set(patients), set(ws)) if k == "read") == len(ws),
             timeout=30, what="every read receipt, after the replies")
    log = graph_log(stack, set(patients), set(ws))
    kinds = [k for k, _ in log]
    assert kinds.count("reply") == len(patients)
    # the replies that fit the number's second went first, the receipts only once the queue was short (the old sender
    # sent a receipt first, then its reply, alternating)
    assert kinds[:2] == ["reply", "reply"] and kinds.index("read") >= 2, log


def test_an_older_read_receipt_is_not_sent_after_a_later_one_of_the_patient(stack, clinic):
    p = new_number()
    older, newer = new_wamid(), new_wamid()
    now = int(time.time() * 1000)

    def read_entry(wamid, created):
        return {"out_id": f"read:{wamid}", "doctor_id": clinic["id"], "to": p, "kind": "read",
                "message": json.dumps({"message_id": wamid}), "reply_to": wamid, "source": "read",
                "created_at": str(created), "attempt": "0"}

    stack.redis.xadd("wa:out", read_entry(newer, now))
    wait_for(lambda: graph_log(stack, set(), {newer}), what="the later read receipt")
    stack.redis.xadd("wa:out", read_entry(older, now - 5000))  # e.g. one that waited behind replies
    wait_for(lambda: stack.redis.xpending("wa:out", "sender")["pending"] == 0, what="sender to ack wa:out")
    time.sleep(1.0)
    assert graph_log(stack, set(), {older}) == []
