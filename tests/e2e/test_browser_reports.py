"""The reports page (issue 17, "Reports and analytics") in real Chromium: it shows the counts of the messages a clinic's
patients sent through the pipeline today, its CSV links download the same table with the session, a period can be
picked, the page reads in Hindi, and it fits a phone. Reuses test_dashboard_browser.py's browser and helpers.
"""
import time
import uuid

import pytest

from conftest import wait_for
from test_dashboard_browser import (  # noqa: F401 (fixtures used by name)
    PHONE, Browser, browser, need_browser, patient_writes, require_browser)
from conftest import new_number


@pytest.fixture(scope="module")
def report_world(stack, dashboard):
    """A clinic whose patients wrote three messages today, all answered, and its staff user."""
    tag = uuid.uuid4().hex[:8]
    doctor_id, phone = stack.add_doctor("Dr. Charts", f"Charts Clinic {tag}")
    stack.add_kb(doctor_id, "What are your timings?", "Open 9 to 5.", "timings hours open")
    staff = f"staff.{tag}@reports.test"
    dashboard.add_user(staff, "staff", doctor_id)
    w = {"id": doctor_id, "phone": phone, "staff": staff}
    sent = [patient_writes(stack, w, new_number(), text) for text in
            ("What are your timings?", "timings please", "Do you sell spectacles?")]
    for wamid in sent:
        wait_for(lambda: stack.sql("SELECT count(*) FROM messages WHERE reply_to = %s", wamid)[0][0] >= 1,
                 timeout=30, what=f"the answer to {wamid}")
    w["out"] = stack.sql("SELECT count(*) FROM messages WHERE doctor_id = %s AND direction = 'out'", doctor_id)[0][0]
    w["today"] = stack.sql("SELECT to_char((now() AT TIME ZONE 'Asia/Kolkata')::date, 'YYYY-MM-DD')")[0][0]
    return w


def set_date(b, css, value):
    e = b.find(css)
    b.d.execute_script("arguments[0].value = arguments[1];"
                       "arguments[0].dispatchEvent(new Event('input', {bubbles: true}))", e, value)


def fetch_text(b, href):
    return b.d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(async r => done([r.status,"
        " r.headers.get('content-type'), r.headers.get('content-disposition'), await r.text()]))"
        ".catch(e => done([0, '', '', String(e)]))", href)


@need_browser
def test_the_page_shows_the_counts_and_its_csv_links_work(browser, report_world):  # noqa: F811
    b = browser
    b.sign_in(report_world["staff"])
    b.find("#inbox-title")
    b.open("/reports")
    b.wait_text("[data-testid=rep-total-in]", "3")
    assert b.text_of("[data-testid=rep-total-out]") == str(report_world["out"])
    # today's row of the table beside the chart, and the chart itself, titled
    section = b.find("[data-testid=report-messages]")
    wait_for(lambda: any(report_world["today"] in r.text and " 3 " in " " + r.text + " "
                         for r in section.find_elements("css selector", "tbody tr")), what="today's row")
    assert section.find_element("css selector", "svg[role=img] title").get_attribute("textContent") == \
        "Messages per day"
    # the knowledge base answered two; the spectacles question is among those nobody could answer
    b.wait_text("[data-testid=report-sources] table", "Knowledge base")
    b.wait_text("[data-testid=report-unanswered] table", "do you sell spectacles")
    # the CSV link downloads the same table with the session's cookie
    href = b.find("[data-testid=csv-messages]").get_attribute("href")
    status, ctype, disp, text = fetch_text(b, href)
    assert status == 200 and ctype.startswith("text/csv") and disp.startswith("attachment; filename=\"messages-")
    lines = text.strip().split("\r\n")
    assert lines[0] == "day,in,out" and f"{report_world['today']},3,{report_world['out']}" in lines
    # an earlier period with nothing in it. Typing the dates loads nothing (the button does): each date typed used to
    # start a load of a half-chosen period (1 January to today, holding today's 3), and when its answer came after
    # the button's, the page showed that period's total under the dates asked for
    before = b.loads("/api/v1/reports/messages")
    set_date(b, "[data-testid=rep-from]", "2026-01-01")
    set_date(b, "[data-testid=rep-to]", "2026-01-07")
    b.find("[data-testid=rep-show]").click()
    b.wait_text("[data-testid=report-messages] table", "2026-01-07")
    wait_for(lambda: b.text_of("[data-testid=rep-total-in]") == "0", what="the new period's total")
    assert b.loads("/api/v1/reports/messages") - before == 1
    if b.size == PHONE:
        time.sleep(0.3)
        wide = b.overflow()
        assert wide <= 0, f"/reports scrolls sideways by {wide}px on a phone"


@need_browser
def test_the_page_in_hindi(dashboard, report_world):
    b = Browser(dashboard, (1280, 860))
    try:
        b.sign_in(report_world["staff"])
        b.find("#inbox-title")
        b.open("/reports")
        b.find("[data-testid=rep-total-in]")
        from selenium.webdriver.support.ui import Select
        Select(b.find("[data-testid=lang]")).select_by_value("hi")
        b.wait_text("h1", "रिपोर्ट")
        b.wait_text("[data-testid=report-messages] h2", "हर दिन के संदेश")
        assert b.text_of("[data-testid=csv-messages]").startswith("CSV डाउनलोड करें")
    finally:
        b.close()
