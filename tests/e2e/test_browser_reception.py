"""The reception's pages (issue 17) in a real browser: Debian's headless Chromium through selenium (the helpers of
test_dashboard_browser.py), against the harness' real stack. A booking for a patient who phoned, made on the day
view, reaches the mock Graph API as the WhatsApp confirmation; a receptionist who loses the race for the last place
sees it taken; a no-show is marked; the queue screen calls the next tokens and the waiting-room display (a second
window, signed in as staff at /display) follows by itself, showing tokens only; the pages fit a phone.
"""
import time
import uuid

import pytest

from conftest import new_number, wait_for
from test_clinic import body, midday_zone, new_doctor, say
from test_dashboard_browser import PHONE, Browser, browser, desktop, need_browser, require_browser  # noqa: F401


@pytest.fixture(scope="module")
def rx_world(stack, dashboard):
    tag = uuid.uuid4().hex[:8]
    doc = new_doctor(stack, clinic=f"Browser Reception {tag}", address="3 Park Street, Kolkata", per_slot=1,
                     notify_ahead=1)
    # the clinic's day is the day view's: in Asia/Kolkata a run after about 23:00 IST found today's last slots taken
    # or gone (and "an hour ago" yesterday), so the clinic keeps a time zone where it is about noon now
    stack.sql("UPDATE clinic_settings SET time_zone = %s WHERE doctor_id = %s", midday_zone(), doc["id"])
    staff = f"desk.{tag}@reception.test"
    dashboard.add_user(staff, "staff", doc["id"])
    return {"doc": doc, "staff": staff, "tag": tag}


def open_reception(b, world):
    b.sign_in(world["staff"])
    b.find("#inbox-title")
    b.open("/reception")
    b.find("[data-testid=rx-slots]")


def texts_to(stack, number):
    return [m["text"]["body"] for _, m in stack.graph_sends(number) if m["type"] == "text"]


@need_browser
def test_a_phoned_in_booking_from_the_day_view(browser, stack, rx_world):
    b, doc = browser, rx_world["doc"]
    open_reception(b, rx_world)
    open_btn = b.find("[data-testid=rx-book-open]")
    slot = open_btn.find_element("xpath", "./ancestor::li[@data-start]")
    start = slot.get_attribute("data-start")
    b.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", open_btn)
    open_btn.click()
    number = new_number()
    say(stack, doc, number, "hi")  # wrote today, then phoned: the confirmation is the WhatsApp booking's text
    b.fill("[data-testid=rx-phone]", number)
    b.fill("[data-testid=rx-name]", "Phoned In")
    b.find("[data-testid=rx-book-submit]").click()
    b.wait_text("[data-testid=rx-notice]", "The patient gets the confirmation on WhatsApp")
    # the mock Graph API got the same confirmation a WhatsApp booking sends
    text = wait_for(lambda: next((t for t in texts_to(stack, number) if "is confirmed for" in t), None),
                    what="the confirmation")
    assert text.startswith(f"Your appointment at {doc['clinic']} is confirmed for ") and doc["address"] in text
    # the slot shows the patient, taken
    b.wait_text(f"li[data-start='{start}'] [data-testid=rx-appt]", number)
    assert "1 of 1 taken" in b.text_of(f"li[data-start='{start}']")
    assert stack.sql("SELECT channel FROM appointments a JOIN patients p ON p.id = a.patient_id"
                     " WHERE p.wa_id = %s", number) == [("reception",)]


@need_browser
def test_the_receptionist_who_loses_the_last_place_sees_it_taken(desktop, stack, dashboard, rx_world):
    b = desktop
    open_reception(b, rx_world)
    open_btn = b.find("[data-testid=rx-book-open]")
    start = int(open_btn.find_element("xpath", "./ancestor::li[@data-start]").get_attribute("data-start"))
    open_btn.click()
    b.fill("[data-testid=rx-phone]", new_number())
    # meanwhile, another receptionist books the last place of that time
    other = dashboard.client()
    assert other.login(rx_world["staff"])[0] == 200
    status, _ = other.request("POST", "/api/v1/appointments", {"start": start, "wa_id": new_number()})
    assert status == 201
    b.find("[data-testid=rx-book-submit]").click()
    b.wait_text("[data-testid=rx-book-error]", "Every place of this time was just taken")
    assert stack.sql("SELECT count(*) FROM appointments WHERE doctor_id = %s AND status = 'booked'"
                     " AND slot_start = to_timestamp(%s)", rx_world["doc"]["id"], start) == [(1,)]


@need_browser
def test_a_no_show_is_marked(desktop, stack, rx_world):
    b, doc = desktop, rx_world["doc"]
    number = new_number()
    patient = str(stack.sql("INSERT INTO patients (doctor_id, wa_id, profile_name) VALUES (%s, %s, 'Did Not Come')"
                            " RETURNING id", doc["id"], number)[0][0])
    appt = str(stack.sql("INSERT INTO appointments (doctor_id, patient_id, slot_start) VALUES"
                         " (%s, %s, date_trunc('hour', now()) - interval '1 hour') RETURNING id",
                         doc["id"], patient)[0][0])
    open_reception(b, rx_world)
    row = wait_for(lambda: next((e for e in b.d.find_elements("css selector", "[data-testid=rx-appt]")
                                 if "Did Not Come" in e.text), None), what="the appointment of this morning")
    b.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    row.find_element("css selector", "[data-testid=rx-noshow]").click()
    b.wait_text("[data-testid=rx-attendance]", "No-show")
    assert stack.sql("SELECT attendance FROM appointments WHERE id = %s", appt) == [("no_show",)]


@need_browser
def test_the_queue_screen_advances_and_the_display_follows(desktop, stack, dashboard, rx_world):
    doc = rx_world["doc"]
    patients = [new_number() for _ in range(3)]
    for i, p in enumerate(patients):
        assert f"token number is {i + 1}" in body(say(stack, doc, p, "queue"))
    screen = desktop
    screen.sign_in(rx_world["staff"])
    screen.find("#inbox-title")
    screen.open("/queue")
    screen.wait_text("[data-testid=queue-tokens]", patients[2])
    # the TV: signs in as staff at /display and stays there (nothing secret in its URL)
    tv = Browser(dashboard, (1920, 1080))
    try:
        tv.open("/display")
        tv.fill("#email", rx_world["staff"])
        tv.fill("#password", "correct horse battery")
        tv.button("Sign in").click()
        tv.find("[data-testid=display]")
        assert tv.d.current_url.endswith("/display")
        tv.wait_text("[data-testid=display-next]", "1")
        assert tv.text_of("[data-testid=display-current]") == "—"

        screen.find("[data-testid=queue-next]").click()
        screen.wait_text("[data-testid=queue-current]", "1")
        wait_for(lambda: texts_to(stack, patients[0]) and any("Token 1: it is your turn now" in t
                                                              for t in texts_to(stack, patients[0])),
                 what="token 1 told")
        # the display follows by itself
        wait_for(lambda: tv.text_of("[data-testid=display-current]") == "1", timeout=15, what="the display at 1")
        assert tv.text_of("[data-testid=display-next]").split() == ["2", "3"]
        screen.find("[data-testid=queue-next]").click()
        wait_for(lambda: tv.text_of("[data-testid=display-current]") == "2", timeout=15, what="the display at 2")
        assert tv.text_of("[data-testid=display-next]").split() == ["3"]
        # no patient's number on the screen of the waiting room
        page = tv.d.find_element("css selector", "body").text
        assert not any(p in page for p in patients), page
        assert not tv.csp_violations()
    finally:
        tv.close()


@need_browser
def test_reception_pages_fit_a_phone(dashboard, rx_world):
    b = Browser(dashboard, PHONE)
    try:
        b.sign_in(rx_world["staff"])
        b.find("#inbox-title")
        for path, ready in (("/reception", "[data-testid=rx-slots]"), ("/queue", "[data-testid=queue-current]"),
                            ("/display", "[data-testid=display-current]")):
            b.open(path)
            b.find(ready)
            time.sleep(0.5)
            wide = b.overflow()
            assert wide <= 0, f"{path} scrolls sideways by {wide}px on a phone"
        # the week view too
        b.open("/reception")
        b.find("[data-testid=rx-week]").click()
        b.find("[data-testid=rx-week-view]")
        time.sleep(0.5)
        assert b.overflow() <= 0
    finally:
        b.close()
