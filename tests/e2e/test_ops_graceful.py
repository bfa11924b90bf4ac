"""Graceful behaviour under operations: SIGTERM of a consumer while messages flow (exits within 10 s, loses and
duplicates nothing), and a Redis restart and a PostgreSQL restart in the middle of a run (the services reconnect by
themselves, /readyz says not ready meanwhile, every message is answered exactly once)."""
import signal
import threading

import pytest

from conftest import change, http, new_number, new_wamid, text_message, wait_for, webhook



def one_message(doctor_phone, patient, text, wamid):
    return webhook([change(doctor_phone, "pn-" + doctor_phone, [text_message(patient, text, wamid)])])


def post_until_accepted(stack, payload, timeout=60):
    """Posts like Meta does: a webhook that got anything but 200 is sent again (Meta retries for days)."""
    def attempt():
        try:
            return stack.post_webhook(payload) == 200
        except OSError:
            return False
    wait_for(attempt, timeout=timeout, interval=0.2, what="the ingress to accept the webhook")


def settled(stack):
    for key in ("wa:in", "wa:ai", "wa:out"):
        try:
            groups = stack.redis.xinfo_groups(key)
        except Exception:
            return False
        if any(g["pending"] or g.get("lag") for g in groups):
            return False
    return True


def ready(stack, svc):
    try:
        return http("GET", f"http://127.0.0.1:{stack.ops[svc]}/readyz", timeout=2)[0] == 200
    except OSError:
        return False


def whereabouts(stack, patient, wamid):
    """Where a message that got no answer stands, for the failure message."""
    inbound = [i for i, f in stack.redis.xrange("wa:in") if wamid in f.get("body", "")]
    rows = stack.sql("SELECT direction, status, routed_at IS NOT NULL FROM messages WHERE wamid = %s OR out_id = %s",
                     wamid, "reply:" + wamid)
    out = [i for i, f in stack.redis.xrange("wa:out") if f.get("out_id") == "reply:" + wamid]
    dlq = [(f.get("stage"), f.get("reason"), f.get("detail")) for _, f in stack.redis.xrange("wa:dlq") if wamid in f.get("entry", "")]
    groups = {k: stack.redis.xinfo_groups(k) for k in ("wa:in", "wa:out")}
    log = []
    for path in stack.logs:
        with open(path, errors="replace") as f:
            log += [line.strip()[:300] for line in f if wamid in line][:8]
    return f"{patient}: wa:in {inbound}, rows {rows}, wa:out {out}, dlq {dlq}, groups {groups}, log:\n" + "\n".join(log)


def assert_each_answered_once(stack, patients, wamids, timeout=60):
    for p, w in zip(patients, wamids):
        try:
            [reply] = stack.replies_to(p, timeout=timeout)
        except pytest.fail.Exception:
            pytest.fail("no reply: " + whereabouts(stack, p, w))
        assert reply["context"]["message_id"] == w
    wait_for(lambda: settled(stack), timeout=30, what="every consumer group to settle")
    for p in patients:
        assert len(stack.graph_sends(p)) == 1, f"{p} got {len(stack.graph_sends(p))} replies"
    assert stack.sql("SELECT count(*) FROM messages WHERE wamid = ANY(%s)", list(wamids)) == [(len(wamids),)]
    assert stack.sql("SELECT count(*) FROM messages WHERE out_id = ANY(%s)", ["reply:" + w for w in wamids]) == \
        [(len(wamids),)]


class Burst:
    """Posts `n` knowledge-base questions from fresh patients in a background thread, retrying like Meta."""

    def __init__(self, stack, clinic, n):
        self.stack, self.clinic = stack, clinic
        self.patients = [new_number() for _ in range(n)]
        self.wamids = [new_wamid() for _ in range(n)]
        self.posted = 0
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        try:
            for p, w in zip(self.patients, self.wamids):
                post_until_accepted(self.stack, one_message(self.clinic["phone"], p, "What are your timings?", w))
                self.posted += 1
        except BaseException as e:  # pytest.fail in a thread: report it in the test
            self.error = e

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.thread.join(timeout=120)
        assert not self.thread.is_alive(), "the webhook burst did not finish"
        if self.error is not None:
            raise AssertionError(f"posting failed: {self.error}")
        assert self.posted == len(self.patients)


@pytest.mark.parametrize("svc", ["router", "sender"])
def test_sigterm_while_messages_flow_loses_nothing(stack, clinic, svc):
    with Burst(stack, clinic, 40) as burst:
        wait_for(lambda: burst.posted >= 10, timeout=30, what="the burst to start")
        proc = stack.procs[svc]
        rc = stack.stop_service(svc, signal.SIGTERM)  # fails the test unless it exits within 10 s
        assert rc == 0, f"wa-{svc} exited with {rc} on SIGTERM"
        assert proc.returncode == 0
        stack.start_service(svc)
    assert_each_answered_once(stack, burst.patients, burst.wamids)


# Known sender bug (issue 6 report): a lease claim whose reply is lost when Redis goes down leaves the sender's own
# 60 s lease behind; after the restart the sender defers the entry as "another sender holds the lease" until it is
# dead-lettered as poison. Remove this marker when wa-sender treats its own lease as its own.
def test_redis_restart_mid_run_loses_nothing(stack, clinic):
    with Burst(stack, clinic, 30) as burst:
        wait_for(lambda: burst.posted >= 10, timeout=30, what="the burst to start")
        stack.stop_redis()
        try:
            for svc in ("router", "sender"):
                wait_for(lambda: not ready(stack, svc), timeout=20, what=f"wa-{svc} /readyz to report Redis down")
        finally:  # whatever happened, the rest of the session needs its Redis back
            stack.start_infra()
        for svc in ("ingress", "router", "ai", "sender"):
            wait_for(lambda: ready(stack, svc), timeout=60, what=f"wa-{svc} to reconnect to Redis by itself")
    for svc, p in stack.procs.items():
        assert p.poll() is None, f"{svc} exited when Redis restarted"
    assert_each_answered_once(stack, burst.patients, burst.wamids)


def test_postgres_restart_mid_run_loses_nothing(stack, clinic):
    with Burst(stack, clinic, 30) as burst:
        wait_for(lambda: burst.posted >= 10, timeout=30, what="the burst to start")
        stack.stop_postgres()
        try:
            wait_for(lambda: not ready(stack, "router"), timeout=20, what="wa-router /readyz to report PostgreSQL down")
        finally:  # whatever happened, the rest of the session needs its database back
            stack.start_infra()
        for svc in ("router", "sender"):
            wait_for(lambda: ready(stack, svc), timeout=60, what=f"wa-{svc} to reconnect to PostgreSQL by itself")
    for svc, p in stack.procs.items():
        assert p.poll() is None, f"{svc} exited when PostgreSQL restarted"
    assert_each_answered_once(stack, burst.patients, burst.wamids)
