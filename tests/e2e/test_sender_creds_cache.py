"""Issue 14, round 5: the sender's credentials cache keeps two doctors whose ids hash to the same slot. The cache had
one slot per hash (256 slots): two such doctors took turns in it, and a group alternating between them read the
doctors table once per entry. Two doctors made with ids that collide in that hash, messages alternating between
them: every one is sent once, and the sender read each doctor's credentials once (its
wa_sender_credentials_lookups_total), the TTL being far longer than the test."""
import json
import re
import time
import uuid

import pytest

from conftest import http, new_number, wait_for

TTL_ENV = {"SENDER_CREDS_TTL_MS": "600000"}


def slot(doctor_id):
    """creds.c's slot_of hash: FNV-1a over the id's text, modulo its 256 slots."""
    h = 2166136261
    for b in doctor_id.encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h % 256


def lookups(stack):
    status, body = http("GET", f"http://127.0.0.1:{stack.ops['sender']}/metrics")
    assert status == 200
    text = body.decode() if isinstance(body, bytes) else body
    m = re.search(r"^wa_sender_credentials_lookups_total (\S+)$", text, re.M)
    assert m, "the sender exports wa_sender_credentials_lookups_total"
    return float(m.group(1))


@pytest.fixture
def long_ttl_sender(stack):
    stack.stop_service("sender")
    stack.start_service("sender", TTL_ENV)
    try:
        yield
    finally:
        stack.stop_service("sender")
        stack.start_service("sender")


def test_two_doctors_sharing_a_cache_slot_are_looked_up_once_each(stack, long_ttl_sender):
    first = str(uuid.uuid4())
    second = next(d for d in (str(uuid.uuid4()) for _ in range(100000)) if slot(d) == slot(first))
    for i, d in enumerate((first, second)):
        stack.sql("INSERT INTO doctors (id, name, phone_number) VALUES (%s, %s, %s)", d, f"Dr. Slot {i}",
                  "+" + new_number())
    before = lookups(stack)
    patients = [new_number() for _ in range(12)]
    for i, p in enumerate(patients):  # alternating doctors, in one burst: one or a few groups
        stack.redis.xadd("wa:out", {
            "out_id": "slot:" + uuid.uuid4().hex, "doctor_id": (first, second)[i % 2], "to": p, "kind": "text",
            "message": json.dumps({"type": "text", "text": {"body": "Your report is ready."}}), "reply_to": "",
            "source": "manual", "created_at": str(int(time.time() * 1000)), "attempt": "0"})
    wait_for(lambda: all(stack.graph_sends(p) for p in patients), timeout=30, what="every message sent")
    assert all(len(stack.graph_sends(p)) == 1 for p in patients)
    assert lookups(stack) - before == 2
