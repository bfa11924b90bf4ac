"""Issue 4: `wactl dlq list|show|replay|purge`. A send that Graph refuses permanently (code 100) is dead-lettered
with its reason; once the cause is fixed, a replay puts it back on wa:out, where it goes through the sender's checks
again and is sent exactly once; replaying a dead letter whose out_id was already sent sends nothing."""
import json
import time
import uuid

from conftest import new_number, wait_for


def enqueue(stack, doctor_id, to, text="Your report is ready."):
    out_id = "manual:" + uuid.uuid4().hex
    stack.redis.xadd("wa:out", {"out_id": out_id, "doctor_id": doctor_id, "to": to, "kind": "text",
                                "message": json.dumps({"type": "text", "text": {"body": text}}),
                                "reply_to": "", "source": "manual", "created_at": str(int(time.time() * 1000)),
                                "attempt": "0"})
    return out_id


def accepted(stack, to):
    return [b for r, b in stack.graph_sends(to) if r["status"] == 200]


def listed(stack, doctor_id):
    return json.loads(stack.wactl("dlq", "list", "--doctor", doctor_id, "--stage", "sender", "--json"))


def test_dead_letters_are_listed_shown_replayed_once_and_purged(stack):
    doctor_id, _ = stack.add_doctor("Dr. Dead Letter", "Dead Letter Clinic")
    p1, p2, p3 = new_number(), new_number(), new_number()
    try:
        stack.mock_config({"api": "graph", "errors": [{"code": 100, "to": p} for p in (p1, p2, p3)]})
        out1, out2, out3 = (enqueue(stack, doctor_id, p) for p in (p1, p2, p3))
        entries = wait_for(lambda: (lambda l: l if len(l) == 3 else None)(listed(stack, doctor_id)),
                           what="three dead letters")
        assert {e["reason"] for e in entries} == {"graph_fix"} and {e["error_code"] for e in entries} == {"100"}
        assert "entry" not in entries[0]  # list shows metadata only
        by_out = {}
        for e in entries:
            shown = json.loads(stack.wactl("dlq", "show", e["id"], "--json"))
            assert shown["source_stream"] == "wa:out" and shown["doctor_id"] == doctor_id
            by_out[shown["entry"]["out_id"]] = e["id"]
        assert set(by_out) == {out1, out2, out3}
        table = stack.wactl("dlq", "list", "--doctor", doctor_id)
        assert table.splitlines()[0].split()[:3] == ["ID", "FAILED", "(UTC)"] and table.count("graph_fix") == 3
        shown = stack.wactl("dlq", "show", by_out[out1])
        assert "graph_fix" in shown and out1 in shown
        # other filters: a reason that does not match, an age window that excludes them
        assert json.loads(stack.wactl("dlq", "list", "--doctor", doctor_id, "--reason", "poison", "--json")) == []
        assert json.loads(stack.wactl("dlq", "list", "--doctor", doctor_id, "--older-than", "1h", "--json")) == []

        stack.mock_config({"api": "graph"})  # the cause is fixed
        out = stack.wactl("dlq", "replay", by_out[out1])
        assert "replayed 1" in out
        assert len(wait_for(lambda: accepted(stack, p1), what="the replayed send")) == 1
        wait_for(lambda: stack.sql("SELECT count(*) FROM messages WHERE out_id = %s", out1) == [(1,)],
                 what="the outbound row")
        # the dead letter is gone: a second replay of it refuses, and the same entry dead-lettered again (a copy)
        # goes through the at-most-once check and is not sent twice
        r = stack.wactl("dlq", "replay", by_out[out1], check=False)
        assert r.returncode == 1 and "no dead letter" in r.stderr
        original = stack.redis.xrange("wa:out", "-", "+")
        entry = next(json.dumps(f) for _, f in original if f.get("out_id") == out1 and "replayed_from" not in f)
        copy_id = stack.redis.xadd("wa:dlq", {"stage": "sender", "reason": "graph_fix", "detail": "copy",
                                              "error_code": "100", "attempts": "1",
                                              "failed_at": str(int(time.time() * 1000)),
                                              "source_stream": "wa:out", "source_id": "0-1", "entry": entry})
        stack.wactl("dlq", "replay", copy_id)
        wait_for(lambda: stack.redis.xrevrange("wa:out", count=200) and any(
            f.get("replayed_from") == copy_id for _, f in stack.redis.xrevrange("wa:out", count=200)),
            what="the copy back on wa:out")
        wait_for(lambda: int(stack.sql("SELECT count(*) FROM messages WHERE out_id = %s", out1)[0][0]) == 1,
                 what="still one row")

        # the rest, by filter, with a progress bar; --dry-run first changes nothing
        dry = json.loads(stack.wactl("dlq", "replay", "--all", "--doctor", doctor_id, "--dry-run", "--json"))
        assert dry["matching"] == 2 and len(listed(stack, doctor_id)) == 2
        r = stack.wactl("dlq", "replay", "--all", "--doctor", doctor_id, "--progress", check=False)
        assert r.returncode == 0 and "replayed 2" in r.stdout and "2/2" in r.stderr
        wait_for(lambda: accepted(stack, p2) and accepted(stack, p3), what="the replayed sends")
        assert listed(stack, doctor_id) == []
        time.sleep(1.0)  # a second send, if any, would show up here
        assert len(accepted(stack, p1)) == 1 and len(accepted(stack, p2)) == 1 and len(accepted(stack, p3)) == 1

        # purge: another dead letter, deleted without being sent
        p4 = new_number()
        stack.mock_config({"api": "graph", "errors": [{"code": 100, "to": p4}]})
        enqueue(stack, doctor_id, p4)
        wait_for(lambda: listed(stack, doctor_id), what="a fourth dead letter")
        purged = json.loads(stack.wactl("dlq", "purge", "--all", "--doctor", doctor_id, "--json"))
        assert purged["purged"] == 1 and listed(stack, doctor_id) == []
    finally:
        stack.mock_config({"api": "graph"})


def test_dlq_usage_errors(stack):
    r = stack.wactl("dlq", "replay", check=False)
    assert r.returncode == 2
    r = stack.wactl("dlq", "list", "--older-than", "soon", check=False)
    assert r.returncode == 2 and "--older-than" in r.stderr
    r = stack.wactl("dlq", "show", "99999999999999-0", check=False)
    assert r.returncode == 1
