"""Issue 4: webhooks signed with a doctor's own Meta app secret. `wactl creds set ... --app-id --app-secret` seals the
secret in PostgreSQL; the ingress reloads the doctors' secrets in the background (INGRESS_SECRETS_REFRESH_MS) and
accepts a webhook signed with the secret of the doctor whose WABA id and phone number id the body names (every entry
and every change), tagging the wa:in entry with app=doctor:<id>. A forged signature, or the doctor's secret on another doctor's number, is refused."""
import json
import uuid

from conftest import MASTER_TOKEN, change, new_number, new_wamid, text_message, wait_for, webhook


def waba_of(pnid):
    return "waba-" + pnid


def set_app_secret(stack, doctor_id, phone, pnid, token, secret):
    stack.mock_config({"api": "graph", "valid_tokens": [MASTER_TOKEN, token], "phones": {pnid: "+" + phone}})
    out = stack.wactl("creds", "set", doctor_id, "--phone-number-id", pnid, "--token", token,
                      "--business-account-id", waba_of(pnid), "--app-id", "app" + pnid, "--app-secret", secret)
    assert secret not in out and token not in out


def doctor_webhook(phone, pnid, patient, text="Hello from my own app"):
    """A webhook of the doctor's own app: its entry is the doctor's WABA (a doctor's secret signs nothing else)."""
    wamid = new_wamid()
    payload = webhook([change(phone, pnid, [text_message(patient, text, wamid)])])
    payload["entry"][0]["id"] = waba_of(pnid)
    return json.dumps(payload).encode(), wamid


def in_entry(stack, wamid):
    for _, fields in stack.redis.xrevrange("wa:in", count=500):
        if wamid in fields.get("body", ""):
            return fields
    return None


def test_doctor_app_secret_is_accepted_and_a_forged_one_refused(stack):
    doctor_id, phone = stack.add_doctor("Dr. Own App", "Own App Clinic")
    other_id, other_phone = stack.add_doctor("Dr. Other App", "Other App Clinic")
    pnid, token = "pn" + uuid.uuid4().hex[:12], "EAAGing" + uuid.uuid4().hex
    secret, new_secret = "docsecret-" + uuid.uuid4().hex, "docsecret2-" + uuid.uuid4().hex
    other_pnid = "pn" + uuid.uuid4().hex[:12]
    patient = new_number()
    try:
        set_app_secret(stack, doctor_id, phone, pnid, token, secret)
        stored = stack.sql("SELECT whatsapp_app_secret FROM doctors WHERE id = %s", doctor_id)[0][0]
        assert stored.startswith("v1:") and secret not in stored

        # takes effect within a refresh: retry the same signed body until it is accepted
        body, wamid = doctor_webhook(phone, pnid, patient)
        wait_for(lambda: stack.post_webhook(body, secret=secret) == 200, timeout=15,
                 what="the doctor's app secret accepted")
        entry = wait_for(lambda: in_entry(stack, wamid), what="the wa:in entry")
        assert entry["app"] == f"doctor:{doctor_id}"
        # the display number decides the tenant, whichever app signed it
        wait_for(lambda: stack.sql("SELECT doctor_id::text FROM messages WHERE wamid = %s", wamid),
                 what="the message recorded")
        assert stack.sql("SELECT doctor_id::text FROM messages WHERE wamid = %s", wamid) == [(doctor_id,)]

        # the master secret still works, and says so
        body_m, wamid_m = doctor_webhook(phone, pnid, patient, "through the master app")
        assert stack.post_webhook(body_m) == 200
        assert wait_for(lambda: in_entry(stack, wamid_m), what="master entry")["app"] == "master"

        # forged: a wrong secret, or a mangled signature, for the doctor's app
        body_f, wamid_f = doctor_webhook(phone, pnid, patient, "forged")
        assert stack.post_webhook(body_f, secret="not-" + secret) == 401
        assert stack.post_webhook(body_f, signature="sha256=" + "0" * 64) == 401
        # the doctor's secret does not sign for another doctor's number
        body_o, _ = doctor_webhook(other_phone, other_pnid, patient, "someone else's number")
        assert stack.post_webhook(body_o, secret=secret) == 401
        assert in_entry(stack, wamid_f) is None

        # a new secret replaces the old one within seconds
        set_app_secret(stack, doctor_id, phone, pnid, token, new_secret)
        body_n, wamid_n = doctor_webhook(phone, pnid, patient, "after the change")
        wait_for(lambda: stack.post_webhook(body_n, secret=new_secret) == 200, timeout=15,
                 what="the new app secret accepted")
        body_old, _ = doctor_webhook(phone, pnid, patient, "old secret")
        assert stack.post_webhook(body_old, secret=secret) == 401
        assert wait_for(lambda: in_entry(stack, wamid_n), what="entry")["app"] == f"doctor:{doctor_id}"
    finally:
        stack.sql("UPDATE doctors SET whatsapp_app_secret = NULL, whatsapp_access_token = NULL, "
                  "whatsapp_phone_number_id = NULL, credentials_state = 'none' WHERE id = %s", doctor_id)
        stack.mock_config({"api": "graph"})
    for path in stack.logs:
        with open(path, errors="replace") as f:
            text = f.read()
        for s in (secret, new_secret, token):
            assert s not in text, "a secret appears in a log"
