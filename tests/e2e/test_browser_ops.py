"""The operator's console in a real browser (issue 17): a dead letter (a send the mock Graph API refused for good)
replayed from the console is sent; the streams table follows the streams by itself; a clinic disabled from the
page; a user added from the page signs in; the console is offered to the operator only and fits a phone. Reuses the
browser and helpers of test_dashboard_browser.py (Debian's chromium through selenium)."""
import time
import uuid

import pytest

try:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
except ImportError:  # need_browser fails these tests with the reason
    StaleElementReferenceException = Keys = Select = None

from conftest import new_number, wait_for
from test_dashboard_browser import (PHONE, Browser, browser, desktop, need_browser,  # noqa: F401 (fixtures)
                                    require_browser)
from test_sender_dlq import accepted, enqueue

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def ops_world(stack, dashboard):
    tag = uuid.uuid4().hex[:8]
    doctor_id, phone = stack.add_doctor("Dr. Console", f"Console Browser Clinic {tag}")
    w = {"tag": tag, "id": doctor_id, "phone": phone, "op": f"op.browser.{tag}@clinic.test",
         "admin": f"admin.ops.{tag}@clinic.test"}
    dashboard.add_user(w["op"], "operator")
    dashboard.add_user(w["admin"], "clinic_admin", doctor_id)
    return w


def open_tab(b, name):
    b.find(f"[data-testid=ops-tab-{name}]").click()


def dlq_ids(stack, doctor_id):
    return [i for i, f in stack.redis.xrevrange("wa:dlq", count=500) if doctor_id in f.get("entry", "")]


@need_browser
def test_a_dead_letter_is_replayed_from_the_console_and_sent(browser, stack, ops_world):  # noqa: F811
    patient = new_number()
    try:
        stack.mock_config({"api": "graph", "errors": [{"code": 100, "to": patient}]})
        out_id = enqueue(stack, ops_world["id"], patient, "Your report is ready (console).")
        [dead] = wait_for(lambda: [i for i, f in stack.redis.xrevrange("wa:dlq", count=500)
                                   if out_id in f.get("entry", "")], what="the dead letter")
        assert accepted(stack, patient) == []
        stack.mock_config({"api": "graph"})  # the cause is fixed

        browser.sign_in(ops_world["op"])
        browser.find("[data-testid=signout]")
        browser.open("/ops")
        open_tab(browser, "dlq")
        browser.fill("[data-testid=dlq-reason]", "graph_fix")
        browser.button("Filter").click()
        box = browser.find(f"input[aria-label='Select dead letter {dead}']")
        browser.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.click()
        browser.button("Replay selected (1)").click()
        browser.wait_text("[data-testid=ops-note]", "Replayed 1")
        sent = wait_for(lambda: accepted(stack, patient), what="the replayed message at the mock Graph API")
        assert len(sent) == 1 and sent[0]["text"]["body"] == "Your report is ready (console)."
        assert not stack.redis.xrange("wa:dlq", dead, dead)
        browser.gone(f"input[aria-label='Select dead letter {dead}']")
        wait_for(lambda: stack.sql("SELECT count(*) FROM messages WHERE out_id = %s", out_id) == [(1,)],
                 what="the outbound row")
        assert stack.sql("SELECT actor FROM audit_log WHERE action = 'dlq.replay' AND target = %s",
                         "dlq:" + dead) == [("user:" + ops_world["op"],)]
        time.sleep(1.0)
        assert len(accepted(stack, patient)) == 1  # once
    finally:
        stack.mock_config({"api": "graph"})


@need_browser
def test_the_streams_table_follows_the_streams_by_itself(desktop, stack, ops_world):  # noqa: F811
    desktop.sign_in(ops_world["op"])
    desktop.find("[data-testid=signout]")
    desktop.open("/ops")
    open_tab(desktop, "streams")
    table = "[data-testid=ops-streams]"
    desktop.wait_text(table, "wa:in")

    def dlq_length_shown():
        try:
            for row in desktop.d.find_elements("css selector", table + " tbody tr"):
                cells = [c.text for c in row.find_elements("css selector", "td")]
                if cells and cells[0] == "wa:dlq":
                    return int(cells[1])
        except StaleElementReferenceException:  # the table was redrawn meanwhile (every 3 s)
            pass
        return None

    before = wait_for(lambda: (lambda n: [n] if n is not None else None)(dlq_length_shown()),
                      what="wa:dlq's length")[0]
    probe = stack.redis.xadd("wa:dlq", {"stage": "router", "reason": "probe-" + ops_world["tag"], "entry": "{}"})
    try:
        wait_for(lambda: dlq_length_shown() == before + 1, timeout=15, what="the new length, without a reload")
    finally:
        stack.redis.xdel("wa:dlq", probe)


@need_browser
def test_a_clinic_disabled_and_a_user_added_from_the_console(desktop, stack, dashboard, ops_world):  # noqa: F811
    desktop.sign_in(ops_world["op"])
    desktop.find("[data-testid=signout]")
    desktop.open("/ops")
    row = wait_for(lambda: next((r for r in desktop.d.find_elements("css selector", "[data-testid=ops-doctors] tr")
                                 if ops_world["tag"] in r.text), None), what="the clinic's row")
    next(b for b in row.find_elements("css selector", "button") if b.text == "Disable").click()
    desktop.wait_text("[data-testid=ops-note]", "Disabled.")
    wait_for(lambda: stack.sql("SELECT is_active FROM doctors WHERE id = %s", ops_world["id"]) == [(False,)],
             what="the clinic disabled")
    row = wait_for(lambda: next((r for r in desktop.d.find_elements("css selector", "[data-testid=ops-doctors] tr")
                                 if ops_world["tag"] in r.text and "Enable" in r.text), None), what="Enable")
    next(b for b in row.find_elements("css selector", "button") if b.text == "Enable").click()
    wait_for(lambda: stack.sql("SELECT is_active FROM doctors WHERE id = %s", ops_world["id"]) == [(True,)],
             what="the clinic enabled again")

    open_tab(desktop, "users")
    desktop.button("Add a user").click()
    email = f"reception.{ops_world['tag']}@clinic.test"
    desktop.fill("#ops-u-email", email)
    Select(desktop.find("#ops-u-role")).select_by_value("staff")
    Select(desktop.find("#ops-u-doctor")).select_by_value(ops_world["id"])
    desktop.fill("#ops-u-pw", "short")
    desktop.find("#ops-u-pw").send_keys(Keys.ENTER)
    desktop.wait_text(".field-error", "10")  # the password's rule, next to the field
    desktop.fill("#ops-u-pw", "a receptionist's password")
    desktop.button("Add").click()
    desktop.wait_text("[data-testid=ops-note]", email)
    desktop.wait_text("[data-testid=ops-users]", email)
    assert dashboard.client().login(email, "a receptionist's password")[0] == 200


@need_browser
def test_the_console_is_the_operators_only_and_fits_a_phone(dashboard, stack, ops_world):
    b = Browser(dashboard, PHONE)
    try:
        b.sign_in(ops_world["admin"])
        b.find("[data-testid=signout]")
        assert not [a for a in b.d.find_elements("css selector", "nav a") if a.get_attribute("href").endswith("/ops")]
        b.d.delete_all_cookies()
        b.sign_in(ops_world["op"])
        b.find("[data-testid=signout]")
        assert [a for a in b.d.find_elements("css selector", "nav a") if a.get_attribute("href").endswith("/ops")]
        b.open("/ops")
        for tab, ready in (("doctors", "[data-testid=ops-doctors]"), ("streams", "[data-testid=ops-streams]"),
                           ("dlq", "[data-testid=ops-dlq]"), ("unrouted", "[data-testid=ops-unrouted]"),
                           ("users", "[data-testid=ops-users]"), ("audit", "[data-testid=ops-audit]")):
            open_tab(b, tab)
            b.find(ready)
            time.sleep(0.5)
            wide = b.overflow()
            assert wide <= 0, f"the console's {tab} scrolls sideways by {wide}px on a phone"
        assert not b.csp_violations()
    finally:
        b.close()
