"""Every service refuses a bad setting at start (shared/src/config.c, wa_config_load): a value that is not a number,
is negative or is outside its range stops the binary with exit code 2 and one line on stderr naming the variable and
what it accepts, before it connects to anything. The binaries run on their own here (no stack): with nothing to
connect to, a service that accepted the value would keep running instead of exiting."""
import os
import subprocess

import pytest

from conftest import BIN

SERVICES = ["wa-ingress", "wa-router", "wa-ai", "wa-sender"]

# (variable, bad value, the range the message must name)
BAD = [
    ("SENDER_WINDOW_S", "a day", "from 1 to 2592000"),
    ("SENDER_OPS_PAUSE_MS", "-1", "from 1 to 2592000000"),
    ("GRAPH_TIMEOUT_MS", "0", "from 1 to 3600000"),  # used to mean a Graph call with no timeout at all
    ("OPS_PORT", "70000", "from 0 to 65535"),
    ("WA_MAX_MESSAGES_PER_WEBHOOK", "1e3", "from 1 to 1000000"),
    ("SENDER_TOKEN_REFRESH_MS", "3600000000000", "from 1 to 2592000000"),
]


def env_with(name, value):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WA_", "SENDER_", "ROUTER_", "AI_", "INGRESS_"))}
    env.update({
        "REDIS_URL": "redis://127.0.0.1:1/0",  # nothing listens there: a service that started would retry forever
        "DATABASE_URL": "postgresql://wa:wa@127.0.0.1:1/wa",
        "WACTL_ENV_FILE": os.devnull,
        "ASAN_OPTIONS": "detect_leaks=0",
        name: value,
    })
    return env


@pytest.mark.parametrize("binary", SERVICES + ["wactl"])
@pytest.mark.parametrize("name,value,accepted", BAD)
def test_a_bad_value_is_refused_at_start_with_exit_code_2(binary, name, value, accepted):
    argv = [os.path.join(BIN, binary)] + (["status"] if binary == "wactl" else [])
    p = subprocess.run(argv, env=env_with(name, value), capture_output=True, text=True, timeout=30)
    assert p.returncode == 2, (binary, name, value, p.returncode, p.stderr[-2000:])
    assert f"invalid value for {name}: expected an integer {accepted}" in p.stderr, p.stderr[-2000:]


def test_a_fraction_out_of_its_range_is_refused():
    p = subprocess.run([os.path.join(BIN, "wa-router")], env=env_with("ROUTER_KB_THRESHOLD", "1.5"),
                       capture_output=True, text=True, timeout=30)
    assert p.returncode == 2, p.stderr[-2000:]
    assert "invalid value for ROUTER_KB_THRESHOLD: expected a number from 0 to 1" in p.stderr


def test_every_refused_variable_is_named_not_only_the_first():
    env = env_with("SENDER_WINDOW_S", "0")
    env["WA_BATCH_SIZE"] = "many"
    p = subprocess.run([os.path.join(BIN, "wa-sender")], env=env, capture_output=True, text=True, timeout=30)
    assert p.returncode == 2
    assert "invalid value for SENDER_WINDOW_S" in p.stderr and "invalid value for WA_BATCH_SIZE" in p.stderr


@pytest.mark.parametrize("binary", SERVICES + ["wa-dashboard"])
def test_help_prints_usage_and_exits_and_an_argument_is_refused(binary):
    # a service given --help used to start and hold its ports; it takes no arguments at all
    env = env_with("LOG_LEVEL", "info")
    r = subprocess.run([os.path.join(BIN, binary), "--help"], env=env, capture_output=True, text=True, timeout=20)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(binary + ": ") and "Usage: " + binary in r.stdout
    assert "SENDER_RATE_PER_S" in r.stdout and "(1..1000000)" in r.stdout
    r = subprocess.run([os.path.join(BIN, binary), "--port", "1"], env=env, capture_output=True, text=True, timeout=20)
    assert r.returncode == 2
    assert 'unexpected argument "--port"' in r.stderr and r.stdout == ""
