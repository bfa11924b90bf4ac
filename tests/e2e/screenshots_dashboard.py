"""Screenshots of the dashboard's main pages for docs/ (README, "Dashboard"), taken from the real stack.

Not a test: its name keeps pytest from collecting it in `make test`; `make screenshots` runs it by name. It seeds a demo clinic through the same webhooks
patients' phones cause (messages answered by the knowledge base, an emergency, a failed delivery), signs in as its
admin in headless Chromium and saves docs/dashboard-<page>-<desktop|phone>.png.
"""
import os
import time
import uuid

import pytest

from conftest import MASTER_TOKEN, ROOT, new_number, wait_for
from test_dashboard_browser import (DESKTOP, PASSWORD, PHONE, Browser, By, need_browser, open_conversation,  # noqa: F401
                                    require_browser,
                                    patient_writes, status_update)

DOCS = os.path.join(ROOT, "docs")
pytestmark = [need_browser]


@pytest.fixture(scope="module")
def demo(stack, dashboard):
    tag = uuid.uuid4().hex[:4]
    doctor_id, phone = stack.add_doctor("Dr. Meera Iyer", "Lotus Child Care", specialization="Paediatrician",
                                        address="4 Lake View, Chennai")
    kb = [("What are your timings?", "We are open 10 am to 6 pm, Monday to Saturday.", "timings hours open"),
          ("What is the consultation fee?", "The consultation fee is Rs 500; follow-ups within 7 days are free.",
           "fee fees charges cost"),
          ("Where is the clinic?", "4 Lake View, Chennai, opposite the park. Parking is available.",
           "where address location")]
    for q, a, k in kb:
        stack.add_kb(doctor_id, q, a, k)
    admin = f"reception.{tag}@lotus.example"
    dashboard.add_user(admin, "clinic_admin", doctor_id)
    world = {"id": doctor_id, "phone": phone, "admin": admin}
    patients = [("Asha Patel", "What are your timings?"), ("Ravi Kumar", "What is the consultation fee?"),
                ("Sunita Sharma", "My son has chest pain and cannot breathe"), ("Imran Khan", "Where is the clinic?")]
    numbers = {}
    for name, text in patients:
        numbers[name] = new_number()
        seed = patient_writes(stack, world, numbers[name], text, name=name)
        if name == "Asha Patel":
            stack.replies_to(numbers[name])
            wamid = wait_for(lambda: (stack.sql("SELECT wamid FROM messages WHERE out_id = %s AND wamid IS NOT NULL",
                                                "reply:" + seed) or [[None]])[0][0], what="the answer's wamid")
            status_update(stack, world, numbers[name], wamid, "read")
        if name == "Imran Khan":
            stack.replies_to(numbers[name])
            wamid = wait_for(lambda: (stack.sql("SELECT wamid FROM messages WHERE out_id = %s AND wamid IS NOT NULL",
                                                "reply:" + seed) or [[None]])[0][0], what="the answer's wamid")
            status_update(stack, world, numbers[name], wamid, "failed",
                          [{"code": 131026, "title": "Message undeliverable"}])
    time.sleep(2)
    patient_writes(stack, world, numbers["Asha Patel"], "Thank you! Can I bring my daughter at 5?", name="Asha Patel")
    time.sleep(1)
    # the clinic's own number, checked with the mock Graph API
    pnid, token = "8" + phone[-11:], "EAAGdemo" + uuid.uuid4().hex
    stack.mock_config({"api": "graph", "valid_tokens": [MASTER_TOKEN, token], "phones": {pnid: "+" + phone},
                       "quality_rating": "GREEN", "messaging_limit": "TIER_1K"})
    c = dashboard.client()
    assert c.login(admin)[0] == 200
    c.request("PUT", "/api/v1/whatsapp", {"phone_number_id": pnid, "token": token,
                                          "business_account_id": "102030405060708", "allow_master_fallback": True})
    yield world
    stack.mock_config({"api": "graph"})


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots(dashboard, demo, size):
    os.makedirs(DOCS, exist_ok=True)
    kind = "desktop" if size == DESKTOP else "phone"
    b = Browser(dashboard, size)
    try:
        def shot(page):
            time.sleep(0.6)
            b.d.save_screenshot(os.path.join(DOCS, f"dashboard-{page}-{kind}.png"))

        b.open("/")
        b.find("#email")
        b.fill("#email", demo["admin"])
        shot("signin")
        b.fill("#password", PASSWORD)
        b.button("Sign in").click()
        b.find("#inbox-title")
        b.wait_text("[data-testid=conversations]", "Asha Patel")
        shot("inbox")
        open_conversation(b, "Asha Patel")
        b.wait_text("[data-testid=messages]", "daughter")
        shot("conversation")
        if size == DESKTOP:
            open_conversation(b, "Imran Khan")
            b.find("[data-testid=failed-reason]")
            shot("conversation-failed")
        b.open("/kb")
        b.find("[data-kb]")
        b.fill("#try-q", "how much is the fee")
        b.button("Try").click()
        b.find("[data-testid=kb-try-result]")
        shot("kb")
        b.open("/settings")
        b.find("#s-name")
        shot("settings")
        b.open("/whatsapp")
        b.find("[data-testid=wa-form]")
        shot("number")
        assert len(b.d.find_elements(By.CSS_SELECTOR, "body")) == 1
    finally:
        b.close()


# --- reports (issue 17, "Reports and analytics") --------------------------------------------------------------------
def seed_report_history(stack, doctor):
    """Four weeks of the demo clinic's history in SQL (busier on weekdays): patients' questions and their answers by
    the knowledge base, the model, flows, staff and the fallback text, priced; appointments by channel; the walk-in
    queue; a few referrals and an emergency."""
    stack.sql("INSERT INTO patients (doctor_id, wa_id, profile_name)"
              " SELECT %s, '9194' || lpad(i::text, 8, '0'), (ARRAY['Kavya Rao', 'Arjun Mehta', 'Fatima Shaikh',"
              " 'Rohan Das', 'Priya Nair', 'Vikram Singh'])[1 + i %% 6] || ' ' || i FROM generate_series(1, 60) i"
              " ON CONFLICT DO NOTHING", doctor)
    stack.sql(
        "WITH p AS (SELECT array_agg(id ORDER BY wa_id) AS ids, array_agg(wa_id ORDER BY wa_id) AS wa FROM patients"
        " WHERE doctor_id = %s AND wa_id LIKE '9194%%'),"
        " g AS (SELECT d, k, (now() - make_interval(days => d))::date + time '04:30'"
        " + make_interval(mins => 13 * k) AS at"
        " FROM generate_series(1, 27) d, generate_series(1, 40) k"
        " WHERE k <= 14 + (d * 7) %% 17 - CASE WHEN extract(isodow FROM now() - make_interval(days => d)) = 7"
        " THEN 12 ELSE 0 END)"
        " INSERT INTO messages (doctor_id, patient_id, direction, wamid, reply_to, wa_id, type, body, source, status,"
        " created_at, sent_at, pricing_category, pricing_type, pricing_billable)"
        " SELECT %s, p.ids[1 + (d * 40 + k) %% 60], x.dir,"
        " CASE WHEN x.dir = 'in' THEN 'wamid.DEMO' || d || '.' || k END,"
        " CASE WHEN x.dir = 'out' THEN 'wamid.DEMO' || d || '.' || k END, p.wa[1 + (d * 40 + k) %% 60], 'text',"
        " CASE WHEN x.dir = 'in' THEN (ARRAY['What are your timings?', 'What is the consultation fee?',"
        " 'Do you give the flu vaccine?', 'Where is the clinic?', 'Is the doctor available on Sunday?',"
        " 'do you give flu vaccine', 'Book an appointment', 'Can I pay by UPI?'])[1 + (d + k) %% 8]"
        " ELSE 'answer' END,"
        " CASE WHEN x.dir = 'out' THEN (ARRAY['kb', 'kb', 'ai', 'kb', 'fallback', 'ai', 'flow', 'manual'])"
        "[1 + (d + k) %% 8] END,"
        " CASE WHEN x.dir = 'in' THEN 'routed' ELSE 'read' END,"
        " g.at + CASE WHEN x.dir = 'out' THEN make_interval(secs => 2 + (d * k) %% 40) ELSE interval '0' END,"
        " CASE WHEN x.dir = 'out' THEN g.at + make_interval(secs => 2 + (d * k) %% 40) END,"
        " CASE WHEN x.dir = 'out' THEN (ARRAY['service', 'service', 'utility'])[1 + k %% 3] END,"
        " CASE WHEN x.dir = 'out' THEN (ARRAY['free_customer_service', 'free_customer_service', 'regular'])"
        "[1 + k %% 3] END, CASE WHEN x.dir = 'out' THEN k %% 3 = 2 END"
        " FROM g, p, (VALUES ('in'), ('out')) x(dir)", doctor, doctor)
    stack.sql("WITH p AS (SELECT array_agg(id ORDER BY wa_id) AS ids FROM patients WHERE doctor_id = %s"
              " AND wa_id LIKE '9194%%')"
              " INSERT INTO appointments (doctor_id, patient_id, slot_start, status, channel, attendance)"
              " SELECT %s, p.ids[1 + (d * 12 + k) %% 60],"
              " (current_date - d) + time '04:30' + make_interval(mins => 30 * k),"
              " CASE WHEN (d + k) %% 9 = 0 THEN 'cancelled' ELSE 'booked' END,"
              " CASE WHEN k %% 3 = 0 THEN 'reception' ELSE 'whatsapp' END,"
              " CASE WHEN (d + k) %% 9 = 0 THEN NULL WHEN (d * k) %% 7 = 3 THEN 'no_show' ELSE 'arrived' END"
              " FROM p, generate_series(1, 27) d, generate_series(0, 11) k", doctor, doctor)
    stack.sql("WITH p AS (SELECT array_agg(id ORDER BY wa_id) AS ids FROM patients WHERE doctor_id = %s"
              " AND wa_id LIKE '9194%%')"
              " INSERT INTO queue_tokens (doctor_id, day, token, patient_id, status, created_at, called_at)"
              " SELECT %s, current_date - d, k, p.ids[1 + (d * 20 + k) %% 60],"
              " CASE WHEN k %% 8 = 0 THEN 'skipped' ELSE 'done' END,"
              " (current_date - d) + time '04:00' + make_interval(mins => 6 * k),"
              " CASE WHEN k %% 8 <> 0"
              " THEN (current_date - d) + time '04:00' + make_interval(mins => 6 * k + 5 + d %% 9)"
              " END FROM p, generate_series(1, 27) d, generate_series(1, 12 + d %% 6) k", doctor, doctor)
    stack.sql("WITH p AS (SELECT array_agg(id ORDER BY wa_id) AS ids FROM patients WHERE doctor_id = %s"
              " AND wa_id LIKE '9194%%')"
              " INSERT INTO referrals (doctor_id, referred_id, referrer_id, code, created_at)"
              " SELECT %s, p.ids[10 + i], p.ids[1 + i %% 3], 'DEMO' || i, now() - make_interval(days => i)"
              " FROM p, generate_series(1, 9) i", doctor, doctor)


def test_screenshot_reports(stack, dashboard, demo):
    os.makedirs(DOCS, exist_ok=True)
    seed_report_history(stack, demo["id"])
    for size, name in (((1280, 3000), "dashboard-reports.png"), (PHONE, "dashboard-reports-phone.png")):
        b = Browser(dashboard, size)
        try:
            b.sign_in(demo["admin"])
            b.find("#inbox-title")
            b.open("/reports")
            b.wait_text("[data-testid=report-sources] table", "Knowledge base")
            b.find("[data-testid=report-messages] svg")
            time.sleep(0.8)
            b.d.save_screenshot(os.path.join(DOCS, name))
        finally:
            b.close()
