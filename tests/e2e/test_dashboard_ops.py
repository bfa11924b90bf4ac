"""The operator's console through the API (issue 17; services/dashboard/ops.c): clinics with their number's health,
added (as `wactl doctor add`), disabled and enabled; the streams; the dead letters filtered, shown, replayed with the
guarantees of `wactl dlq replay` (the same libwa code) and purged; the unrouted webhooks; the users; every action in
the audit log. Only a signed-in operator may call any of it: every other role, an API token and nobody get 403 / 401
on every ops route of the OpenAPI document."""
import json
import time
import uuid

import pytest

from conftest import SERVICES, change, new_number, signed_in, text_message, wait_for
from test_sender_dlq import accepted, enqueue

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def ops_world(stack, dashboard):
    tag = uuid.uuid4().hex[:8]
    a_id, a_phone = stack.add_doctor("Dr. Ops Alpha", f"Ops Alpha Clinic {tag}")
    w = {"tag": tag, "a": a_id, "a_phone": a_phone}
    for who, role, doc in (("op", "operator", None), ("admin", "clinic_admin", a_id), ("staff", "staff", a_id)):
        w[who] = f"ops-{who}.{tag}@clinic.test"
        dashboard.add_user(w[who], role, doc)
    return w


def ops_routes(dashboard):
    doc = dashboard.client().request("GET", "/api/v1/openapi.json")[1]
    return sorted((m, p) for p, item in doc["paths"].items() for m in item if p.startswith("/api/v1/ops/"))


def test_every_ops_route_is_the_operators_only(stack, dashboard, ops_world):
    routes = ops_routes(dashboard)
    assert len(routes) >= 13
    tok = stack.wactl("token", "create", "--doctor", ops_world["a"], "--name", "ops " + ops_world["tag"]).strip()
    callers = {"clinic_admin": signed_in(dashboard, ops_world["admin"]),
               "staff": signed_in(dashboard, ops_world["staff"]), "token": dashboard.client(token=tok)}
    dead = stack.redis.xadd("wa:dlq", {"stage": "sender", "reason": "probe", "source_stream": "wa:out",
                                       "entry": json.dumps({"doctor_id": ops_world["a"], "out_id": "probe"})})
    users_before = stack.sql("SELECT count(*) FROM users")
    doctors_before = stack.sql("SELECT count(*), count(*) FILTER (WHERE is_active) FROM doctors")
    bodies = {"/api/v1/ops/doctors": {"name": "X", "phone_number": "+" + new_number(), "clinic_name": "Forged"},
              "/api/v1/ops/doctors/{id}": {"disabled": True},
              "/api/v1/ops/dlq/replay": {"ids": [dead]}, "/api/v1/ops/dlq/purge": {"ids": [dead]},
              "/api/v1/ops/users": {"email": f"forged.{ops_world['tag']}@x.test", "role": "operator",
                                    "password": "a long enough password"},
              "/api/v1/ops/users/{id}": {"disabled": False}}
    for who, c in callers.items():
        for method, path in routes:
            url = path.replace("{id}", dead if "/dlq/" in path else ops_world["a"])
            status, body = c.request(method.upper(), url, bodies.get(path) if method != "get" else None)
            assert status == 403 and body["error"]["code"] == "forbidden", (who, method, url, status, body)
    for method, path in routes:  # nobody signed in
        status, _ = dashboard.client().request(method.upper(), path.replace("{id}", dead),
                                               bodies.get(path) if method != "get" else None)
        assert status == 401, (method, path)
    # nothing happened: the dead letter is still there, no user or clinic was added or disabled
    assert stack.redis.xrange("wa:dlq", dead, dead)
    assert stack.sql("SELECT count(*) FROM users") == users_before
    assert stack.sql("SELECT count(*), count(*) FILTER (WHERE is_active) FROM doctors") == doctors_before
    stack.redis.xdel("wa:dlq", dead)


def test_clinics_listed_with_number_health_added_disabled_and_enabled(stack, dashboard, ops_world):
    op = signed_in(dashboard, ops_world["op"])
    stack.sql("UPDATE doctors SET credentials_state = 'invalid', credentials_error = 'Graph 190: token expired',"
              " whatsapp_quality_rating = 'YELLOW', whatsapp_messaging_limit = 'TIER_1K',"
              " whatsapp_access_token = 'SEALED-NOT-TO-BE-SHOWN', whatsapp_app_secret = 'SEALED-SECRET'"
              " WHERE id = %s", ops_world["a"])
    items, cursor = [], None
    while True:  # page through every clinic, 5 at a time
        status, page = op.request("GET", "/api/v1/ops/doctors?limit=5" + (f"&cursor={cursor}" if cursor else ""))
        assert status == 200, page
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert stack.sql("SELECT count(*) FROM doctors") == [(len(items),)]
    [a] = [d for d in items if d["id"] == ops_world["a"]]
    assert a["disabled"] is False and a["number"]["state"] == "invalid"
    assert a["number"]["last_error"] == "Graph 190: token expired"
    assert a["number"]["quality_rating"] == "YELLOW" and a["number"]["messaging_limit"] == "TIER_1K"
    assert a["number"]["token_set"] is True
    text = json.dumps(items)
    assert "SEALED" not in text and "whatsapp_access_token" not in text and "app_secret\"" not in text

    # add one, as wactl doctor add
    phone = new_number()
    body = {"name": "Dr. Console", "phone_number": "+" + phone, "clinic_name": f"Console Clinic {ops_world['tag']}",
            "specialization": "ENT", "phone_number_id": "10" + phone}
    status, d = op.request("POST", "/api/v1/ops/doctors", body)
    assert status == 201, d
    assert d["clinic_name"] == body["clinic_name"] and d["disabled"] is False and d["number"]["state"] == "none"
    assert stack.sql("SELECT name, phone_digits, whatsapp_phone_number_id, is_active FROM doctors WHERE id = %s",
                     d["id"]) == [("Dr. Console", phone, "10" + phone, True)]
    shown = json.loads(stack.wactl("doctor", "show", d["id"], "--json"))
    assert shown["id"] == d["id"]
    status, err = op.request("POST", "/api/v1/ops/doctors", dict(body, name="Again"))
    assert status == 409 and err["error"]["code"] == "exists"
    for bad in ({"name": "X", "clinic_name": "Y"}, dict(body, phone_number="call me"),
                dict(body, phone_number_id="pn-x"), dict(body, name="   ")):
        status, err = op.request("POST", "/api/v1/ops/doctors", bad)
        assert status == 422 and err["error"]["fields"], bad

    # disable, disable again (no-op), enable
    status, doc = op.request("PATCH", f"/api/v1/ops/doctors/{d['id']}", {"disabled": True})
    assert status == 200 and doc["disabled"] is True
    assert stack.sql("SELECT is_active FROM doctors WHERE id = %s", d["id"]) == [(False,)]
    assert op.request("PATCH", f"/api/v1/ops/doctors/{d['id']}", {"disabled": True})[0] == 200
    status, doc = op.request("PATCH", f"/api/v1/ops/doctors/{d['id']}", {"disabled": False})
    assert status == 200 and doc["disabled"] is False
    assert stack.sql("SELECT is_active FROM doctors WHERE id = %s", d["id"]) == [(True,)]
    assert op.request("PATCH", f"/api/v1/ops/doctors/{uuid.uuid4()}", {"disabled": True})[0] == 404
    assert op.request("PATCH", "/api/v1/ops/doctors/nope", {"disabled": True})[0] == 404
    assert op.request("PATCH", f"/api/v1/ops/doctors/{d['id']}", {"disabled": "yes"})[0] == 422
    actions = [r[0] for r in stack.sql("SELECT action FROM audit_log WHERE target = %s ORDER BY id",
                                       "doctor:" + d["id"])]
    assert actions == ["doctor.add", "doctor.disable", "doctor.enable"]
    assert stack.sql("SELECT count(*) FROM audit_log WHERE target = %s AND actor = %s", "doctor:" + d["id"],
                     "user:" + ops_world["op"]) == [(3,)]


def test_streams_show_length_groups_pending_lag_and_consumers(stack, dashboard, ops_world):
    op = signed_in(dashboard, ops_world["op"])
    probe = stack.redis.xadd("wa:dlq", {"stage": "router", "reason": "probe", "entry": "{}"})
    status, doc = op.request("GET", "/api/v1/ops/streams")
    assert status == 200, doc
    by = {s["name"]: s for s in doc["streams"]}
    assert set(by) == {"in", "ai", "out", "media", "dlq", "unrouted", "sandbox", "dash", "alerts"}
    assert by["media"]["key"] == "wa:media" and any(g["name"] == "media" for g in by["media"]["groups"])
    assert by["in"]["key"] == "wa:in" and by["dlq"]["length"] == stack.redis.xlen("wa:dlq") >= 1
    stack.redis.xdel("wa:dlq", probe)  # later tests read every dead letter
    groups = {g["name"]: g for g in by["in"]["groups"]}
    info = {g["name"]: g for g in stack.redis.xinfo_groups("wa:in")}
    assert set(groups) == set(info) and groups  # the router's group at least
    for name, g in groups.items():
        assert g["pending"] == info[name]["pending"] and g["consumers"] == info[name]["consumers"]
        assert g["lag"] is None or g["lag"] >= 0
        assert len(g["consumer_list"]) == g["consumers"]
        assert all(isinstance(c["idle_ms"], int) for c in g["consumer_list"])
    assert doc["retry"]["key"] == "wa:retry" and doc["retry"]["length"] >= 0

    # a pending entry shows its age: a group of our own that reads one entry and never acknowledges it
    stack.redis.xgroup_create("wa:alerts", "ops-probe-" + ops_world["tag"], id="$", mkstream=True)
    stack.redis.xadd("wa:alerts", {"kind": "probe"})
    stack.redis.xreadgroup("ops-probe-" + ops_world["tag"], "probe-consumer", {"wa:alerts": ">"}, count=1)
    time.sleep(0.3)
    try:
        doc = op.request("GET", "/api/v1/ops/streams")[1]
        [g] = [g for s in doc["streams"] if s["name"] == "alerts" for g in s["groups"]
               if g["name"] == "ops-probe-" + ops_world["tag"]]
        assert g["pending"] == 1 and g["oldest_pending_ms"] >= 300 and g["consumer_list"][0]["name"] == "probe-consumer"
    finally:
        stack.redis.xgroup_destroy("wa:alerts", "ops-probe-" + ops_world["tag"])


def listed(op, query):
    status, doc = op.request("GET", "/api/v1/ops/dlq?" + query)
    assert status == 200, doc
    return doc["items"]


def test_dead_letters_filtered_shown_replayed_once_and_purged(stack, dashboard, ops_world):
    op = signed_in(dashboard, ops_world["op"])
    doctor_id, _ = stack.add_doctor("Dr. Console DLQ", f"Console DLQ Clinic {ops_world['tag']}")
    p1, p2, p3 = new_number(), new_number(), new_number()
    mine = f"doctor={doctor_id}&stage=sender&reason=graph_fix"
    try:
        stack.mock_config({"api": "graph", "errors": [{"code": 100, "to": p} for p in (p1, p2, p3)]})
        outs = [enqueue(stack, doctor_id, p) for p in (p1, p2, p3)]
        entries = wait_for(lambda: (lambda l: l if len(l) == 3 else None)(listed(op, mine)), what="3 dead letters")
        assert {e["error_code"] for e in entries} == {"100"} and {e["doctor_id"] for e in entries} == {doctor_id}
        assert all("entry" not in e for e in entries)  # the list shows metadata only
        assert listed(op, f"doctor={doctor_id}&reason=poison") == []
        assert listed(op, f"doctor={doctor_id}&older_than=1h") == []
        assert len(listed(op, f"doctor={doctor_id}&newer_than=1h")) == 3
        page1 = op.request("GET", f"/api/v1/ops/dlq?{mine}&limit=2")[1]
        page2 = op.request("GET", f"/api/v1/ops/dlq?{mine}&limit=2&cursor={page1['next_cursor']}")[1]
        assert [e["id"] for e in page1["items"] + page2["items"]] == [e["id"] for e in entries]
        assert page2["next_cursor"] is None
        assert op.request("GET", "/api/v1/ops/dlq?older_than=soon")[0] == 422
        assert op.request("GET", "/api/v1/ops/dlq?doctor=x")[0] == 422
        by_out = {}
        for e in entries:
            status, shown = op.request("GET", f"/api/v1/ops/dlq/{e['id']}")
            assert status == 200 and shown["source_stream"] == "wa:out" and shown["reason"] == "graph_fix"
            by_out[shown["entry"]["out_id"]] = e["id"]
        assert set(by_out) == set(outs)
        assert op.request("GET", "/api/v1/ops/dlq/1-1")[0] == 404
        assert op.request("GET", "/api/v1/ops/dlq/nope")[0] == 404

        stack.mock_config({"api": "graph"})  # the cause is fixed
        status, res = op.request("POST", "/api/v1/ops/dlq/replay", {"ids": [by_out[outs[0]]]})
        assert status == 200 and res["replayed"] == 1 and res["entries"][0]["result"] == "ok", res
        assert len(wait_for(lambda: accepted(stack, p1), what="the replayed send")) == 1
        wait_for(lambda: stack.sql("SELECT count(*) FROM messages WHERE out_id = %s", outs[0]) == [(1,)],
                 what="the outbound row")
        # replayed once: the same id again is gone, from the console and from wactl
        status, res = op.request("POST", "/api/v1/ops/dlq/replay", {"ids": [by_out[outs[0]]]})
        assert status == 200 and res["replayed"] == 0 and res["gone"] == 1
        assert stack.wactl("dlq", "replay", by_out[outs[0]], check=False).returncode == 1
        # many at once
        status, res = op.request("POST", "/api/v1/ops/dlq/replay", {"ids": [by_out[outs[1]], by_out[outs[2]]]})
        assert status == 200 and res["replayed"] == 2, res
        wait_for(lambda: accepted(stack, p2) and accepted(stack, p3), what="the replayed sends")
        assert listed(op, f"doctor={doctor_id}") == []
        time.sleep(1.0)  # a second send, if any, would show up here
        assert [len(accepted(stack, p)) for p in (p1, p2, p3)] == [1, 1, 1]

        # purge: a dead letter deleted without being sent
        p4 = new_number()
        stack.mock_config({"api": "graph", "errors": [{"code": 100, "to": p4}]})
        enqueue(stack, doctor_id, p4)
        [e4] = wait_for(lambda: listed(op, f"doctor={doctor_id}"), what="a fourth dead letter")
        status, res = op.request("POST", "/api/v1/ops/dlq/purge", {"ids": [e4["id"]]})
        assert status == 200 and res["purged"] == 1
        assert listed(op, f"doctor={doctor_id}") == [] and not stack.redis.xrange("wa:dlq", e4["id"], e4["id"])
        for bad in ({"ids": []}, {"ids": ["x"]}, {"ids": "1-1"}, {}):
            assert op.request("POST", "/api/v1/ops/dlq/replay", bad)[0] == 422, bad

        # every action is in the audit log, under the clinic the entry named
        rows = stack.sql("SELECT action, target, after->>'source_stream', actor FROM audit_log"
                         " WHERE doctor_id = %s AND action LIKE 'dlq.%%' ORDER BY id", doctor_id)
        assert [r[0] for r in rows] == ["dlq.replay", "dlq.replay", "dlq.replay", "dlq.purge"]
        assert {r[1] for r in rows} == {"dlq:" + i for i in list(by_out.values()) + [e4["id"]]}
        assert {r[2] for r in rows} == {"wa:out"} and {r[3] for r in rows} == {"user:" + ops_world["op"]}
        status, audit = op.request("GET", "/api/v1/ops/audit?limit=20")
        assert status == 200 and {"dlq.replay", "dlq.purge"} <= {a["action"] for a in audit["items"]}
    finally:
        stack.mock_config({"api": "graph"})


def test_a_dead_letter_naming_a_stream_it_may_not_go_to_is_refused(stack, dashboard, ops_world):
    op = signed_in(dashboard, ops_world["op"])
    bad = stack.redis.xadd("wa:dlq", {"stage": "sender", "reason": "probe", "source_stream": "wa:session:x",
                                      "entry": json.dumps({"out_id": "x"})})
    status, res = op.request("POST", "/api/v1/ops/dlq/replay", {"ids": [bad]})
    assert status == 200 and res["failed"] == 1 and res["entries"][0]["result"] == "bad_source"
    assert not stack.redis.exists("wa:session:x") and stack.redis.xrange("wa:dlq", bad, bad)
    stack.redis.xdel("wa:dlq", bad)


def test_unrouted_webhooks_listed_without_their_text(stack, dashboard, ops_world):
    op = signed_in(dashboard, ops_world["op"])
    unknown, patient = new_number(), new_number()
    secret = "UNROUTED-TEXT-" + ops_world["tag"]
    payload = {"object": "whatsapp_business_account", "entry": [
        {"id": "WABA", "changes": [change(unknown, "pn-" + unknown, [text_message(patient, secret)])]}]}
    assert stack.post_webhook(payload) == 200

    def mine():
        doc = op.request("GET", "/api/v1/ops/unrouted?limit=200")[1]
        return [r for r in doc["items"] if r["display_phone_number"] == unknown], doc

    [row], doc = wait_for(lambda: (lambda m: m if m[0] else None)(mine()), what="the unrouted change")
    assert row["phone_number_id"] == "pn-" + unknown and row["messages"] == 1 and row["statuses"] == 0
    assert row["received_at_ms"] > 0
    assert secret not in json.dumps(doc) and patient not in json.dumps(doc)
    assert op.request("GET", "/api/v1/ops/unrouted?limit=0")[0] == 422


def test_users_listed_added_disabled_and_enabled(stack, dashboard, ops_world):
    op = signed_in(dashboard, ops_world["op"])
    status, doc = op.request("GET", f"/api/v1/ops/users?doctor={ops_world['a']}")
    assert status == 200 and {u["email"] for u in doc["items"]} == {ops_world["admin"], ops_world["staff"]}
    assert all("password" not in json.dumps(u) for u in doc["items"])
    email = f"ops-new.{ops_world['tag']}@clinic.test"
    body = {"email": email, "role": "staff", "doctor_id": ops_world["a"], "name": "New Receptionist",
            "password": "another fine password"}
    for bad, field in ((dict(body, password="short"), "password"), (dict(body, role="king"), "role"),
                       (dict(body, doctor_id=None), "doctor_id"), (dict(body, role="operator"), "doctor_id"),
                       (dict(body, doctor_id=str(uuid.uuid4())), "doctor_id"), (dict(body, email="x"), "email")):
        status, err = op.request("POST", "/api/v1/ops/users", bad)
        assert status == 422 and field in err["error"]["fields"], (bad, err)
    status, u = op.request("POST", "/api/v1/ops/users", body)
    assert status == 201 and u["email"] == email and u["role"] == "staff" and u["disabled"] is False, u
    assert "another fine password" not in json.dumps(u)
    assert op.request("POST", "/api/v1/ops/users", body)[0] == 409
    new = signed_in(dashboard, email, "another fine password")
    assert new.request("GET", "/api/v1/settings")[0] == 200
    # disabled: the session ends at once, signing in fails; enabled: signing in works again
    status, u2 = op.request("PATCH", f"/api/v1/ops/users/{u['id']}", {"disabled": True})
    assert status == 200 and u2["disabled"] is True
    assert new.request("GET", "/api/v1/settings")[0] == 401
    assert dashboard.client().login(email, "another fine password")[0] == 401
    assert op.request("PATCH", f"/api/v1/ops/users/{u['id']}", {"disabled": False})[1]["disabled"] is False
    assert signed_in(dashboard, email, "another fine password").request("GET", "/api/v1/settings")[0] == 200
    me = op.request("GET", "/api/v1/me")[1]["user"]["id"]
    assert op.request("PATCH", f"/api/v1/ops/users/{me}", {"disabled": True})[0] == 409
    assert op.request("PATCH", f"/api/v1/ops/users/{uuid.uuid4()}", {"disabled": True})[0] == 404
    actions = [r[0] for r in stack.sql("SELECT action FROM audit_log WHERE target = %s ORDER BY id",
                                       "user:" + email)]
    assert actions == ["user.add", "user.disable", "user.enable"]
    assert stack.sql("SELECT count(*) FROM audit_log WHERE target = %s AND doctor_id = %s", "user:" + email,
                     ops_world["a"]) == [(3,)]


def test_two_operators_replaying_the_same_dead_letter_at_once_replay_it_once(stack, dashboard, ops_world):
    import threading
    op1, op2 = signed_in(dashboard, ops_world["op"]), signed_in(dashboard, ops_world["op"])
    marker = "race:" + uuid.uuid4().hex
    ids = [stack.redis.xadd("wa:dlq", {"stage": "ai", "reason": "probe", "source_stream": "wa:ai",
                                       "entry": json.dumps({"probe": marker, "n": str(i)})}) for i in range(20)]
    results = []

    def replay(c):
        results.append(c.request("POST", "/api/v1/ops/dlq/replay", {"ids": ids}))

    threads = [threading.Thread(target=replay, args=(c,)) for c in (op1, op2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [s for s, _ in results] == [200, 200], results
    assert sum(r["replayed"] for _, r in results) == 20 and sum(r["gone"] for _, r in results) == 20
    back = [f for _, f in stack.redis.xrevrange("wa:ai", count=1000) if f.get("probe") == marker]
    assert sorted(f["n"] for f in back) == sorted(str(i) for i in range(20))  # each once, none twice
    assert all(not stack.redis.xrange("wa:dlq", i, i) for i in ids)


def test_after_postgresql_and_redis_restart_every_worker_reconnects_by_itself(stack, dashboard, ops_world):
    """The console is what an operator opens when something broke: after a failover of PostgreSQL and a restart of
    Redis, each dashboard worker mends its own connections (server.c checks them on every worker), so no request
    answers 503 once both are back, whichever worker it reaches."""
    import redis
    c = signed_in(dashboard, ops_world["op"])

    def redis_down():
        try:
            stack.redis_client().ping()
            return False
        except redis.exceptions.ConnectionError:
            return True

    stack.stop_postgres()
    stack.stop_redis()
    wait_for(redis_down, timeout=30, what="Redis to stop")
    stack.start_infra()
    for svc in SERVICES:  # the pipeline back as it was, for the tests after this one
        wait_for(lambda: stack._ready(svc), timeout=60, what=f"wa-{svc} back")
    time.sleep(5)  # more than two of the dashboard's check intervals (2 s)
    # new connections, spread over the two workers by SO_REUSEPORT, and the session opened before the restarts
    statuses = [dashboard.client().login(ops_world["op"])[0] for _ in range(12)]
    statuses.append(c.request("GET", "/api/v1/ops/doctors")[0])
    assert statuses == [200] * 13, statuses
