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

from conftest import BIN

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
