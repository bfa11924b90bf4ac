"""The dashboard's number, templates and `wactl settings` (issue 16, "Knowledge base, settings, number,
templates"): a clinic's own WhatsApp credentials saved through the API (validated at the mock Graph API, stored
sealed, never shown again), its message templates synced, created and kept current by the template webhooks, and
`wactl settings`, which validates exactly as PATCH /api/v1/settings does.
"""
import json
import os
import subprocess
import uuid

import pytest

from conftest import BIN, MASTER_TOKEN, wait_for, webhook

from test_dashboard import signed_in


def wactl(stack, *args, stdin=None):
    return subprocess.run([os.path.join(BIN, "wactl"), *args], env=stack.env, input=stdin, capture_output=True,
                          text=True, timeout=60, cwd=stack.tmp)


@pytest.fixture(scope="module")
def clinics(stack, dashboard):
    tag = uuid.uuid4().hex[:8]
    a_id, a_phone = stack.add_doctor("Dr. Number", f"Number Clinic {tag}")
    b_id, b_phone = stack.add_doctor("Dr. Other", f"Other Clinic {tag}")
    w = {"tag": tag, "a": a_id, "a_phone": a_phone, "b": b_id, "b_phone": b_phone}
    for who, role, doc in (("a_admin", "clinic_admin", a_id), ("a_staff", "staff", a_id),
                           ("b_admin", "clinic_admin", b_id)):
        w[who] = f"{who}.{tag}@clinic.test"
        dashboard.add_user(w[who], role, doc)
    return w


# --- wactl settings ----------------------------------------------------------------------------------------------
def test_wactl_settings_show_and_set_validated_like_the_api(stack, dashboard, clinics):
    r = wactl(stack, "settings", "show", clinics["a"], "--json")
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s["name"] == "Dr. Number" and s["day_start"] == "10:00"
    # a bad value is refused with the API's own message, and nothing of the change is stored
    r = wactl(stack, "settings", "set", clinics["a"], "--day-start", "25:00", "--slot-minutes", "20")
    assert r.returncode == 2
    assert '--day-start: must be a time "HH:MM"' in r.stderr
    c = signed_in(dashboard, clinics["a_admin"])
    status, api = c.request("PATCH", "/api/v1/settings", {"day_start": "25:00"})
    assert status == 422 and api["error"]["fields"]["day_start"] == 'must be a time "HH:MM"'
    r = wactl(stack, "settings", "set", "+" + clinics["a_phone"], "--day-end", "09:00")
    assert r.returncode == 2 and "--day-end: the day must end after it starts" in r.stderr
    r = wactl(stack, "settings", "set", clinics["a"], "--time-zone", "Mars/Olympus_Mons")
    assert r.returncode == 2 and "--time-zone" in r.stderr
    r = wactl(stack, "settings", "set", clinics["a"], "--phone-number", "1")
    assert r.returncode == 2 and "read-only" in r.stderr
    r = wactl(stack, "settings", "set", clinics["a"], "--nonsense", "1")
    assert r.returncode == 2
    assert stack.sql("SELECT slot_minutes FROM clinic_settings WHERE doctor_id = %s", clinics["a"]) == [(30,)]
    # a good change is stored, shown by the API, and audited as wactl
    r = wactl(stack, "settings", "set", clinics["a"], "--slot-minutes", "20", "--work-days", "1,3,5",
              "--break-start", "null", "--break-end", "null", "--welcome-en", "Namaste from {clinic}",
              "--referral-thanks", "false", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["slot_minutes"] == 20 and out["work_days"] == [1, 3, 5] and out["break_start"] is None
    status, s = c.request("GET", "/api/v1/settings")
    assert s["slot_minutes"] == 20 and s["welcome_en"] == "Namaste from {clinic}" and s["referral_thanks"] is False
    actor, before, after = stack.sql("SELECT actor, before, after FROM audit_log WHERE doctor_id = %s AND action ="
                                     " 'settings.update' ORDER BY id DESC LIMIT 1", clinics["a"])[0]
    assert actor == "wactl" and before["slot_minutes"] == 30 and after["slot_minutes"] == 20
    r = wactl(stack, "settings", "set", "--help")
    assert r.returncode == 0 and "Example" in r.stdout
    r = wactl(stack, "settings", "show", "+910000000000")
    assert r.returncode != 0


def last_seq(stack):
    """The mock's newest request sequence number (requests after it are those of the step that follows)."""
    return max((q["seq"] for q in stack.mock_requests("all")), default=0)


# --- the WhatsApp number ------------------------------------------------------------------------------------------
def own_number(stack, clinics, token, pnid=None, **extra):
    pnid = pnid or "8" + clinics["a_phone"][-11:]
    cfg = {"api": "graph", "valid_tokens": [MASTER_TOKEN, token], "phones": {pnid: "+" + clinics["a_phone"]},
           "quality_rating": "YELLOW", "messaging_limit": "TIER_10K"}
    cfg.update(extra)
    stack.mock_config(cfg)
    return pnid


def test_number_saved_validated_sealed_and_never_shown(stack, dashboard, clinics):
    token, secret = "EAAGnumber" + clinics["tag"], "Wp9x-app-secret-" + uuid.uuid4().hex
    pnid = own_number(stack, clinics, token)
    try:
        c = signed_in(dashboard, clinics["a_admin"])
        status, before = c.request("GET", "/api/v1/whatsapp")
        assert status == 200 and before["state"] == "none" and before["token_set"] is False
        assert before["embedded_signup"] is None  # no Meta app configured: the form only
        since = last_seq(stack)
        status, doc = c.request("PUT", "/api/v1/whatsapp", {
            "phone_number_id": pnid, "token": token, "business_account_id": "WABA" + clinics["tag"],
            "app_id": "600000000000006", "app_secret": secret, "token_expires_at": "2030-01-01T00:00:00Z",
            "allow_master_fallback": False})
        assert status == 200, doc
        # validated at the mock Graph API with the clinic's token
        [req] = [r for r in stack.mock_requests("graph", since) if r["path"].endswith("/" + pnid)]
        assert req["method"] == "GET" and req["authorization"] == f"Bearer {token}"
        assert doc["state"] == "valid" and doc["token_set"] is True and doc["app_secret_set"] is True
        assert doc["display_phone_number"] == "+" + clinics["a_phone"] and doc["phone_number_id"] == pnid
        assert doc["quality_rating"] == "YELLOW" and doc["messaging_limit"] == "TIER_10K"
        assert doc["allow_master_fallback"] is False and doc["token_expires_at"].startswith("2030-01-01")
        text = json.dumps(doc) + json.dumps(c.request("GET", "/api/v1/whatsapp")[1])
        assert token not in text and secret not in text
        stored_t, stored_s, fallback = stack.sql(
            "SELECT whatsapp_access_token, whatsapp_app_secret, allow_master_fallback FROM doctors WHERE id = %s",
            clinics["a"])[0]
        assert stored_t.startswith("v1:") and token not in stored_t and secret not in stored_s
        assert fallback is False
        # the sealed token opens (wactl, same key) and is valid
        out = json.loads(stack.wactl("--json", "creds", "check", clinics["a"]))
        assert out[0]["state"] == "valid"
        # audited, without the secrets
        actor, action, b, a = stack.sql("SELECT actor, action, before, after FROM audit_log WHERE doctor_id = %s"
                                        " AND target = 'whatsapp' ORDER BY id DESC LIMIT 1", clinics["a"])[0]
        assert actor == "user:" + clinics["a_admin"] and action == "whatsapp.update"
        assert b["token_set"] is False and a["token_set"] is True and a["state"] == "valid"
        assert token not in json.dumps([b, a]) and secret not in json.dumps([b, a])
        # only the fallback changes: the stored token is used again, the secret kept
        status, doc = c.request("PUT", "/api/v1/whatsapp", {"allow_master_fallback": True})
        assert status == 200 and doc["allow_master_fallback"] is True and doc["app_secret_set"] is True
        # a refresh records the number's quality and limit as Graph says now
        stack.mock_config({"api": "graph", "valid_tokens": [MASTER_TOKEN, token],
                           "phones": {pnid: "+" + clinics["a_phone"]}, "quality_rating": "RED",
                           "messaging_limit": "TIER_250"})
        status, doc = c.request("POST", "/api/v1/whatsapp/refresh")
        assert status == 200 and doc["quality_rating"] == "RED" and doc["messaging_limit"] == "TIER_250"
        # staff may not see or change it
        s = signed_in(dashboard, clinics["a_staff"])
        assert s.request("GET", "/api/v1/whatsapp")[0] == 403
        assert s.request("PUT", "/api/v1/whatsapp", {"token": "x"})[0] == 403
        log = open(stack.log_of("dashboard"), errors="replace").read()
        assert token not in log and secret not in log
    finally:
        stack.mock_config({"api": "graph"})


def test_number_refused_with_graphs_reason_and_nothing_stored(stack, dashboard, clinics):
    good = "EAAGgood" + clinics["tag"]
    pnid = own_number(stack, clinics, good)
    try:
        c = signed_in(dashboard, clinics["b_admin"])  # clinic B: its number is not the one the mock knows
        stored = stack.sql("SELECT whatsapp_access_token FROM doctors WHERE id = %s", clinics["b"])
        status, doc = c.request("PUT", "/api/v1/whatsapp", {"phone_number_id": pnid, "token": "EAAGdead-token"})
        assert status == 422, doc
        assert doc["error"]["code"] == "credentials_refused" and "190" in doc["error"]["message"]
        assert "token" in doc["error"]["fields"] and "EAAGdead-token" not in json.dumps(doc)
        status, doc = c.request("PUT", "/api/v1/whatsapp", {"phone_number_id": pnid, "token": good})
        assert status == 422 and "not to this doctor" in doc["error"]["fields"]["phone_number_id"]
        status, doc = c.request("PUT", "/api/v1/whatsapp", {"phone_number_id": "../x", "token": good,
                                                            "app_id": "1", "app_secret": "short", "x": 1})
        assert status == 422 and set(doc["error"]["fields"]) >= {"phone_number_id", "app_secret", "x"}
        assert stack.sql("SELECT whatsapp_access_token FROM doctors WHERE id = %s", clinics["b"]) == stored
    finally:
        stack.mock_config({"api": "graph"})


def test_embedded_signup_exchanges_the_code_where_configured(stack, clinics):
    from conftest import start_dashboard
    d = start_dashboard(stack, tag="_signup", DASHBOARD_META_APP_ID="600000000000006",
                        DASHBOARD_META_CONFIG_ID="cfg-123", DASHBOARD_META_APP_SECRET="meta-app-secret-e2e")
    pnid = own_number(stack, clinics, "unused", app_secret="meta-app-secret-e2e", signup_code="code-ok")
    try:
        email = f"signup.{clinics['tag']}@clinic.test"
        d.add_user(email, "clinic_admin", clinics["a"])
        c = signed_in(d, email)
        status, doc = c.request("GET", "/api/v1/whatsapp")
        assert doc["embedded_signup"] == {"app_id": "600000000000006", "config_id": "cfg-123"}
        status, doc = c.request("POST", "/api/v1/whatsapp/embedded-signup",
                                {"code": "code-wrong", "phone_number_id": pnid, "waba_id": "WABA1"})
        assert status == 422 and doc["error"]["code"] == "signup_refused"
        since = last_seq(stack)
        status, doc = c.request("POST", "/api/v1/whatsapp/embedded-signup",
                                {"code": "code-ok", "phone_number_id": pnid, "waba_id": "WABA1", "pin": "123456"})
        assert status == 200, doc
        assert doc["state"] == "valid" and doc["business_account_id"] == "WABA1"
        paths = [(r["method"], r["path"].split("/", 2)[2]) for r in stack.mock_requests("graph", since)]
        assert ("GET", "oauth/access_token") in paths and ("POST", "WABA1/subscribed_apps") in paths
        assert ("POST", f"{pnid}/register") in paths
        assert stack.sql("SELECT action FROM audit_log WHERE doctor_id = %s AND target = 'whatsapp'"
                         " ORDER BY id DESC LIMIT 1", clinics["a"]) == [("whatsapp.embedded_signup",)]
        assert "meta-app-secret-e2e" not in open(stack.log_of("dashboard_signup"), errors="replace").read()
    finally:
        stack.mock_config({"api": "graph"})
        stack.stop_service("dashboard_signup")


# --- templates ----------------------------------------------------------------------------------------------------
def test_templates_sync_create_and_webhook_updates(stack, dashboard, clinics):
    token = "EAAGtpl" + clinics["tag"]
    waba = "WABA" + clinics["tag"]
    seeded = [{"waba_id": waba, "id": f"5000000000{i:05d}", "name": f"reminder_{i}", "language": "en_US",
               "status": "APPROVED", "category": "UTILITY", "parameter_format": "POSITIONAL",
               "quality_score": {"score": "GREEN", "date": 1760000000}, "rejected_reason": "NONE",
               "components": [{"type": "BODY", "text": "Hi {{1}}, see you at {{2}}.",
                               "example": {"body_text": [["Asha", "10:30"]]}}]} for i in range(130)]
    seeded.append({"waba_id": waba, "id": "500000000999999", "name": "promo", "language": "hi", "status": "REJECTED",
                   "category": "MARKETING", "rejected_reason": "PROMOTIONAL",
                   "components": [{"type": "BODY", "text": "Offer"}]})
    seeded.append({"waba_id": "WABAother", "id": "1", "name": "not_ours", "language": "en", "status": "APPROVED",
                   "category": "UTILITY", "components": [{"type": "BODY", "text": "x"}]})
    # a clinic of its own: no credentials yet
    c_id, c_phone = stack.add_doctor("Dr. Templates", f"Templates Clinic {clinics['tag']}")
    clinics = dict(clinics, a=c_id, a_phone=c_phone, a_admin=f"c_admin.{clinics['tag']}@clinic.test",
                   a_staff=f"c_staff.{clinics['tag']}@clinic.test")
    dashboard.add_user(clinics["a_admin"], "clinic_admin", c_id)
    dashboard.add_user(clinics["a_staff"], "staff", c_id)
    pnid = own_number(stack, clinics, token, templates=seeded)
    try:
        c = signed_in(dashboard, clinics["a_admin"])
        # no credentials of its own yet: nothing to sync with
        status, doc = c.request("POST", "/api/v1/templates/sync")
        assert status == 409 and doc["error"]["code"] == "no_credentials"
        assert c.request("PUT", "/api/v1/whatsapp", {"phone_number_id": pnid, "token": token,
                                                     "business_account_id": waba})[0] == 200
        since = last_seq(stack)
        status, doc = c.request("POST", "/api/v1/templates/sync")
        assert status == 200 and doc == {"synced": 131, "deleted": 0}, doc
        lists = [r for r in stack.mock_requests("graph", since) if r["path"].endswith("/message_templates")]
        assert len(lists) == 2 and all(r["authorization"] == f"Bearer {token}" for r in lists)  # paged: 100 + 31
        items, cursor = [], None
        while True:
            status, page = c.request("GET", "/api/v1/templates" + (f"?cursor={cursor}" if cursor else ""))
            assert status == 200
            items += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                break
        by_name = {t["name"]: t for t in items}
        assert len(items) == 131 and "not_ours" not in by_name
        assert by_name["reminder_7"]["status"] == "APPROVED" and by_name["reminder_7"]["quality"] == "GREEN"
        assert by_name["reminder_7"]["rejection_reason"] is None and by_name["reminder_7"]["components"][0]["type"] == "BODY"
        assert by_name["promo"]["rejection_reason"] == "PROMOTIONAL" and by_name["promo"]["category"] == "MARKETING"
        # staff read the list, but may not sync or create
        s = signed_in(dashboard, clinics["a_staff"])
        assert s.request("GET", "/api/v1/templates")[0] == 200
        assert s.request("POST", "/api/v1/templates/sync")[0] == 403

        # create: a variable without an example is refused before Graph is asked
        new = {"name": "visit_confirmed", "language": "en", "category": "UTILITY",
               "components": [{"type": "BODY", "text": "Dear {{1}}, your visit on {{2}} is confirmed."}]}
        status, doc = c.request("POST", "/api/v1/templates", new)
        assert status == 422 and "components" in doc["error"]["fields"]
        status, doc = c.request("POST", "/api/v1/templates", dict(new, name="Bad Name", category="SPAM"))
        assert status == 422 and {"name", "category"} <= set(doc["error"]["fields"])
        new["components"][0]["example"] = {"body_text": [["Asha", "5 May"]]}
        since = last_seq(stack)
        status, doc = c.request("POST", "/api/v1/templates", new)
        assert status == 201, doc
        assert doc["status"] == "PENDING" and doc["meta_id"] and doc["name"] == "visit_confirmed"
        created = doc
        [post] = [r for r in stack.mock_requests("graph", since)
                  if r["method"] == "POST" and r["path"].endswith("/message_templates")]
        assert post["path"].endswith(f"/{waba}/message_templates")
        assert json.loads(post["body"])["components"][0]["example"] == {"body_text": [["Asha", "5 May"]]}
        # Graph's own refusal (the same name and language again) comes back with its reason
        status, doc = c.request("POST", "/api/v1/templates", new)
        assert status == 422 and "already exists" in doc["error"]["message"]
        assert stack.sql("SELECT action FROM audit_log WHERE doctor_id = %s AND action LIKE 'template%%'"
                         " ORDER BY id", clinics["a"]) == [("templates.sync",), ("template.create",)]

        # the template webhooks, through ingress and router, update the row (webhook id as a JSON number)
        meta_id = int(created["meta_id"])
        payload = webhook([{"field": "message_template_status_update",
                            "value": {"event": "REJECTED", "message_template_id": meta_id,
                                      "message_template_name": "visit_confirmed", "message_template_language": "en",
                                      "reason": "INVALID_FORMAT"}},
                           {"field": "message_template_quality_update",
                            "value": {"previous_quality_score": "GREEN", "new_quality_score": "YELLOW",
                                      "message_template_id": 500000000000007, "message_template_name": "reminder_7",
                                      "message_template_language": "en-US"}},
                           {"field": "template_category_update",
                            "value": {"message_template_id": 500000000000008, "message_template_name": "reminder_8",
                                      "message_template_language": "en_US", "previous_category": "UTILITY",
                                      "new_category": "MARKETING"}},
                           {"field": "phone_number_quality_update",
                            "value": {"display_phone_number": clinics["a_phone"], "event": "THROUGHPUT_UPGRADE",
                                      "max_daily_conversations_per_business": "TIER_UNLIMITED"}}])
        payload["entry"][0]["id"] = waba
        assert stack.post_webhook(payload) == 200

        def row(name):
            r = stack.sql("SELECT status, rejection_reason, quality, category FROM templates"
                          " WHERE doctor_id = %s AND name = %s", clinics["a"], name)
            return r[0] if r else None
        wait_for(lambda: row("visit_confirmed")[0] == "REJECTED", what="the status webhook applied")
        assert row("visit_confirmed") == ("REJECTED", "INVALID_FORMAT", None, "UTILITY")
        wait_for(lambda: row("reminder_7")[2] == "YELLOW", what="the quality webhook applied")
        wait_for(lambda: row("reminder_8")[3] == "MARKETING", what="the category webhook applied")
        status, number = c.request("GET", "/api/v1/whatsapp")
        assert number["messaging_limit"] == "TIER_UNLIMITED"
        # clinic B's list stays empty
        b = signed_in(dashboard, clinics["b_admin"])
        assert b.request("GET", "/api/v1/templates")[1]["items"] == []
    finally:
        stack.mock_config({"api": "graph"})
