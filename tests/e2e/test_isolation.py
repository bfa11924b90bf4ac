"""Issue 12: one clinic's app secret never writes into another clinic, and nothing is parsed before it is
authenticated.

Doctor A (the attacker) has its own Meta app secret; doctor B (the victim) has its own number. A webhook signed with
A's secret must name only A's WABA id and A's phone number id: each way of pointing it at B, (a) A's WABA with B's
phone_number_id, (b) an unknown phone_number_id with B's display number, (c) a mixed body with one change of each,
gets 401 at the ingress, and, written straight into wa:in with app=doctor:<A> as a compromised ingress would, goes
to wa:dlq as app_mismatch at the router. Either way B's patients, messages, wa:out and the mock Graph API stay
untouched. A status in a change of A naming B's outbound wamid leaves B's row alone. A bogus signature on a 4 MiB
body is refused without the ingress building a tree of it (bounded RSS), placeholder app secrets stop the ingress
at start, and denied GET verifications are logged at most once a second.
"""
import json
import os
import subprocess
import time
import uuid

import pytest

from conftest import (BIN, MASTER_TOKEN, VERIFY_TOKEN, change, http, new_number, new_wamid, text_message, wait_for,
                      webhook)

TIMINGS = "What are your timings?"


def rss_mb(stack, name="ingress"):
    with open(f"/proc/{stack.procs[name].pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise AssertionError("no VmRSS")


def body_of(payload):
    return json.dumps(payload).encode()


def with_waba(payload, waba):
    for e in payload["entry"]:
        e["id"] = waba
    return payload


@pytest.fixture(scope="module")
def tenants(stack):
    """Doctor A with its own app secret, doctor B with its own number; both answer TIMINGS from their KB. B has one
    existing patient (who must never be opted out by A)."""
    t = {}
    for k, name in (("a", "Dr. Attacker"), ("b", "Dr. Victim")):
        doctor_id, phone = stack.add_doctor(name, name + " Clinic")
        pnid = "pn" + uuid.uuid4().hex[:12]
        t[k] = {"id": doctor_id, "phone": phone, "pnid": pnid, "waba": "waba-" + pnid,
                "token": "EAAGiso" + uuid.uuid4().hex, "answer": f"{name} Clinic is open 9 to 5."}
        stack.add_kb(doctor_id, TIMINGS, t[k]["answer"], "timings hours open")
    t["a"]["secret"] = "isosecret-" + uuid.uuid4().hex
    stack.mock_config({"api": "graph", "valid_tokens": [MASTER_TOKEN, t["a"]["token"], t["b"]["token"]],
                       "phones": {t[k]["pnid"]: "+" + t[k]["phone"] for k in "ab"}})
    for k in "ab":
        args = ["creds", "set", t[k]["id"], "--phone-number-id", t[k]["pnid"], "--token", t[k]["token"],
                "--business-account-id", t[k]["waba"]]
        if k == "a":
            args += ["--app-id", "app-a", "--app-secret", t["a"]["secret"]]
        stack.wactl(*args)
    # B's existing patient, through the master app
    t["b_patient"] = new_number()
    w = new_wamid()
    assert stack.post_webhook(webhook([change(t["b"]["phone"], t["b"]["pnid"],
                                              [text_message(t["b_patient"], TIMINGS, w)])])) == 200
    stack.replies_to(t["b_patient"])
    # A's own webhook, signed with A's secret, is accepted once the ingress loaded the secret (proves the 401s below
    # are the isolation check, not a secret not loaded yet)
    a_patient, wa = new_number(), new_wamid()
    own = body_of(with_waba(webhook([change(t["a"]["phone"], t["a"]["pnid"], [text_message(a_patient, TIMINGS, wa)])]),
                            t["a"]["waba"]))
    wait_for(lambda: stack.post_webhook(own, secret=t["a"]["secret"]) == 200, timeout=15,
             what="A's own app secret accepted")
    assert stack.replies_to(a_patient)[0]["text"]["body"] == t["a"]["answer"]
    assert stack.sql("SELECT doctor_id::text FROM messages WHERE wamid = %s", wa) == [(t["a"]["id"],)]
    yield t
    for k in "ab":
        stack.sql("UPDATE doctors SET whatsapp_app_secret = NULL, whatsapp_access_token = NULL, "
                  "whatsapp_phone_number_id = NULL, whatsapp_business_account_id = NULL, credentials_state = 'none' "
                  "WHERE id = %s", t[k]["id"])
    stack.mock_config({"api": "graph"})


def attacks(t):
    """The three variants, each as (name, payload, wamids, patient numbers). Every entry carries A's WABA id."""
    a, b = t["a"], t["b"]
    out = []
    # (a) A's WABA, B's phone number id (and B's display number); a STOP from B's existing patient among them
    p1, w1, w1s = new_number(), new_wamid(), new_wamid()
    out.append(("waba_a_pnid_b", webhook([change(b["phone"], b["pnid"], [text_message(p1, TIMINGS, w1),
                                                                         text_message(t["b_patient"], "STOP", w1s)])]),
                [w1, w1s], [p1]))
    # (b) an unknown phone number id with B's display number
    p2, w2 = new_number(), new_wamid()
    out.append(("unknown_pnid_display_b",
                webhook([change(b["phone"], "pn-unknown-" + uuid.uuid4().hex[:8], [text_message(p2, TIMINGS, w2)])]),
                [w2], [p2]))
    # (c) one change of A's own number and one of B's, in one body
    p3, w3, p4, w4 = new_number(), new_wamid(), new_number(), new_wamid()
    out.append(("mixed", webhook([change(a["phone"], a["pnid"], [text_message(p3, TIMINGS, w3)]),
                                  change(b["phone"], b["pnid"], [text_message(p4, TIMINGS, w4)])]),
                [w3, w4], [p3, p4]))
    for _, payload, _, _ in out:
        with_waba(payload, a["waba"])
    return out


def assert_untouched(stack, t, wamids, patients):
    """Nothing of the attack reached any table, stream or the Graph API."""
    b = t["b"]
    assert stack.sql("SELECT count(*) FROM messages WHERE wamid = ANY(%s)", list(wamids)) == [(0,)]
    assert stack.sql("SELECT count(*) FROM patients WHERE wa_id = ANY(%s)", list(patients)) == [(0,)]
    assert stack.sql("SELECT opted_out FROM patients WHERE doctor_id = %s AND wa_id = %s",
                     b["id"], t["b_patient"]) == [(False,)]
    for _, f in stack.redis.xrange("wa:out"):
        assert not any(w in f.get("out_id", "") for w in wamids), f"an answer to the attack was queued: {f}"
    for p in patients:
        assert stack.graph_sends(p) == [], f"the Graph API was asked to send to {p}"


def test_a_doctor_secret_cannot_sign_for_another_clinic_at_the_ingress(stack, tenants):
    t = tenants
    all_wamids, all_patients = [], []
    for name, payload, wamids, patients in attacks(t):
        assert stack.post_webhook(body_of(payload), secret=t["a"]["secret"]) == 401, name
        all_wamids += wamids
        all_patients += patients
    # nothing was written to wa:in (no entry names the attack's wamids)
    for _, f in stack.redis.xrevrange("wa:in", count=50):
        assert not any(w in f.get("body", "") for w in all_wamids)
    # an accepted webhook after them is processed: anything queued before it would have been too
    p, w = new_number(), new_wamid()
    assert stack.post_webhook(webhook([change(t["b"]["phone"], t["b"]["pnid"], [text_message(p, TIMINGS, w)])])) == 200
    assert stack.replies_to(p)[0]["text"]["body"] == t["b"]["answer"]
    assert_untouched(stack, t, all_wamids, all_patients)
    _, metrics = http("GET", f"http://127.0.0.1:{stack.ops['ingress']}/metrics")
    assert b'wa_ingress_requests_total{result="app_mismatch"}' in metrics


def dlq_app_mismatch(stack, marker):
    for _, f in stack.redis.xrange("wa:dlq"):
        if f.get("reason") == "app_mismatch" and marker in f.get("entry", ""):
            return f
    return None


def test_the_router_dead_letters_a_doctor_signed_entry_that_names_another_clinic(stack, tenants):
    """Defence in depth: the same bodies written straight into wa:in, as a compromised ingress (or anything with
    Redis access) would, tagged as signed by A."""
    t = tenants
    all_wamids, all_patients = [], []
    for name, payload, wamids, patients in attacks(t):
        stack.redis.xadd("wa:in", {"body": json.dumps(payload), "received_at": str(int(time.time() * 1000)),
                                   "app": "doctor:" + t["a"]["id"]})
        f = wait_for(lambda: dlq_app_mismatch(stack, wamids[0]), what=f"{name} dead-lettered as app_mismatch")
        assert f["stage"] == "router", f
        all_wamids += wamids
        all_patients += patients
    # a signer that is no doctor at all
    p, w = new_number(), new_wamid()
    stack.redis.xadd("wa:in", {"body": json.dumps(with_waba(webhook([change(t["a"]["phone"], t["a"]["pnid"],
                                                                           [text_message(p, TIMINGS, w)])]),
                                                            t["a"]["waba"])),
                               "received_at": "0", "app": "doctor:not-a-uuid"})
    wait_for(lambda: dlq_app_mismatch(stack, w), what="an unknown signer dead-lettered")
    all_wamids.append(w)
    all_patients.append(p)
    # A's own entry, tagged the same way, goes through (the check does not refuse the signer's own clinic)
    p_ok, w_ok = new_number(), new_wamid()
    stack.redis.xadd("wa:in", {"body": json.dumps(with_waba(webhook([change(t["a"]["phone"], t["a"]["pnid"],
                                                                           [text_message(p_ok, TIMINGS, w_ok)])]),
                                                            t["a"]["waba"])),
                               "received_at": "0", "app": "doctor:" + t["a"]["id"]})
    assert stack.replies_to(p_ok)[0]["text"]["body"] == t["a"]["answer"]
    assert stack.sql("SELECT doctor_id::text FROM messages WHERE wamid = %s", w_ok) == [(t["a"]["id"],)]
    wait_for(lambda: stack.redis.xpending("wa:in", "router")["pending"] == 0, what="router to ack wa:in")
    assert_untouched(stack, t, all_wamids, all_patients)


def outbound_wamid(stack, doctor, patient):
    """Makes `doctor` answer a new message from `patient` and returns the answer's wamid."""
    w = new_wamid()
    assert stack.post_webhook(webhook([change(doctor["phone"], doctor["pnid"], [text_message(patient, TIMINGS, w)])])) \
        == 200
    stack.replies_to(patient)
    return wait_for(lambda: (stack.sql("SELECT wamid FROM messages WHERE out_id = %s AND wamid IS NOT NULL",
                                       "reply:" + w) or [[None]])[0][0], what="the answer's wamid")


def test_a_status_of_one_doctor_never_moves_another_doctors_message(stack, tenants):
    t = tenants
    pa, pb = new_number(), new_number()
    wamid_a, wamid_b = outbound_wamid(stack, t["a"], pa), outbound_wamid(stack, t["b"], pb)
    status_b_before = stack.sql("SELECT status, error_code FROM messages WHERE wamid = %s", wamid_b)
    now = str(int(time.time()))
    # signed by A, within A (the ingress accepts it), naming A's wamid and B's
    statuses = {"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": t["a"]["phone"], "phone_number_id": t["a"]["pnid"]},
        "statuses": [{"id": wamid_a, "status": "read", "timestamp": now, "recipient_id": pa},
                     {"id": wamid_b, "status": "failed", "timestamp": now, "recipient_id": pb,
                      "errors": [{"code": 131047, "title": "Re-engagement message"}]}]}}
    assert stack.post_webhook(body_of(with_waba(webhook([statuses]), t["a"]["waba"])), secret=t["a"]["secret"]) == 200
    wait_for(lambda: stack.sql("SELECT status FROM messages WHERE wamid = %s", wamid_a)[0][0] == "read" or None,
             what="A's own status applied")
    wait_for(lambda: stack.redis.xpending("wa:in", "router")["pending"] == 0, what="router to ack wa:in")
    assert stack.sql("SELECT status, error_code FROM messages WHERE wamid = %s", wamid_b) == status_b_before
    assert stack.sql("SELECT window_closed_at FROM patients WHERE doctor_id = %s AND wa_id = %s",
                     t["b"]["id"], pb) == [(None,)]


def test_a_bogus_signature_on_a_4_mib_body_is_refused_without_parsing_it(stack, tenants):
    """With doctors' secrets loaded, a wrong signature used to make the ingress parse the whole body (a 4 MiB
    array of zeros: ~180 MB of tree). Now a bounded scan picks the candidates: memory stays bounded."""
    limit = int(stack.env.get("INGRESS_MAX_BODY_BYTES", 4194304))
    n = (limit - 2) // 2
    body = b"[" + b"0," * (n - 1) + b"0]"
    assert len(body) <= limit
    bogus = {"Content-Type": "application/json", "X-Hub-Signature-256": "sha256=" + "0" * 64}
    # the same size, aimed: A's WABA and number up front, so the scan finds a candidate (one HMAC), still 401
    a = tenants["a"]
    head = ('{"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[{"field":"messages","value":'
            '{"metadata":{"display_phone_number":"%s","phone_number_id":"%s"},"pad":[' %
            (a["waba"], a["phone"], a["pnid"])).encode()
    aimed = head + b"0," * ((limit - len(head) - 16) // 2) + b"0]}}]}]}"
    assert len(aimed) <= limit
    before = rss_mb(stack)
    for _ in range(4):
        for b in (body, aimed):
            status, _ = http("POST", stack.ingress_url, b, bogus, timeout=30)
            assert status == 401
    after = rss_mb(stack)
    print(f"ingress RSS {before:.0f} MB -> {after:.0f} MB after 8 bogus 4 MiB bodies")
    # 8 bodies of 4 MiB pass through h2o's buffers (and the sanitizer's quarantine); a tree of one is ~180 MB
    assert after - before < 120, f"ingress RSS grew from {before:.0f} MB to {after:.0f} MB"
    assert stack.procs["ingress"].poll() is None


def ingress_log(stack):
    # the running main ingress's own log (other tests may have started and stopped tagged ingress copies since)
    path = stack.log_of("ingress")
    with open(path, errors="replace") as f:
        return f.read()


def test_denied_verifications_are_logged_at_most_once_a_second(stack):
    time.sleep(1.1)  # the throttle is shared with refused POSTs: let a second pass so that the first denial logs
    before = ingress_log(stack).count("webhook verification denied")
    start = time.monotonic()
    for i in range(500):
        status, _ = http("GET", stack.ingress_url + f"?hub.mode=subscribe&hub.verify_token=nope{i}&hub.challenge=1")
        assert status == 403
    seconds = time.monotonic() - start
    status, body = http("GET", stack.ingress_url + f"?hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}"
                        "&hub.challenge=42")
    assert (status, body) == (200, b"42")
    time.sleep(0.2)  # the log is written by the ingress process
    lines = ingress_log(stack).count("webhook verification denied") - before
    # one per second per ingress thread at most (the request counter still counts every one)
    assert 1 <= lines <= (int(seconds) + 2) * 4, f"{lines} lines for 500 denied verifications in {seconds:.1f} s"


@pytest.mark.parametrize("secret", ["CHANGE-ME", "short-secret", "please-change-me-now-0123"])
def test_the_ingress_refuses_to_start_with_a_placeholder_or_short_app_secret(stack, secret):
    r = subprocess.run([os.path.join(BIN, "wa-ingress")], capture_output=True, text=True, timeout=20,
                       env=dict(stack.env, WHATSAPP_APP_SECRET=secret, INGRESS_PORT="0", OPS_PORT="0"))
    assert r.returncode == 2
    assert "WHATSAPP_APP_SECRET" in r.stderr and "16 characters" in r.stderr
    assert secret not in r.stdout + r.stderr


def test_wactl_refuses_a_placeholder_doctor_app_secret_and_warns_without_a_waba(stack):
    doctor_id, phone = stack.add_doctor("Dr. Weak Secret", "Weak Secret Clinic")
    pnid, token = "pn" + uuid.uuid4().hex[:12], "EAAGweak" + uuid.uuid4().hex
    for weak in ("CHANGE-ME", "short", "change-me-0123456789"):
        r = stack.wactl("creds", "set", doctor_id, "--phone-number-id", pnid, "--token", token, "--app-id", "x",
                        "--app-secret", weak, check=False)
        assert r.returncode == 2 and "--app-secret refused" in r.stderr
    assert stack.sql("SELECT whatsapp_app_secret FROM doctors WHERE id = %s", doctor_id) == [(None,)]
    try:
        stack.mock_config({"api": "graph", "valid_tokens": [MASTER_TOKEN, token], "phones": {pnid: "+" + phone}})
        r = stack.wactl("creds", "set", doctor_id, "--phone-number-id", pnid, "--token", token, "--app-id", "x",
                        "--app-secret", "good-" + uuid.uuid4().hex, check=False)
        assert r.returncode == 0 and "no business account id" in r.stderr
    finally:
        stack.sql("UPDATE doctors SET whatsapp_app_secret = NULL, whatsapp_access_token = NULL, "
                  "whatsapp_phone_number_id = NULL, credentials_state = 'none' WHERE id = %s", doctor_id)
        stack.mock_config({"api": "graph"})
