"""The broadcasts page in real Chromium (issue 18): a teacher composes a broadcast to their class from an approved
template (the child's name and a fixed text as its variables), sees the preview's count and rendered sample, sends a
test to their own number, sends it, and watches the live report move as Meta's statuses arrive; on a desktop window
and on a 390 px phone. Reuses the browser fixtures of test_dashboard_browser.py and the school of test_broadcasts.py.
"""
import time

import pytest

from conftest import start_dashboard, wait_for
from test_broadcasts import add_contact, add_group, make_tenant, status_webhook
from test_dashboard_browser import PHONE, browser, need_browser, require_browser  # noqa: F401 (fixtures)

try:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
except ImportError:
    By = Select = None


@pytest.fixture(scope="module")
def dashboard(stack):
    """This module's own wa-dashboard (as test_broadcasts.py's), stopped at its end."""
    d = start_dashboard(stack, tag="-bcb")
    yield d
    stack.stop_service("dashboard-bcb")


def count(b, key):
    return b.find(f'[data-count="{key}"]').text.strip()


@need_browser
def test_compose_preview_test_send_and_the_report_moves(browser, stack, dashboard):  # noqa: F811
    b = browser
    t = make_tenant(stack, dashboard)
    g1, g2 = add_group(stack, t["id"], "Class 1A"), add_group(stack, t["id"], "Class 2B")
    asha = add_contact(stack, t["id"], "Asha's mother", [(g1, "Asha"), (g1, "Ravi")])
    bina = add_contact(stack, t["id"], "Bina Rao", [(g1, "Kabir")])
    add_contact(stack, t["id"], "Dev", [(g1, "Isha")], opted_out=True)
    other = add_contact(stack, t["id"], "Farah", [(g2, "Zoya")])
    teacher = f"teacher.{t['tag']}@bc.test"
    dashboard.add_user(teacher, "teacher", t["id"])
    uid = str(stack.sql("SELECT id FROM users WHERE lower(email) = lower(%s)", teacher)[0][0])
    stack.sql("INSERT INTO user_groups (user_id, group_id, doctor_id) VALUES (%s, %s, %s)", uid, g1, t["id"])

    b.sign_in(teacher)
    b.find("[data-testid=signout]", visible=False)  # signed in
    b.open("/broadcasts")
    b.button("New broadcast").click()
    b.fill("#bc-name", "Friday closure")
    Select(b.find("#bc-template")).select_by_value("class_notice|en")
    b.fill("#bc-var-text-1", "school is closed on Friday")
    labels = [e.text for e in b.d.find_elements(By.CSS_SELECTOR, "label.check") if e.is_displayed()]
    assert any("Class 1A" in x for x in labels) and not any("Class 2B" in x for x in labels)  # the teacher's only
    box = b.find(f"input[type=checkbox][value='{g1}']")
    b.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    b.button("Preview").click()
    b.wait_text("[data-testid=bc-preview-result]", "Will reach 2 people")
    b.wait_text("[data-testid=bc-preview-result]", "Dear parent of")
    if b.size == PHONE:  # the composer fits a phone
        assert b.overflow() <= 0

    me = "+9199" + str(int(time.time() * 1000))[-8:]
    b.fill("#bc-test-to", me)
    b.button("Send test").click()
    b.wait_text("p.ok", "Test sent")
    stack.replies_to(me.lstrip("+"))

    b.button("Send now").click()
    b.wait_text("[data-testid=bc-state]", "Done", timeout=30)
    assert count(b, "sent") == "2" and count(b, "opted_out") == "1"
    assert len(stack.graph_sends(asha[1])) == 1 and len(stack.graph_sends(bina[1])) == 1
    assert stack.graph_sends(other[1]) == []

    # the report moves with the statuses (it refreshes by itself while the page is open)
    bid = b.d.current_url.rstrip("/").split("/")[-1]
    rows = dict(stack.sql("SELECT wa_id, wamid FROM broadcast_recipients WHERE broadcast_id = %s AND wamid IS NOT NULL",
                          bid))
    status_webhook(stack, t["phone"], asha[1], rows[asha[1]], "read")
    wait_for(lambda: count(b, "read") == "1", what="read in the report")
    assert count(b, "delivered") == "1"
    b.wait_text("table.bc-recipients", "Asha, Ravi")
    if b.size == PHONE:  # the report fits a phone too
        assert b.overflow() <= 0
