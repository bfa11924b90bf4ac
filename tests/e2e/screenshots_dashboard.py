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


# --- the reception (issue 17): docs/dashboard-reception.png, -queue.png, -display.png -----------------------------
@pytest.fixture(scope="module")
def reception_demo(stack, dashboard):
    """A clinic's day: appointments booked on WhatsApp and at the desk (one arrived, one no-show), a walk-in queue
    with tokens called, and referrals."""
    from test_clinic import say
    tag = uuid.uuid4().hex[:4]
    doctor_id, phone = stack.add_doctor("Dr. Anil Mehta", "Mehta Family Clinic", address="21 Civil Lines, Nagpur")
    stack.sql("INSERT INTO clinic_settings (doctor_id, work_days, day_start, day_end, break_start, break_end,"
              " slot_minutes, per_slot, book_ahead_days, queue_notify_ahead)"
              " VALUES (%s, '{1,2,3,4,5,6,7}', '09:00', '17:00', '13:00', '14:00', 30, 2, 7, 2)", doctor_id)
    people = ["Asha Patel", "Ravi Kumar", "Sunita Sharma", "Imran Khan", "Meena Joshi", "Vikram Rao", "Neha Gupta"]
    ids = {}
    for name in people:
        ids[name] = str(stack.sql("INSERT INTO patients (doctor_id, wa_id, profile_name) VALUES (%s, %s, %s)"
                                  " RETURNING id", doctor_id, new_number(), name)[0][0])
    booked = [("09:00", "Asha Patel", "whatsapp", "arrived"), ("09:00", "Ravi Kumar", "reception", "arrived"),
              ("09:30", "Sunita Sharma", "whatsapp", "no_show"), ("10:30", "Imran Khan", "reception", None),
              ("11:00", "Meena Joshi", "whatsapp", None), ("11:00", "Vikram Rao", "whatsapp", None),
              ("15:00", "Neha Gupta", "reception", None)]
    places = {}
    for at, name, channel, attendance in booked:
        places[at] = places.get(at, 0) + 1
        stack.sql("WITH a AS (INSERT INTO appointments (doctor_id, patient_id, slot_start, channel, attendance)"
                  " SELECT %s, %s, ((now() AT TIME ZONE 'Asia/Kolkata')::date + %s::time) AT TIME ZONE"
                  " 'Asia/Kolkata', %s, %s RETURNING id, doctor_id, slot_start)"
                  " INSERT INTO slot_bookings (doctor_id, slot_start, place, appointment_id)"
                  " SELECT doctor_id, slot_start, %s, id FROM a", doctor_id, ids[name], at, channel, attendance,
                  places[at])
    for referred, referrer in (("Meena Joshi", "Asha Patel"), ("Vikram Rao", "Asha Patel"),
                               ("Neha Gupta", "Ravi Kumar")):
        stack.sql("INSERT INTO referrals (doctor_id, referred_id, referrer_id, code) VALUES (%s, %s, %s, 'x')",
                  doctor_id, ids[referred], ids[referrer])
    stack.sql("INSERT INTO referral_codes (doctor_id, patient_id, code) VALUES (%s, %s, 'REF-ASHA1'),"
              " (%s, %s, 'REF-RAVI2')", doctor_id, ids["Asha Patel"], doctor_id, ids["Ravi Kumar"])
    doc = {"id": doctor_id, "phone": phone}
    for _ in range(7):
        say(stack, doc, new_number(), "queue")
    staff = f"desk.{tag}@mehta.example"
    dashboard.add_user(staff, "staff", doctor_id)
    c = dashboard.client()
    assert c.login(staff)[0] == 200
    for _ in range(3):
        assert c.request("POST", "/api/v1/queue/next")[0] == 200
    yield {"staff": staff}


def test_screenshots_reception(dashboard, reception_demo):
    os.makedirs(DOCS, exist_ok=True)
    b = Browser(dashboard, DESKTOP)
    try:
        b.sign_in(reception_demo["staff"])
        b.find("#inbox-title")
        b.open("/reception")
        b.wait_text("[data-testid=rx-slots]", "Sunita Sharma")
        time.sleep(0.6)
        b.d.save_screenshot(os.path.join(DOCS, "dashboard-reception.png"))
        b.open("/queue")
        b.wait_text("[data-testid=queue-current]", "3")
        time.sleep(0.6)
        b.d.save_screenshot(os.path.join(DOCS, "dashboard-queue.png"))
        b.open("/display")
        b.wait_text("[data-testid=display-current]", "3")
        time.sleep(0.6)
        b.d.save_screenshot(os.path.join(DOCS, "dashboard-display.png"))
    finally:
        b.close()


# --- the operator's console (issue 17): docs/dashboard-ops*.png --------------------------------------------------
@pytest.fixture(scope="module")
def ops_demo(stack, dashboard):
    """An operator; three clinics with their numbers in different health; two sends Graph refused (dead letters)."""
    tag = uuid.uuid4().hex[:4]
    ids = {}
    for name, clinic, state, quality, limit, err in (
            ("Dr. Meera Iyer", "Lotus Child Care", "valid", "GREEN", "TIER_1K", None),
            ("Dr. Arjun Mehta", "Smile Dental Studio", "invalid", "YELLOW", "TIER_250",
             "Graph 190: the access token has expired"),
            ("Dr. Sunita Patil", "Patil Family Clinic", "none", None, None, None)):
        ids[clinic], _ = stack.add_doctor(name, clinic)
        stack.sql("UPDATE doctors SET credentials_state = %s, whatsapp_quality_rating = %s,"
                  " whatsapp_messaging_limit = %s, credentials_error = %s WHERE id = %s",
                  state, quality, limit, err, ids[clinic])
    operator = f"ops.{tag}@platform.example"
    dashboard.add_user(operator, "operator")
    patients = [new_number(), new_number()]
    stack.mock_config({"api": "graph", "errors": [{"code": 100, "to": p} for p in patients]})
    from test_sender_dlq import enqueue
    for p in patients:
        enqueue(stack, ids["Smile Dental Studio"], p, "Your appointment is confirmed for Monday 10 am.")
    wait_for(lambda: sum(ids["Smile Dental Studio"] in f.get("entry", "")
                         for _, f in stack.redis.xrevrange("wa:dlq", count=200)) >= 2, what="the dead letters")
    yield {"operator": operator}
    stack.mock_config({"api": "graph"})


def test_screenshots_ops(dashboard, ops_demo):
    os.makedirs(DOCS, exist_ok=True)
    b = Browser(dashboard, DESKTOP)
    try:
        def shot(name):
            time.sleep(0.8)
            b.d.save_screenshot(os.path.join(DOCS, f"{name}.png"))

        b.sign_in(ops_demo["operator"])
        b.find("[data-testid=signout]")
        b.open("/ops")
        b.wait_text("[data-testid=ops-doctors]", "Smile Dental Studio")
        shot("dashboard-ops")
        b.find("[data-testid=ops-tab-streams]").click()
        b.wait_text("[data-testid=ops-streams]", "wa:dlq")
        shot("dashboard-ops-streams")
        b.find("[data-testid=ops-tab-dlq]").click()
        b.wait_text("[data-testid=ops-dlq]", "graph_fix")
        b.d.find_elements(By.CSS_SELECTOR, "[data-testid=ops-dlq] button")[0].click()  # show the newest
        b.find("#dlq-shown")
        shot("dashboard-ops-dlq")
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


# --- contacts (issue 18): a school's parents, classes and a CSV import's preview ----------------------------------
@pytest.fixture(scope="module")
def school_demo(stack, dashboard):
    import subprocess
    from conftest import BIN

    def wactl(*args):
        r = subprocess.run([os.path.join(BIN, "wactl"), *args], env=stack.env, capture_output=True, text=True,
                           timeout=60, cwd=stack.tmp)
        assert r.returncode == 0, r.stderr
        return r.stdout.strip()

    tag = uuid.uuid4().hex[:4]
    school = wactl("doctor", "add", "--name", "Mrs. Kavita Rao", "--phone", "+" + new_number(), "--clinic",
                   "Sunflower Preschool", "--kind", "school")
    admin = f"office.{tag}@sunflower.example"
    dashboard.add_user(admin, "school_admin", school)
    for who in ("anita", "farah"):
        dashboard.add_user(f"{who}.{tag}@sunflower.example", "teacher", school)
    wactl("group", "add", "--doctor", school, "--name", "Nursery A", "--kind", "class", "--teacher",
          f"anita.{tag}@sunflower.example")
    wactl("group", "add", "--doctor", school, "--name", "KG 1", "--kind", "class", "--teacher",
          f"farah.{tag}@sunflower.example")
    wactl("group", "add", "--doctor", school, "--name", "All parents")
    rows = [("Meera Iyer", "Anu", "Nursery A;All parents", "en"), ("Meera Iyer", "Kabir", "KG 1;All parents", "en"),
            ("Ravi Kumar", "Dev", "KG 1;All parents", "hi"), ("Sana Shaikh", "Zoya", "Nursery A;All parents", "hi"),
            ("Joseph Mathew", "Ann", "KG 1;All parents", "en")]
    numbers = {}
    lines = ["phone,name,child,group,language"]
    for name, child, groups, lang in rows:
        numbers.setdefault(name, new_number())
        lines.append(f"+{numbers[name]},{name},{child},{groups},{lang}")
    path = os.path.join(stack.tmp, f"sunflower-{tag}.csv")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    wactl("contacts", "import", "--doctor", school, path, "--basis", "Admission form 2026: WhatsApp consent box")
    stack.sql("UPDATE patients SET opted_out = true, opted_out_at = now() - interval '2 days' WHERE wa_id = %s",
              numbers["Joseph Mathew"])
    preview = os.path.join(stack.tmp, f"sunflower-new-{tag}.csv")
    with open(preview, "w") as f:
        f.write("phone,name,child,group,language\n"
                f"+{new_number()},Priya Nair,Ishaan,Nursery A,en\n"
                "98450 12345,Arjun Das,Rohan,KG 1,hi\n"
                f"+{numbers['Ravi Kumar']},Ravi Kumar,Dev,KG 1,hi\n"
                f"+{new_number()},Lata Menon,Tara,Class 9,en\n")
    return {"id": school, "admin": admin, "preview": preview}


@pytest.mark.parametrize("size", [DESKTOP], ids=["desktop"])
def test_screenshots_contacts(dashboard, school_demo, size):
    os.makedirs(DOCS, exist_ok=True)
    b = Browser(dashboard, size)
    try:
        b.sign_in(school_demo["admin"])
        b.find("#inbox-title")
        b.open("/contacts")
        b.wait_text("[data-testid=ct-list]", "Meera Iyer")
        time.sleep(0.6)
        b.d.save_screenshot(os.path.join(DOCS, "dashboard-contacts.png"))
        b.button("Import CSV").click()
        b.find("[data-testid=ct-file]", visible=False).send_keys(school_demo["preview"])
        b.button("Check the file").click()
        b.find("[data-testid=ct-summary]")
        b.d.execute_script("document.querySelector('[data-testid=ct-summary]').scrollIntoView({block: 'start'})")
        time.sleep(0.6)
        b.d.save_screenshot(os.path.join(DOCS, "dashboard-contacts-import.png"))
    finally:
        b.close()


# --- broadcasts (issue 18): docs/dashboard-broadcasts.png, a class's broadcast report with its statuses ------------
def test_screenshot_broadcasts(stack, dashboard):
    from test_broadcasts import VARS, add_contact, add_group, make_tenant, signed_in, status_webhook
    t = make_tenant(stack, dashboard)
    g = add_group(stack, t["id"], "Class 1A (Sunflowers)")
    people = [("Asha's mother", [(g, "Asha"), (g, "Ravi")]), ("Bina Rao", [(g, "Kabir")]),
              ("Chitra Nair", [(g, "Meena")]), ("Deepak Singh", [(g, "Arjun")]), ("Esha Gupta", [(g, "Tara")])]
    contacts = [add_contact(stack, t["id"], name, groups) for name, groups in people]
    add_contact(stack, t["id"], "Farhan Ali", [(g, "Zoya")], opted_out=True)
    c = signed_in(dashboard, t["admin"])
    status, b = c.request("POST", "/api/v1/broadcasts", {"name": "Friday closure", "template": {"name": "class_notice"},
                                                        "variables": VARS, "group_ids": [g]})
    assert status == 201, b
    wait_for(lambda: stack.sql("SELECT count(*) FROM broadcast_recipients WHERE broadcast_id = %s AND wamid IS NOT"
                               " NULL", b["id"]) == [(5,)], what="sent")
    rows = dict(stack.sql("SELECT wa_id, wamid FROM broadcast_recipients WHERE broadcast_id = %s", b["id"]))
    for (_, wa), st in zip(contacts, ["read", "read", "delivered", "delivered", "failed"]):
        status_webhook(stack, t["phone"], wa, rows[wa], st,
                       [{"code": 131026, "title": "Message undeliverable"}] if st == "failed" else None)
    wait_for(lambda: stack.sql("SELECT count(*) FROM broadcast_recipients WHERE broadcast_id = %s AND state IN"
                               " ('read', 'delivered', 'failed')", b["id"]) == [(5,)], what="statuses")
    br = Browser(dashboard, DESKTOP)
    try:
        br.sign_in(t["admin"])
        br.find("[data-testid=signout]", visible=False)
        br.open("/broadcasts/" + b["id"])
        br.wait_text("table.bc-recipients", "Asha, Ravi")
        time.sleep(0.6)
        br.d.save_screenshot(os.path.join(DOCS, "dashboard-broadcasts.png"))
    finally:
        br.close()
# --- photos and documents (issue 17): the inbox with a patient's photo and document --------------------------------
@pytest.fixture(scope="module")
def media_demo(stack, dashboard):
    from test_browser_media import patient_sends, photo
    from test_media import PDF
    tag = uuid.uuid4().hex[:4]
    doctor_id, phone = stack.add_doctor("Dr. Meera Iyer", "Lotus Child Care", specialization="Paediatrician")
    admin = f"photos.{tag}@lotus.example"
    dashboard.add_user(admin, "clinic_admin", doctor_id)
    world = {"id": doctor_id, "phone": phone, "admin": admin}
    patient = new_number()
    patient_writes(stack, world, patient, "Good morning, this is the rash on my son's arm", name="Asha Patel")
    patient_sends(stack, world, patient, "Asha Patel", "image", photo(), "image/png", caption="Since yesterday")
    patient_sends(stack, world, patient, "Asha Patel", "document", PDF, "application/pdf",
                  filename="blood-test-report.pdf")
    return world


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots_media(dashboard, media_demo, size):
    os.makedirs(DOCS, exist_ok=True)
    kind = "desktop" if size == DESKTOP else "phone"
    b = Browser(dashboard, size)
    try:
        b.sign_in(media_demo["admin"])
        open_conversation(b, "Asha Patel")
        img = b.find("[data-testid=media][data-kind=image] img")
        wait_for(lambda: b.d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img),
                 what="the photo decoded")
        b.find("[data-testid=media-download]")
        time.sleep(0.6)
        b.d.save_screenshot(os.path.join(DOCS, f"dashboard-conversation-media-{kind}.png"))
    finally:
        b.close()
