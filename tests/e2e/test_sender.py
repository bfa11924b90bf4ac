"""Issue 4's sender scenarios: a doctor's own credentials, AUTH fallback to the master number, real retries through
wa:retry, scoped throttles, the closed window, and no token in any log. The module restarts the sender with a
CREDENTIALS_KEY (the session's sender has none) and puts the default one back at the end."""
import base64
import json
import os
import time
import uuid

import pytest

from conftest import MASTER_PHONE_ID, MASTER_TOKEN, new_number, wait_for

KEY = base64.b64encode(bytes(range(100, 132))).decode()
SENDER_ENV = {"CREDENTIALS_KEY": KEY, "SENDER_RETRY_BASE_MS": "300", "SENDER_CREDS_TTL_MS": "500"}
TOKENS = []  # every doctor token used here: none may appear in a log


@pytest.fixture(scope="module", autouse=True)
def keyed_sender(stack):
    stack.stop_service("sender")
    stack.start_service("sender", SENDER_ENV)
    try:
        yield
    finally:
        stack.mock_config({"api": "graph"})
        stack.stop_service("sender")
        stack.start_service("sender")


def wactl(stack, *args, check=True):
    return stack.wactl(*args, check=check, env={"CREDENTIALS_KEY": KEY})


def doctor_with_creds(stack, errors=(), fallback=True):
    """A doctor whose own number (phone number id, token) is set through `wactl creds set`; the mock knows both."""
    doctor_id, phone = stack.add_doctor("Dr. Own Number", "Own Number Clinic")
    pnid, token = "pn" + uuid.uuid4().hex[:12], "EAAGdoc" + uuid.uuid4().hex
    TOKENS.append(token)
    stack.mock_config({"api": "graph", "valid_tokens": [MASTER_TOKEN, token],
                       "phones": {pnid: "+" + phone}, "errors": list(errors)})
    args = ["creds", "set", doctor_id, "--phone-number-id", pnid, "--token", token]
    if not fallback:
        args.append("--no-fallback")
    out = wactl(stack, *args)
    assert token not in out
    return doctor_id, phone, pnid, token


def set_errors(stack, pnid, token, phone, errors):
    stack.mock_config({"api": "graph", "valid_tokens": [MASTER_TOKEN, token],
                       "phones": {pnid: "+" + phone}, "errors": errors})


def enqueue(stack, doctor_id, to, text="Your report is ready.", out_id=None, message=None):
    out_id = out_id or "manual:" + uuid.uuid4().hex
    stack.redis.xadd("wa:out", {"out_id": out_id, "doctor_id": doctor_id, "to": to, "kind": "text",
                                "message": message or json.dumps({"type": "text", "text": {"body": text}}),
                                "reply_to": "", "source": "manual", "created_at": str(int(time.time() * 1000)),
                                "attempt": "0"})
    return out_id


def accepted(stack, to):
    return [(r, b) for r, b in stack.graph_sends(to) if r["status"] == 200]


def dlq_for(stack, out_id):
    raw = stack.redis_client()  # other tests dead-letter bytes that are not UTF-8
    for _, f in raw.xrange("wa:dlq"):
        f = {k.decode(): v.decode(errors="replace") for k, v in f.items()}
        if f.get("stage") == "sender" and json.loads(f.get("entry", "{}")).get("out_id") == out_id:
            return f
    return None


def test_doctor_credentials_are_validated_sealed_and_used(stack):
    doctor_id, phone, pnid, token = doctor_with_creds(stack)
    try:
        stored, state = stack.sql("SELECT whatsapp_access_token, credentials_state FROM doctors WHERE id = %s",
                                  doctor_id)[0]
        assert state == "valid" and stored.startswith("v1:") and token not in stored
        patient = new_number()
        out_id = enqueue(stack, doctor_id, patient)
        [(req, _)] = wait_for(lambda: accepted(stack, patient), what="send with the doctor's number")
        assert req["path"] == f"/v23.0/{pnid}/messages"
        assert req["authorization"] == f"Bearer {token}"
        wait_for(lambda: stack.sql("SELECT wamid FROM messages WHERE out_id = %s", out_id), what="outbound row")
        out = wactl(stack, "--json", "creds", "check", doctor_id)
        assert json.loads(out)[0]["state"] == "valid" and token not in out
    finally:
        stack.mock_config({"api": "graph"})


def test_creds_set_refuses_a_number_id_of_another_number_and_a_bad_token(stack):
    doctor_id, phone = stack.add_doctor("Dr. Wrong Number", "Wrong Number Clinic")
    try:
        stack.mock_config({"api": "graph", "valid_tokens": [MASTER_TOKEN, "EAAGgood"],
                           "phones": {"pnother": "+1 555 000 9999"}})
        r = wactl(stack, "creds", "set", doctor_id, "--phone-number-id", "pnother", "--token", "EAAGgood",
                  check=False)
        assert r.returncode == 1 and "not to this doctor" in r.stderr
        r = wactl(stack, "creds", "set", doctor_id, "--phone-number-id", "pnother", "--token", "EAAGbad",
                  check=False)
        assert r.returncode == 1 and "190" in r.stderr and "EAAGbad" not in r.stderr + r.stdout
        assert stack.sql("SELECT whatsapp_access_token FROM doctors WHERE id = %s", doctor_id) == [(None,)]
    finally:
        stack.mock_config({"api": "graph"})


def test_auth_error_marks_credentials_invalid_and_resends_through_master(stack):
    doctor_id, phone, pnid, token = doctor_with_creds(stack)
    try:
        set_errors(stack, pnid, token, phone, [{"code": 190, "http_status": 401, "token": token}])
        patient = new_number()
        enqueue(stack, doctor_id, patient)
        [(req, _)] = wait_for(lambda: accepted(stack, patient), what="fallback send")
        assert req["path"] == f"/v23.0/{MASTER_PHONE_ID}/messages"
        assert req["authorization"] == f"Bearer {MASTER_TOKEN}"
        assert len(stack.graph_sends(patient)) == 2  # one refused with 190, one through the master number
        state, error = stack.sql("SELECT credentials_state, credentials_error FROM doctors WHERE id = %s",
                                 doctor_id)[0]
        assert state == "invalid" and "190" in error and token not in error
        kinds = [k for (k,) in stack.sql("SELECT kind FROM credential_events WHERE doctor_id = %s ORDER BY id",
                                         doctor_id)]
        assert kinds == ["set", "invalid", "fallback"]
        # the next message goes through the master number directly
        patient2 = new_number()
        enqueue(stack, doctor_id, patient2)
        [(req2, _)] = wait_for(lambda: accepted(stack, patient2), what="second send")
        assert req2["path"] == f"/v23.0/{MASTER_PHONE_ID}/messages" and len(stack.graph_sends(patient2)) == 1
    finally:
        stack.mock_config({"api": "graph"})


def test_server_error_is_retried_through_wa_retry_and_sent_once(stack):
    patient = new_number()
    doctor_id, _ = stack.add_doctor("Dr. Retry", "Retry Clinic")
    try:
        stack.mock_config({"api": "graph", "errors": [{"code": 2, "http_status": 500, "to": patient, "times": 2}]})
        out_id = enqueue(stack, doctor_id, patient)
        wait_for(lambda: accepted(stack, patient), what="send after retries")
        time.sleep(1.0)  # a duplicate resend, if any, would show up within the retry delay
        sends = stack.graph_sends(patient)
        assert [r["status"] for r, _ in sends] == [500, 500, 200]
        assert stack.sql("SELECT count(*) FROM messages WHERE out_id = %s", out_id) == [(1,)]
        assert dlq_for(stack, out_id) is None
    finally:
        stack.mock_config({"api": "graph"})


def test_invalid_parameter_is_dead_lettered_at_once_with_its_reason(stack):
    patient = new_number()
    doctor_id, _ = stack.add_doctor("Dr. Fix", "Fix Clinic")
    try:
        stack.mock_config({"api": "graph", "errors": [{"code": 100, "to": patient}]})
        out_id = enqueue(stack, doctor_id, patient)
        entry = wait_for(lambda: dlq_for(stack, out_id), what="dead letter")
        assert entry["reason"] == "graph_fix" and entry["error_code"] == "100" and entry["stage"] == "sender"
        assert len(stack.graph_sends(patient)) == 1
    finally:
        stack.mock_config({"api": "graph"})


def test_pair_rate_limit_delays_only_that_recipient(stack):
    slow, fast = new_number(), new_number()
    doctor_id, _ = stack.add_doctor("Dr. Pair", "Pair Clinic")
    try:
        stack.mock_config({"api": "graph", "errors": [{"code": 131056, "to": slow, "times": 1}]})
        enqueue(stack, doctor_id, slow, "first")
        wait_for(lambda: stack.graph_sends(slow), what="throttled send")
        enqueue(stack, doctor_id, fast, "other patient")
        wait_for(lambda: accepted(stack, fast), what="other recipient's send")
        wait_for(lambda: accepted(stack, slow), what="throttled recipient's send")
        (refused, _), (resent, _) = stack.graph_sends(slow)
        assert (refused["status"], resent["status"]) == (400, 200)
        # the pair waited its 4^0 s, and the other patient was not held behind it (timestamps of the mock, so the
        # order holds however slow the machine is)
        assert resent["received_at_ms"] - refused["received_at_ms"] >= 950
        [(other, _)] = accepted(stack, fast)
        assert other["received_at_ms"] < resent["received_at_ms"]
    finally:
        stack.mock_config({"api": "graph"})


def test_window_closed_uses_the_doctors_template_or_dead_letters(stack):
    with_tpl, without = new_number(), new_number()
    doc_tpl, _ = stack.add_doctor("Dr. Template", "Template Clinic")
    doc_none, _ = stack.add_doctor("Dr. No Template", "No Template Clinic")
    stack.sql("UPDATE doctors SET window_template = %s WHERE id = %s",
              json.dumps({"name": "follow_up", "language": {"code": "en"}}), doc_tpl)
    try:
        stack.mock_config({"api": "graph", "errors": [{"code": 131047, "to": with_tpl, "times": 1},
                                                      {"code": 131047, "to": without}]})
        enqueue(stack, doc_tpl, with_tpl)
        out_none = enqueue(stack, doc_none, without)
        [(_, body)] = wait_for(lambda: accepted(stack, with_tpl), what="template send")
        assert body["type"] == "template" and body["template"]["name"] == "follow_up"
        entry = wait_for(lambda: dlq_for(stack, out_none), what="window_closed dead letter")
        assert entry["reason"] == "window_closed" and entry["error_code"] == "131047"
    finally:
        stack.mock_config({"api": "graph"})


def test_no_doctor_token_in_any_log(stack):
    assert TOKENS, "the tests above set doctor tokens"
    for path in stack.logs:
        with open(path, errors="replace") as f:
            text = f.read()
        for token in TOKENS:
            assert token not in text, f"a doctor token appears in {os.path.basename(path)}"


def test_an_out_id_leased_by_another_sender_waits_without_using_up_its_deliveries(stack, clinic):
    # A sender killed mid-send leaves its 60 s lease behind. The entry must wait for the lease to lapse (in
    # wa:retry), not be redelivered until WA_MAX_DELIVERIES dead-letters it as poison (1.5 s x 5 here < 10 s).
    patient = new_number()
    out_id = "manual:lease-" + uuid.uuid4().hex
    stack.redis.set("wa:sending:" + out_id, "sender-dead-1", px=10000)
    stack.redis.xadd("wa:out", {"out_id": out_id, "doctor_id": clinic["id"], "to": patient, "kind": "text",
                                "message": json.dumps({"type": "text", "text": {"body": "Your reports are ready."}}),
                                "reply_to": "", "source": "manual", "created_at": str(int(time.time() * 1000)),
                                "attempt": "0"})
    [body] = stack.replies_to(patient, timeout=30)
    assert body["text"]["body"] == "Your reports are ready."
    assert stack.redis.exists("wa:sending:" + out_id) == 0 or stack.redis.get("wa:sending:" + out_id) != "sender-dead-1"
    assert not [f for _, f in stack.redis.xrange("wa:dlq") if out_id in f.get("entry", "")]
    wait_for(lambda: stack.redis.xpending("wa:out", "sender")["pending"] == 0, what="the entry acked")
    time.sleep(1.5)
    assert len(stack.graph_sends(patient)) == 1
