"""The end-to-end harness: a whole isolated stack per test session.

Starts a private redis-server and PostgreSQL (deploy/local/infra.sh) on free ports in a temporary folder, applies
the migrations with wactl, starts the mock Meta/Google server (wa-mock) and the four services from WA_BIN_DIR, and
hands tests a `Stack` object to post webhooks, read Redis and PostgreSQL, drive the mock and kill or restart
services. Only Meta's and Google's servers are replaced; everything of ours is the real binary.
"""
import glob
import hashlib
import hmac
import http.client as httpclient
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid

import psycopg2
import pytest
import redis

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("WA_BIN_DIR", os.path.join(ROOT, "build-test", "bin"))
APP_SECRET = "e2e-app-secret-0123456789"
VERIFY_TOKEN = "e2e-verify-token"
MASTER_TOKEN = "e2e-master-token"
MASTER_PHONE_ID = "100200300400"
GEMINI_KEY = "e2e-gemini-key"
CREDENTIALS_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="  # a test key: 32 bytes, base64
# Redis runs with passwords (deploy/redis/acl.sh): the session's services and the tests log in as the default user;
# the per-service ACL users are created for the key prefix ACL_PREFIX, which test_least_privilege.py runs them on.
REDIS_PASSWORD = "e2e-redis-admin-pw"
ACL_PREFIX = "lp:"
REDIS_SERVICE_PASSWORDS = {s: f"e2e-redis-{s}-pw" for s in ("ingress", "router", "ai", "sender", "keda", "dashboard")}
SERVICES = ("ingress", "router", "ai", "sender")
SANITIZER_MARKS = ("AddressSanitizer", "runtime error:", "LeakSanitizer")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(pred, timeout=15.0, interval=0.05, what="condition"):
    """Polls pred() until it returns a truthy value, which is returned; fails the test on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = pred()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def http(method, url, body=None, headers=None, timeout=10):
    """Returns (status, body bytes) without raising on HTTP errors."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def sign(body, secret=APP_SECRET):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def new_wamid():
    return "wamid.E2E" + uuid.uuid4().hex.upper()


def new_number():
    """A fresh Indian mobile number in digits, unique enough to isolate one test's doctors and patients: 8 digits
    drawn evenly (the first 8 digits of a random 128-bit number's decimal form mostly begin with 1, 2 or 3: 200,000
    of them held 540 repeats, about a 37-million space, against 10^8 here). Two tests can still draw one number, so
    a test counts its own tenant's rows, not every tenant's."""
    return "9198" + f"{uuid.uuid4().int % 10**8:08d}"


def text_message(frm, text, wamid=None, name="Patient"):
    return {"from": frm, "id": wamid or new_wamid(), "timestamp": str(int(time.time())), "type": "text",
            "text": {"body": text}, "_name": name}


def change(display_phone, phone_number_id, messages):
    """A `messages` change as Meta sends it: metadata, contacts (one per sender) and the messages."""
    contacts, seen = [], set()
    clean = []
    for m in messages:
        m = dict(m)
        name = m.pop("_name", "Patient")
        if m["from"] not in seen:
            seen.add(m["from"])
            contacts.append({"profile": {"name": name}, "wa_id": m["from"]})
        clean.append(m)
    return {"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": display_phone, "phone_number_id": phone_number_id},
        "contacts": contacts, "messages": clean}}


def webhook(*entries):
    """entries: lists of changes; each list becomes one entry of the envelope."""
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA" + str(i), "changes": ch} for i, ch in enumerate(entries)]}


class Stack:
    def __init__(self, tmp):
        self.tmp = tmp
        self.redis_port, self.pg_port = free_port(), free_port()
        self.ingress_port, self.mock_port = free_port(), free_port()
        self.ops = {s: free_port() for s in SERVICES}
        self.procs = {}
        self.logs = []
        self.proc_logs = {}
        self.env = dict(os.environ)
        self.env.update({
            "REDIS_URL": f"redis://:{REDIS_PASSWORD}@127.0.0.1:{self.redis_port}/0",
            "DATABASE_URL": f"postgresql://wa:wa@127.0.0.1:{self.pg_port}/wa",
            "INGRESS_PORT": str(self.ingress_port),
            "WHATSAPP_APP_SECRET": APP_SECRET,
            "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
            "WHATSAPP_TOKEN": MASTER_TOKEN,
            "PHONE_NUMBER_ID": MASTER_PHONE_ID,
            "WHATSAPP_GRAPH_URL": f"http://127.0.0.1:{self.mock_port}/v23.0",
            "GEMINI_API_KEY": GEMINI_KEY,
            "GEMINI_URL": f"http://127.0.0.1:{self.mock_port}/v1beta",
            "CREDENTIALS_KEY": CREDENTIALS_KEY,
            "WA_CLAIM_IDLE_MS": "1500",
            "WA_BLOCK_MS": "200",
            "LOG_LEVEL": "info",
            "ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0",
            "UBSAN_OPTIONS": "print_stacktrace=1",
            "WACTL_ENV_FILE": os.devnull,  # never the checkout's .env (`make run`'s): the tests set every variable
        })
        for k in ("INGRESS_URL", "WA_REDIS_PREFIX", "WA_CONSUMER_NAME", "CREDENTIALS_KEY_PREVIOUS", "OPS_PORT"):
            self.env.pop(k, None)
        self.redis = None
        self.pg = None

    # --- lifecycle -------------------------------------------------------------------------------------------
    def infra_env(self):
        """The environment of deploy/local/infra.sh: the Redis passwords its ACL file is written from."""
        # PostgreSQL without fsync (the tests' data is thrown away) unless WA_PG_FAST=0 asks for a durable one, as
        # the benchmarks do (bench/e2e.py, BENCH_PG_DURABLE)
        env = dict(self.env, WA_PG_FAST=self.env.get("WA_PG_FAST", "1"), REDIS_PASSWORD=REDIS_PASSWORD,
                   WA_REDIS_PREFIX=ACL_PREFIX)
        env.update({f"REDIS_PASSWORD_{s.upper()}": pw for s, pw in REDIS_SERVICE_PASSWORDS.items()})
        return env

    def redis_client(self, **kw):
        """A redis-py client logged in as the default user (every test's way into Redis)."""
        return redis.Redis(port=self.redis_port, password=REDIS_PASSWORD, **kw)

    def start(self):
        subprocess.run([os.path.join(ROOT, "deploy/local/infra.sh"), "start", os.path.join(self.tmp, "infra"),
                        str(self.redis_port), str(self.pg_port)], env=self.infra_env(), check=True)
        # tests write invalid UTF-8 on purpose (it must reach wa:dlq intact): never let it break a read
        self.redis = self.redis_client(decode_responses=True, encoding_errors="replace")
        out = self.wactl("migrate", "--dir", os.path.join(ROOT, "deploy/migrations"))
        assert "applied 001_init" in out
        self.pg = psycopg2.connect(self.env["DATABASE_URL"])
        self.pg.autocommit = True
        self.spawn("mock", [os.path.join(BIN, "wa-mock"), "--port", str(self.mock_port)])
        wait_for(lambda: self._ok(f"{self.mock_url}/_mock/health"), what="wa-mock health")
        for s in SERVICES:
            self.start_service(s)

    def stop(self):
        for name in list(self.procs):
            self.stop_service(name)
        if self.pg is not None:
            self.pg.close()
        subprocess.run([os.path.join(ROOT, "deploy/local/infra.sh"), "stop", os.path.join(self.tmp, "infra"),
                        str(self.redis_port)], env=self.infra_env(), check=False)

    def spawn(self, name, argv, extra_env=None):
        log_path = os.path.join(self.tmp, f"{name}-{len(self.logs)}.log")
        self.logs.append(log_path)
        log = open(log_path, "wb")
        env = dict(self.env, **(extra_env or {}))
        self.procs[name] = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.proc_logs[name] = log_path
        log.close()
        return self.procs[name]

    def log_of(self, name):
        """The log file of the running process `name` (as spawned)."""
        return self.proc_logs[name]

    def start_service(self, name, extra_env=None, tag=""):
        """Starts wa-<name>; a tag names a second copy (its own OPS_PORT), e.g. for another configuration."""
        key = name + tag
        if key not in self.ops:
            self.ops[key] = free_port()
        env = {"OPS_PORT": str(self.ops[key])}
        env.update(extra_env or {})
        self.spawn(key, [os.path.join(BIN, f"wa-{name}")], env)
        wait_for(lambda: self._ready(key), timeout=30, what=f"wa-{key} /readyz")

    def _ready(self, name):
        p = self.procs[name]
        if p.poll() is not None:
            pytest.fail(f"wa-{name} exited with {p.returncode}; log: {self.logs[-1]}\n{open(self.logs[-1]).read()}")
        return self._ok(f"http://127.0.0.1:{self.ops[name]}/readyz")

    def stop_service(self, name, sig=signal.SIGTERM):
        p = self.procs.pop(name, None)
        if p is None:
            return None
        if p.poll() is None:
            p.send_signal(sig)
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                pytest.fail(f"{name} did not exit within 10 s of {sig!r}")
        return p.returncode

    # --- Redis and PostgreSQL going away and coming back -----------------------------------------------------
    def stop_redis(self):
        """SHUTDOWN: Redis writes its AOF before exiting, so what it acknowledged survives the restart."""
        subprocess.run(["redis-cli", "-p", str(self.redis_port), "shutdown"], check=False, capture_output=True,
                       timeout=30, env=dict(os.environ, REDISCLI_AUTH=REDIS_PASSWORD))

    def stop_postgres(self):
        """A fast shutdown cuts open connections, as a failover does."""
        pgbin = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        assert pgbin, "PostgreSQL server binaries not found (deploy/install-deps.sh installs them)"
        as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        subprocess.run(as_pg + [pgbin[-1], "-D", os.path.join(self.tmp, "infra", "pg"), "-m", "fast", "-w", "-t",
                                "60", "stop"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=90)

    def start_infra(self):
        """Starts whichever of Redis and PostgreSQL is down (idempotent) and reopens the tests' own connection."""
        subprocess.run([os.path.join(ROOT, "deploy/local/infra.sh"), "start", os.path.join(self.tmp, "infra"),
                        str(self.redis_port), str(self.pg_port)], env=self.infra_env(), check=True,
                       timeout=90, stdout=subprocess.DEVNULL)
        if self.pg is not None and self.pg.closed == 0:
            try:
                with self.pg.cursor() as cur:
                    cur.execute("SELECT 1")
                return
            except psycopg2.Error:
                self.pg.close()
        self.pg = psycopg2.connect(self.env["DATABASE_URL"])
        self.pg.autocommit = True

    def sanitizer_reports(self):
        found = []
        for path in self.logs:
            with open(path, errors="replace") as f:
                text = f.read()
            if any(mark in text for mark in SANITIZER_MARKS):
                found.append(f"{path}:\n{text[-4000:]}")
        return found

    @staticmethod
    def _ok(url):
        try:
            return http("GET", url, timeout=2)[0] == 200
        except OSError:
            return False

    # --- our interfaces --------------------------------------------------------------------------------------
    @property
    def ingress_url(self):
        return f"http://127.0.0.1:{self.ingress_port}/webhook"

    @property
    def mock_url(self):
        return f"http://127.0.0.1:{self.mock_port}"

    def post_webhook(self, payload, signature="valid", secret=APP_SECRET):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if signature == "valid":
            headers["X-Hub-Signature-256"] = sign(body, secret)
        elif signature is not None:
            headers["X-Hub-Signature-256"] = signature
        return http("POST", self.ingress_url, body, headers)[0]

    def wactl(self, *args, check=True, env=None):
        # a fresh database's migrate (133 files; the lexicon's migrations each re-derive the intents' examples) took
        # 150 s on a quiet machine and 280-390 s at a load of 8 (2 cores) while one session applied every file, 65 s at
        # a load of 1-2 since each has its own (docs/performance.md "Round 22, a fresh session for each migration"): it
        # gets more room than an ordinary command
        timeout = 900 if "migrate" in args[:1] else 60
        r = subprocess.run([os.path.join(BIN, "wactl"), *args], env=dict(self.env, **(env or {})),
                           capture_output=True, text=True, timeout=timeout, cwd=self.tmp)
        if check and r.returncode != 0:
            pytest.fail(f"wactl {' '.join(args)} exited {r.returncode}: {r.stdout}{r.stderr}")
        return r.stdout if check else r

    def add_doctor(self, name, clinic, phone=None, specialization="General Physician", address="1 Main Road"):
        phone = phone or new_number()
        doctor_id = self.wactl("doctor", "add", "--name", name, "--phone", "+" + phone, "--clinic", clinic,
                               "--specialization", specialization, "--address", address).strip()
        uuid.UUID(doctor_id)  # prints only the new id
        return doctor_id, phone

    def add_kb(self, doctor_id, question, answer, keywords=None):
        args = ["kb", "add", "--doctor", doctor_id, "--question", question, "--answer", answer]
        if keywords:
            args += ["--keywords", keywords]
        return self.wactl(*args).strip()

    def sql(self, query, *params):
        with self.pg.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchall() if cur.description else None

    # --- the mock Meta / Google servers -----------------------------------------------------------------------
    def mock_config(self, cfg):
        status, body = http("POST", f"{self.mock_url}/_mock/config", json.dumps(cfg).encode(),
                            {"Content-Type": "application/json"})
        assert status == 200, body

    def mock_requests(self, api, since=0):
        status, body = http("GET", f"{self.mock_url}/_mock/requests?api={api}&since={since}")
        assert status == 200, body
        return json.loads(body)["requests"]

    def graph_sends(self, to=None):
        """Message sends the mock Graph API accepted, as (request, parsed body), optionally only those to `to`."""
        out = []
        for r in self.mock_requests("graph"):
            if r["method"] != "POST" or not r["path"].endswith("/messages"):
                continue
            try:
                body = json.loads(r["body"])
            except ValueError:
                continue
            if body.get("status") == "read":
                continue
            if to is None or body.get("to") == to or body.get("recipient") == to:  # a BSUID: recipient (A.9.4)
                out.append((r, body))
        return out

    def replies_to(self, patient, count=1, timeout=20):
        """Waits until `count` messages were sent to `patient`, then returns their parsed bodies."""
        got = wait_for(lambda: (lambda s: s if len(s) >= count else None)(self.graph_sends(patient)),
                       timeout=timeout, what=f"{count} reply(ies) to {patient}")
        return [b for _, b in got]


@pytest.fixture(scope="session")
def stack():
    for binary in ("wa-ingress", "wa-router", "wa-ai", "wa-sender", "wactl", "wa-mock"):
        assert os.access(os.path.join(BIN, binary), os.X_OK), f"{BIN}/{binary} not built (run make test-build)"
    tmp = tempfile.mkdtemp(prefix="wa-e2e-")
    os.chmod(tmp, 0o755)  # PostgreSQL runs as the postgres user when we are root
    s = Stack(tmp)
    try:
        s.start()
        yield s
    finally:
        s.stop()
        reports = s.sanitizer_reports()
        if not reports:
            shutil.rmtree(tmp, ignore_errors=True)
        assert not reports, "sanitizer reports in service logs:\n" + "\n".join(reports)


@pytest.fixture
def clinic(stack):
    """A fresh doctor with a knowledge base, on a number no other test uses."""
    doctor_id, phone = stack.add_doctor("Dr. Meera Iyer", "Lotus Child Care", specialization="Paediatrician",
                                        address="4 Lake View, Chennai")
    stack.add_kb(doctor_id, "What are your timings?", "Lotus Child Care is open 10 am to 6 pm, Monday to Friday.",
                 "timings hours open")
    return {"id": doctor_id, "phone": phone, "clinic": "Lotus Child Care",
            "answer": "Lotus Child Care is open 10 am to 6 pm, Monday to Friday."}


# --- the dashboard (wa-dashboard): started only for the tests that ask for it ------------------------------------
class Dashboard:
    """A running wa-dashboard: its URL and origin, and helpers to make users and API clients."""

    def __init__(self, stack, port, tag=""):
        self.stack, self.port, self.tag = stack, port, tag
        self.url = self.origin = f"http://127.0.0.1:{port}"

    def add_user(self, email, role, doctor_id=None, password="correct horse battery"):
        args = ["user", "add", "--email", email, "--role", role]
        if doctor_id:
            args += ["--doctor", doctor_id]
        r = subprocess.run([os.path.join(BIN, "wactl"), *args], env=self.stack.env, input=password + "\n",
                           capture_output=True, text=True, timeout=60, cwd=self.stack.tmp)
        assert r.returncode == 0, r.stdout + r.stderr
        return r.stdout.strip()

    def client(self, **kw):
        return DashClient(self, **kw)


class DashClient:
    """An HTTP client of the dashboard's API that keeps the session cookie and CSRF token as a browser would, and
    sends the dashboard's Origin on changes (pass origin=None or another origin to act like a foreign page)."""

    def __init__(self, dash, token=None):
        self.dash, self.token = dash, token
        self.cookies = {}
        self.csrf = None
        self.last_headers = None

    def request(self, method, path, body=None, headers=None, csrf=True, origin="default"):
        h = {}
        if body is not None:
            h["Content-Type"] = "application/json"
            body = body if isinstance(body, bytes) else json.dumps(body).encode()
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if method not in ("GET", "HEAD"):
            if origin == "default":
                h["Origin"] = self.dash.origin
            elif origin is not None:
                h["Origin"] = origin
            if csrf and self.csrf:
                h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        conn = httpclient.HTTPConnection("127.0.0.1", self.dash.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            self.last_headers = r.headers
            for v in r.headers.get_all("Set-Cookie") or []:
                name, _, rest = v.partition("=")
                value = rest.split(";", 1)[0]
                if "Max-Age=0" in v or value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
            doc = json.loads(data) if data and r.headers.get("Content-Type", "").startswith("application/json") \
                else data
            return r.status, doc
        finally:
            conn.close()

    def login(self, email, password="correct horse battery"):
        status, doc = self.request("POST", "/api/v1/session", {"email": email, "password": password})
        if status == 200:
            self.csrf = doc["csrf_token"]
        return status, doc


def signed_in(dashboard, email, password=None):
    """A client of `dashboard` signed in as `email` (the users' default password unless given); fails the test when
    the sign-in does not succeed."""
    c = dashboard.client()
    status, doc = c.login(email) if password is None else c.login(email, password)
    assert status == 200, doc
    return c


def start_dashboard(stack, tag="", **env):
    assert os.access(os.path.join(BIN, "wa-dashboard"), os.X_OK), f"{BIN}/wa-dashboard not built"
    port = free_port()
    d = Dashboard(stack, port, tag)
    extra = {"DASHBOARD_PORT": str(port), "DASHBOARD_ORIGIN": d.origin, "DASHBOARD_THREADS": "2",
             "DASHBOARD_LOGIN_MAX_ADDR": "1000"}
    extra.update({k: str(v) for k, v in env.items()})
    stack.start_service("dashboard", extra, tag=tag)
    return d


@pytest.fixture(scope="session")
def dashboard(stack):
    """wa-dashboard on a free port, started on first use."""
    return start_dashboard(stack)


def proc_status(pid):
    """A process' resident size now and its peak (VmRSS, VmHWM), in kB, from /proc/<pid>/status."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                out[k] = int(v.split()[0])
    return out
