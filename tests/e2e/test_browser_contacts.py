"""The contacts page in a real browser (issue 18): a school admin imports parents from a CSV file, sees every row's
result and the bad rows' reasons in the preview, imports the valid ones with the declared consent basis, and finds
them in the list with their class, child and consent; the page reads "Parents" for a school, on a desktop and on a
phone-sized window, keyboard and CSP as the other pages (test_dashboard_browser.py's helpers).
"""
import os
import subprocess
import time
import uuid

import pytest

from selenium.webdriver.common.keys import Keys

from conftest import BIN, new_number, wait_for
from test_dashboard_browser import DESKTOP, PHONE, Browser, need_browser, require_browser  # noqa: F401 (fixture)


def wactl(stack, *args):
    r = subprocess.run([os.path.join(BIN, "wactl"), *args], env=stack.env, capture_output=True, text=True,
                       timeout=60, cwd=stack.tmp)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout.strip()


@pytest.fixture(scope="module")
def school_world(stack, dashboard):
    tag = uuid.uuid4().hex[:8]
    phone = new_number()
    doctor = wactl(stack, "doctor", "add", "--name", "Principal", "--phone", "+" + phone, "--clinic",
                   f"Sunflower School {tag}", "--kind", "school")
    admin = f"admin.{tag}@school.test"
    dashboard.add_user(admin, "school_admin", doctor)
    wactl(stack, "group", "add", "--doctor", doctor, "--name", "Class 1A", "--kind", "class")
    return {"id": doctor, "admin": admin, "tag": tag}


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def browser(request, dashboard):
    b = Browser(dashboard, request.param)
    b.size = request.param
    yield b
    violations = b.csp_violations()
    b.close()
    assert not violations, violations


@need_browser
def test_csv_import_with_preview_then_the_list(browser, stack, school_world):
    b = browser
    good1, good2 = new_number(), new_number()
    path = os.path.join(stack.tmp, f"parents-{uuid.uuid4().hex[:6]}.csv")
    with open(path, "w") as f:
        f.write("phone,name,child,group,language\n"
                f"+{good1},Meera Iyer,Anu,Class 1A,en\n"
                "12345,Short Number,X,Class 1A,\n"
                f"+{good2},Ravi Kumar,Dev,Class 1A,hi\n"
                f"+{new_number()},Unknown Class,Y,Class 7Q,\n")
    b.sign_in(school_world["admin"])
    b.find("#inbox-title")
    b.open("/contacts")
    # a school's words
    b.wait_text("h1", "Parents")
    b.button("Import CSV").click()
    b.find("[data-testid=ct-file]", visible=False).send_keys(path)
    b.button("Check the file").click()
    b.wait_text("[data-testid=ct-summary]", "4 rows: 2 valid (2 new, 0 updates), 2 with errors")
    rows = b.find("[data-testid=ct-rows]")
    assert "too short" in b.text_of("tr[data-line='3']")
    assert "unknown group 'Class 7Q'" in b.text_of("tr[data-line='5']")
    assert "new" in b.text_of("tr[data-line='2']") and rows
    # nothing is imported before the commit, and the commit needs the basis and the choice to skip the bad rows
    assert stack.sql("SELECT count(*) FROM patients WHERE wa_id IN (%s, %s)", good1, good2) == [(0,)]
    commit = b.button("Import 2 rows")
    assert not commit.is_enabled()
    b.find("[data-testid=ct-skip]").click()
    commit = b.button("Import 2 rows")
    commit.click()
    b.wait_text(".field-error", "basis")  # the declared basis is required
    b.fill("[data-testid=ct-basis]", "Admission form 2026, WhatsApp box")
    b.button("Import 2 rows").click()
    b.wait_text("p.ok", "Imported: 2 added")
    assert stack.sql("SELECT count(*) FROM patients WHERE wa_id IN (%s, %s) AND opted_in AND opt_in_source = 'csv'",
                     good1, good2) == [(2,)]
    # the list shows them with class, child and consent
    b.wait_text("[data-testid=ct-list]", "Meera Iyer")
    row = b.find(f"[data-testid=ct-list] tr[data-id]")
    text = b.text_of("[data-testid=ct-list]")
    assert "Class 1A" in text and "child: Anu" in text and "Opted in" in text and "CSV" in text, text
    assert row
    # the search loads when it is submitted, once, not at each key typed: the page's effect read the search text, so
    # every key started a load, and a slower answer to "Rav" could replace the answer to "Ravi"
    before = b.loads("/api/v1/contacts?")
    box = b.find("[data-testid=ct-search]")
    box.send_keys("Ravi")
    time.sleep(0.5)
    assert b.loads("/api/v1/contacts?") == before
    box.send_keys(Keys.ENTER)
    wait_for(lambda: "Meera Iyer" not in b.text_of("[data-testid=ct-list]"), what="the search's answer")
    assert "Ravi Kumar" in b.text_of("[data-testid=ct-list]")
    assert b.loads("/api/v1/contacts?") - before == 1
    # a phone-sized window: nothing scrolls sideways but the tables' own boxes
    time.sleep(0.3)
    wide = b.overflow()
    assert wide <= 0, f"/contacts scrolls sideways by {wide}px"
