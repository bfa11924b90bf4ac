"""Schools, contacts, groups and consent (issue 18, first half): a school tenant (`wactl doctor add --kind school`),
its classes with their teachers (`wactl group add`, the API), parents imported from CSV through the API and `wactl`
(a preview with per-row reasons, then all or nothing in one transaction, with the declared consent basis), the
export, a WhatsApp keyword opt-in and the opt-outs shown per contact, a teacher who sees only the parents of their
classes (contacts, groups, conversations: 404 on the others), and another school that gets 404 on every new route.

Conversations are made as in production: signed webhooks through the ingress and the router.
"""
import csv
import io
import json
import os
import re
import subprocess
import time
import uuid

import pytest

from conftest import BIN, change, new_number, new_wamid, signed_in, text_message, wait_for, webhook

PASSWORD = "correct horse battery"


def wactl(stack, *args, stdin=None):
    return subprocess.run([os.path.join(BIN, "wactl"), *args], env=stack.env, input=stdin, capture_output=True,
                          text=True, timeout=60, cwd=stack.tmp)


def add_school(stack, name):
    phone = new_number()
    r = wactl(stack, "doctor", "add", "--name", "Principal " + name, "--phone", "+" + phone, "--clinic", name,
              "--kind", "school")
    assert r.returncode == 0, r.stderr
    doctor_id = r.stdout.strip()
    uuid.UUID(doctor_id)
    return doctor_id, phone


def say(stack, phone, patient, text, name="Parent"):
    wamid = new_wamid()
    msg = text_message(patient, text, wamid, name=name)
    assert stack.post_webhook(webhook([change(phone, "pn-" + phone, [msg])])) == 200
    wait_for(lambda: stack.sql("SELECT routed_at IS NOT NULL FROM messages WHERE wamid = %s", wamid) == [(True,)],
             what=f"router handled {wamid}")
    return wamid


def pid(stack, doctor, wa_id):
    return str(stack.sql("SELECT id FROM patients WHERE doctor_id = %s AND wa_id = %s", doctor, wa_id)[0][0])


@pytest.fixture(scope="module")
def school(stack, dashboard):
    """School A with classes 1A (teacher t1) and 1B (teacher t2) and a list; school B with its own admin."""
    tag = uuid.uuid4().hex[:8]
    a_id, a_phone = add_school(stack, f"Little Stars {tag}")
    b_id, b_phone = add_school(stack, f"Beta Secret School {tag}")
    w = {"tag": tag, "a": a_id, "a_phone": a_phone, "b": b_id, "b_phone": b_phone}
    for who, role, doc in (("a_admin", "school_admin", a_id), ("t1", "teacher", a_id), ("t2", "teacher", a_id),
                           ("a_staff", "staff", a_id), ("b_admin", "school_admin", b_id)):
        w[who] = f"{who}.{tag}@school.test"
        dashboard.add_user(w[who], role, doc)
    for name, kind, teacher in (("Class 1A", "class", w["t1"]), ("Class 1B", "class", w["t2"])):
        r = wactl(stack, "group", "add", "--doctor", a_id, "--name", name, "--kind", kind, "--teacher", teacher)
        assert r.returncode == 0, r.stderr
        w[name] = r.stdout.strip()
    r = wactl(stack, "group", "add", "--doctor", a_id, "--name", "All parents")
    assert r.returncode == 0, r.stderr
    w["All parents"] = r.stdout.strip()
    r = wactl(stack, "group", "add", "--doctor", b_id, "--name", "Class 1A", "--kind", "class")
    assert r.returncode == 0, r.stderr
    w["b_group"] = r.stdout.strip()
    return w


def test_wactl_school_kind_groups_and_teachers(stack, school):
    assert stack.sql("SELECT kind FROM doctors WHERE id = %s", school["a"]) == [("school",)]
    listed = {d["id"]: d for d in json.loads(wactl(stack, "--json", "doctor", "list").stdout)}
    assert listed[school["a"]]["kind"] == "school"
    r = wactl(stack, "--json", "group", "list", "--doctor", school["a"])
    assert r.returncode == 0, r.stderr
    groups = {g["name"]: g for g in json.loads(r.stdout)}
    assert groups["Class 1A"]["kind"] == "class" and groups["Class 1A"]["teachers"] == school["t1"]
    assert groups["All parents"]["kind"] == "list" and groups["All parents"]["teachers"] == ""
    # a teacher must be a teacher of this school: another school's admin is refused, and nothing is added
    r = wactl(stack, "group", "add", "--doctor", school["a"], "--name", "Class 2A", "--teacher", school["b_admin"])
    assert r.returncode == 1 and "teacher" in r.stderr
    assert stack.sql("SELECT count(*) FROM groups WHERE doctor_id = %s AND name = 'Class 2A'", school["a"]) == [(0,)]
    r = wactl(stack, "group", "add", "--doctor", school["a"], "--name", "class 1a")
    assert r.returncode == 1 and "already" in r.stderr
    r = wactl(stack, "doctor", "add", "--name", "X", "--phone", "+" + new_number(), "--clinic", "X", "--kind", "zoo")
    assert r.returncode == 2
    # the settings say which kind the tenant is (the dashboard's words follow it)
    r = wactl(stack, "--json", "settings", "show", school["a"])
    assert r.returncode == 0 and json.loads(r.stdout)["kind"] == "school"


def csv_text(rows, header=("phone", "name", "child", "group", "language")):
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return out.getvalue()


def test_import_preview_reports_bad_rows_and_commit_is_all_or_nothing(stack, dashboard, school):
    admin = signed_in(dashboard, school["a_admin"])
    p1, p2, p3 = new_number(), new_number(), new_number()
    text = csv_text([
        ("+" + p1, "Meera Iyer", "Anu", "Class 1A", "en"),            # line 2: good
        ("+" + p1, "Meera Iyer", "Kabir", "Class 1B; All parents", "English"),  # 3: same parent, second child
        ("12345", "Short Number", "X", "Class 1A", ""),               # 4: too short
        ("98450 ABC", "Letters", "Y", "Class 1A", ""),                # 5: not a number
        ("09845000011", "Leading Zero", "Z", "Class 1A", ""),         # 6: leading 0
        ("9845000011", "No Country", "Z", "Class 1A", ""),            # 7: no country code
        ("+" + p1, "Meera Iyer", "Anu", "Class 1A", "en"),            # 8: repeats line 2
        ("+" + p1, "Someone Else", "Riya", "Class 1A", ""),           # 9: same number, another name
        ("+" + p2, "Ravi Kumar", "Dev", "Class 9Z", "hi"),            # 10: unknown group
        ("+" + p3, "Sana Shaikh", "Zoya", "class 1b", "hi"),          # 11: good (group in any case)
    ])
    before = stack.sql("SELECT count(*) FROM patients WHERE doctor_id = %s", school["a"])
    status, rep = admin.request("POST", "/api/v1/contacts/import", {"csv": text})
    assert status == 200, rep
    assert rep["committed"] is False
    by_line = {r["line"]: r for r in rep["rows"]}
    assert [by_line[n]["action"] for n in (2, 3, 11)] == ["new", "new", "new"]
    assert by_line[3]["groups"] == ["All parents", "Class 1B"] and by_line[3]["language"] == "en"
    reasons = {n: " ".join(by_line[n]["errors"]) for n in range(4, 11)}
    assert "too short" in reasons[4]
    assert "not a phone number" in reasons[5]
    assert "starts with 0" in reasons[6]
    assert "country code" in reasons[7]
    assert "repeats line 2" in reasons[8]
    assert "another name" in reasons[9]
    assert "unknown group 'Class 9Z'" in reasons[10]
    assert all(by_line[n]["action"] == "error" for n in range(4, 11))
    assert rep["counts"]["valid"] == 3 and rep["counts"]["invalid"] == 7

    # a commit needs the declared consent basis
    status, doc = admin.request("POST", "/api/v1/contacts/import", {"csv": text, "commit": True})
    assert status == 422 and "basis" in doc["error"]["fields"], doc
    # with bad rows and no skip_invalid: 422 with the report, and nothing imported (not even the good rows)
    basis = "Admission form 2026: WhatsApp consent box ticked"
    status, doc = admin.request("POST", "/api/v1/contacts/import", {"csv": text, "commit": True, "basis": basis})
    assert status == 422 and doc["error"]["code"] == "invalid_rows", doc
    assert doc["report"]["counts"]["invalid"] == 7
    assert stack.sql("SELECT count(*) FROM patients WHERE doctor_id = %s", school["a"]) == before
    assert stack.sql("SELECT count(*) FROM group_members WHERE doctor_id = %s", school["a"]) == [(0,)]

    # skip_invalid: the good rows only, in one go
    status, rep = admin.request("POST", "/api/v1/contacts/import",
                                {"csv": text, "commit": True, "basis": basis, "skip_invalid": True})
    assert status == 200 and rep["committed"] is True, rep
    assert rep["counts"]["added"] == 2 and rep["counts"]["memberships"] == 4, rep
    rows = stack.sql("SELECT display_name, lang, opted_in, opt_in_source, opt_in_basis, opted_in_at IS NOT NULL"
                     " FROM patients WHERE doctor_id = %s AND wa_id IN (%s, %s) ORDER BY display_name",
                     school["a"], p1, p3)
    assert rows == [("Meera Iyer", "en", True, "csv", basis, True), ("Sana Shaikh", "hi", True, "csv", basis, True)]
    members = stack.sql("SELECT g.name, gm.child_name FROM group_members gm JOIN groups g ON g.id = gm.group_id"
                        " JOIN patients p ON p.id = gm.patient_id WHERE p.wa_id = %s ORDER BY 1, 2", p1)
    assert members == [("All parents", "Kabir"), ("Class 1A", "Anu"), ("Class 1B", "Kabir")]
    assert stack.sql("SELECT count(*) FROM patients WHERE doctor_id = %s AND wa_id = %s", school["a"], p2) == [(0,)]
    audit = stack.sql("SELECT actor, after FROM audit_log WHERE doctor_id = %s AND action = 'contacts.import'",
                      school["a"])
    assert len(audit) == 1 and audit[0][0] == "user:" + school["a_admin"] and audit[0][1]["added"] == 2
    assert p1 not in json.dumps(audit[0][1])  # counts, never the numbers

    # importing the same file again updates, adds nothing twice
    status, rep = admin.request("POST", "/api/v1/contacts/import", {"csv": text})
    assert {rep["rows"][0]["action"], rep["rows"][-1]["action"]} == {"update"}
    school["p1"], school["p3"] = p1, p3


def test_a_failure_half_way_imports_nothing(stack, dashboard, school):
    """The import is one transaction: a database error in the middle (a trigger refusing the second contact) leaves
    no contact and no membership of the file behind."""
    admin = signed_in(dashboard, school["a_admin"])
    good, poison = new_number(), new_number()
    stack.sql("CREATE OR REPLACE FUNCTION test_refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$"
              " BEGIN IF NEW.wa_id = '" + poison + "' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$")
    stack.sql("CREATE TRIGGER test_refuse_poison BEFORE INSERT ON patients FOR EACH ROW"
              " EXECUTE FUNCTION test_refuse_poison()")
    try:
        text = csv_text([("+" + good, "Good Parent", "G", "Class 1A", ""), ("+" + poison, "Poison", "P", "", "")])
        status, doc = admin.request("POST", "/api/v1/contacts/import",
                                    {"csv": text, "commit": True, "basis": "Signed form"})
        assert status == 503, doc
    finally:
        stack.sql("DROP TRIGGER test_refuse_poison ON patients")
        stack.sql("DROP FUNCTION test_refuse_poison()")
    assert stack.sql("SELECT count(*) FROM patients WHERE doctor_id = %s AND wa_id IN (%s, %s)",
                     school["a"], good, poison) == [(0,)]
    # two numbers with one BSUID: the table refuses the second, the import says so and imports nothing
    n1, n2, bsuid = new_number(), new_number(), "IN." + str(uuid.uuid4().int)[:20]
    text = csv_text([("+" + n1, "One", bsuid), ("+" + n2, "Two", bsuid)], header=("phone", "name", "user_id"))
    status, doc = admin.request("POST", "/api/v1/contacts/import", {"csv": text, "commit": True, "basis": "Signed"})
    assert status == 422 and "user_id" in doc["error"]["fields"]["csv"], doc
    assert stack.sql("SELECT count(*) FROM patients WHERE doctor_id = %s AND wa_id IN (%s, %s)",
                     school["a"], n1, n2) == [(0,)]


def test_wactl_import_dry_run_reports_and_export_round_trips(stack, school):
    tmp = os.path.join(stack.tmp, "parents-" + school["tag"] + ".csv")
    p4, p5 = new_number(), new_number()
    with open(tmp, "w") as f:
        f.write(csv_text([("+" + p4, "Lata Menon", "Ishaan", "Class 1B", "en"),
                          ("123", "Bad", "", "Class 1B", ""),
                          ("+" + p5, "Omar Khan", "Aisha", "Nope Class", "")]))
    r = wactl(stack, "contacts", "import", "--doctor", school["a"], tmp, "--dry-run")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "line 3: phone '123': too short" in r.stdout and "line 4: unknown group 'Nope Class'" in r.stdout
    r = wactl(stack, "contacts", "import", "--doctor", school["a"], tmp)
    assert r.returncode == 2 and "--basis" in r.stderr  # the basis is required to import
    r = wactl(stack, "contacts", "import", "--doctor", school["a"], tmp, "--basis", "Paper consent slips")
    assert r.returncode == 1 and "nothing imported" in r.stdout
    assert stack.sql("SELECT count(*) FROM patients WHERE doctor_id = %s AND wa_id IN (%s, %s)",
                     school["a"], p4, p5) == [(0,)]
    r = wactl(stack, "--json", "contacts", "import", "--doctor", school["a"], tmp, "--basis", "Paper consent slips",
              "--skip-invalid")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["counts"]["added"] == 1
    assert stack.sql("SELECT opt_in_source, opt_in_by FROM patients WHERE wa_id = %s", p4) == [("csv", "wactl")]

    # export: every contact and membership, with consent; a formula in a WhatsApp profile name is neutralised
    evil = new_number()
    stack.sql("INSERT INTO patients (doctor_id, wa_id, profile_name) VALUES (%s, %s, %s)", school["a"], evil,
              "=HYPERLINK(\"http://evil.test\")")
    out = os.path.join(stack.tmp, "export-" + school["tag"] + ".csv")
    r = wactl(stack, "contacts", "export", "--doctor", school["a"], out)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(open(out, newline="")))
    lata = [x for x in rows if x["phone"] == "+" + p4]
    assert len(lata) == 1 and lata[0]["group"] == "Class 1B" and lata[0]["child"] == "Ishaan"
    assert lata[0]["opted_in"] == "yes" and lata[0]["opt_in_source"] == "csv"
    assert lata[0]["opt_in_basis"] == "Paper consent slips" and lata[0]["stop"] == "no"
    assert [x["name"] for x in rows if x["phone"] == "+" + evil] == ["'=HYPERLINK(\"http://evil.test\")"]
    # the export reads back: every row of it is valid for the import (an update)
    r = wactl(stack, "--json", "contacts", "import", "--doctor", school["a"], out, "--dry-run")
    rep = json.loads(r.stdout)
    assert r.returncode == 0 and rep["counts"]["invalid"] == 0, r.stdout
    assert "opted_in" in rep["ignored_columns"]
    # --group: one class only
    r = wactl(stack, "contacts", "export", "--doctor", school["a"], "--group", "class 1b")
    assert r.returncode == 0 and p4 in r.stdout and school["p1"] in r.stdout and school["p3"] in r.stdout
    assert "Class 1A" not in r.stdout


def test_contact_crud_consent_form_and_groups(stack, dashboard, school):
    admin = signed_in(dashboard, school["a_admin"])
    num = new_number()
    status, doc = admin.request("POST", "/api/v1/contacts", {"phone": "+" + num, "name": "Form Parent",
                                                            "opted_in": True})
    assert status == 422 and "consent_basis" in doc["error"]["fields"]
    status, doc = admin.request("POST", "/api/v1/contacts", {"phone": "98450", "name": "X"})
    assert status == 422 and "phone" in doc["error"]["fields"]
    status, doc = admin.request("POST", "/api/v1/contacts", {
        "phone": "+" + num, "name": "Form Parent", "lang": "hi", "opted_in": True,
        "consent_basis": "Asked at the gate, said yes", "groups": [{"id": school["Class 1A"], "child_name": "Tara"}]})
    assert status == 201, doc
    cid = doc["id"]
    assert doc["consent"]["opted_in"] is True and doc["consent"]["source"] == "form"
    assert doc["consent"]["by"] == "user:" + school["a_admin"] and doc["sendable"] is True
    assert doc["groups"] == [{"id": school["Class 1A"], "name": "Class 1A", "kind": "class", "child_name": "Tara"}]
    status, doc = admin.request("POST", "/api/v1/contacts", {"phone": "+" + num, "name": "Again"})
    assert status == 409
    # another school's group cannot be joined
    status, doc = admin.request("PATCH", f"/api/v1/contacts/{cid}", {"groups": [{"id": school["b_group"]}]})
    assert status == 422 and "groups" in doc["error"]["fields"]
    # names are text: no control characters, valid UTF-8
    for raw in (b'{"name": "Tab\\u0001"}', b'{"name": "\xff\xfe"}'):
        status, doc = admin.request("PATCH", f"/api/v1/contacts/{cid}", raw)
        assert status == 422 and "name" in doc["error"]["fields"], (raw, status, doc)
    # the number and the opt-outs are the contact's own
    status, doc = admin.request("PATCH", f"/api/v1/contacts/{cid}", {"opted_out": False})
    assert status == 422
    status, doc = admin.request("PATCH", f"/api/v1/contacts/{cid}", {
        "name": "Form Parent Renamed", "groups": [{"id": school["Class 1B"], "child_name": "Tara"},
                                                  {"id": school["All parents"]}]})
    assert status == 200 and doc["name"] == "Form Parent Renamed", doc
    assert sorted(g["name"] for g in doc["groups"]) == ["All parents", "Class 1B"]
    status, doc = admin.request("PATCH", f"/api/v1/contacts/{cid}", {"opted_in": False})
    assert status == 200 and doc["consent"]["opted_in"] is False and doc["sendable"] is False
    # list: by group and by search (name, number, child)
    status, doc = admin.request("GET", f"/api/v1/contacts?group={school['Class 1B']}&q=tara")
    assert status == 200 and [x["id"] for x in doc["items"]] == [cid]
    status, doc = admin.request("GET", f"/api/v1/contacts?q={num[-6:]}")
    assert [x["id"] for x in doc["items"]] == [cid]
    # members of a group, add and remove one
    status, doc = admin.request("GET", f"/api/v1/groups/{school['Class 1B']}/members?limit=200")
    assert status == 200 and cid in [m["patient_id"] for m in doc["items"]]
    status, doc = admin.request("DELETE", f"/api/v1/groups/{school['Class 1B']}/members?patient_id={cid}")
    assert status == 204
    status, doc = admin.request("POST", f"/api/v1/groups/{school['Class 1B']}/members",
                                {"patient_id": cid, "child_name": "Tara"})
    assert status == 201
    # the staff may read, not change
    staff = signed_in(dashboard, school["a_staff"])
    assert staff.request("GET", f"/api/v1/contacts/{cid}")[0] == 200
    assert staff.request("PATCH", f"/api/v1/contacts/{cid}", {"name": "Staff"})[0] == 403
    assert staff.request("POST", "/api/v1/contacts/import", {"csv": "phone\n"})[0] == 403
    # delete erases the contact and its memberships; audited
    status, _ = admin.request("DELETE", f"/api/v1/contacts/{cid}")
    assert status == 204
    assert stack.sql("SELECT count(*) FROM patients WHERE id = %s", cid) == [(0,)]
    assert stack.sql("SELECT count(*) FROM group_members WHERE patient_id = %s", cid) == [(0,)]
    actions = [a for (a,) in stack.sql("SELECT action FROM audit_log WHERE target = %s ORDER BY id",
                                       "patient:" + cid)]
    assert actions == ["contact.create", "contact.update", "contact.update", "contact.delete"]


def test_group_api_and_assigning_classes_to_teachers(stack, dashboard, school):
    admin = signed_in(dashboard, school["a_admin"])
    status, doc = admin.request("GET", "/api/v1/teachers")
    assert status == 200
    teachers = {t["email"]: t for t in doc["items"]}
    assert set(teachers) == {school["t1"], school["t2"]}
    assert teachers[school["t1"]]["group_ids"] == [school["Class 1A"]]
    status, doc = admin.request("POST", "/api/v1/groups", {"name": "Class 2C", "kind": "class",
                                                          "teacher_ids": [teachers[school["t2"]]["id"]]})
    assert status == 201 and [t["email"] for t in doc["teachers"]] == [school["t2"]], doc
    gid = doc["id"]
    status, doc = admin.request("POST", "/api/v1/groups", {"name": "CLASS 2C"})
    assert status == 409
    # only a teacher of this school can be given a class (not the staff, not another school's user)
    staff_id = str(stack.sql("SELECT id FROM users WHERE email = %s", school["a_staff"])[0][0])
    b_admin_id = str(stack.sql("SELECT id FROM users WHERE email = %s", school["b_admin"])[0][0])
    for bad in (staff_id, b_admin_id):
        status, doc = admin.request("PATCH", f"/api/v1/groups/{gid}", {"teacher_ids": [bad]})
        assert status == 422 and "teacher_ids" in doc["error"]["fields"]
    status, doc = admin.request("PATCH", f"/api/v1/groups/{gid}", {"teacher_ids": [teachers[school["t1"]]["id"]],
                                                                  "name": "Class 2C (red)"})
    assert status == 200 and [t["email"] for t in doc["teachers"]] == [school["t1"]]
    t1 = signed_in(dashboard, school["t1"])
    status, doc = t1.request("GET", "/api/v1/groups")
    assert status == 200 and {g["name"] for g in doc["items"]} == {"Class 1A", "Class 2C (red)"}
    assert t1.request("PATCH", f"/api/v1/groups/{gid}", {"name": "Mine"})[0] == 403
    assert t1.request("DELETE", f"/api/v1/groups/{gid}")[0] == 403
    assert admin.request("DELETE", f"/api/v1/groups/{gid}")[0] == 204
    assert stack.sql("SELECT count(*) FROM user_groups WHERE group_id = %s", gid) == [(0,)]


def test_teacher_sees_only_their_class_contacts_and_conversations(stack, dashboard, school):
    # two parents write to the school: one of Class 1A (p1, whose other child is in 1B), one of Class 1B only (p3)
    w1 = say(stack, school["a_phone"], school["p1"], "hello, is the school open tomorrow?", name="Meera")
    w3 = say(stack, school["a_phone"], school["p3"], "hello, what time is pickup?", name="Sana")
    p1, p3 = pid(stack, school["a"], school["p1"]), pid(stack, school["a"], school["p3"])
    t1 = signed_in(dashboard, school["t1"])
    status, doc = t1.request("GET", "/api/v1/contacts?limit=200")
    assert status == 200
    ids = {x["id"] for x in doc["items"]}
    assert p1 in ids and p3 not in ids
    # the teacher sees only their own class among the parent's groups
    mine = [x for x in doc["items"] if x["id"] == p1][0]
    assert [g["name"] for g in mine["groups"]] == ["Class 1A"]
    assert t1.request("GET", f"/api/v1/contacts/{p3}")[0] == 404
    assert t1.request("GET", f"/api/v1/groups/{school['Class 1B']}/members")[0] == 404
    status, doc = t1.request("GET", "/api/v1/conversations?limit=200")
    assert status == 200
    convs = {x["patient_id"] for x in doc["items"]}
    assert p1 in convs and p3 not in convs
    status, doc = t1.request("GET", "/api/v1/conversations?q=pickup")
    assert status == 200 and doc["items"] == []
    for method, path, body in (("GET", f"/api/v1/conversations/{p3}/messages", None),
                               ("POST", f"/api/v1/conversations/{p3}/messages", {"text": "hi from t1"}),
                               ("POST", f"/api/v1/conversations/{p3}/handoff", None),
                               ("DELETE", f"/api/v1/conversations/{p3}/handoff", None)):
        status, doc = t1.request(method, path, body)
        assert status == 404, (method, path, status, doc)
        assert "pickup" not in json.dumps(doc)
    status, doc = t1.request("GET", f"/api/v1/conversations/{p1}/messages")
    assert status == 200 and any(m.get("body") == "hello, is the school open tomorrow?" for m in doc["items"])
    status, csv_body = t1.request("GET", "/api/v1/contacts/export")
    assert status == 200
    text = csv_body.decode()
    assert school["p1"] in text and school["p3"] not in text and "Class 1B" not in text
    # a teacher changes nothing of the contacts
    assert t1.request("POST", "/api/v1/contacts", {"phone": "+" + new_number()})[0] == 403
    assert t1.request("PATCH", f"/api/v1/contacts/{p1}", {"name": "x"})[0] == 403
    # the other teacher: the other class
    t2 = signed_in(dashboard, school["t2"])
    convs2 = {x["patient_id"] for x in t2.request("GET", "/api/v1/conversations?limit=200")[1]["items"]}
    assert p3 in convs2 and p1 in convs2  # p1's second child is in 1B
    # the admin and the staff see every conversation
    staff = signed_in(dashboard, school["a_staff"])
    convs_staff = {x["patient_id"] for x in staff.request("GET", "/api/v1/conversations?limit=200")[1]["items"]}
    assert {p1, p3} <= convs_staff
    assert w1 and w3


def test_keyword_opt_in_and_opt_outs_shown_per_contact(stack, dashboard, school):
    admin = signed_in(dashboard, school["a_admin"])
    status, doc = admin.request("PATCH", "/api/v1/settings", {"optin_keyword": "JOIN"})
    assert status == 200 and doc["optin_keyword"] == "JOIN" and doc["kind"] == "school", doc
    parent = new_number()
    say(stack, school["a_phone"], parent, "hello")
    cid = pid(stack, school["a"], parent)
    status, doc = admin.request("GET", f"/api/v1/contacts/{cid}")
    assert doc["consent"]["opted_in"] is False and doc["profile_name"] == "Parent"
    wamid = say(stack, school["a_phone"], parent, "Join!")
    status, doc = admin.request("GET", f"/api/v1/contacts/{cid}")
    assert doc["consent"]["opted_in"] is True and doc["consent"]["source"] == "keyword", doc
    assert doc["consent"]["basis"] == "Join!" and doc["consent"]["by"] == wamid and doc["consent"]["at"]
    # STOP: an opt-out with its time (the opt-in stays recorded, but the contact is not sendable)
    say(stack, school["a_phone"], parent, "STOP")
    status, doc = admin.request("GET", f"/api/v1/contacts/{cid}")
    assert doc["opt_out"]["stop"] is True and doc["opt_out"]["stop_at"] and doc["sendable"] is False
    # START: the router lifts the STOP and the keyword opt-in is recorded again
    say(stack, school["a_phone"], parent, "START")
    status, doc = admin.request("GET", f"/api/v1/contacts/{cid}")
    assert doc["opt_out"]["stop"] is False and doc["consent"]["basis"] == "START" and doc["sendable"] is True
    # marketing opt-outs (user_preferences, 131050) are shown with their source and time
    stack.sql("UPDATE patients SET marketing_opt_out = true, marketing_consent_at = now(),"
              " marketing_consent_source = 'send_error_131050' WHERE id = %s", cid)
    status, doc = admin.request("GET", f"/api/v1/contacts/{cid}")
    assert doc["opt_out"]["marketing"] is True and doc["opt_out"]["marketing_source"] == "send_error_131050"
    # another word is not an opt-in
    other = new_number()
    say(stack, school["a_phone"], other, "join us for lunch?")
    assert stack.sql("SELECT opted_in FROM patients WHERE wa_id = %s", other) == [(False,)]


def test_school_parents_are_not_offered_appointments(stack, school):
    """A school has no schedule or queue: a parent's greeting gets no booking menu, and no flow speaks of a
    doctor or an appointment."""
    parent = new_number()
    wamid = say(stack, school["a_phone"], parent, "hi")
    replies = wait_for(lambda: [b for _, b in stack.graph_sends(parent)
                                if b.get("context", {}).get("message_id") == wamid], what="a reply to hi")
    text = json.dumps(replies).lower()
    assert "appointment" not in text and "doctor" not in text and "token" not in text
    # "book an appointment" starts no booking flow (no list of days): the knowledge base or ai answers it
    wamid = say(stack, school["a_phone"], parent, "I want to book an appointment")
    replies = wait_for(lambda: [b for _, b in stack.graph_sends(parent)
                                if b.get("context", {}).get("message_id") == wamid], what="a reply")
    assert all(b.get("type") != "interactive" for b in replies), replies
    assert stack.sql("SELECT source FROM messages WHERE reply_to = %s", wamid) != [("flow",)]
    assert stack.sql("SELECT count(*) FROM appointments WHERE doctor_id = %s", school["a"]) == [(0,)]
    # an emergency: the school, not a doctor, has been told
    wamid = say(stack, school["a_phone"], parent, "my son has chest pain and cannot breathe")
    replies = wait_for(lambda: [b for _, b in stack.graph_sends(parent)
                                if b.get("context", {}).get("message_id") == wamid], what="the emergency answer")
    text = json.dumps(replies)
    assert "The school has been told" in text and "doctor" not in text.lower(), text


def test_another_school_gets_404_on_every_new_route(stack, dashboard, school):
    b = signed_in(dashboard, school["b_admin"])
    a_contact = pid(stack, school["a"], school["p1"])
    a_group = school["Class 1A"]
    before = stack.sql("SELECT id, display_name, lang, opted_in FROM patients WHERE doctor_id = %s ORDER BY id",
                       school["a"])
    members_before = stack.sql("SELECT count(*) FROM group_members WHERE doctor_id = %s", school["a"])
    groups_before = stack.sql("SELECT id, name FROM groups WHERE doctor_id = %s ORDER BY id", school["a"])
    calls = [
        ("GET", f"/api/v1/contacts/{a_contact}", None),
        ("PATCH", f"/api/v1/contacts/{a_contact}", {"name": "Hijacked"}),
        ("DELETE", f"/api/v1/contacts/{a_contact}", None),
        ("PATCH", f"/api/v1/groups/{a_group}", {"name": "Hijacked"}),
        ("DELETE", f"/api/v1/groups/{a_group}", None),
        ("GET", f"/api/v1/groups/{a_group}/members", None),
        ("POST", f"/api/v1/groups/{a_group}/members", {"patient_id": a_contact}),
        ("DELETE", f"/api/v1/groups/{a_group}/members?patient_id={a_contact}", None),
        ("GET", f"/api/v1/contacts?doctor={school['a']}", None),
        ("POST", f"/api/v1/contacts?doctor={school['a']}", {"phone": "+" + new_number()}),
        ("POST", f"/api/v1/contacts/import?doctor={school['a']}", {"csv": "phone\n+919845000001\n"}),
        ("GET", f"/api/v1/contacts/export?doctor={school['a']}", None),
        ("GET", f"/api/v1/groups?doctor={school['a']}", None),
        ("POST", f"/api/v1/groups?doctor={school['a']}", {"name": "Hijacked"}),
        ("GET", f"/api/v1/teachers?doctor={school['a']}", None),
        ("GET", f"/api/v1/contacts?group={a_group}", None),
    ]
    for method, path, body in calls:
        status, doc = b.request(method, path, body)
        text = doc.decode(errors="replace") if isinstance(doc, bytes) else json.dumps(doc)
        if path.startswith("/api/v1/contacts?group="):
            assert status == 200 and doc["items"] == [], (path, doc)  # B's own scope: nothing of A's
        else:
            assert status == 404, (method, path, status, text)
        assert school["p1"] not in text and "Meera" not in text and "Little Stars" not in text
    # B's own export and lists hold nothing of A's
    status, body = b.request("GET", "/api/v1/contacts/export")
    assert status == 200 and school["p1"] not in body.decode()
    # B cannot put A's contact into its own group, nor A's group on its own contact
    status, doc = b.request("POST", f"/api/v1/groups/{school['b_group']}/members", {"patient_id": a_contact})
    assert status == 422
    status, doc = b.request("POST", "/api/v1/contacts", {"phone": "+" + new_number(), "groups": [{"id": a_group}]})
    assert status == 422
    assert stack.sql("SELECT id, display_name, lang, opted_in FROM patients WHERE doctor_id = %s ORDER BY id",
                     school["a"]) == before
    assert stack.sql("SELECT count(*) FROM group_members WHERE doctor_id = %s", school["a"]) == members_before
    assert stack.sql("SELECT id, name FROM groups WHERE doctor_id = %s ORDER BY id", school["a"]) == groups_before


def test_a_teachers_live_events_name_only_their_classes_parents(stack, dashboard, school):
    from test_dashboard_inbox import Events
    t1 = signed_in(dashboard, school["t1"])
    admin = signed_in(dashboard, school["a_admin"])
    p1, p3 = pid(stack, school["a"], school["p1"]), pid(stack, school["a"], school["p3"])
    et, ea = Events(dashboard, t1), Events(dashboard, admin)
    try:
        wait_for(lambda: ": connected" in et.lines and ": connected" in ea.lines, what="both streams open")
        say(stack, school["a_phone"], school["p3"], "is there a bus on Saturday?", name="Sana")
        ea.wait(lambda e: e.get("patient_id") == p3)  # the admin's page hears of it
        say(stack, school["a_phone"], school["p1"], "thank you", name="Meera")
        et.wait(lambda e: e.get("patient_id") == p1 and e.get("type") == "message")
        time.sleep(0.5)
        assert not any(p3 in line for line in et.lines), et.lines  # every line the teacher's stream got
        assert any(p3 in line for line in ea.lines)
    finally:
        et.close()
        ea.close()


@pytest.mark.parametrize("cmd", [["contacts"], ["contacts", "import"], ["contacts", "export"], ["group"],
                                 ["group", "add"], ["group", "list"]], ids=lambda c: " ".join(c))
def test_wactl_help_with_examples(stack, cmd):
    r = wactl(stack, *cmd, "--help")
    assert r.returncode == 0 and r.stdout.startswith("Usage: wactl " + cmd[0]), r.stdout
    assert "Example:\n  wactl " + cmd[0] in r.stdout
    assert re.search(rf"^  {cmd[0]}\s", wactl(stack, "--help").stdout, re.M)
