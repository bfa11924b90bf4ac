"""The load generator (bench/loadgen.c, wa-loadgen) against the session stack: its webhooks are signed as Meta
signs them (every one accepted), its wamids are unique (each answered once), and its webhook-to-Graph matching
finds the replies in the mock's request log. The benchmarks' figures are only as good as this."""
import os
import re
import subprocess


from conftest import APP_SECRET, BIN, new_number


def run_loadgen(stack, *args):
    exe = os.path.join(BIN, "wa-loadgen")
    assert os.access(exe, os.X_OK), f"{exe} not built (bench/CMakeLists.txt builds it with everything else)"
    r = subprocess.run([exe, "--url", stack.ingress_url, "--secret", APP_SECRET, *args], capture_output=True,
                       text=True, timeout=120)
    result = re.search(r"^RESULT (.*)$", r.stdout, re.M)
    assert result, r.stdout + r.stderr
    return r.returncode, dict(kv.split("=", 1) for kv in result.group(1).split()), r.stdout


def test_loadgen_webhooks_are_accepted_and_each_text_is_answered_once(stack, clinic):
    base = new_number()
    rc, res, out = run_loadgen(stack, "--doctor", f"{clinic['phone']}:ph-{clinic['phone']}", "--requests", "60",
                               "--connections", "4", "--batch-pct", "30", "--media-pct", "0", "--patients", "20",
                               "--patient-base", base, "--text", "What are your timings?", "--mock", stack.mock_url,
                               "--wait", "40")
    assert rc == 0, out
    assert res["ok"] == "60" and res["failed"] == "0", out
    assert int(res["messages"]) > 60  # some webhooks were batches
    assert res["replies"] == res["texts"] == res["messages"], out
    assert res["duplicates"] == "0", out
    assert float(res["e2e_p50_ms"]) > 0


def test_loadgen_reports_the_latency_of_each_kind_of_text(stack, clinic):
    """A question asked before, the same made unique and a question for the ai are counted apart: every reply in
    exactly one kind, each kind's p50 no more than its p99."""
    base = new_number()
    rc, res, out = run_loadgen(stack, "--doctor", f"{clinic['phone']}:ph-{clinic['phone']}", "--requests", "80",
                               "--connections", "4", "--batch-pct", "0", "--media-pct", "0", "--patients", "40",
                               "--patient-base", base, "--text", "What are your timings?", "--ai-text",
                               "My daughter has a rash after the new soap, what should we do?", "--unique-pct", "40",
                               "--seed", "7", "--mock", stack.mock_url, "--wait", "60")
    assert rc == 0, out
    assert res["replies"] == res["texts"] == "80", out
    kinds = {k: int(res[f"e2e_{k}_replies"]) for k in ("asked", "unique", "ai")}
    assert sum(kinds.values()) == 80, out
    assert all(n > 0 for n in kinds.values()), out  # 80 picks of two texts, 40 % made unique: each kind occurs
    for k in kinds:
        p50, p99 = int(res[f"e2e_{k}_p50_ms"]), int(res[f"e2e_{k}_p99_ms"])
        assert 0 <= p50 <= p99 and p99 > 0, out
    assert "webhook-to-Graph ms by kind: asked " in out


def test_loadgen_with_a_wrong_secret_retries_then_reports_every_request_failed(stack):
    rc, res, out = run_loadgen(stack, "--secret", "not-the-secret", "--requests", "5", "--connections", "2",
                               "--rate", "50", "--retry", "2")
    assert rc == 1
    assert res["ok"] == "0" and res["failed"] == "5" and res["retried"] == "10", out
