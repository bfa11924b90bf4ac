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
