"""Operations against the running stack: the wactl commands of issue 6 (doctor show/disable/enable, unrouted list,
kb import, send, streams --watch, --help everywhere, unreachable servers) and each service's /metrics."""
import json
import os
import re
import signal
import subprocess

import pytest

from conftest import BIN, change, http, new_number, new_wamid, text_message, wait_for, webhook


def one_message(doctor_phone, patient, text, wamid=None):
    return webhook([change(doctor_phone, "pn-" + doctor_phone, [text_message(patient, text, wamid)])])


def router_idle(stack):
    """True when the router group has been handed every wa:in entry and acknowledged it: whatever it emits for an
    entry (XADD wa:out or wa:ai) happens before its XACK."""
    g = next(g for g in stack.redis.xinfo_groups("wa:in") if g["name"] == "router")
    return g["pending"] == 0 and g.get("lag") == 0


def out_entries(stack, out_id):
    return [f for _, f in stack.redis.xrange("wa:out") if f.get("out_id") == out_id]


# --- doctor show / disable / enable --------------------------------------------------------------------------------

def test_doctor_show_counts_traffic_and_credentials_state(stack, clinic):
    patient, wamid = new_number(), new_wamid()
    assert stack.post_webhook(one_message(clinic["phone"], patient, "What are your timings?", wamid)) == 200
    stack.replies_to(patient)
    wait_for(lambda: stack.sql("SELECT 1 FROM messages WHERE out_id = %s", "reply:" + wamid), what="outbound row")

    shown = json.loads(stack.wactl("doctor", "show", "+" + clinic["phone"], "--json"))
    assert shown["id"] == clinic["id"] and shown["clinic"] == clinic["clinic"]
    assert shown["active"] is True
    assert shown["credentials_state"] == "none" and shown["has_token"] is False
    assert (shown["patients"], shown["messages_in"], shown["messages_out"], shown["kb_entries"]) == (1, 1, 1, 1)
    assert shown["last_inbound_at"] is not None and shown["last_outbound_at"] is not None
    table = stack.wactl("doctor", "show", clinic["id"])
    assert re.search(r"^credentials_state\s+none$", table, re.M)
    assert re.search(r"^messages_in\s+1$", table, re.M)


def test_disabled_doctor_is_recorded_but_not_answered_and_can_be_enabled(stack):
    doctor_id, phone = stack.add_doctor("Dr. Off Duty", "Closed Clinic")
    stack.add_kb(doctor_id, "What are your timings?", "We are open 9 to 5.", "timings")
    out = stack.wactl("doctor", "disable", phone)
    assert "disabled" in out
    assert "already disabled" in stack.wactl("doctor", "disable", doctor_id)
    assert stack.sql("SELECT is_active FROM doctors WHERE id = %s", doctor_id) == [(False,)]
    assert json.loads(stack.wactl("doctor", "show", doctor_id, "--json"))["active"] is False

    patient, wamid = new_number(), new_wamid()
    assert stack.post_webhook(one_message(phone, patient, "What are your timings?", wamid)) == 200
    wait_for(lambda: stack.sql("SELECT 1 FROM messages WHERE wamid = %s", wamid), what="inbound row")
    wait_for(lambda: router_idle(stack), timeout=20, what="the router to acknowledge everything")
    assert out_entries(stack, "reply:" + wamid) == []
    assert stack.graph_sends(patient) == []

    doc = json.loads(stack.wactl("doctor", "enable", phone, "--json"))
    assert doc == {"id": doctor_id, "name": "Dr. Off Duty", "active": True, "changed": True}
    assert stack.sql("SELECT is_active FROM doctors WHERE id = %s", doctor_id) == [(True,)]


def test_doctor_show_unknown_and_missing_argument(stack):
    r = stack.wactl("doctor", "show", new_number(), check=False)
    assert r.returncode == 1 and "no doctor" in r.stderr
    r = stack.wactl("doctor", "disable", check=False)
    assert r.returncode == 2 and "which doctor" in r.stderr


# --- unrouted ----------------------------------------------------------------------------------------------------

def test_unrouted_list_shows_changes_for_unknown_numbers(stack):
    unknown, patient = new_number(), new_number()
    assert stack.post_webhook(one_message(unknown, patient, "hello?")) == 200

    def mine():
        rows = json.loads(stack.wactl("unrouted", "list", "--limit", "50", "--json"))
        return [r for r in rows if r["display_phone_number"] == unknown]

    [row] = wait_for(mine, what="the change in wa:unrouted")
    assert row["phone_number_id"] == "pn-" + unknown
    assert row["change"]["value"]["messages"][0]["from"] == patient
    table = stack.wactl("unrouted", "list")
    line = next(l for l in table.splitlines() if unknown in l)
    assert line.split()[-2:] == ["1", "0"]  # one message, no status
    assert "hello?" not in table  # patients' text only with --json
    assert stack.wactl("unrouted", "list", "--limit", "0", check=False).returncode == 2


# --- kb import ---------------------------------------------------------------------------------------------------

def write(stack, name, text):
    path = os.path.join(stack.tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def test_kb_import_dry_run_rejections_and_import(stack, clinic):
    csv = ("question,answer,keywords\n"
           "Do you treat fever?,\"Yes, walk in any time, 10 am to 6 pm.\",fever temperature\n"  # line 2
           "What are your timings?,Other timings,timings\n"                                    # 3: already in kb
           ",No question here,\n"                                                              # 4
           "Is there parking?,\"Yes, free parking\nbehind the clinic.\",parking car\n"          # 5-6
           "DO YOU TREAT FEVER?,Again,\n"                                                      # 7: repeat of 2
           "Too,many,fields,here\n")                                                           # 8
    path = write(stack, "kb.csv", csv)
    before = stack.sql("SELECT count(*) FROM kb_entries WHERE doctor_id = %s", clinic["id"])[0][0]

    r = stack.wactl("kb", "import", "--doctor", clinic["id"], path, "--dry-run", "--json", check=False)
    assert r.returncode == 1  # some rows rejected
    doc = json.loads(r.stdout)
    assert doc["dry_run"] is True and doc["rows"] == 6 and doc["would_import"] == 2
    reasons = {x["line"]: x["reason"] for x in doc["rejected"]}
    assert set(reasons) == {3, 4, 7, 8}
    assert "already has" in reasons[3] and reasons[4] == "no question"
    assert reasons[7] == "the same question as line 2" and "4 fields" in reasons[8]
    assert stack.sql("SELECT count(*) FROM kb_entries WHERE doctor_id = %s", clinic["id"])[0][0] == before

    r = stack.wactl("kb", "import", "--doctor", "+" + clinic["phone"], path, "--progress", check=False)
    assert r.returncode == 1
    assert "imported 2 of 6 rows; 4 rejected" in r.stdout
    assert re.search(r"^\s*8\s+4 fields, the header has 3\s+Too$", r.stdout, re.M)
    assert "[" + "#" * 30 + "] 2/2" in r.stderr  # the progress bar, forced on without a terminal
    rows = stack.sql("SELECT question, answer, keywords FROM kb_entries WHERE doctor_id = %s AND question LIKE 'Is%%'",
                     clinic["id"])
    assert rows == [("Is there parking?", "Yes, free parking\nbehind the clinic.", "parking car")]

    # the router answers from the imported entries
    patient = new_number()
    assert stack.post_webhook(one_message(clinic["phone"], patient, "Do you treat fever?")) == 200
    [reply] = stack.replies_to(patient)
    assert reply["text"]["body"] == "Yes, walk in any time, 10 am to 6 pm."

    # importing the same file again adds nothing: every good row is now a question the doctor has
    doc = json.loads(stack.wactl("kb", "import", "--doctor", clinic["id"], path, "--json", check=False).stdout)
    assert doc["imported"] == 0 and len(doc["rejected"]) == 6


def test_kb_import_clean_file_from_stdin_exits_0(stack, clinic):
    r = subprocess.run([os.path.join(BIN, "wactl"), "kb", "import", "--doctor", clinic["id"], "-"],
                       input="answer,question,lang\nनमस्ते! हम सुबह 10 बजे खुलते हैं।,आप कब खुलते हैं?,hi\n",
                       env=stack.env, capture_output=True, text=True, timeout=60, cwd=stack.tmp)
    assert r.returncode == 0, r.stderr
    assert "imported 1 of 1 rows; 0 rejected" in r.stdout
    assert stack.sql("SELECT lang FROM kb_entries WHERE doctor_id = %s AND question = %s", clinic["id"],
                     "आप कब खुलते हैं?") == [("hi",)]


def test_kb_import_unusable_file_is_a_usage_error(stack, clinic):
    bad = write(stack, "bad.csv", "question,anwser\nQ,A\n")
    r = stack.wactl("kb", "import", "--doctor", clinic["id"], bad, check=False)
    assert r.returncode == 2 and "unknown column 'anwser'" in r.stderr
    r = stack.wactl("kb", "import", "--doctor", clinic["id"], os.path.join(stack.tmp, "missing.csv"), check=False)
    assert r.returncode == 2 and "cannot open" in r.stderr


# --- send ---------------------------------------------------------------------------------------------------------

def test_send_text_goes_through_wa_out_once(stack, clinic):
    patient = new_number()
    doc = json.loads(stack.wactl("send", "--doctor", clinic["phone"], "--to", "+" + patient, "--text",
                                 "Your reports are ready.", "--wait", "30", "--json"))
    assert re.fullmatch(r"manual:[0-9a-f-]{36}", doc["out_id"])
    assert doc["status"] == "accepted" and doc["kind"] == "text" and doc["to"] == patient
    [entry] = out_entries(stack, doc["out_id"])
    assert entry["kind"] == "text" and entry["source"] == "manual" and entry["doctor_id"] == clinic["id"]
    assert json.loads(entry["message"]) == {"type": "text", "text": {"body": "Your reports are ready."}}
    [body] = stack.replies_to(patient)
    assert body["text"]["body"] == "Your reports are ready." and "context" not in body
    assert stack.sql("SELECT source, direction FROM messages WHERE out_id = %s", doc["out_id"]) == [("manual", "out")]
    # a second send is a new message with its own out_id
    out_id2 = stack.wactl("send", "--doctor", clinic["id"], "--to", patient, "--text", "Reminder").strip()
    assert out_id2 != doc["out_id"] and out_id2.startswith("manual:")
    stack.replies_to(patient, count=2)


def test_send_template_with_parameters(stack, clinic):
    patient = new_number()
    out = stack.wactl("send", "--doctor", clinic["id"], "--to", patient, "--template", "appointment_reminder",
                      "--lang", "en", "--params", "Ravi|Monday 10 am", "--wait", "30")
    assert out.split()[1] == "accepted"
    [body] = stack.replies_to(patient)
    assert body["type"] == "template"
    assert body["template"]["name"] == "appointment_reminder" and body["template"]["language"]["code"] == "en"
    params = body["template"]["components"][0]["parameters"]
    assert [p["text"] for p in params] == ["Ravi", "Monday 10 am"]


def test_send_refuses_bad_input_and_disabled_doctors(stack, clinic):
    patient = new_number()
    for args in (["--to", patient, "--text", "x"],                                   # no doctor
                 ["--doctor", clinic["id"], "--text", "x"],                          # no recipient
                 ["--doctor", clinic["id"], "--to", patient],                        # no content
                 ["--doctor", clinic["id"], "--to", patient, "--text", "x", "--template", "t"],
                 ["--doctor", clinic["id"], "--to", "abc", "--text", "x"],
                 ["--doctor", clinic["id"], "--to", patient, "--text", "x" * 4097]):
        r = stack.wactl("send", *args, check=False)
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.startswith("wactl: ")
    doctor_id, phone = stack.add_doctor("Dr. Away", "Away Clinic")
    stack.wactl("doctor", "disable", doctor_id)
    r = stack.wactl("send", "--doctor", phone, "--to", patient, "--text", "hello", check=False)
    assert r.returncode == 1 and "disabled" in r.stderr
    assert stack.graph_sends(patient) == []


def test_send_to_an_opted_out_patient_only_as_a_reply(stack, clinic):
    # STOP: nothing the clinic initiates reaches the patient; staff answering the patient's own question may
    patient, stop = new_number(), new_wamid()
    assert stack.post_webhook(webhook([change(clinic["phone"], "pn-" + clinic["phone"],
                                              [text_message(patient, "STOP", stop)])])) == 200
    stack.replies_to(patient)  # the opt-out confirmation
    wait_for(lambda: stack.sql("SELECT opted_out FROM patients WHERE doctor_id = %s AND wa_id = %s", clinic["id"],
                               patient) == [(True,)], what="the patient opted out")
    r = stack.wactl("send", "--doctor", clinic["id"], "--to", patient, "--template", "offer", check=False)
    assert r.returncode == 1 and "opted out" in r.stderr
    assert out_entries_to(stack, patient) == []
    out = stack.wactl("send", "--doctor", clinic["id"], "--to", patient, "--text", "Yes, your reports are ready.",
                      "--reply", "--wait", "30")
    assert out.split()[1] == "accepted"
    assert stack.replies_to(patient, count=2)[1]["text"]["body"] == "Yes, your reports are ready."


def out_entries_to(stack, patient):
    return [f for _, f in stack.redis.xrange("wa:out") if f.get("to") == patient and f.get("source") == "manual"]


# --- help, watch, unreachable servers ------------------------------------------------------------------------------

HELP = [["migrate"], ["doctor"], ["doctor", "add"], ["doctor", "list"], ["doctor", "show"], ["doctor", "disable"],
        ["doctor", "enable"], ["kb"], ["kb", "add"], ["kb", "list"], ["kb", "import"], ["simulate"], ["streams"],
        ["unrouted"], ["unrouted", "list"], ["send"], ["kb", "enable"], ["kb", "disable"], ["events"],
        ["events", "list"], ["handoff"], ["handoff", "list"], ["handoff", "release"], ["referrals"]]


@pytest.mark.parametrize("cmd", HELP, ids=lambda c: " ".join(c))
def test_help_with_example_for_every_command(stack, cmd):
    out = stack.wactl(*cmd, "--help")
    assert out.startswith("Usage: wactl " + " ".join(cmd))
    example = re.search(r"Examples?:\n((?:  .*\n)+)", out)
    assert example and "wactl " + cmd[0] in example.group(1), out


def test_top_level_help_lists_the_new_commands(stack):
    out = stack.wactl("--help")
    for cmd in ("unrouted", "send", "doctor", "kb", "streams"):
        assert re.search(rf"^  {cmd}\s", out, re.M)


def test_streams_watch_refreshes_until_interrupted(stack, clinic):
    p = subprocess.Popen([os.path.join(BIN, "wactl"), "streams", "--watch", "1", "--json"], env=stack.env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=stack.tmp)
    try:
        def length(snapshot):
            return next(s["length"] for s in json.loads(snapshot)["streams"] if s["key"] == "wa:in")

        first = length(p.stdout.readline())
        assert stack.post_webhook(one_message(clinic["phone"], new_number(), "What are your timings?")) == 200
        # each refresh prints one JSON line; the new webhook shows up in a later one
        for _ in range(30):
            line = p.stdout.readline()
            assert line, "wactl streams --watch stopped by itself"
            if length(line) > first:
                break
        else:
            pytest.fail("wa:in's length never grew in the refreshed snapshots")
        p.send_signal(signal.SIGINT)
        assert p.wait(timeout=10) == 0
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        p.stdout.close()
        p.stderr.close()


@pytest.mark.parametrize("cmd", [["unrouted", "list"], ["send", "--doctor", "919800000000", "--to", "919800000001",
                                                         "--text", "x"]], ids=lambda c: c[0])
def test_unreachable_servers_exit_3_in_one_line(stack, cmd):
    env = {"REDIS_URL": "redis://:hunter2secret@127.0.0.1:1/0"}
    if cmd[0] == "send":
        env = {"DATABASE_URL": "postgresql://wa:hunter2secret@127.0.0.1:1/wa"}
    r = stack.wactl(*cmd, check=False, env=env)
    assert r.returncode == 3
    assert len(r.stderr.strip().splitlines()) == 1 and "127.0.0.1:1" in r.stderr
    assert "hunter2secret" not in r.stderr + r.stdout


# --- /metrics -----------------------------------------------------------------------------------------------------

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})?'
                    r' ([-+]?(?:[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|Inf))( -?[0-9]+)?$')


def parse_prometheus(text):
    """Parses the Prometheus text exposition format strictly enough to catch a broken line. Returns
    {(name, labels): value} and {name: type}; fails the test on any malformed line."""
    types, samples, helps = {}, {}, set()
    for n, line in enumerate(text.split("\n"), 1):
        if line == "":
            continue
        if line.startswith("# TYPE "):
            parts = line.split(" ")
            assert len(parts) == 4 and parts[3] in ("counter", "gauge", "histogram", "summary", "untyped"), line
            assert parts[2] not in types, f"line {n}: second TYPE for {parts[2]}"
            types[parts[2]] = parts[3]
            continue
        if line.startswith("#"):
            # the only other comment is HELP, once per name, with a text, before that name's TYPE and samples
            parts = line.split(" ", 3)
            assert len(parts) == 4 and parts[1] == "HELP" and parts[3].strip(), f"line {n}: {line!r}"
            assert parts[2] not in helps and parts[2] not in types, f"line {n}: HELP for {parts[2]} out of place"
            helps.add(parts[2])
            continue
        m = SAMPLE.match(line)
        assert m, f"line {n} is not a Prometheus sample: {line!r}"
        name, labels, value = m.group(1), m.group(2) or "", float(m.group(3))
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        assert name in types or base in types, f"line {n}: {name} has no TYPE"
        assert (name, labels) not in samples, f"line {n}: {name}{labels} twice"
        if types.get(name, types.get(base)) == "counter":
            assert value >= 0, line
        samples[(name, labels)] = value
    assert text.endswith("\n")
    return samples, types


def metrics(stack, svc):
    status, body = http("GET", f"http://127.0.0.1:{stack.ops[svc]}/metrics")
    assert status == 200
    return parse_prometheus(body.decode())


def total(samples, name):
    return sum(v for (n, _), v in samples.items() if n == name)


def test_metrics_parse_and_counters_move_when_messages_flow(stack, clinic):
    before = {svc: metrics(stack, svc) for svc in ("ingress", "router", "ai", "sender")}
    for svc, (samples, types) in before.items():
        assert samples, f"{svc}: /metrics is empty"
        assert all(t in ("counter", "gauge", "histogram", "summary") for t in types.values())

    stack.mock_config({"api": "gemini", "text": "Please come in for a check-up."})
    try:
        kb_patient, ai_patient = new_number(), new_number()
        assert stack.post_webhook(one_message(clinic["phone"], kb_patient, "What are your timings?")) == 200
        assert stack.post_webhook(one_message(clinic["phone"], ai_patient,
                                              "My daughter has a cough that will not go away at night")) == 200
        stack.replies_to(kb_patient)
        stack.replies_to(ai_patient)
    finally:
        stack.mock_config({"api": "gemini"})

    moved = {
        "ingress": ["wa_ingress_requests_total"],
        "router": ["wa_router_messages_total", "wa_stream_entries_total"],
        "ai": ["wa_ai_calls_total", "wa_stream_entries_total"],
        "sender": ["wa_graph_calls_total", "wa_stream_entries_total"],
    }

    def still():
        """The counters that have not moved yet (a service counts a call after its answer: a moment after the
        mock logged the request)."""
        after = {svc: metrics(stack, svc)[0] for svc in moved}
        return [f"{svc}:{n}" for svc, names in moved.items() for n in names
                if total(after[svc], n) <= total(before[svc][0], n)]

    wait_for(lambda: not still(), timeout=15, what="the counters to move")
    assert still() == []


def test_stage_latency_histograms_and_stream_gauges(stack, clinic):
    # Every consumer stage exports how long entries waited in its stream and how long its batches took (histograms),
    # and its group's pending/lag and its stream's length (gauges, refreshed every few seconds).
    patient = new_number()
    before = {svc: metrics(stack, svc)[0] for svc in ("router", "sender")}
    assert stack.post_webhook(one_message(clinic["phone"], patient, "What are your timings?")) == 200
    stack.replies_to(patient)

    def moved():
        for svc, stage in (("router", "router"), ("sender", "sender")):
            samples = metrics(stack, svc)[0]
            for name in ("wa_stream_wait_seconds_count", "wa_stream_batch_seconds_count"):
                key = (name, f'{{stage="{stage}"}}')
                if samples.get(key, 0) <= before[svc].get(key, 0):
                    return False
        return True
    wait_for(moved, timeout=15, what="the stage histograms to count the message")

    samples, types = metrics(stack, "router")
    assert types["wa_stream_wait_seconds"] == "histogram"
    buckets = sorted((float(re.search(r'le="([^"]+)"', labels).group(1).replace("+Inf", "inf")), v)
                     for (n, labels), v in samples.items()
                     if n == "wa_stream_wait_seconds_bucket" and 'stage="router"' in labels)
    counts = [v for _, v in buckets]
    assert counts == sorted(counts) and buckets[-1][0] == float("inf")  # cumulative, ending at +Inf
    assert counts[-1] == samples[("wa_stream_wait_seconds_count", '{stage="router"}')]
    wait_for(lambda: ("wa_stream_length", '{stage="router"}') in metrics(stack, "router")[0] and
             metrics(stack, "router")[0][("wa_stream_length", '{stage="router"}')] >= 1,
             timeout=10, what="the router's stream gauges")
    # once the router has handled the message, its gauges say what Redis says: nothing pending, nothing undelivered,
    # and the stream as long as XLEN wa:in (they are refreshed every few seconds, hence the wait)
    wait_for(lambda: router_idle(stack), timeout=15, what="the router to acknowledge the message")

    def gauges_match():
        samples = metrics(stack, "router")[0]
        return (samples[("wa_stream_pending", '{stage="router"}')] == 0 and
                samples[("wa_stream_lag", '{stage="router"}')] == 0 and
                samples[("wa_stream_length", '{stage="router"}')] == stack.redis.xlen("wa:in"))
    wait_for(gauges_match, timeout=15, what="the router's stream gauges to match XINFO GROUPS and XLEN wa:in")
