"""Issue 12, section 5: wactl keeps secrets out of argv and reads no .env planted in the folder it runs in.

`wactl creds set` takes the token and the app secret from a file or standard input (--token-file, --app-secret-file,
`-` for stdin); the old --token/--app-secret flags still work but warn. wactl reads the checkout's own .env or the
one named by --env-file / WACTL_ENV_FILE, never ./.env of its working folder (a planted one could send decrypted
tokens to another WHATSAPP_GRAPH_URL)."""
import base64
import json
import os
import subprocess
import tempfile
import uuid

from conftest import BIN, MASTER_TOKEN

KEY = base64.b64encode(bytes(range(40, 72))).decode()


def run_wactl(stack, *args, stdin=None, env=None, cwd=None, drop=()):
    e = dict(stack.env, CREDENTIALS_KEY=KEY, **(env or {}))
    for k in drop:
        e.pop(k, None)
    return subprocess.run([os.path.join(BIN, "wactl"), *args], input=stdin, env=e, capture_output=True, text=True,
                          timeout=60, cwd=cwd or stack.tmp)


def doctor_and_mock(stack, app_secret=None):
    doctor_id, phone = stack.add_doctor("Dr. Stdin", "Stdin Clinic")
    pnid, token = "pn" + uuid.uuid4().hex[:12], "EAAGstdin" + uuid.uuid4().hex
    stack.mock_config({"api": "graph", "valid_tokens": [MASTER_TOKEN, token], "phones": {pnid: "+" + phone}})
    return doctor_id, pnid, token


def stored(stack, doctor_id):
    return stack.sql("SELECT whatsapp_phone_number_id, whatsapp_access_token IS NOT NULL, "
                     "whatsapp_app_secret IS NOT NULL FROM doctors WHERE id = %s", doctor_id)[0]


def test_creds_set_reads_the_token_from_stdin_without_a_warning(stack):
    try:
        doctor_id, pnid, token = doctor_and_mock(stack)
        r = run_wactl(stack, "creds", "set", doctor_id, "--phone-number-id", pnid, "--token-file", "-",
                      stdin=token + "\n")
        assert r.returncode == 0, r.stderr
        assert "warning" not in r.stderr and token not in r.stdout + r.stderr
        assert stored(stack, doctor_id) == (pnid, True, False)
        # and `creds check` can open what was sealed: the token arrived intact, without its line end
        out = json.loads(run_wactl(stack, "--json", "creds", "check", doctor_id).stdout)
        assert [d["state"] for d in out] == ["valid"], out
        # the old flag with "-" reads standard input too, without the warning
        r = run_wactl(stack, "creds", "set", doctor_id, "--phone-number-id", pnid, "--token", "-", stdin=token)
        assert r.returncode == 0 and "warning" not in r.stderr, r.stderr
    finally:
        stack.mock_config({"api": "graph"})


def test_creds_set_reads_token_and_app_secret_from_files(stack):
    try:
        doctor_id, pnid, token = doctor_and_mock(stack)
        with tempfile.TemporaryDirectory() as d:
            tf, sf = os.path.join(d, "token"), os.path.join(d, "secret")
            with open(tf, "w") as f:
                f.write(token + "\n")
            with open(sf, "w") as f:
                f.write("  file-app-secret-0123456789  \n")
            r = run_wactl(stack, "creds", "set", doctor_id, "--phone-number-id", pnid, "--token-file", tf,
                          "--business-account-id", "waba-files", "--app-id", "app-files",
                          "--app-secret-file", sf)
        assert r.returncode == 0, r.stderr
        assert "warning" not in r.stderr
        assert stored(stack, doctor_id) == (pnid, True, True)
    finally:
        stack.mock_config({"api": "graph"})


def test_creds_set_old_flags_still_work_but_warn(stack):
    try:
        doctor_id, pnid, token = doctor_and_mock(stack)
        r = run_wactl(stack, "creds", "set", doctor_id, "--phone-number-id", pnid, "--token", token,
                      "--app-id", "app-old", "--app-secret", "old-flag-app-secret-0123")
        assert r.returncode == 0, r.stderr
        assert "--token VALUE is visible" in r.stderr and "--app-secret VALUE is visible" in r.stderr
        assert token not in r.stderr and "old-flag-app-secret-0123" not in r.stderr
        assert stored(stack, doctor_id) == (pnid, True, True)
    finally:
        stack.mock_config({"api": "graph"})


def test_creds_set_secret_input_errors_are_usage_errors(stack):
    doctor_id, _ = stack.add_doctor("Dr. No Token", "No Token Clinic")
    r = run_wactl(stack, "creds", "set", doctor_id, "--phone-number-id", "pn1", "--token-file", "-", stdin="\n")
    assert r.returncode == 2 and "holds no secret" in r.stderr
    r = run_wactl(stack, "creds", "set", doctor_id, "--phone-number-id", "pn1", "--token-file", "/nonexistent/t")
    assert r.returncode == 2 and "cannot open /nonexistent/t" in r.stderr
    r = run_wactl(stack, "creds", "set", doctor_id, "--phone-number-id", "pn1", "--token-file", "-",
                  "--app-id", "a", "--app-secret-file", "-", stdin="x\ny\n")
    assert r.returncode == 2 and "standard input" in r.stderr
    assert stored(stack, doctor_id) == (None, False, False)


def test_a_dotenv_planted_in_the_working_folder_is_ignored(stack):
    """Before: wactl read ./.env of any folder it ran in. The planted prefix would show up in `streams`."""
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, ".env"), "w") as f:
            f.write("WA_REDIS_PREFIX=planted:\nWHATSAPP_GRAPH_URL=http://127.0.0.1:1/evil\n")
        r = run_wactl(stack, "--json", "streams", cwd=d, drop=("WACTL_ENV_FILE", "WA_REDIS_PREFIX"))
        assert r.returncode == 0, r.stderr
        keys = [s["key"] for s in json.loads(r.stdout)["streams"]]
        assert "wa:in" in keys and not any(k.startswith("planted:") for k in keys)

        # named explicitly, the same file is read (--env-file, or WACTL_ENV_FILE)
        r = run_wactl(stack, "--env-file", os.path.join(d, ".env"), "--json", "streams", cwd=stack.tmp,
                      drop=("WACTL_ENV_FILE", "WA_REDIS_PREFIX"))
        assert r.returncode == 0, r.stderr
        assert "planted:in" in [s["key"] for s in json.loads(r.stdout)["streams"]]
        r = run_wactl(stack, "--json", "streams", env={"WACTL_ENV_FILE": os.path.join(d, ".env")},
                      drop=("WA_REDIS_PREFIX",))
        assert "planted:in" in [s["key"] for s in json.loads(r.stdout)["streams"]]

    r = run_wactl(stack, "--env-file", "/nonexistent/.env", "streams")
    assert r.returncode == 2 and "/nonexistent/.env" in r.stderr
