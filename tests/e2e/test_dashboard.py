"""wa-dashboard's foundation (issue 16): sign-in, sessions, CSRF, throttling, roles, API tokens, the knowledge base
and settings API scoped to one clinic, the audit log, the OpenAPI document and `wactl user|token`.

Runs the real wa-dashboard against the harness' Redis and PostgreSQL; clinic A's users must never see or change
clinic B's data.
"""
import hashlib
import json
import os
import subprocess
import time
import urllib.parse
import uuid

import pytest

from conftest import BIN, free_port, http, new_number, signed_in, start_dashboard, wait_for

PASSWORD = "correct horse battery"


def wactl(stack, *args, stdin=None):
    return subprocess.run([os.path.join(BIN, "wactl"), *args], env=stack.env, input=stdin, capture_output=True,
                          text=True, timeout=60, cwd=stack.tmp)


@pytest.fixture(scope="module")
def world(stack, dashboard):
    """Two clinics, each with a knowledge-base entry, an admin and a staff user; an operator."""
    tag = uuid.uuid4().hex[:8]
    a_id, _ = stack.add_doctor("Dr. Alpha", f"Alpha Clinic {tag}")
    b_id, _ = stack.add_doctor("Dr. Beta", f"Beta Secret Clinic {tag}")
    a_kb = int(stack.add_kb(a_id, "What are your timings?", "Alpha opens at 9.", "timings hours"))
    b_kb = int(stack.add_kb(b_id, "Where is the Beta clinic?", f"BETA-ONLY-ANSWER-{tag}", "where address"))
    w = {"tag": tag, "a": a_id, "b": b_id, "a_kb": a_kb, "b_kb": b_kb, "b_marker": f"BETA-ONLY-ANSWER-{tag}",
         "b_clinic": f"Beta Secret Clinic {tag}"}
    for who, role, doc in (("a_admin", "clinic_admin", a_id), ("a_staff", "staff", a_id),
                           ("b_admin", "clinic_admin", b_id), ("op", "operator", None)):
        w[who] = f"{who}.{tag}@clinic.test"
        dashboard.add_user(w[who], role, doc)
    return w


def session_keys(stack):
    return [k for k in stack.redis.scan_iter("wa:session:*")]


# --- sign-in ---------------------------------------------------------------------------------------------------
def test_login_sets_a_hardened_cookie_and_stores_only_a_hash(stack, dashboard, world):
    c = dashboard.client()
    status, doc = c.login(world["a_admin"])
    assert status == 200, doc
    assert doc["user"]["email"] == world["a_admin"] and doc["user"]["role"] == "clinic_admin"
    assert doc["user"]["doctor_id"] == world["a"] and len(doc["csrf_token"]) >= 40
    cookie = c.last_headers.get("Set-Cookie")
    assert cookie.startswith("wa_session=")
    for flag in ("HttpOnly", "SameSite=Strict", "Path=/"):
        assert flag in cookie
    assert "Secure" not in cookie  # http:// origin (the local stack)
    token = c.cookies["wa_session"]
    assert len(token) >= 40
    keys = session_keys(stack)
    assert keys and not any(token in k for k in keys)  # the key is the token's hash, never the token
    assert not any(token in json.dumps(stack.redis.hgetall(k)) for k in keys)
    status, me = c.request("GET", "/api/v1/me")
    assert status == 200 and me["user"]["email"] == world["a_admin"]


def test_session_idle_and_absolute_expiry(stack, dashboard, world):
    c = signed_in(dashboard, world["a_staff"])
    key = "wa:session:" + hashlib.blake2b(c.cookies["wa_session"].encode(), digest_size=32).hexdigest()
    assert stack.redis.exists(key)
    assert 1700 <= stack.redis.ttl(key) <= 1800  # DASHBOARD_SESSION_IDLE_S, renewed on every request
    stack.redis.expire(key, 100)
    assert c.request("GET", "/api/v1/me")[0] == 200
    assert stack.redis.ttl(key) > 1700
    # signed in 12 hours and a minute ago: over the absolute limit, whatever the idle timer says
    stack.redis.hset(key, "t", str(int(time.time() * 1000) - (12 * 3600 + 60) * 1000))
    assert c.request("GET", "/api/v1/me")[0] == 401
    assert not stack.redis.exists(key)


def test_secure_cookie_behind_https_origin(stack):
    d = start_dashboard(stack, tag="_https", DASHBOARD_ORIGIN="https://dash.example.test")
    try:
        email = f"https.{uuid.uuid4().hex[:8]}@clinic.test"
        d.add_user(email, "operator")
        c = d.client()
        status, _ = c.request("POST", "/api/v1/session", {"email": email, "password": PASSWORD},
                              origin="https://dash.example.test")
        assert status == 200
        assert "; Secure" in c.last_headers.get("Set-Cookie")
    finally:
        stack.stop_service("dashboard_https")


def test_wrong_password_and_unknown_email_answer_the_same(dashboard, world):
    c = dashboard.client()
    s1, wrong = c.request("POST", "/api/v1/session", {"email": world["a_staff"], "password": "not the password"})
    s2, unknown = c.request("POST", "/api/v1/session", {"email": f"nobody.{world['tag']}@clinic.test",
                                                        "password": "not the password"})
    assert s1 == s2 == 401
    assert wrong == unknown == {"error": {"code": "invalid_credentials", "message": "wrong email or password",
                                          "fields": {}}}
    assert "wa_session" not in c.cookies


def test_login_throttled_per_account(stack, dashboard, world):
    email = f"throttled.{world['tag']}@clinic.test"
    dashboard.add_user(email, "staff", world["a"])
    c = dashboard.client()
    for _ in range(5):
        assert c.login(email, "wrong password!")[0] == 401
    status, doc = c.login(email)  # even the right password now waits
    assert status == 429 and doc["error"]["code"] == "throttled"
    assert 0 < int(c.last_headers["Retry-After"]) <= 900
    # another account from the same address is not affected
    assert c.login(world["a_staff"])[0] == 200
    # a counter that lost its expiry still ends: the next check gives it the window again
    key = "wa:login:acct:" + hashlib.blake2b(email.lower().encode(), digest_size=32).hexdigest()
    assert 0 < stack.redis.ttl(key) <= 900
    stack.redis.persist(key)
    assert c.login(email)[0] == 429
    assert 0 < stack.redis.ttl(key) <= 900


def test_login_throttled_per_address(stack):
    # its own key prefix: the other tests' failures from this address do not count here
    d = start_dashboard(stack, tag="_thr", DASHBOARD_LOGIN_MAX_ADDR=3, WA_REDIS_PREFIX="thr:")
    try:
        c = d.client()
        for i in range(3):
            assert c.login(f"guess{i}.{uuid.uuid4().hex[:6]}@clinic.test", "whatever pw")[0] == 401
        status, doc = c.login(f"guess9.{uuid.uuid4().hex[:6]}@clinic.test", "whatever pw")
        assert status == 429 and int(c.last_headers["Retry-After"]) > 0
    finally:
        stack.stop_service("dashboard_thr")
        for k in stack.redis.scan_iter("thr:*"):
            stack.redis.delete(k)


def test_logout_destroys_the_session(dashboard, world):
    c = signed_in(dashboard, world["a_staff"])
    old = dict(c.cookies)
    status, _ = c.request("DELETE", "/api/v1/session")
    assert status == 204
    assert "wa_session" not in c.cookies
    assert "Max-Age=0" in c.last_headers.get("Set-Cookie")
    replay = dashboard.client()
    replay.cookies = old
    assert replay.request("GET", "/api/v1/me")[0] == 401


def test_session_rotated_at_login(dashboard, world):
    c = signed_in(dashboard, world["a_staff"])
    first = dict(c.cookies)
    c.login(world["a_staff"])
    assert c.cookies["wa_session"] != first["wa_session"]
    old = dashboard.client()
    old.cookies = first
    assert old.request("GET", "/api/v1/me")[0] == 401
    assert c.request("GET", "/api/v1/me")[0] == 200


def test_unauthenticated_requests_get_401(dashboard):
    c = dashboard.client()
    status, doc = c.request("GET", "/api/v1/kb")
    assert status == 401 and doc["error"]["code"] == "unauthenticated"
    c.cookies = {"wa_session": "forged-" + "x" * 40}
    assert c.request("GET", "/api/v1/me")[0] == 401


# --- CSRF --------------------------------------------------------------------------------------------------------
def test_csrf_token_and_origin_required_on_changes(stack, dashboard, world):
    c = signed_in(dashboard, world["a_admin"])
    change = {"handoff_minutes": 45}
    attacks = [
        dict(csrf=False),                                          # no X-CSRF-Token
        dict(headers={"X-CSRF-Token": "wrong" * 10}, csrf=False),  # a wrong one
        dict(origin="https://evil.example"),                       # right token, foreign page
        dict(origin=None, headers={"Sec-Fetch-Site": "cross-site"}),
        dict(origin=None),                                         # neither Origin nor Sec-Fetch-Site
    ]
    for kw in attacks:
        status, doc = c.request("PATCH", "/api/v1/settings", change, **kw)
        assert status == 403 and doc["error"]["code"] == "csrf", kw
    assert stack.sql("SELECT handoff_minutes FROM clinic_settings WHERE doctor_id = %s", world["a"]) in ([], [(60,)])
    status, _ = c.request("PATCH", "/api/v1/settings", change, origin=None, headers={"Sec-Fetch-Site": "same-origin"})
    assert status == 200
    status, doc = c.request("PATCH", "/api/v1/settings", {"handoff_minutes": 60})
    assert status == 200 and doc["handoff_minutes"] == 60
    # a sign-in posted by a foreign page is refused too
    status, _ = dashboard.client().request("POST", "/api/v1/session", {"email": world["a_admin"],
                                                                       "password": PASSWORD},
                                           origin="https://evil.example")
    assert status == 403


# --- users changed behind the session's back ----------------------------------------------------------------------
def test_disabled_user_loses_their_sessions(stack, dashboard, world):
    email = f"leaver.{world['tag']}@clinic.test"
    dashboard.add_user(email, "staff", world["a"])
    c = signed_in(dashboard, email)
    assert c.request("GET", "/api/v1/me")[0] == 200
    r = wactl(stack, "user", "disable", "--email", email)
    assert r.returncode == 0, r.stderr
    assert c.request("GET", "/api/v1/me")[0] == 401
    assert dashboard.client().login(email)[0] == 401


def test_password_reset_kills_sessions(stack, dashboard, world):
    email = f"forgetful.{world['tag']}@clinic.test"
    dashboard.add_user(email, "staff", world["a"])
    c = signed_in(dashboard, email)
    r = wactl(stack, "user", "reset-password", "--email", email, stdin="a brand new password\n")
    assert r.returncode == 0, r.stderr
    assert c.request("GET", "/api/v1/me")[0] == 401
    assert dashboard.client().login(email)[0] == 401
    assert dashboard.client().login(email, "a brand new password")[0] == 200


# --- roles -------------------------------------------------------------------------------------------------------
def test_role_matrix(dashboard, world):
    staff = signed_in(dashboard, world["a_staff"])
    admin = signed_in(dashboard, world["a_admin"])
    op = signed_in(dashboard, world["op"])
    assert staff.request("GET", "/api/v1/settings")[0] == 200
    assert staff.request("GET", "/api/v1/kb")[0] == 200
    assert staff.request("POST", "/api/v1/kb/try", {"question": "timings?"})[0] == 200
    for method, path, body in (("PATCH", "/api/v1/settings", {"handoff_minutes": 61}),
                               ("POST", "/api/v1/kb", {"question": "q?", "answer": "a"}),
                               ("PATCH", f"/api/v1/kb/{world['a_kb']}", {"enabled": False}),
                               ("DELETE", f"/api/v1/kb/{world['a_kb']}", None),
                               ("GET", "/api/v1/audit", None)):
        status, doc = staff.request(method, path, body)
        assert status == 403 and doc["error"]["code"] == "forbidden", (method, path)
    assert admin.request("PATCH", "/api/v1/settings", {"handoff_minutes": 61})[0] == 200
    assert admin.request("GET", "/api/v1/audit")[0] == 200
    status, doc = op.request("GET", "/api/v1/settings")
    assert status == 400 and doc["error"]["code"] == "doctor_required"
    status, doc = op.request("GET", f"/api/v1/settings?doctor={world['a']}")
    assert status == 200 and doc["handoff_minutes"] == 61
    assert op.request("GET", f"/api/v1/settings?doctor={uuid.uuid4()}")[0] == 404
    assert op.request("PATCH", f"/api/v1/settings?doctor={world['a']}", {"handoff_minutes": 60})[0] == 200


# --- API tokens --------------------------------------------------------------------------------------------------
def test_api_token_scoped_and_revocable(stack, dashboard, world):
    name = f"billing {world['tag']}"
    r = wactl(stack, "token", "create", "--doctor", world["a"], "--name", name)
    assert r.returncode == 0, r.stderr
    token = r.stdout.strip()
    assert token.startswith("wat_") and len(token) > 40
    assert "shown once" in r.stderr
    stored = stack.sql("SELECT token_hash FROM api_tokens WHERE name = %s", name)
    assert stored and token not in stored[0][0]
    t = dashboard.client(token=token)
    status, doc = t.request("GET", "/api/v1/kb")
    assert status == 200 and {e["id"] for e in doc["items"]} >= {world["a_kb"]}
    assert world["b_marker"] not in json.dumps(doc)
    # a token needs no CSRF token and no Origin (it is not a browser's ambient credential)
    status, entry = t.request("POST", "/api/v1/kb", {"question": f"Token question {world['tag']}?", "answer": "yes"},
                              origin=None)
    assert status == 201
    assert t.request("GET", f"/api/v1/kb?doctor={world['b']}")[0] == 404
    assert t.request("DELETE", "/api/v1/session")[0] == 400
    audit = stack.sql("SELECT actor, action FROM audit_log WHERE target = %s", f"kb:{entry['id']}")
    assert audit == [(f"token:{name}", "kb.create")]
    listed = json.loads(wactl(stack, "token", "list", "--doctor", world["a"], "--json").stdout)
    assert any(x["name"] == name and x["state"] == "active" for x in listed)
    assert token not in json.dumps(listed)
    r = wactl(stack, "token", "revoke", "--doctor", world["a"], "--name", name)
    assert r.returncode == 0, r.stderr
    status, doc = t.request("GET", "/api/v1/kb")
    assert status == 401 and doc["error"]["code"] == "unauthenticated"
    assert wactl(stack, "token", "revoke", "--doctor", world["a"], "--name", name).returncode == 1
    assert dashboard.client(token="wat_" + "A" * 43).request("GET", "/api/v1/kb")[0] == 401


# --- knowledge base ------------------------------------------------------------------------------------------------
def test_kb_crud_validation_pagination_and_audit(stack, dashboard, world):
    c = signed_in(dashboard, world["a_admin"])
    status, doc = c.request("POST", "/api/v1/kb", {"question": "", "examples": "nope", "lang": "e n", "colour": 1})
    assert status == 422
    assert set(doc["error"]["fields"]) >= {"question", "answer", "examples", "lang", "colour"}
    status, doc = c.request("POST", "/api/v1/kb", b"{not json")
    assert status == 400 and doc["error"]["code"] == "bad_json"
    ids = []
    for i in range(3):
        status, e = c.request("POST", "/api/v1/kb", {"question": f"Paging question {i} {world['tag']}?",
                                                     "answer": f"answer {i}", "examples": [f"ex {i}"],
                                                     "keywords": "paging", "lang": "en"})
        assert status == 201 and e["examples"] == [f"ex {i}"] and e["enabled"] is True
        ids.append(e["id"])
    seen, cursor = [], None
    for _ in range(20):
        q = "/api/v1/kb?limit=2" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
        status, page = c.request("GET", q)
        assert status == 200 and len(page["items"]) <= 2
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert set(ids) <= set(seen) and len(seen) == len(set(seen)) and seen == sorted(seen)
    assert world["b_kb"] not in seen
    assert c.request("GET", "/api/v1/kb?cursor=garbage")[0] == 422
    assert c.request("GET", "/api/v1/kb?limit=0")[0] == 422

    status, e = c.request("PATCH", f"/api/v1/kb/{ids[0]}", {"answer": "changed answer", "enabled": False})
    assert status == 200 and e["answer"] == "changed answer" and e["enabled"] is False
    assert e["question"] == f"Paging question 0 {world['tag']}?"
    status, doc = c.request("PATCH", f"/api/v1/kb/{ids[0]}", {"enabled": "yes"})
    assert status == 422 and "enabled" in doc["error"]["fields"]
    assert c.request("DELETE", f"/api/v1/kb/{ids[1]}")[0] == 204
    assert c.request("DELETE", f"/api/v1/kb/{ids[1]}")[0] == 404
    rows = stack.sql("SELECT action, actor, before, after FROM audit_log WHERE target = %s ORDER BY id",
                     f"kb:{ids[0]}")
    assert [r[0] for r in rows] == ["kb.create", "kb.update"]
    assert rows[1][1] == f"user:{world['a_admin']}"
    assert rows[1][2]["answer"] == "answer 0" and rows[1][3]["answer"] == "changed answer"
    assert rows[1][2]["enabled"] is True and rows[1][3]["enabled"] is False
    rows = stack.sql("SELECT action, before FROM audit_log WHERE target = %s ORDER BY id", f"kb:{ids[1]}")
    assert rows[-1][0] == "kb.delete" and rows[-1][1]["answer"] == "answer 1"
    status, audit = c.request("GET", "/api/v1/audit?limit=3")
    assert status == 200 and len(audit["items"]) == 3 and audit["next_cursor"]
    assert audit["items"][0]["id"] > audit["items"][1]["id"]  # newest first
    status, more = c.request("GET", f"/api/v1/audit?limit=3&cursor={audit['next_cursor']}")
    assert status == 200 and more["items"][0]["id"] < audit["items"][-1]["id"]


def test_kb_try_uses_the_routers_match(stack, dashboard, world):
    c = signed_in(dashboard, world["a_staff"])
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "what are your timings"})
    assert status == 200, doc
    assert doc["answer"] is not None and doc["answer"]["id"] == world["a_kb"]
    assert doc["answer"]["answer"] == "Alpha opens at 9." and 0 < doc["answer"]["score"] <= 1
    assert doc["threshold"] == 0.65 and doc["candidates"][0]["id"] == world["a_kb"]  # the router's default
    # the same scores as kb_match() itself
    score = stack.sql("SELECT score FROM kb_match(%s, %s, 4) WHERE id = %s", world["a"], "what are your timings",
                      world["a_kb"])[0][0]
    assert abs(score - doc["answer"]["score"]) < 1e-9
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "where is the beta clinic"})
    assert status == 200 and doc["answer"] is None
    assert world["b_marker"] not in json.dumps(doc)
    assert c.request("POST", "/api/v1/kb/try", {"question": ""})[0] == 422


def test_kb_try_says_when_another_service_of_the_clinic_was_asked_of_a_general_entry(stack, dashboard, world):
    # deploy/migrations/053_qualifiers.sql, explained as `wactl kb try` explains it (kb_explain)
    d, _ = stack.add_doctor("Dr. Gamma", f"Gamma Dental {world['tag']}")
    stack.add_kb(d, "Is EMI available for treatment?", "Yes, EMI over 6 or 9 months at no extra cost.", "emi instalments")
    stack.add_kb(d, "Do you do dental implants?", "Yes, titanium implants are placed here.", "implant implants")
    email = f"g_staff.{world['tag']}@clinic.test"
    dashboard.add_user(email, "staff", d)
    c = signed_in(dashboard, email)
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "emi for implants"})
    assert status == 200 and doc["answer"] is not None, doc
    assert doc["answer"]["question"] == "Is EMI available for treatment?", doc
    assert doc["qualified"] == ["implant"] and "another service of the clinic" in doc["reason"], doc
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "do you do implants"})
    assert status == 200 and doc["qualified"] == [] and "another service" not in doc["reason"], doc


def test_kb_try_says_when_who_the_patient_is_or_an_answers_mere_mention_decided(stack, dashboard, world):
    # deploy/migrations/056_score11.sql, explained as `wactl kb try` explains it (kb_explain): "whom" and "unsaid"
    d, _ = stack.add_doctor("Dr. Delta", f"Delta Dental {world['tag']}")
    stack.add_kb(d, "Do you make dentures?", "Yes, complete dentures for Rs 15,000, ready in two weeks.",
                 "denture dentures false teeth")
    stack.add_kb(d, "What is the consultation fee?", "The consultation fee is Rs 400; an X-ray is charged separately.",
                 "fee consultation")
    stack.add_kb(d, "Do you take X-rays?", "Yes, digital X-rays are taken in the clinic.", "xray x-ray")
    email = f"d_staff.{world['tag']}@clinic.test"
    dashboard.add_user(email, "staff", d)
    c = signed_in(dashboard, email)
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "how much are dentures for my grandmother"})
    assert status == 200 and doc["answer"] is not None, doc
    assert doc["answer"]["question"] == "Do you make dentures?", doc
    assert doc["whom"] == ["senior"] and "who the patient is" in doc["reason"] and doc["unsaid"] == [], doc
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "xray kitne ka hai"})
    assert status == 200 and doc["answer"] is None and doc["whom"] == [], doc
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "consultation fee"})
    assert status == 200 and doc["whom"] == [] and doc["unsaid"] == [] and "patient" not in doc["reason"], doc


def test_kb_try_says_when_an_aspect_its_answer_does_not_state_was_asked(stack, dashboard, world):
    # deploy/migrations/060_near_misses12.sql, explained as `wactl kb try` explains it (kb_explain): "unstated"
    d, _ = stack.add_doctor("Dr. Echo", f"Echo Clinic {world['tag']}")
    stack.add_kb(d, "Whom do I call in an emergency at night?",
                 "At night call 108 or go to Fortis Hospital casualty, open 24 hours.", "emergency night urgent fortis")
    stack.add_kb(d, "What is the consultation fee?", "The consultation fee is Rs 500.", "fee consultation")
    email = f"e_staff.{world['tag']}@clinic.test"
    dashboard.add_user(email, "staff", d)
    c = signed_in(dashboard, email)
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "fortis hospital ka number do"})
    assert status == 200 and doc["answer"] is None, doc
    assert doc["unstated"] == ["phone"] and "not stated by its answer" in doc["reason"], doc
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "night emergency whom to call"})
    assert status == 200 and doc["answer"]["question"] == "Whom do I call in an emergency at night?", doc
    assert doc["unstated"] == [] and "not stated" not in doc["reason"], doc


def test_kb_try_says_when_an_entry_covering_every_word_had_its_fit_raised(stack, dashboard, world):
    # deploy/migrations/062_score13.sql, explained as `wactl kb try` explains it (kb_explain): "whole"
    d, _ = stack.add_doctor("Dr. Field", f"Field Eye Care {world['tag']}")
    stack.add_kb(d, "Do you check for glaucoma?",
                 "Yes, we measure the eye pressure and do a visual field scan for glaucoma, Rs 1,400 together.",
                 "glaucoma eye pressure tonometry iop")
    stack.add_kb(d, "What is the consultation fee?", "The consultation fee is Rs 500.", "fee consultation")
    email = f"f_staff.{world['tag']}@clinic.test"
    dashboard.add_user(email, "staff", d)
    c = signed_in(dashboard, email)
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "visual field scan price"})
    assert status == 200 and doc["answer"]["question"] == "Do you check for glaucoma?", doc
    assert "scan" in doc["whole"] and "the fit counted as 0.35" in doc["reason"], doc
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "what is the consultation fee"})
    assert status == 200 and doc["answer"]["question"] == "What is the consultation fee?", doc
    assert doc["whole"] == [] and "fit counted" not in doc["reason"], doc
    assert doc["context"] == [] and "context" not in doc["reason"], doc


def test_kb_try_says_when_the_price_of_a_month_asked_was_said_by_the_answer(stack, dashboard, world):
    # deploy/migrations/067_score14.sql, explained as `wactl kb try` explains it (kb_explain): "period"
    d, _ = stack.add_doctor("Dr. Month", f"Month School {world['tag']}")
    stack.add_kb(d, "Is there a school bus?", "Yes, buses cover areas within 6 km, Rs 1,800 per month.",
                 "bus van transport pickup drop")
    stack.add_kb(d, "What is the admission age?", "Nursery from 3 years, KG from 4 years.",
                 "age eligibility admission years")
    email = f"m_staff.{world['tag']}@clinic.test"
    dashboard.add_user(email, "staff", d)
    c = signed_in(dashboard, email)
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "bus ka mahine ka kitna lagta hai"})
    assert status == 200 and doc["answer"]["question"] == "Is there a school bus?", doc
    assert doc["period"] == ["age"] and "said by an answer giving a price per month" in doc["reason"], doc
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "is there a school bus"})
    assert status == 200 and doc["answer"]["question"] == "Is there a school bus?", doc
    assert doc["period"] == [] and "price per month" not in doc["reason"], doc



def test_kb_try_says_when_an_appointment_asked_was_answered_by_a_walk_in_entry(stack, dashboard, world):
    # deploy/migrations/077_score16.sql, explained as `wactl kb try` explains it (kb_explain): "kin"
    d, _ = stack.add_doctor("Dr. Walk In", f"Walk In Clinic {world['tag']}")
    stack.add_kb(d, "Can I get an ECG done?",
                 "Yes, the ECG is done during clinic hours, Rs 300; no appointment needed.", "ecg ekg")
    stack.add_kb(d, "Do you do blood tests?", "Yes, samples 8 to 11 am; reports by evening.", "blood test lab")
    email = f"w_staff.{world['tag']}@clinic.test"
    dashboard.add_user(email, "staff", d)
    c = signed_in(dashboard, email)
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "ecg karwana hai appointment chahiye kya"})
    assert status == 200 and doc["answer"]["question"] == "Can I get an ECG done?", doc
    assert doc["kin"] == ["appointment"] and "knows or says whether one books or walks in" in doc["reason"], doc
    status, doc = c.request("POST", "/api/v1/kb/try", {"question": "can i get an ecg done"})
    assert status == 200 and doc["answer"]["question"] == "Can I get an ECG done?", doc
    assert doc["kin"] == [] and "walks in" not in doc["reason"], doc

# --- settings ------------------------------------------------------------------------------------------------------
def test_settings_read_validate_change_and_audit(stack, dashboard, world):
    c = signed_in(dashboard, world["a_admin"])
    status, s = c.request("GET", "/api/v1/settings")
    assert status == 200
    assert s["name"] == "Dr. Alpha" and s["time_zone"] == "Asia/Kolkata" and s["work_days"] == [1, 2, 3, 4, 5, 6]
    assert s["day_start"] == "10:00" and s["slot_minutes"] == 30
    status, doc = c.request("PATCH", "/api/v1/settings", {"slot_minutes": 3, "day_start": "25:00",
                                                          "work_days": [1, 1], "name": None, "phone_number": "1",
                                                          "nonsense": True, "email": "no-at-sign"})
    assert status == 422
    assert set(doc["error"]["fields"]) == {"slot_minutes", "day_start", "work_days", "name", "phone_number",
                                           "nonsense", "email"}
    status, doc = c.request("PATCH", "/api/v1/settings", {"time_zone": "Mars/Olympus_Mons"})
    assert status == 422 and "time_zone" in doc["error"]["fields"]
    status, doc = c.request("PATCH", "/api/v1/settings", {"day_end": "09:00"})
    assert status == 422 and "day_end" in doc["error"]["fields"]
    assert c.request("GET", "/api/v1/settings")[1]["day_end"] == "18:00"  # nothing of a refused change stayed
    status, s2 = c.request("PATCH", "/api/v1/settings", {"clinic_address": "9 New Road", "slot_minutes": 20,
                                                         "work_days": [1, 3, 5], "welcome_en": "Hello from {clinic}",
                                                         "break_start": None, "break_end": None,
                                                         "time_zone": "Europe/London"})
    assert status == 200, s2
    assert s2["clinic_address"] == "9 New Road" and s2["slot_minutes"] == 20 and s2["work_days"] == [1, 3, 5]
    assert s2["break_start"] is None and s2["time_zone"] == "Europe/London"
    row = stack.sql("SELECT d.clinic_address, s.slot_minutes, s.welcome_en FROM doctors d JOIN clinic_settings s"
                    " ON s.doctor_id = d.id WHERE d.id = %s", world["a"])
    assert row == [("9 New Road", 20, "Hello from {clinic}")]
    before, after = stack.sql("SELECT before, after FROM audit_log WHERE doctor_id = %s AND action ="
                              " 'settings.update' ORDER BY id DESC LIMIT 1", world["a"])[0]
    assert before["slot_minutes"] == 30 and after["slot_minutes"] == 20
    assert before["clinic_address"] == "1 Main Road" and after["clinic_address"] == "9 New Road"


# --- the OpenAPI document against the routes served --------------------------------------------------------------
EXPECTED_ROUTES = {
    ("post", "/api/v1/session"), ("delete", "/api/v1/session"), ("get", "/api/v1/me"),
    ("get", "/api/v1/kb"), ("post", "/api/v1/kb"), ("patch", "/api/v1/kb/{id}"), ("delete", "/api/v1/kb/{id}"),
    ("post", "/api/v1/kb/try"), ("get", "/api/v1/settings"), ("patch", "/api/v1/settings"),
    ("get", "/api/v1/audit"), ("get", "/api/v1/openapi.json"),
    ("get", "/api/v1/whatsapp"), ("put", "/api/v1/whatsapp"), ("post", "/api/v1/whatsapp/refresh"),
    ("post", "/api/v1/whatsapp/embedded-signup"), ("get", "/api/v1/templates"), ("post", "/api/v1/templates"),
    ("post", "/api/v1/templates/sync"),
    ("get", "/api/v1/conversations"), ("get", "/api/v1/conversations/{patient_id}/messages"),
    ("post", "/api/v1/conversations/{patient_id}/messages"), ("post", "/api/v1/conversations/{patient_id}/handoff"),
    ("delete", "/api/v1/conversations/{patient_id}/handoff"), ("get", "/api/v1/events"),
    ("post", "/api/v1/me/totp"), ("post", "/api/v1/me/totp/confirm"), ("delete", "/api/v1/me/totp"),
    # reception (issue 17)
    ("get", "/api/v1/appointments"), ("post", "/api/v1/appointments"), ("patch", "/api/v1/appointments/{id}"),
    ("post", "/api/v1/appointments/blocked-days"), ("delete", "/api/v1/appointments/blocked-days/{day}"),
    ("get", "/api/v1/queue"), ("get", "/api/v1/queue/display"), ("post", "/api/v1/queue/next"),
    ("post", "/api/v1/queue/skip"), ("post", "/api/v1/queue/recall"), ("post", "/api/v1/queue/close"),
    ("get", "/api/v1/referrals"),
}
# the operator's console (issue 17; services/dashboard/ops.c, tests/e2e/test_dashboard_ops.py)
EXPECTED_ROUTES |= {
    ("get", "/api/v1/ops/doctors"), ("post", "/api/v1/ops/doctors"), ("patch", "/api/v1/ops/doctors/{id}"),
    ("get", "/api/v1/ops/streams"), ("get", "/api/v1/ops/dlq"), ("get", "/api/v1/ops/dlq/{id}"),
    ("post", "/api/v1/ops/dlq/replay"), ("post", "/api/v1/ops/dlq/purge"), ("get", "/api/v1/ops/unrouted"),
    ("get", "/api/v1/ops/users"), ("post", "/api/v1/ops/users"), ("patch", "/api/v1/ops/users/{id}"),
    ("get", "/api/v1/ops/audit"),
    ("get", "/api/v1/reports/{name}"),
    # contacts, groups and teachers' classes (issue 18: test_schools.py)
    ("get", "/api/v1/contacts"), ("post", "/api/v1/contacts"), ("post", "/api/v1/contacts/import"),
    ("get", "/api/v1/contacts/export"), ("get", "/api/v1/contacts/{id}"), ("patch", "/api/v1/contacts/{id}"),
    ("delete", "/api/v1/contacts/{id}"), ("get", "/api/v1/groups"), ("post", "/api/v1/groups"),
    ("patch", "/api/v1/groups/{id}"), ("delete", "/api/v1/groups/{id}"), ("get", "/api/v1/groups/{id}/members"),
    ("post", "/api/v1/groups/{id}/members"), ("delete", "/api/v1/groups/{id}/members"), ("get", "/api/v1/teachers"),
    # broadcasts (issue 18)
    ("get", "/api/v1/broadcasts"), ("post", "/api/v1/broadcasts"), ("post", "/api/v1/broadcasts/preview"),
    ("post", "/api/v1/broadcasts/test"), ("get", "/api/v1/broadcasts/groups"), ("get", "/api/v1/broadcasts/{id}"),
    ("post", "/api/v1/broadcasts/{id}/pause"),
    ("post", "/api/v1/broadcasts/{id}/resume"), ("post", "/api/v1/broadcasts/{id}/cancel"),
    # photos and documents (issue 17)
    ("get", "/api/v1/media/{id}"), ("post", "/api/v1/conversations/{patient_id}/media"),
}


def operations(doc):
    return {(m, p) for p, item in doc["paths"].items() for m in item}


def test_openapi_documents_exactly_the_routes_served(dashboard):
    c = dashboard.client()
    status, doc = c.request("GET", "/api/v1/openapi.json")
    assert status == 200 and doc["openapi"].startswith("3.")
    assert doc["components"]["securitySchemes"]["session"] == {"type": "apiKey", "in": "cookie", "name": "wa_session"}
    assert operations(doc) == EXPECTED_ROUTES
    for method, path in operations(doc):
        op = doc["paths"][path][method]
        concrete = path.replace("{id}", "1").replace("{patient_id}", "00000000-0000-4000-8000-000000000000") \
            .replace("{day}", "2030-01-01").replace("{name}", "messages")
        status, body = c.request(method.upper(), concrete, {} if method in ("post", "patch") else None)
        # served: never "no such route" nor "method not allowed"; the non-public ones want a sign-in
        assert status not in (404, 405), (method, path, status, body)
        if op["security"]:
            assert status == 401, (method, path, status)
        for code in op["responses"]:
            assert code.isdigit()
    # and nothing else is served under /api/v1
    for method, path in (("GET", "/api/v1/nothing"), ("PUT", "/api/v1/kb"), ("GET", "/api/v1/kb/1/x")):
        status, body = c.request(method, path, {} if method == "PUT" else None)
        assert status in (404, 405) and body["error"]["code"] in ("not_found", "method_not_allowed")


# --- isolation: every route, as clinic A, with clinic B's ids ------------------------------------------------------
SAMPLE_START, SAMPLE_PATIENT = 0, None  # set by the isolation test: a free slot of B's and B's patient
ISO_B_GROUP = {}  # clinic B's group, named in the broadcast bodies (set by the isolation test)


def sample_body(method, path):
    if path == "/api/v1/session":
        return None
    if path == "/api/v1/kb/try":
        return {"question": "where is the beta clinic"}
    if path.startswith("/api/v1/kb"):
        return {"question": "Hijacked?", "answer": "hijacked", "enabled": False}
    if path == "/api/v1/settings":
        return {"clinic_name": "Hijacked", "handoff_minutes": 99}
    if path == "/api/v1/whatsapp":
        return {"allow_master_fallback": False} if method == "put" else None
    if path == "/api/v1/whatsapp/embedded-signup":
        return {"code": "c", "phone_number_id": "1", "waba_id": "1"}
    if path == "/api/v1/templates" and method == "post":
        return {"name": "hijacked", "language": "en", "category": "UTILITY",
                "components": [{"type": "BODY", "text": "Hijacked"}]}
    if path.endswith("/messages") and method == "post":
        return {"text": "hijacked"}
    if path == "/api/v1/appointments/{id}":  # reception: B's appointment cancelled (or moved, or marked)
        return {"status": "cancelled", "reason": "hijacked"}
    if path == "/api/v1/appointments" and method == "post":
        return {"start": SAMPLE_START, "patient_id": SAMPLE_PATIENT}
    if path == "/api/v1/appointments/blocked-days":
        return {"day": "2030-01-01", "reason": "hijacked"}
    if path == "/api/v1/queue/recall":
        return {"token": 1}
    if path in ("/api/v1/broadcasts", "/api/v1/broadcasts/preview", "/api/v1/broadcasts/test"):
        return {"template": {"name": "iso_notice"}, "group_ids": [ISO_B_GROUP.get("id", "")], "to": "+15550001234"}
    return {} if method in ("post", "patch", "put") else None


def test_isolation_every_route_as_another_clinic(stack, dashboard, world):
    # a conversation of B's (a patient who wrote within the window, so that only the tenant check can refuse)
    b_number = new_number()
    b_patient = str(stack.sql("INSERT INTO patients (doctor_id, wa_id, profile_name, last_inbound_at)"
                              " VALUES (%s, %s, %s, now()) RETURNING id", world["b"], b_number, world["b_clinic"])[0][0])
    stack.sql("INSERT INTO messages (doctor_id, patient_id, direction, wamid, wa_id, type, body, status)"
              " SELECT doctor_id, id, 'in', %s, wa_id, 'text', %s, 'routed' FROM patients WHERE id = %s",
              "wamid.ISO" + world["tag"], world["b_marker"], b_patient)
    # the reception's (issue 17): B's booked appointment, a free slot of B's schedule, B's queue with a token
    global SAMPLE_START, SAMPLE_PATIENT
    stack.sql("INSERT INTO clinic_settings (doctor_id, work_days, day_start, day_end, break_start, break_end,"
              " book_ahead_days) VALUES (%s, '{1,2,3,4,5,6,7}', '00:00', '23:59', NULL, NULL, 3)"
              " ON CONFLICT (doctor_id) DO NOTHING", world["b"])
    SAMPLE_START = int(time.time()) // 1800 * 1800 + 2 * 86400
    SAMPLE_PATIENT = b_patient
    b_appt = str(stack.sql("WITH a AS (INSERT INTO appointments (doctor_id, patient_id, slot_start) VALUES"
                           " (%s, %s, to_timestamp(%s) + interval '1 hour') RETURNING id, doctor_id, slot_start)"
                           " INSERT INTO slot_bookings (doctor_id, slot_start, place, appointment_id)"
                           " SELECT doctor_id, slot_start, 1, id FROM a RETURNING appointment_id",
                           world["b"], b_patient, SAMPLE_START)[0][0])
    stack.sql("INSERT INTO queue_tokens (doctor_id, day, token, patient_id, status) VALUES"
              " (%s, (now() AT TIME ZONE 'Asia/Kolkata')::date, 1, %s, 'waiting') ON CONFLICT DO NOTHING",
              world["b"], b_patient)
    stack.sql("INSERT INTO clinic_blocked_days (doctor_id, day) VALUES (%s, '2030-01-01') ON CONFLICT DO NOTHING",
              world["b"])
    b_reception = ("SELECT (SELECT json_agg(json_build_object('id', id, 'status', status, 'attendance', attendance)"
                   " ORDER BY id) FROM appointments WHERE doctor_id = %s),"
                   " (SELECT json_agg(json_build_object('t', token, 's', status)) FROM queue_tokens"
                   " WHERE doctor_id = %s), (SELECT count(*) FROM clinic_blocked_days WHERE doctor_id = %s),"
                   " (SELECT count(*) FROM queue_days WHERE doctor_id = %s)")
    b_reception_before = stack.sql(b_reception, *[world["b"]] * 4)
    # a stored photo of B's (issue 17): its id must get 404 from A, never its bytes
    b_media = str(stack.sql("INSERT INTO media (doctor_id, direction, wamid, kind, mime, size, sha256, storage_key)"
                            " VALUES (%s, 'in', %s, 'image', 'image/jpeg', 10, 'x', 'pg:iso" + world["tag"] + "')"
                            " RETURNING id", world["b"], "wamid.ISOMEDIA" + world["tag"])[0][0])
    stack.sql("INSERT INTO media_blobs (key, data) VALUES (%s, %s)", "pg:iso" + world["tag"],
              world["b_marker"].encode())
    out_last = (stack.redis.xrevrange("wa:out", count=1) or [("0-0", {})])[0][0]
    b_before = stack.sql("SELECT question, answer, enabled FROM kb_entries WHERE doctor_id = %s ORDER BY id",
                         world["b"])
    b_settings = stack.sql("SELECT name, clinic_name, allow_master_fallback, credentials_checked_at FROM doctors"
                           " WHERE id = %s", world["b"])
    b_templates = stack.sql("SELECT name, status FROM templates WHERE doctor_id = %s ORDER BY id", world["b"])
    # B's group and broadcast (issue 18), with an approved template of that name for A too: only the tenant check
    # can refuse
    ISO_B_GROUP["id"] = str(stack.sql("INSERT INTO groups (doctor_id, name) VALUES (%s, %s) RETURNING id", world["b"],
                                      "iso " + world["tag"])[0][0])
    for d in (world["a"], world["b"]):
        stack.sql("INSERT INTO templates (doctor_id, name, language, category, status) VALUES"
                  " (%s, 'iso_notice', 'en', 'UTILITY', 'APPROVED') ON CONFLICT DO NOTHING", d)
    b_broadcast = str(stack.sql("INSERT INTO broadcasts (doctor_id, created_by_actor, name, template_name,"
                                " template_language, group_ids, state) VALUES (%s, 'test', %s, 'iso_notice', 'en',"
                                " ARRAY[%s]::uuid[], 'draft') RETURNING id", world["b"], world["b_marker"],
                                ISO_B_GROUP["id"])[0][0])
    last_audit = stack.sql("SELECT coalesce(max(id), 0) FROM audit_log")[0][0]
    doc = dashboard.client().request("GET", "/api/v1/openapi.json")[1]
    tok = wactl(stack, "token", "create", "--doctor", world["a"], "--name", "iso " + world["tag"]).stdout.strip()
    callers = {"a_admin": signed_in(dashboard, world["a_admin"]), "a_staff": signed_in(dashboard, world["a_staff"]),
               "a_token": dashboard.client(token=tok)}
    walked = 0
    for who, c in callers.items():
        for method, path in sorted(operations(doc)):
            op = doc["paths"][path][method]
            if not op["security"] or path in ("/api/v1/session", "/api/v1/me") or path.startswith("/api/v1/me/"):
                continue  # public, or about the caller alone (its second factor: test_dashboard_totp.py)
            b_id = (b_appt if path.startswith("/api/v1/appointments/") else
                    b_broadcast if path.startswith("/api/v1/broadcasts/") else
                    b_media if path.startswith("/api/v1/media/") else str(world["b_kb"]))
            concrete = path.replace("{id}", b_id).replace("{patient_id}", b_patient).replace("{day}", "2030-01-01") \
                .replace("{name}", "messages")
            tenant_param = any(p["name"] == "doctor" for p in op["parameters"])
            variants = [concrete + (f"?doctor={world['b']}" if tenant_param else "")]
            if "{" in path and "{name}" not in path:  # a report's name is not an id of B's
                variants.append(concrete)  # B's id, in A's own scope
            for url in variants:
                status, body = c.request(method.upper(), url, sample_body(method, path))
                walked += 1
                text = json.dumps(body) if not isinstance(body, bytes) else body.decode(errors="replace")
                assert status in (403, 404), (who, method, url, status, text)
                assert world["b_marker"] not in text and world["b_clinic"] not in text, (who, method, url)
    assert walked >= 40  # every route of the document, the number's and the templates' included
    assert stack.sql("SELECT question, answer, enabled FROM kb_entries WHERE doctor_id = %s ORDER BY id",
                     world["b"]) == b_before
    assert stack.sql("SELECT name, clinic_name, allow_master_fallback, credentials_checked_at FROM doctors"
                     " WHERE id = %s", world["b"]) == b_settings
    assert stack.sql("SELECT name, status FROM templates WHERE doctor_id = %s AND name <> 'iso_notice' ORDER BY id",
                     world["b"]) == b_templates
    assert stack.sql("SELECT state FROM broadcasts WHERE doctor_id = %s", world["b"]) == [("draft",)]
    assert stack.sql("SELECT count(*) FROM audit_log WHERE doctor_id = %s AND id > %s", world["b"],
                     last_audit) == [(0,)]
    # nothing sent to B's patient, no handoff taken, nothing marked read
    assert [f for _, f in stack.redis.xrange("wa:out", min="(" + out_last) if f.get("to") == b_number] == []
    assert stack.sql("SELECT count(*) FROM handoffs WHERE patient_id = %s", b_patient) == [(0,)]
    assert stack.sql("SELECT count(*) FROM inbox_reads WHERE patient_id = %s", b_patient) == [(0,)]
    # the reception: B's appointments, queue, blocked days and queue days as they were
    assert stack.sql(b_reception, *[world["b"]] * 4) == b_reception_before


# --- wactl user / token ---------------------------------------------------------------------------------------------
def test_wactl_user_commands(stack, dashboard, world):
    email = f"cli.{world['tag']}@clinic.test"
    # the password never travels in argv
    r = wactl(stack, "user", "add", "--email", email, "--role", "staff", "--doctor", world["a"], "--password", "x")
    assert r.returncode == 2
    r = wactl(stack, "user", "add", "--email", email, "--role", "staff", "--doctor", world["a"], stdin="short\n")
    assert r.returncode == 2 and "10 characters" in r.stderr
    r = wactl(stack, "user", "add", "--email", email, "--role", "operator", "--doctor", world["a"], stdin=PASSWORD)
    assert r.returncode == 2
    r = wactl(stack, "user", "add", "--email", email, "--role", "nurse", "--doctor", world["a"], stdin=PASSWORD)
    assert r.returncode == 2
    r = wactl(stack, "user", "add", "--email", email, "--role", "staff", "--doctor", world["a"], stdin=PASSWORD)
    assert r.returncode == 0 and uuid.UUID(r.stdout.strip())
    r = wactl(stack, "user", "add", "--email", email.upper(), "--role", "staff", "--doctor", world["a"],
              stdin=PASSWORD)
    assert r.returncode == 1 and "exists" in r.stderr
    h = stack.sql("SELECT password_hash FROM users WHERE email = %s", email)[0][0]
    assert h.startswith("$argon2id$") and PASSWORD not in h
    listed = json.loads(wactl(stack, "user", "list", "--doctor", world["a"], "--json").stdout)
    mine = [u for u in listed if u["email"] == email]
    assert mine and mine[0]["role"] == "staff" and mine[0]["state"] == "active"
    assert "argon2" not in json.dumps(listed)
    assert wactl(stack, "user", "disable", "--email", "nobody@nowhere.test").returncode == 1
    r = wactl(stack, "user", "disable", "--email", email, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["changed"] is True
    assert json.loads(wactl(stack, "user", "disable", "--email", email, "--json").stdout)["changed"] is False
    for sub in ("add", "list", "disable", "reset-password"):
        r = wactl(stack, "user", sub, "--help")
        assert r.returncode == 0 and "Example" in r.stdout
    for sub in ("create", "list", "revoke"):
        r = wactl(stack, "token", sub, "--help")
        assert r.returncode == 0 and "Example" in r.stdout
    actions = [a for (a,) in stack.sql("SELECT action FROM audit_log WHERE target = %s ORDER BY id", f"user:{email}")]
    assert actions == ["user.add", "user.disable"]
    assert not stack.sql("SELECT 1 FROM audit_log WHERE before::text LIKE %s OR after::text LIKE %s",
                         f"%{PASSWORD}%", f"%{PASSWORD}%")


# --- operations -------------------------------------------------------------------------------------------------------
def test_ops_endpoints_and_placeholder_page(stack, dashboard):
    ops = stack.ops["dashboard"]
    assert http("GET", f"http://127.0.0.1:{ops}/healthz")[0] == 200
    assert http("GET", f"http://127.0.0.1:{ops}/readyz")[0] == 200
    status, body = http("GET", f"http://127.0.0.1:{ops}/metrics")
    assert status == 200 and b"wa_dashboard_requests_total" in body and b"wa_dashboard_logins_total" in body
    status, body = http("GET", f"{dashboard.url}/")
    assert status == 200 and b"<html" in body


def test_without_redis_not_ready_and_503_not_500(stack, dashboard, world):
    """A dashboard whose Redis is unreachable says so on /readyz and answers 503 in the API's error shape."""
    port, ops = free_port(), free_port()
    stack.ops["dashboard_noredis"] = ops
    stack.spawn("dashboard_noredis", [os.path.join(BIN, "wa-dashboard")],
                {"DASHBOARD_PORT": str(port), "OPS_PORT": str(ops), "DASHBOARD_ORIGIN": f"http://127.0.0.1:{port}",
                 "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
    try:
        wait_for(lambda: stack._ok(f"http://127.0.0.1:{ops}/healthz"), what="wa-dashboard /healthz")
        assert http("GET", f"http://127.0.0.1:{ops}/readyz")[0] == 503
        status, body = http("POST", f"http://127.0.0.1:{port}/api/v1/session",
                            json.dumps({"email": world["a_admin"], "password": PASSWORD}).encode(),
                            {"Content-Type": "application/json"})
        assert status == 503 and json.loads(body)["error"]["code"] == "unavailable"
    finally:
        assert stack.stop_service("dashboard_noredis") == 0


def test_first_request_after_a_redis_restart_is_served(stack, dashboard, world):
    """A worker's Redis connection kept from before a restart failed the first request after it with 503 (seen when
    a session-wide dashboard outlived a Redis restart, issue 17's full run): it now reconnects and tries once more.
    And the restart is over only once Redis has loaded its AOF: until then it answers -LOADING, to PING too, and
    deploy/local/infra.sh took redis-cli's exit status 0 for ready, so a sign-in right after it met -LOADING at its
    session's write and answered 503 (a full run of the suite, with the AOF of a third of it). Here 300,000 keys in
    database 1 make the AOF take about half a second to load."""
    c = signed_in(dashboard, world["a_staff"])
    assert c.request("GET", "/api/v1/me")[0] == 200
    bulk = stack.redis_client(db=1)
    try:
        bulk.eval("for i = 1, 300000 do redis.call('SET', 'loadme:' .. i, i) end", 0)
        stack.stop_redis()
        stack.start_infra()
        assert stack.redis.ping() and bulk.dbsize() == 300000  # loaded, not -LOADING
        for _ in range(4):  # every worker's connection (DASHBOARD_THREADS=2) met the restart: none may answer 503
            fresh = dashboard.client()
            status, doc = fresh.login(world["a_staff"])
            assert status == 200, doc
    finally:  # later restarts load a small AOF again
        bulk.flushdb()
        bulk.bgrewriteaof()
        wait_for(lambda: not bulk.info("persistence")["aof_rewrite_in_progress"]
                 and not bulk.info("persistence")["aof_rewrite_scheduled"], timeout=60, what="the AOF's rewrite")
        bulk.close()


def test_first_requests_after_a_postgres_restart_are_served(stack, dashboard, world):
    """Only the first worker checked its PostgreSQL connection; another worker's, broken by a restart, failed the
    first request that met it with 503. Every worker now checks its own every 2 s."""
    assert signed_in(dashboard, world["a_staff"]).request("GET", "/api/v1/me")[0] == 200
    stack.stop_postgres()
    stack.start_infra()
    time.sleep(3)  # the workers' checks (PING_MS) have met the restart
    for _ in range(6):  # new connections spread over both workers (DASHBOARD_THREADS=2)
        status, doc = dashboard.client().login(world["a_staff"])
        assert status == 200, doc
