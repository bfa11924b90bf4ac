"""Issue 12, section 4: least privilege in Redis and PostgreSQL.

The test Redis runs with the ACL file deploy/redis/acl.sh writes (as compose and Kubernetes run theirs): the default
user needs a password, and the per-service users (wa-ingress, wa-router, wa-ai, wa-sender, wa-keda) exist for the key
prefix conftest.ACL_PREFIX. The migrations create PostgreSQL group roles per service (007_roles.sql) and
`wactl migrate --login-roles` their login roles. Here a second copy of the whole pipeline runs on that prefix with
its own Redis users and PostgreSQL roles and answers a patient, while each identity is shown unable to do what is
not its job: the ingress cannot write wa:out (send as any clinic), read a stream, or read patients and messages."""
import json
import os
import time
import uuid

import psycopg2
import pytest
import redis

from conftest import (ACL_PREFIX, BIN, MASTER_TOKEN, REDIS_PASSWORD, REDIS_SERVICE_PASSWORDS, ROOT, change,
                      free_port, http, new_number, new_wamid, sign, text_message, wait_for)

PG_PASSWORDS = {s: f"e2e-pg-{s}-{uuid.uuid4().hex[:8]}"
                for s in ("ingress", "router", "ai", "sender", "dashboard")}


def as_user(stack, name):
    return redis.Redis(port=stack.redis_port, username=name, password=REDIS_SERVICE_PASSWORDS[name.split("-")[1]],
                       decode_responses=True)


def noperm(fn, *args):
    with pytest.raises(redis.exceptions.NoPermissionError):
        fn(*args)


@pytest.fixture(scope="module")
def login_roles(stack):
    env = {f"PG_PASSWORD_{s.upper()}": pw for s, pw in PG_PASSWORDS.items()}
    migrations = os.path.join(ROOT, "deploy/migrations")
    out = stack.wactl("migrate", "--login-roles", "--dir", migrations, env=env)
    assert "login role wa_ingress_login" in out
    # a second run only sets the passwords again
    out += stack.wactl("migrate", "--login-roles", "--dir", migrations, env=env)
    assert "login role wa_router_login updated" in out
    for pw in PG_PASSWORDS.values():
        assert pw not in out
    return {s: f"postgresql://wa_{s}_login:{pw}@127.0.0.1:{stack.pg_port}/wa" for s, pw in PG_PASSWORDS.items()}


def test_redis_refuses_a_client_without_the_password(stack):
    with pytest.raises(redis.exceptions.AuthenticationError, match="Authentication required"):
        redis.Redis(port=stack.redis_port).xadd("wa:in", {"body": "{}"})
    with pytest.raises(redis.exceptions.ResponseError, match="WRONGPASS"):
        redis.Redis(port=stack.redis_port, password="not-the-password").ping()
    assert stack.redis_client().ping()


def test_wrong_redis_password_exits_3_without_the_password(stack):
    url = f"redis://:wrong-hunter2-pw@127.0.0.1:{stack.redis_port}/0"
    r = stack.wactl("streams", check=False, env={"REDIS_URL": url})
    assert r.returncode == 3
    assert "AUTH" in r.stderr and f"127.0.0.1:{stack.redis_port}" in r.stderr
    assert "wrong-hunter2-pw" not in r.stderr + r.stdout


def test_services_with_a_wrong_redis_password_stay_unready_and_never_log_it(stack):
    bad = f"redis://wa-ingress:wrong-hunter3-pw@127.0.0.1:{stack.redis_port}/0"
    port = free_port()
    procs = []
    try:
        for name in ("ingress", "router"):
            stack.ops.setdefault(name + "-badpw", free_port())
            stack.spawn(name + "-badpw", [os.path.join(BIN, f"wa-{name}")],
                        {"REDIS_URL": bad, "OPS_PORT": str(stack.ops[name + "-badpw"]), "INGRESS_PORT": str(port)})
            procs.append((name, stack.logs[-1]))
        for name, log in procs:
            wait_for(lambda: "AUTH" in open(log, errors="replace").read() or
                     "authentication" in open(log, errors="replace").read(), timeout=15,
                     what=f"wa-{name}'s authentication failure logged")
            assert http("GET", f"http://127.0.0.1:{stack.ops[name + '-badpw']}/readyz")[0] != 200
    finally:
        for name, _ in procs:
            stack.stop_service(name + "-badpw")
    for _, log in procs:
        text = open(log, errors="replace").read()
        assert "wrong-hunter3-pw" not in text


def test_acl_users_can_do_their_part_only(stack):
    ing = as_user(stack, "wa-ingress")
    assert ing.ping()
    ing.xadd(ACL_PREFIX + "in", {"body": "{}", "received_at": "0", "app": "master"})  # its one job
    noperm(ing.xadd, ACL_PREFIX + "out", {"to": "919800000000"})  # before: any client could send as any clinic
    noperm(ing.xadd, "wa:out", {"to": "919800000000"})
    noperm(ing.xrange, ACL_PREFIX + "in")  # cannot read the webhooks (patients' messages)
    noperm(ing.get, ACL_PREFIX + "sent:x")
    noperm(ing.keys, "*")

    rt = as_user(stack, "wa-router")
    rt.xadd(ACL_PREFIX + "out", {"probe": "1"})
    assert rt.xlen(ACL_PREFIX + "in") >= 1
    noperm(rt.xadd, "wa:out", {"to": "919800000000"})  # only its own prefix
    noperm(rt.keys, "*")
    noperm(rt.flushall)
    noperm(rt.config_get, "*")
    noperm(rt.acl_list)

    keda = as_user(stack, "wa-keda")
    assert keda.xlen(ACL_PREFIX + "in") >= 1
    noperm(keda.xrange, ACL_PREFIX + "in")
    noperm(keda.xadd, ACL_PREFIX + "in", {"body": "{}"})
    stack.redis.delete(ACL_PREFIX + "in", ACL_PREFIX + "out")


def test_ingress_pg_role_reads_app_secrets_only(stack, login_roles):
    c = psycopg2.connect(login_roles["ingress"])
    c.autocommit = True
    try:
        with c.cursor() as cur:
            cur.execute("SELECT id, whatsapp_app_secret, whatsapp_business_account_id, whatsapp_phone_number_id "
                        "FROM doctors WHERE is_active LIMIT 1")
            for sql in ("INSERT INTO messages (doctor_id, direction, wamid, wa_id, type) "
                        "SELECT id, 'in', 'wamid.lp', '919800000000', 'text' FROM doctors LIMIT 1",
                        "SELECT * FROM patients LIMIT 1",
                        "SELECT body FROM messages LIMIT 1",
                        "SELECT whatsapp_access_token FROM doctors LIMIT 1",
                        "UPDATE doctors SET is_active = is_active",
                        "CREATE TABLE lp_probe (x int)"):
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cur.execute(sql)
    finally:
        c.close()
    r = psycopg2.connect(login_roles["router"])
    r.autocommit = True
    try:
        with r.cursor() as cur:
            cur.execute("SELECT count(*) FROM patients")
            for sql in ("TRUNCATE messages", "DROP TABLE kb_entries", "ALTER TABLE doctors ADD COLUMN x int"):
                with pytest.raises((psycopg2.errors.InsufficientPrivilege, psycopg2.errors.UndefinedObject)):
                    cur.execute(sql)
    finally:
        r.close()


def test_the_pipeline_runs_with_its_own_redis_users_and_pg_roles(stack, login_roles):
    """A patient's question answered from the knowledge base and one answered by the ai, end to end, with every
    service logged in as itself: the grants and ACLs are enough for the real work (and the ingress loads a doctor's
    own app secret through its column-limited role); after a Redis restart every service logs in again."""
    doctor_id, phone = stack.add_doctor("Dr. Least", "Least Privilege Clinic")
    stack.add_kb(doctor_id, "What are your timings?", "We are open 9 to 5.", "timings hours open")
    pnid, waba = "pn" + uuid.uuid4().hex[:12], "waba" + uuid.uuid4().hex[:10]
    token, secret = "EAAGlp" + uuid.uuid4().hex, "lp-app-secret-" + uuid.uuid4().hex
    ingress_port = free_port()
    started = []
    stack.mock_config({"api": "graph", "valid_tokens": [MASTER_TOKEN, token], "phones": {pnid: "+" + phone}})
    try:
        stack.wactl("creds", "set", doctor_id, "--phone-number-id", pnid, "--token", token,
                    "--business-account-id", waba, "--app-id", "app-lp", "--app-secret", secret)
        for svc in ("ingress", "router", "ai", "sender"):
            env = {"WA_REDIS_PREFIX": ACL_PREFIX,
                   "REDIS_URL": f"redis://wa-{svc}:{REDIS_SERVICE_PASSWORDS[svc]}@127.0.0.1:{stack.redis_port}/0",
                   "DATABASE_URL": login_roles[svc], "INGRESS_PORT": str(ingress_port),
                   "INGRESS_SECRETS_REFRESH_MS": "200"}
            stack.start_service(svc, env, tag="-lp")
            started.append((svc + "-lp", stack.logs[-1]))

        patient, patient2 = new_number(), new_number()
        url = f"http://127.0.0.1:{ingress_port}/webhook"

        def post(frm, text):
            body = json.dumps({"object": "whatsapp_business_account", "entry": [
                {"id": waba, "changes": [change(phone, pnid, [text_message(frm, text, new_wamid())])]}]}).encode()
            return http("POST", url, body, {"Content-Type": "application/json",
                                            "X-Hub-Signature-256": sign(body, secret)})[0]

        # signed with the doctor's own app secret: accepted once the ingress has read it with its own role
        wait_for(lambda: post(patient, "What are your timings?") == 200, timeout=15,
                 what="the doctor's secret loaded by the ingress's role")
        assert any("We are open 9 to 5." in json.dumps(b) for b in stack.replies_to(patient, timeout=30))
        assert post(patient2, "Can I bring my grandmother's old prescriptions to the visit?") == 200
        assert stack.replies_to(patient2, timeout=30)
        # a photo (issue 17): the router queues it on wa:media, the sender's fetcher stores it with its own role
        from test_media import JPEG, new_media_id, provision
        mid, photo_wamid = new_media_id(), new_wamid()
        provision(stack, mid, JPEG, "image/jpeg")
        msg = {"from": patient2, "id": photo_wamid, "timestamp": str(int(time.time())), "type": "image",
               "image": {"id": mid, "mime_type": "image/jpeg"}}
        body = json.dumps({"object": "whatsapp_business_account", "entry": [
            {"id": waba, "changes": [change(phone, pnid, [msg])]}]}).encode()
        assert http("POST", url, body, {"Content-Type": "application/json",
                                        "X-Hub-Signature-256": sign(body, secret)})[0] == 200
        wait_for(lambda: stack.sql("SELECT size FROM media WHERE wamid = %s", photo_wamid) == [(len(JPEG),)],
                 timeout=20, what="the photo stored by the sender's role")

        # Redis restarts: every connection (the ingress's async one, the blocking XREADGROUP ones, the command ones)
        # logs in again as its own user
        stack.stop_redis()
        stack.start_infra()
        patient3 = new_number()
        wait_for(lambda: post(patient3, "What are your timings?") == 200, timeout=30,
                 what="the ingress back on Redis as wa-ingress")
        assert any("We are open 9 to 5." in json.dumps(b) for b in stack.replies_to(patient3, timeout=45))
        ingress_log = dict(started)["ingress-lp"]
        with open(ingress_log, errors="replace") as f:
            assert "redis connection lost" in f.read()  # it did go away, and came back
    finally:
        for name, _ in started:
            stack.stop_service(name)
        stack.sql("UPDATE doctors SET whatsapp_app_secret = NULL, whatsapp_access_token = NULL, "
                  "whatsapp_phone_number_id = NULL, credentials_state = 'none' WHERE id = %s", doctor_id)
        stack.mock_config({"api": "graph"})
        stack.redis.delete(*[k for k in stack.redis.scan_iter(ACL_PREFIX + "*")] or ["-"])
    for _, path in started:
        with open(path, errors="replace") as f:
            text = f.read()
        assert "permission denied" not in text and "NOPERM" not in text, path
        for pw in list(PG_PASSWORDS.values()) + list(REDIS_SERVICE_PASSWORDS.values()) + [REDIS_PASSWORD]:
            assert pw not in text, "a password appears in a log"


# --- wa-dashboard (issue 16) --------------------------------------------------------------------------------------
def test_dashboard_redis_user_can_do_its_part_only(stack):
    d = as_user(stack, "wa-dashboard")
    assert d.ping()
    d.hset(ACL_PREFIX + "session:probe", mapping={"u": "1"})  # sessions and sign-in counters
    d.incr(ACL_PREFIX + "login:acct:probe")
    d.set(ACL_PREFIX + "handoff:doc:919800000000", "1", ex=60)  # take over a conversation
    d.xadd(ACL_PREFIX + "out", {"probe": "1"})  # a staff reply goes the way of every message
    d.xadd(ACL_PREFIX + "media", {"probe": "1"})  # a file staff send goes to the sender for upload (issue 17)
    assert d.xlen(ACL_PREFIX + "media") >= 1  # and the operator's console shows its length, groups and lag
    stack.redis.xadd(ACL_PREFIX + "in", {"body": "{}"})
    stack.redis.xadd(ACL_PREFIX + "alerts", {"kind": "probe"})
    assert d.xread({ACL_PREFIX + "in": 0, ACL_PREFIX + "out": 0, ACL_PREFIX + "alerts": 0}, count=1)
    stack.redis.hset(ACL_PREFIX + "conv:doc:919800000000", "lang", "hi")
    assert d.hget(ACL_PREFIX + "conv:doc:919800000000", "lang") == "hi"  # the reception's language (read only)
    noperm(d.hset, ACL_PREFIX + "conv:doc:919800000000", "lang", "en")
    noperm(d.delete, ACL_PREFIX + "conv:doc:919800000000")
    # the operator's console (issue 17): the dead letters (read, delete, and the replay's script, which puts an entry
    # back on wa:in, wa:ai or wa:out: the one reason the dashboard may write those), the streams' state
    dead = stack.redis.xadd(ACL_PREFIX + "dlq", {"stage": "router", "entry": "{}"})
    assert d.xrevrange(ACL_PREFIX + "dlq", count=1) and d.xinfo_groups(ACL_PREFIX + "in") is not None
    assert d.eval("return redis.call('XLEN', KEYS[1])", 1, ACL_PREFIX + "dlq") >= 1
    assert d.xdel(ACL_PREFIX + "dlq", dead) == 1
    assert d.xrevrange(ACL_PREFIX + "unrouted", count=1) == [] and d.zcard(ACL_PREFIX + "retry") >= 0
    noperm(d.xadd, ACL_PREFIX + "unrouted", {"x": "1"})  # read only
    noperm(d.xadd, ACL_PREFIX + "alerts", {"kind": "fake"})
    noperm(d.delete, ACL_PREFIX + "retry")
    noperm(d.get, ACL_PREFIX + "sent:x")
    for script, keys in (("return redis.call('GET', KEYS[1])", [ACL_PREFIX + "sent:x"]),  # no more keys in a script
                         ("return redis.call('GET', 'other')", []),
                         ("return redis.call('FLUSHALL')", [])):
        with pytest.raises(redis.exceptions.ResponseError, match="NOPERM|can't access|no permissions|can't run"):
            d.eval(script, len(keys), *keys)
    noperm(d.xadd, "wa:out", {"to": "919800000000"})  # another prefix
    noperm(d.keys, "*")
    noperm(d.scan)
    noperm(d.flushall)
    noperm(d.config_get, "*")
    noperm(d.script_flush)
    stack.redis.delete(*[k for k in stack.redis.scan_iter(ACL_PREFIX + "*")] or ["-"])


def test_dashboard_pg_role_changes_only_what_the_dashboard_owns(stack, login_roles):
    doctor_id, _ = stack.add_doctor("Dr. Dash Role", "Dash Role Clinic")
    c = psycopg2.connect(login_roles["dashboard"])
    c.autocommit = True
    try:
        with c.cursor() as cur:
            cur.execute("SELECT whatsapp_access_token, phone_digits FROM doctors WHERE id = %s", (doctor_id,))
            cur.execute("UPDATE doctors SET clinic_name = 'Renamed', allow_master_fallback = false WHERE id = %s",
                        (doctor_id,))
            cur.execute("INSERT INTO audit_log (doctor_id, actor, action) VALUES (%s, 'probe', 'probe')", (doctor_id,))
            cur.execute("SELECT count(*) FROM messages WHERE doctor_id = %s", (doctor_id,))
            for sql in ("UPDATE doctors SET phone_number = '+1' WHERE id = %s",
                        "UPDATE doctors SET created_at = now() WHERE id = %s",
                        "INSERT INTO doctors (name, phone_number, whatsapp_access_token) "
                        "VALUES ('x', '+19999', %s)",
                        "UPDATE users SET role = 'operator', doctor_id = NULL WHERE doctor_id = %s",
                        "INSERT INTO users (email, password_hash, role, doctor_id, totp_enabled_at) "
                        "VALUES ('x@y.test', 'x', 'clinic_admin', %s, now())",
                        "DELETE FROM users WHERE doctor_id = %s",
                        "DELETE FROM audit_log WHERE doctor_id = %s",
                        "UPDATE audit_log SET actor = 'forged' WHERE doctor_id = %s",
                        "INSERT INTO messages (doctor_id, direction, wamid, wa_id, type) "
                        "VALUES (%s, 'out', 'wamid.dash', '919800000000', 'text')",
                        # erasing one contact is the dashboard's since 024 (DELETE /api/v1/contacts/{id}), but a
                        # contact's opt-outs and address are the contact's own
                        "UPDATE patients SET opted_out = false WHERE doctor_id = %s",
                        "UPDATE patients SET wa_id = '1' WHERE doctor_id = %s",
                        "DELETE FROM doctors WHERE id = %s"):
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cur.execute(sql, (doctor_id,))
            for sql in ("TRUNCATE audit_log", "TRUNCATE patients CASCADE", "DROP TABLE templates",
                        "CREATE TABLE dash_probe (x int)"):
                with pytest.raises((psycopg2.errors.InsufficientPrivilege, psycopg2.errors.UndefinedObject)):
                    cur.execute(sql)
    finally:
        c.close()


def test_the_dashboard_works_with_its_own_redis_user_and_pg_role(stack, login_roles):
    """Sign in, the settings, the knowledge base (add, try, delete), the number page and templates, the audit log:
    with wa-dashboard logged in as itself the grants and ACL are enough for its real work."""
    from conftest import start_dashboard
    doctor_id, _ = stack.add_doctor("Dr. Dash LP", "Dash LP Clinic")
    d = start_dashboard(stack, tag="-lp", WA_REDIS_PREFIX=ACL_PREFIX,
                        REDIS_URL=f"redis://wa-dashboard:{REDIS_SERVICE_PASSWORDS['dashboard']}@127.0.0.1:"
                                  f"{stack.redis_port}/0",
                        DATABASE_URL=login_roles["dashboard"])
    try:
        email = f"lp.{uuid.uuid4().hex[:8]}@clinic.test"
        d.add_user(email, "clinic_admin", doctor_id)
        c = d.client()
        status, doc = c.login(email)
        assert status == 200, doc
        assert stack.redis.keys(ACL_PREFIX + "session:*")
        status, s = c.request("PATCH", "/api/v1/settings", {"clinic_name": "LP Clinic", "slot_minutes": 15})
        assert status == 200, s
        status, e = c.request("POST", "/api/v1/kb", {"question": "Do you open on Sunday?", "answer": "No."})
        assert status == 201, e
        status, t = c.request("POST", "/api/v1/kb/try", {"question": "open on sunday?"})
        assert status == 200 and t["answer"] is not None, t
        assert c.request("DELETE", f"/api/v1/kb/{e['id']}")[0] == 204
        status, w = c.request("GET", "/api/v1/whatsapp")
        assert status == 200 and w["state"] == "none"
        assert c.request("GET", "/api/v1/templates")[0] == 200
        # photos and documents (021's grants): a stored file is served; a file sent is stored and queued
        key = "pg:lp-" + uuid.uuid4().hex
        stack.sql("INSERT INTO media_blobs (key, data) VALUES (%s, 'lp')", key)
        media_id = str(stack.sql("INSERT INTO media (doctor_id, wamid, kind, mime, size, sha256, storage_key)"
                                 " VALUES (%s, %s, 'image', 'image/jpeg', 2, 'x', %s) RETURNING id",
                                 doctor_id, "wamid.LP" + uuid.uuid4().hex, key)[0][0])
        status, got = c.request("GET", f"/api/v1/media/{media_id}")
        assert status == 200 and got == b"lp"
        pid = str(stack.sql("INSERT INTO patients (doctor_id, wa_id, last_inbound_at) VALUES (%s, %s, now())"
                            " RETURNING id", doctor_id, new_number())[0][0])
        status, sent = c.request("POST", f"/api/v1/conversations/{pid}/media?filename=lp.pdf", b"%PDF-1.4 lp",
                                 headers={"Content-Type": "application/pdf"})
        assert status == 202, sent
        assert [f for _, f in stack.redis.xrange(ACL_PREFIX + "media") if f.get("out_id") == sent["out_id"]]
        status, audit = c.request("GET", "/api/v1/audit")
        assert status == 200 and {"settings.update", "kb.create", "kb.delete"} <= {a["action"] for a in audit["items"]}
        reception_as_itself(stack, d, doctor_id)  # before the clinic requires two-step sign-in
        # contacts, groups and the CSV import (024's grants): add, import, change, export, erase
        status, g = c.request("POST", "/api/v1/groups", {"name": "LP list"})
        assert status == 201, g
        num = new_number()
        status, imp = c.request("POST", "/api/v1/contacts/import", {
            "csv": f"phone,name,group\n+{num},LP Parent,LP list\n", "commit": True, "basis": "Signed LP form"})
        assert status == 200 and imp["counts"]["added"] == 1, imp
        status, imp = c.request("POST", "/api/v1/contacts/import", {
            "csv": f"phone,name,group\n+{num},LP Parent Again,LP list\n", "commit": True, "basis": "Signed LP form"})
        assert status == 200 and imp["counts"]["updated"] == 1, imp
        status, lst = c.request("GET", f"/api/v1/contacts?group={g['id']}")
        assert status == 200 and len(lst["items"]) == 1, lst
        cid = lst["items"][0]["id"]
        status, ct = c.request("PATCH", f"/api/v1/contacts/{cid}", {"lang": "hi", "groups": []})
        assert status == 200 and ct["lang"] == "hi", ct
        assert c.request("GET", "/api/v1/contacts/export")[0] == 200
        assert c.request("DELETE", f"/api/v1/contacts/{cid}")[0] == 204
        assert c.request("DELETE", f"/api/v1/groups/{g['id']}")[0] == 204
        # two-step sign-in (017's grants): enrol, confirm, require it for the clinic, sign in with a code
        from test_dashboard_totp import totp
        status, en = c.request("POST", "/api/v1/me/totp", {})
        assert status == 200, en
        step = int(time.time()) // 30
        assert c.request("POST", "/api/v1/me/totp/confirm", {"code": totp(en["secret"], step)})[0] == 204
        assert c.request("PATCH", "/api/v1/settings", {"require_totp": True})[0] == 200
        c2 = d.client()
        status, doc = c2.request("POST", "/api/v1/session", {"email": email, "password": "correct horse battery",
                                                             "totp": totp(en["secret"], step, offset=1)})
        assert status == 200 and doc["totp_enrolment_required"] is False, doc
        assert c.request("DELETE", "/api/v1/session")[0] == 204
    finally:
        stack.stop_service("dashboard-lp")
        stack.redis.delete(*[k for k in stack.redis.scan_iter(ACL_PREFIX + "*")] or ["-"])


def reception_as_itself(stack, d, doctor_id):
    """The reception (issue 17, migration 023's grants and the ACL's read of conv:*): a phoned-in booking of a new
    number, a move, arrived, a cancel, a blocked day, the queue called with the patient told in Hindi, the display,
    the referrals."""
    email = f"desk.{uuid.uuid4().hex[:8]}@clinic.test"
    d.add_user(email, "staff", doctor_id)
    c = d.client()
    assert c.login(email)[0] == 200
    stack.sql("UPDATE clinic_settings SET work_days = '{1,2,3,4,5,6,7}', day_start = '00:00', day_end = '23:59',"
              " break_start = NULL, break_end = NULL, slot_minutes = 30, book_ahead_days = 3 WHERE doctor_id = %s",
              doctor_id)
    view = c.request("GET", "/api/v1/appointments")[1]
    free = [s["start"] for day in view["days"] for s in day["slots"] if s["bookable"]]
    number = new_number()
    status, a = c.request("POST", "/api/v1/appointments", {"start": free[0], "wa_id": number, "name": "LP"})
    assert status == 201 and a["notified"], a
    status, m = c.request("PATCH", f"/api/v1/appointments/{a['id']}", {"start": free[1], "reason": "moved"})
    assert status == 200, m
    assert c.request("PATCH", f"/api/v1/appointments/{m['id']}", {"attendance": "arrived"})[0] == 200
    assert c.request("PATCH", f"/api/v1/appointments/{m['id']}", {"status": "cancelled"})[0] == 200
    day = view["days"][2]["day"]
    assert c.request("POST", "/api/v1/appointments/blocked-days", {"day": day})[0] == 201
    assert c.request("DELETE", f"/api/v1/appointments/blocked-days/{day}")[0] == 204
    patient = stack.sql("SELECT id::text FROM patients WHERE doctor_id = %s AND wa_id = %s", doctor_id, number)[0][0]
    stack.sql("INSERT INTO queue_tokens (doctor_id, day, token, patient_id) SELECT %s,"
              " (now() AT TIME ZONE time_zone)::date, 1, %s FROM clinic_settings WHERE doctor_id = %s",
              doctor_id, patient, doctor_id)
    stack.redis.hset(f"{ACL_PREFIX}conv:{doctor_id}:{number}", "lang", "hi")
    status, called = c.request("POST", "/api/v1/queue/next")
    assert status == 200 and called["called"] == 1, called
    told = [f for _, f in stack.redis.xrange(ACL_PREFIX + "out") if f.get("out_id", "").endswith(":1:called")
            and f.get("to") == number]
    assert told and "अब आपकी बारी है" in json.loads(told[0]["message"])["text"]["body"], told
    assert c.request("GET", "/api/v1/queue/display")[1]["current"] == 1
    assert c.request("POST", "/api/v1/queue/close")[0] == 200
    assert c.request("GET", "/api/v1/referrals")[0] == 200
    actions = {r[0] for r in stack.sql("SELECT action FROM audit_log WHERE doctor_id = %s", doctor_id)}
    assert {"appointment.book", "appointment.reschedule", "appointment.cancel", "queue.next"} <= actions
# --- the operator's console (issue 17) ----------------------------------------------------------------------------
def test_the_operators_console_works_with_the_dashboards_own_redis_user_and_pg_role(stack, login_roles):
    """The console's reads and changes (clinics, users, streams, dead letters and their replay) with wa-dashboard
    logged in as itself: 027's grants and the ACL's additions are enough, and the replay lands on the right stream."""
    from conftest import start_dashboard
    d = start_dashboard(stack, tag="-lp-ops", WA_REDIS_PREFIX=ACL_PREFIX,
                        REDIS_URL=f"redis://wa-dashboard:{REDIS_SERVICE_PASSWORDS['dashboard']}@127.0.0.1:"
                                  f"{stack.redis_port}/0",
                        DATABASE_URL=login_roles["dashboard"])
    try:
        tag = uuid.uuid4().hex[:8]
        email = f"lp-op.{tag}@clinic.test"
        d.add_user(email, "operator")
        c = d.client()
        assert c.login(email)[0] == 200
        status, doc = c.request("POST", "/api/v1/ops/doctors", {"name": "Dr. LP", "phone_number": "+" + new_number(),
                                                                "clinic_name": "LP Console Clinic"})
        assert status == 201, doc
        assert c.request("PATCH", f"/api/v1/ops/doctors/{doc['id']}", {"disabled": True})[1]["disabled"] is True
        assert c.request("GET", "/api/v1/ops/doctors?limit=200")[0] == 200
        status, u = c.request("POST", "/api/v1/ops/users", {"email": f"lp-staff.{tag}@clinic.test", "role": "staff",
                                                            "doctor_id": doc["id"], "password": "a fine password"})
        assert status == 201, u
        assert c.request("PATCH", f"/api/v1/ops/users/{u['id']}", {"disabled": True})[1]["disabled"] is True
        assert c.request("GET", "/api/v1/ops/users")[0] == 200
        status, streams = c.request("GET", "/api/v1/ops/streams")
        assert status == 200 and streams["prefix"] == ACL_PREFIX, streams
        assert c.request("GET", "/api/v1/ops/unrouted")[0] == 200
        entry = {"out_id": "lp:" + tag, "doctor_id": doc["id"], "to": "919800000000", "kind": "text"}
        dead = stack.redis.xadd(ACL_PREFIX + "dlq", {"stage": "sender", "reason": "probe", "source_stream":
                                                     ACL_PREFIX + "out", "entry": json.dumps(entry)})
        assert [e["id"] for e in c.request("GET", f"/api/v1/ops/dlq?doctor={doc['id']}")[1]["items"]] == [dead]
        assert c.request("GET", f"/api/v1/ops/dlq/{dead}")[1]["entry"]["out_id"] == "lp:" + tag
        status, res = c.request("POST", "/api/v1/ops/dlq/replay", {"ids": [dead]})
        assert status == 200 and res["replayed"] == 1, res
        back = stack.redis.xrange(ACL_PREFIX + "out", res["entries"][0]["new_id"], res["entries"][0]["new_id"])
        assert back[0][1]["out_id"] == "lp:" + tag and back[0][1]["replayed_from"] == dead
        dead2 = stack.redis.xadd(ACL_PREFIX + "dlq", {"stage": "router", "reason": "probe", "entry": "{}"})
        assert c.request("POST", "/api/v1/ops/dlq/purge", {"ids": [dead2]})[1]["purged"] == 1
        actions = [a for (a,) in stack.sql("SELECT action FROM audit_log WHERE actor = %s ORDER BY id", "user:" + email)]
        assert [a for a in actions if a.split(".")[0] in ("doctor", "user", "dlq")] == [
            "doctor.add", "doctor.disable", "user.add", "user.disable", "dlq.replay", "dlq.purge"], actions
    finally:
        stack.stop_service("dashboard-lp-ops")
        stack.redis.delete(*[k for k in stack.redis.scan_iter(ACL_PREFIX + "*")] or ["-"])
