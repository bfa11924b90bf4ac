"""Issue 4: token lifecycle. A doctor's token that expires within SENDER_TOKEN_REFRESH_AHEAD_S is exchanged for a
new long-lived one (fb_exchange_token with the doctor's app id and secret) and the sender uses the new one; a token
within 7 days of expiry that cannot be refreshed shows as 'expiring' in the credential metrics and `wactl creds
check`. Neither token appears in any log."""
import datetime
import json
import time
import uuid

from conftest import MASTER_TOKEN, http, new_number, wait_for


def in_days(n):
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=n)).isoformat()


def metric(stack, name, labels):
    status, body = http("GET", f"http://127.0.0.1:{stack.ops['sender-refresh']}/metrics")
    assert status == 200
    for line in body.decode().splitlines():
        if line.startswith(f"{name}{{{labels}}} "):
            return float(line.split()[-1])
    return None


def test_expiring_token_is_refreshed_and_used_and_an_unrefreshable_one_is_reported(stack):
    doc_a, phone_a = stack.add_doctor("Dr. Refresh", "Refresh Clinic")
    doc_b, phone_b = stack.add_doctor("Dr. Expiring", "Expiring Clinic")
    pn_a, pn_b = "pn" + uuid.uuid4().hex[:12], "pn" + uuid.uuid4().hex[:12]
    tok_a, tok_b = "EAAGold" + uuid.uuid4().hex, "EAAGexp" + uuid.uuid4().hex
    app_secret = "appsecret-" + uuid.uuid4().hex
    new_token = None
    try:
        stack.mock_config({"api": "graph", "valid_tokens": [MASTER_TOKEN, tok_a, tok_b], "app_secret": app_secret,
                           "phones": {pn_a: "+" + phone_a, pn_b: "+" + phone_b}})
        stack.wactl("creds", "set", doc_a, "--phone-number-id", pn_a, "--token", tok_a, "--app-id", "app-refresh",
                    "--app-secret", app_secret, "--expires-at", in_days(2))
        stack.wactl("creds", "set", doc_b, "--phone-number-id", pn_b, "--token", tok_b, "--expires-at", in_days(3))
        sealed_before = stack.sql("SELECT whatsapp_access_token FROM doctors WHERE id = %s", doc_a)[0][0]
        since = max((q["seq"] for q in stack.mock_requests("graph")), default=0)  # a sequence number, not a count
        stack.start_service("sender", {"SENDER_TOKEN_REFRESH_MS": "300"}, tag="-refresh")

        wait_for(lambda: stack.sql("SELECT 1 FROM credential_events WHERE doctor_id = %s AND kind = 'refreshed'",
                                   doc_a), what="the refresh event")
        sealed, state, days = stack.sql(
            "SELECT whatsapp_access_token, credentials_state, "
            "extract(epoch FROM whatsapp_token_expires_at - now()) / 86400 FROM doctors WHERE id = %s", doc_a)[0]
        assert sealed != sealed_before and sealed.startswith("v1:") and state == "valid" and days > 50
        [ex] = [r for r in stack.mock_requests("graph", since) if "/oauth/access_token" in r["path"]]
        assert ex["method"] == "GET" and ex["status"] == 200  # the mock refuses a wrong grant, id or secret

        patient = new_number()
        stack.redis.xadd("wa:out", {"out_id": "manual:" + uuid.uuid4().hex, "doctor_id": doc_a, "to": patient,
                                    "kind": "text", "message": json.dumps({"type": "text", "text": {"body": "hi"}}),
                                    "reply_to": "", "source": "manual",
                                    "created_at": str(int(time.time() * 1000)), "attempt": "0"})
        [(req, _)] = wait_for(lambda: [(r, b) for r, b in stack.graph_sends(patient) if r["status"] == 200],
                              what="a send with the refreshed token")
        assert req["path"] == f"/v23.0/{pn_a}/messages"
        new_token = req["authorization"].removeprefix("Bearer ")
        assert new_token != tok_a and new_token.startswith("EAAMOCK")

        # B has no app secret: it cannot be refreshed and shows as expiring
        wait_for(lambda: stack.sql("SELECT credentials_state FROM doctors WHERE id = %s", doc_b) == [("expiring",)],
                 what="B marked expiring")
        wait_for(lambda: (metric(stack, "wa_credentials", 'state="expiring"') or 0) >= 1, what="the gauge")
        assert metric(stack, "wa_credentials", 'state="valid"') >= 1
        out = json.loads(stack.wactl("--json", "creds", "check", doc_b))
        assert out[0]["state"] == "expiring" and tok_b not in json.dumps(out)
    finally:
        stack.stop_service("sender-refresh")
        stack.sql("UPDATE doctors SET whatsapp_access_token = NULL, whatsapp_phone_number_id = NULL, "
                  "whatsapp_app_secret = NULL, credentials_state = 'none' WHERE id IN (%s, %s)", doc_a, doc_b)
        stack.mock_config({"api": "graph"})
    for path in stack.logs:
        with open(path, errors="replace") as f:
            text = f.read()
        for s in (tok_a, tok_b, app_secret, new_token):
            assert s not in text, "a token or secret appears in a log"
