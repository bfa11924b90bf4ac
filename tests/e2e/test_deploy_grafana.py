"""The Grafana dashboard (deploy/grafana/clinic-wa.json) checked against the running stack: the JSON parses, its
panels cover what issue 6 asks to see, and every PromQL expression names only metrics (and label names and values)
that the four services' /metrics actually export once a knowledge-base message and an ai message went through; a
histogram is used through <name>_bucket (histogram_quantile), _sum or _count. Also that the metrics added for it
move: the ai's call latency histogram and its stream gauges, the router's knowledge-base hits and misses, and the
ingress' request latency histogram."""
import json
import os
import re

import pytest

from conftest import ROOT, change, http, new_number, new_wamid, text_message, wait_for, webhook

DASHBOARD = os.path.join(ROOT, "deploy", "grafana", "clinic-wa.json")
SERVICES = ("ingress", "router", "ai", "sender")

METRIC = re.compile(r"\b(wa_[a-zA-Z0-9_]+)\s*(\{[^}]*\})?")
MATCHER = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"')
GROUPING = re.compile(r"\b(?:by|without)\s*\(([^)]*)\)")
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$")
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def load_dashboard():
    with open(DASHBOARD) as f:
        return json.load(f)


def expressions(dash):
    """(panel title, expr) of every target of every panel, rows' nested panels included."""
    out = []
    for p in dash["panels"]:
        for q in [p] + p.get("panels", []):
            for t in q.get("targets", []):
                out.append((q["title"], t["expr"]))
    return out


def scrape(stack, svc):
    status, body = http("GET", f"http://127.0.0.1:{stack.ops[svc]}/metrics")
    assert status == 200
    return body.decode()


def exported(texts):
    """From Prometheus text: {name: type} and {series name: [label dict, ...]} over all services."""
    types, series = {}, {}
    for text in texts:
        for line in text.splitlines():
            if line.startswith("# TYPE "):
                _, _, name, kind = line.split(" ")
                types[name] = kind
            elif line and not line.startswith("#"):
                m = SAMPLE.match(line)
                assert m, f"not a sample: {line!r}"
                series.setdefault(m.group(1), []).append(dict(LABEL.findall(m.group(2) or "")))
    return types, series


def check_expr(expr, types, series):
    """The problems of one PromQL expression against the exported metrics (empty list: none)."""
    problems, labels_seen = [], set()
    found = METRIC.findall(expr)
    if not found:
        return [f"no wa_ metric in {expr!r}"]
    for name, matchers in found:
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        if name in types:
            if types[name] == "histogram":
                problems.append(f"{name} is a histogram: use {name}_bucket, _sum or _count")
                continue
        elif not (base != name and types.get(base) == "histogram"):
            problems.append(f"{name} is not exported by any service")
            continue
        samples = series.get(name, [])
        if not samples:
            problems.append(f"{name} has no series")
            continue
        for s in samples:
            labels_seen.update(s)
        for label, op, value in MATCHER.findall(matchers or ""):
            if not any(label in s for s in samples):
                problems.append(f"{name} has no label {label}")
            elif op == "=" and not any(s.get(label) == value for s in samples):
                problems.append(f'{name} has no series with {label}="{value}"')
    for group in GROUPING.findall(expr):
        for label in (l.strip() for l in group.split(",") if l.strip()):
            if label not in labels_seen:
                problems.append(f"grouping label {label} is on none of the expression's metrics")
    return problems


@pytest.fixture(scope="module")
def traffic(stack):
    """One knowledge-base message and one ai message through the whole pipeline; the metrics before them."""
    doctor_id, phone = stack.add_doctor("Dr. Grafana Rao", "Dashboard Clinic")
    stack.add_kb(doctor_id, "What are your timings?", "Dashboard Clinic is open 9 am to 5 pm.", "timings hours open")
    before = {svc: values(scrape(stack, svc)) for svc in SERVICES}
    kb_patient, ai_patient = new_number(), new_number()
    for patient, text in ((kb_patient, "What are your timings?"),
                          (ai_patient, "My daughter has had a mild cough for two days, should I bring her?")):
        payload = webhook([change(phone, "pn-" + phone, [text_message(patient, text, new_wamid())])])
        assert stack.post_webhook(payload) == 200
    assert stack.replies_to(kb_patient)[0]["text"]["body"] == "Dashboard Clinic is open 9 am to 5 pm."
    stack.replies_to(ai_patient)
    return before


def value(series, name, **labels):
    return sum(float(s["__value__"]) for s in series.get(name, []) if all(s.get(k) == v for k, v in labels.items()))


def values(text):
    """{series name: [labels with "__value__"]} of one service's /metrics."""
    out = {}
    for line in text.splitlines():
        m = SAMPLE.match(line)
        if m and not line.startswith("#"):
            out.setdefault(m.group(1), []).append(dict(LABEL.findall(m.group(2) or ""), __value__=m.group(3)))
    return out


def test_dashboard_parses_and_covers_the_issue(stack):
    dash = load_dashboard()
    assert dash["uid"] == "clinic-wa" and dash["title"]
    assert [v["name"] for v in dash["templating"]["list"]] == ["datasource"]
    ids = [p["id"] for p in dash["panels"]]
    assert len(ids) == len(set(ids))
    for p in dash["panels"]:
        assert set(p["gridPos"]) == {"h", "w", "x", "y"} and p["gridPos"]["x"] + p["gridPos"]["w"] <= 24, p["title"]
        if p["type"] != "row":
            assert p["targets"] and p["datasource"]["uid"] == "${datasource}", p["title"]
    exprs = [e for _, e in expressions(dash)]
    names = {n for e in exprs for n, _ in METRIC.findall(e)}
    for wanted in ("wa_router_messages_total", "wa_sender_sends_total", "wa_router_kb_hits_total",
                   "wa_ai_calls_total", "wa_ai_call_seconds_bucket", "wa_graph_calls_total", "wa_stream_entries_total",
                   "wa_stream_pending", "wa_stream_lag", "wa_stream_wait_seconds_bucket", "wa_credentials",
                   "wa_ingress_requests_total", "wa_ingress_request_seconds_bucket"):
        assert wanted in names, wanted
    assert any('result="throttled"' in e for e in exprs)  # rate-limit waits
    assert any('outcome=~"dlq|poison"' in e for e in exprs)  # dead letters
    assert any(e.startswith("histogram_quantile(0.99") and "wa_stream_wait_seconds_bucket" in e for e in exprs)


def test_the_checker_finds_what_is_not_exported(stack, traffic):
    types, series = exported([scrape(stack, svc) for svc in SERVICES])
    assert check_expr("sum(rate(wa_router_messages_total[5m]))", types, series) == []
    assert check_expr("rate(wa_no_such_metric_total[5m])", types, series) == \
        ["wa_no_such_metric_total is not exported by any service"]
    assert check_expr("rate(wa_ai_call_seconds[5m])", types, series) != []
    assert check_expr('rate(wa_sender_sends_total{result="nope"}[5m])', types, series) != []
    assert check_expr('rate(wa_sender_sends_total{reslt="ok"}[5m])', types, series) != []
    assert check_expr("sum by (stage) (rate(wa_router_messages_total[5m]))", types, series) != []


def test_every_dashboard_expression_uses_exported_metrics(stack, traffic):
    types, series = exported([scrape(stack, svc) for svc in SERVICES])
    problems = [f"{title}: {expr}: {p}" for title, expr in expressions(load_dashboard())
                for p in check_expr(expr, types, series)]
    assert problems == []


def test_the_new_metrics_move(stack, traffic):
    def now(svc, name, **labels):
        return value(values(scrape(stack, svc)), name, **labels)

    def moved(svc, name, by=1, **labels):
        return now(svc, name, **labels) >= value(traffic[svc], name, **labels) + by

    wait_for(lambda: moved("ai", "wa_ai_call_seconds_count", provider="gemini", result="ok"),
             what="the ai call in the latency histogram")
    wait_for(lambda: moved("router", "wa_router_kb_hits_total") and moved("router", "wa_router_kb_misses_total"),
             what="a knowledge-base hit and a miss")
    assert moved("ingress", "wa_ingress_request_seconds_count", by=2, result="accepted")
    assert moved("ingress", "wa_ingress_requests_total", by=2, result="accepted")
    assert moved("ai", "wa_stream_wait_seconds_count", stage="ai")
    buckets = [s for s in values(scrape(stack, "ai"))["wa_ai_call_seconds_bucket"]
               if s["provider"] == "gemini" and s["result"] == "ok"]
    counts = [float(s["__value__"]) for s in buckets]
    assert buckets[-1]["le"] == "+Inf" and counts == sorted(counts)  # cumulative, ending at +Inf
    assert counts[-1] == now("ai", "wa_ai_call_seconds_count", provider="gemini", result="ok")
    # the gauges are refreshed every 5 s: the stream holds at least the message just answered
    wait_for(lambda: now("ai", "wa_stream_length", stage="ai") >= 1, timeout=12, what="the ai stream's length gauge")
    # and once the ai stage has answered, what Redis says of its group: nothing pending or undelivered, the stream
    # as long as XLEN wa:ai
    def ai_gauges_match():
        g = next(g for g in stack.redis.xinfo_groups("wa:ai") if g["name"] == "ai")
        samples = values(scrape(stack, "ai"))
        return (g["pending"] == 0 and g.get("lag") == 0 and value(samples, "wa_stream_pending", stage="ai") == 0 and
                value(samples, "wa_stream_lag", stage="ai") == 0 and
                value(samples, "wa_stream_length", stage="ai") == stack.redis.xlen("wa:ai"))
    wait_for(ai_gauges_match, timeout=15, what="the ai stream gauges to match XINFO GROUPS and XLEN wa:ai")
