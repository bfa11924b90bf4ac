"""The dashboard's optional TOTP second factor (issue 16): enrolment (the secret shown once, stored sealed),
confirmation with a code computed here from the secret (RFC 6238), sign-in without, with a wrong and with a right
code, a replayed code refused, the clinic admin's require_totp (a user without TOTP may then only enrol), turning it
off, and `wactl user reset-totp`. Never the secret in a log, an audit row or a later answer.
"""
import base64
import hashlib
import hmac
import json
import os
import struct
import subprocess
import time
import uuid

import pytest

from conftest import BIN


def totp(secret_b32, step=None, offset=0):
    """RFC 6238: HMAC-SHA-1 over the 30-second step, dynamic truncation, 6 digits."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    step = (int(time.time()) // 30 if step is None else step) + offset
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    o = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)


def wrong(code):
    return "%06d" % ((int(code) + 500000) % 1000000)


def wactl(stack, *args):
    return subprocess.run([os.path.join(BIN, "wactl"), *args], env=stack.env, capture_output=True, text=True,
                          timeout=60, cwd=stack.tmp)


def login(dashboard, email, code=None):
    c = dashboard.client()
    body = {"email": email, "password": "correct horse battery"}
    if code is not None:
        body["totp"] = code
    status, doc = c.request("POST", "/api/v1/session", body)
    if status == 200:
        c.csrf = doc["csrf_token"]
    return c, status, doc


def enrol(c):
    status, doc = c.request("POST", "/api/v1/me/totp", {})
    assert status == 200, doc
    assert doc["otpauth_uri"].startswith("otpauth://totp/") and "secret=" + doc["secret"] in doc["otpauth_uri"]
    assert len(doc["secret"]) == 32
    return doc["secret"]


@pytest.fixture(scope="module")
def clinic(stack, dashboard):
    tag = uuid.uuid4().hex[:8]
    doc_id, _ = stack.add_doctor("Dr. Totp", f"Totp Clinic {tag}")
    w = {"tag": tag, "doctor": doc_id}
    for who, role in (("admin", "clinic_admin"), ("staff", "staff"), ("other", "staff")):
        w[who] = f"totp-{who}.{tag}@clinic.test"
        dashboard.add_user(w[who], role, doc_id)
    return w


def error(doc):
    return doc["error"]["code"]


def test_enrol_confirm_sign_in_replay_and_disable(stack, dashboard, clinic):
    email = clinic["staff"]
    c, status, doc = login(dashboard, email)
    assert status == 200 and doc["totp_enrolment_required"] is False
    secret = enrol(c)
    # pending, not yet enabled: sign-in still needs no code, and the stored value is sealed, never the secret
    sealed = stack.sql("SELECT totp_pending, totp_secret FROM users WHERE email = %s", email)[0]
    assert sealed[0].startswith("v1:") and secret not in sealed[0] and sealed[1] is None
    assert login(dashboard, email)[1] == 200
    # a wrong code does not confirm; the right one does
    status, doc = c.request("POST", "/api/v1/me/totp/confirm", {"code": wrong(totp(secret))})
    assert status == 422 and error(doc) == "invalid_totp"
    step = int(time.time()) // 30
    status, _ = c.request("POST", "/api/v1/me/totp/confirm", {"code": totp(secret, step)})
    assert status == 204
    status, me = c.request("GET", "/api/v1/me")
    assert status == 200 and me["user"]["totp_enabled"] is True and secret not in json.dumps(me)
    # a second enrolment is refused while it is on (the secret is never shown again)
    status, doc = c.request("POST", "/api/v1/me/totp", {})
    assert status == 409 and secret not in json.dumps(doc)

    # sign-in: without a code, with a wrong one, with the code already used for the confirmation, with a right one
    _, status, doc = login(dashboard, email)
    assert status == 401 and error(doc) == "totp_required" and "csrf_token" not in doc
    _, status, doc = login(dashboard, email, wrong(totp(secret)))
    assert status == 401 and error(doc) == "invalid_totp"
    _, status, doc = login(dashboard, email, totp(secret, step))
    assert status == 401 and error(doc) == "invalid_totp"  # its step was used: a replay
    code = totp(secret, step, offset=1)  # the next step, accepted (+-1) and never used
    c2, status, doc = login(dashboard, email, code)
    assert status == 200, doc
    assert c2.request("GET", "/api/v1/kb")[0] == 200
    _, status, doc = login(dashboard, email, code)  # the same code again
    assert status == 401 and error(doc) == "invalid_totp"

    # turning it off takes a fresh code (as if a minute passed: the steps so far are used)
    stack.sql("UPDATE users SET totp_last_step = totp_last_step - 3 WHERE email = %s", email)
    status, doc = c2.request("DELETE", "/api/v1/me/totp", {"code": wrong(totp(secret))})
    assert status == 422 and error(doc) == "invalid_totp"
    status, _ = c2.request("DELETE", "/api/v1/me/totp", {"code": totp(secret)})
    assert status == 204
    assert stack.sql("SELECT totp_secret, totp_pending, totp_last_step FROM users WHERE email = %s", email) == \
        [(None, None, None)]
    assert login(dashboard, email)[1] == 200

    # audited, never with the secret; and the secret is in no log line
    rows = stack.sql("SELECT action, coalesce(before::text, '') || coalesce(after::text, '') FROM audit_log"
                     " WHERE target = %s AND action LIKE 'totp.%%' ORDER BY id", "user:" + email)
    assert [r[0] for r in rows] == ["totp.enrol", "totp.enable", "totp.disable"]
    assert all(secret not in r[1] for r in rows)
    with open(stack.log_of("dashboard"), errors="replace") as f:
        assert secret not in f.read()


def test_wrong_codes_are_throttled_like_passwords(stack, dashboard, clinic):
    email = clinic["other"]
    c, status, _ = login(dashboard, email)
    secret = enrol(c)
    assert c.request("POST", "/api/v1/me/totp/confirm", {"code": totp(secret)})[0] == 204
    bad = wrong(totp(secret))
    statuses = [login(dashboard, email, bad)[1] for _ in range(12)]
    assert statuses[0] == 401 and statuses[-1] == 429, statuses
    # throttled: even the right code waits
    assert login(dashboard, email, totp(secret, offset=1))[1] == 429
    for k in stack.redis.scan_iter("wa:login:*"):
        stack.redis.delete(k)


def test_clinic_requires_totp_enrol_only_then_reset(stack, dashboard, clinic):
    admin, _, _ = login(dashboard, clinic["admin"])
    # an admin without TOTP may not require it (their own session would at once be limited to enrolling)
    status, doc = admin.request("PATCH", "/api/v1/settings", {"require_totp": True})
    assert status == 409 and error(doc) == "totp_enrol_first"
    admin_secret = enrol(admin)
    assert admin.request("POST", "/api/v1/me/totp/confirm", {"code": totp(admin_secret)})[0] == 204
    status, doc = admin.request("PATCH", "/api/v1/settings", {"require_totp": "yes"})
    assert status == 422  # validated as the other settings are
    status, doc = admin.request("PATCH", "/api/v1/settings", {"require_totp": True})
    assert status == 200 and doc["require_totp"] is True, doc
    assert stack.sql("SELECT after->>'require_totp' FROM audit_log WHERE doctor_id = %s AND action ="
                     " 'settings.update' ORDER BY id DESC LIMIT 1", clinic["doctor"]) == [("true",)]
    staff = clinic["staff"]  # TOTP off (the first test turned it off)
    c, status, doc = login(dashboard, staff)
    assert status == 200 and doc["totp_enrolment_required"] is True
    # limited to enrolling: /me answers, anything else is refused; the admin (enrolled) is not limited
    assert c.request("GET", "/api/v1/me")[1]["totp_enrolment_required"] is True
    status, doc = c.request("GET", "/api/v1/kb")
    assert status == 403 and error(doc) == "totp_enrolment_required"
    assert c.request("GET", "/api/v1/conversations")[0] == 403
    assert admin.request("GET", "/api/v1/settings")[0] == 200
    secret = enrol(c)
    assert c.request("POST", "/api/v1/me/totp/confirm", {"code": totp(secret)})[0] == 204
    assert c.request("GET", "/api/v1/kb")[0] == 200  # enrolled: the same session may do the rest
    # it cannot be turned off while the clinic requires it
    status, doc = c.request("DELETE", "/api/v1/me/totp", {"code": totp(secret, offset=1)})
    assert status == 409 and error(doc) == "totp_required_by_clinic"
    # the operator clears it (a lost phone): the sessions end, the next sign-in is enrol-only again
    r = wactl(stack, "user", "reset-totp", "--email", staff)
    assert r.returncode == 0, r.stderr
    assert c.request("GET", "/api/v1/me")[0] == 401
    assert stack.sql("SELECT totp_secret FROM users WHERE email = %s", staff) == [(None,)]
    c, status, doc = login(dashboard, staff)
    assert status == 200 and doc["totp_enrolment_required"] is True
    assert stack.sql("SELECT count(*) FROM audit_log WHERE action = 'user.reset_totp' AND target = %s",
                     "user:" + staff) == [(1,)]
    assert wactl(stack, "user", "reset-totp", "--email", "nobody." + clinic["tag"] + "@clinic.test").returncode == 1
    stack.sql("UPDATE clinic_settings SET require_totp = false WHERE doctor_id = %s", clinic["doctor"])
