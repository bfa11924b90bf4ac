"""Chaos (issue 7): while a few thousand messages for several doctors flow (knowledge-base answers mostly, some
answers from the mock Gemini), every service is killed with SIGKILL at random moments (router, sender and ai more
than once, the ingress once behind a poster that retries every webhook that got anything but 200, as Meta does),
Redis is restarted once (SHUTDOWN, which writes the AOF, then started again) and PostgreSQL once (fast stop, then
started again). At the end every inbound wamid must have exactly one reply at the mock Graph API (matched by
context.message_id) or a wa:dlq entry with a reason. The one documented duplicate window (README: a sender that
dies after Meta accepted a message and before it wrote wa:sent:<out_id>) is allowed only for replies whose first
send reached the mock within CHAOS_DUP_WINDOW_MS (1000) before a killed sender was gone, or within CHAOS_KILL_SLACK_MS
(50) after (the mock logs a request when it has read it, and one the sender wrote just before it died can be read just
after; a restarted sender starts at least 100 ms later, so none of its sends falls there); such duplicates are
reported apart.

Replay a run with CHAOS_SEED=<the seed printed at the start>; CHAOS_MESSAGES (3000) and CHAOS_RATE (messages/s
posted, 25) size it; CHAOS_GRAPH_DELAY_MS (80) is how long the mock Graph API takes to answer, so that sender
kills find sends in flight. The test puts the stack back (every service running, Redis and PostgreSQL up, the mock reset to
its defaults with an empty request log) in a finally, since later tests share it."""
import json
import os
import random
import re
import signal
import threading
import time
from collections import defaultdict


from conftest import (SERVICES, change, http, new_number, new_wamid, text_message, wait_for, webhook)

WAMID_RE = re.compile(r"wamid\.E2E[0-9A-F]{32}")
AI_TEXT = "Chaos AI answer: please visit the clinic so the doctor can examine you."
KB = [("What are your timings?", "{clinic} is open 9 am to 5 pm, Monday to Saturday.", "timings hours open"),
      ("What is the consultation fee?", "The consultation fee at {clinic} is 500 rupees.", "fee fees charges cost"),
      ("Where is the clinic located?", "{clinic} is at {n} Park Street, Kolkata.", "address location where")]
# worded unlike any other test's question: tests that count the mock's Gemini calls by their question run later
AI_QUESTIONS = ["Chaos run: my nephew scraped his elbow on the playground today",
                "Chaos run: can my grandmother take her usual tablets before a blood test",
                "Chaos run: is it fine to give a child curd when he has a cough",
                "Chaos run: my ankle feels stiff after cycling to work",
                "Chaos run: which fruit is best for someone with low iron"]


def redis_up(stack):
    try:
        return stack.redis.ping()
    except Exception:
        return False


def ready(stack, svc):
    try:
        return http("GET", f"http://127.0.0.1:{stack.ops[svc]}/readyz", timeout=2)[0] == 200
    except OSError:
        return False


def settled(stack):
    try:
        for key in ("wa:in", "wa:ai", "wa:out"):
            if any(g["pending"] or g.get("lag") for g in stack.redis.xinfo_groups(key)):
                return False
        return stack.redis.zcard("wa:retry") == 0
    except Exception:
        return False


class Poster:
    """Posts the webhooks from a few threads at a fixed message rate, each one until the ingress answers 200."""

    def __init__(self, stack, payloads, rate, threads=4, give_up_s=120):
        self.stack, self.payloads, self.rate, self.give_up_s = stack, payloads, rate, give_up_s
        self.posted = 0
        self.retries = 0
        self.errors = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(i, threads), daemon=True) for i in range(threads)]

    def _post(self, body):
        give_up = time.monotonic() + self.give_up_s
        while True:
            try:
                if self.stack.post_webhook(body) == 200:
                    return True
            except OSError:
                pass
            with self.lock:
                self.retries += 1
            if time.monotonic() > give_up:
                return False
            time.sleep(0.2)

    def _run(self, k, n):
        try:
            for i in range(k, len(self.payloads), n):
                due, body = self.payloads[i]
                delay = self.start + due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                if not self._post(body):
                    self.errors.append(f"webhook {i} not accepted within {self.give_up_s} s")
                    return
                with self.lock:
                    self.posted += 1
        except BaseException as e:  # report in the test, not on stderr
            self.errors.append(repr(e))

    def __enter__(self):
        self.start = time.monotonic()
        for t in self.threads:
            t.start()
        return self

    def join(self, timeout):
        deadline = time.monotonic() + timeout
        for t in self.threads:
            t.join(max(0.1, deadline - time.monotonic()))
        assert not any(t.is_alive() for t in self.threads), "the posters did not finish"
        assert not self.errors, f"posting failed: {self.errors[:3]}"
        assert self.posted == len(self.payloads)

    def __exit__(self, *exc):
        for t in self.threads:
            t.join(5)


class Outcome:
    """What the mock Graph API received and what wa:dlq holds for our wamids, read incrementally."""

    def __init__(self, stack, wamids):
        self.stack, self.wamids = stack, set(wamids)
        self.since = self._last_seq()
        self.sends = defaultdict(list)  # wamid -> [received_at_ms] of accepted replies
        last = stack.redis.xrevrange("wa:dlq", count=1)
        self.dlq_since = last[0][0] if last else "0-0"
        self.dlq = defaultdict(list)  # wamid -> [(stage, reason)] of entries about the message or its reply
        self.dlq_read = defaultdict(list)  # wamid -> [(stage, reason)] of its read receipt's entries

    def _last_seq(self):
        status, body = http("GET", f"{self.stack.mock_url}/_mock/requests?api=graph&since=18446744073709551615")
        assert status == 200, body
        return json.loads(body)["last_seq"]

    def refresh(self):
        status, body = http("GET", f"{self.stack.mock_url}/_mock/requests?api=graph&since={self.since}", timeout=30)
        assert status == 200, body
        doc = json.loads(body)
        for r in doc["requests"]:
            self.since = max(self.since, r["seq"])
            if r["method"] != "POST" or not r["path"].endswith("/messages") or r["status"] != 200:
                continue
            try:
                msg = json.loads(r["body"])
            except ValueError:
                continue
            ctx = (msg.get("context") or {}).get("message_id")
            if msg.get("status") != "read" and ctx in self.wamids:
                self.sends[ctx].append(r["received_at_ms"])
        for entry_id, fields in self.stack.redis.xrange("wa:dlq", min="(" + self.dlq_since):
            self.dlq_since = entry_id
            text = fields.get("entry", "") + fields.get("detail", "")
            try:  # the entry is the failed stream entry's fields as a JSON object
                out_id = json.loads(fields.get("entry", "")).get("out_id") or ""
            except (ValueError, AttributeError):
                out_id = ""
            for w in set(WAMID_RE.findall(text)):
                if w in self.wamids:
                    (self.dlq_read if out_id == "read:" + w else self.dlq)[w].append(
                        (fields.get("stage"), fields.get("reason"), fields.get("detail")))

    def unresolved(self):
        self.refresh()
        return [w for w in self.wamids if w not in self.sends and w not in self.dlq]


def build_traffic(rng, doctors, n_messages, rate):
    """(due seconds, webhook) list: 1-3 messages per webhook from patients of one doctor; ~85% KB questions."""
    payloads, wamids, kinds = [], [], {}
    patients = {d["phone"]: [new_number() for _ in range(max(4, n_messages // (2 * len(doctors))))] for d in doctors}
    sent = 0
    while sent < n_messages:
        d = rng.choice(doctors)
        msgs = []
        for _ in range(min(rng.choice((1, 1, 1, 2, 3)), n_messages - sent)):
            w = new_wamid()
            if rng.random() < 0.85:
                text, kinds[w] = rng.choice(KB)[0], "kb"
            else:
                text, kinds[w] = f"{rng.choice(AI_QUESTIONS)}, case {sent}", "ai"
            msgs.append(text_message(rng.choice(patients[d["phone"]]), text, w))
            wamids.append(w)
            sent += 1
        payloads.append((sent / rate, webhook([change(d["phone"], "pn-" + d["phone"], msgs)])))
    return payloads, wamids, kinds


def schedule(rng, duration):
    """The chaos events, one in each slice of the run, in a random order, at a random moment of their slice."""
    events = ["router", "router", "sender", "sender", "sender", "ai", "ai", "ingress", "redis", "postgres"]
    rng.shuffle(events)
    start, end = 2.0, max(duration - 2.0, 2.0 + len(events))
    width = (end - start) / len(events)
    return [(start + i * width + rng.uniform(0.1, 0.9) * width, e) for i, e in enumerate(events)]


def test_chaos_every_message_answered_once_or_dead_lettered(stack):
    seed = int(os.environ.get("CHAOS_SEED") or random.SystemRandom().randrange(1, 2**31))
    n_messages = int(os.environ.get("CHAOS_MESSAGES", "3000"))
    rate = float(os.environ.get("CHAOS_RATE", "25"))
    window_ms = int(os.environ.get("CHAOS_DUP_WINDOW_MS", "1000"))
    slack_ms = int(os.environ.get("CHAOS_KILL_SLACK_MS", "50"))
    graph_delay_ms = int(os.environ.get("CHAOS_GRAPH_DELAY_MS", "80"))
    print(f"\nchaos: CHAOS_SEED={seed} messages={n_messages} rate={rate}/s", flush=True)
    rng = random.Random(seed)

    doctors = []
    for i in range(4):
        clinic = f"Chaos Clinic {i} {rng.randrange(10**6)}"
        doctor_id, phone = stack.add_doctor(f"Dr. Chaos {i}", clinic)
        for q, a, kw in KB:
            stack.add_kb(doctor_id, q, a.format(clinic=clinic, n=i + 1), kw)
        doctors.append({"id": doctor_id, "phone": phone})
    payloads, wamids, kinds = build_traffic(rng, doctors, n_messages, rate)
    events = schedule(rng, payloads[-1][0])
    print("chaos: schedule " + ", ".join(f"{t:.1f}s {e}" for t, e in events), flush=True)

    sender_kills = []  # wall-clock ms at which each wa-sender killed with SIGKILL was gone (reaped)
    outcome = None
    try:
        # Gemini answers after 300 ms and Graph after CHAOS_GRAPH_DELAY_MS, so kills find calls in flight
        stack.mock_config({"api": "gemini", "text": AI_TEXT, "delay_ms": 300})
        stack.mock_config({"api": "graph", "delay_ms": graph_delay_ms})
        outcome = Outcome(stack, wamids)
        t0 = time.monotonic()
        with Poster(stack, payloads, rate) as poster:
            for at, event in events:
                delay = t0 + at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                print(f"chaos: {time.monotonic() - t0:6.1f}s {event} (posted {poster.posted}/{len(payloads)})",
                      flush=True)
                if event in SERVICES:
                    stack.stop_service(event, signal.SIGKILL)  # returns once the process is reaped
                    if event == "sender":  # every send it made was written before this moment
                        sender_kills.append(time.time() * 1000)
                    time.sleep(rng.uniform(0.1, 2.0))
                    stack.start_service(event)
                elif event == "redis":
                    # SHUTDOWN writes the AOF before exiting: what Redis acknowledged survives the restart
                    stack.stop_redis()
                    wait_for(lambda: not redis_up(stack), timeout=30, what="Redis to stop")
                    time.sleep(rng.uniform(0.5, 2.0))
                    stack.start_infra()
                    for svc in SERVICES:
                        wait_for(lambda: ready(stack, svc), timeout=60, what=f"wa-{svc} to reconnect to Redis")
                else:  # fast shutdown cuts open connections, as in a failover
                    stack.stop_postgres()
                    time.sleep(rng.uniform(0.5, 2.0))
                    stack.start_infra()
                    for svc in ("router", "sender"):
                        wait_for(lambda: ready(stack, svc), timeout=60, what=f"wa-{svc} to reconnect to PostgreSQL")
            poster.join(timeout=300)
            print(f"chaos: posted {len(payloads)} webhooks ({len(wamids)} messages) in "
                  f"{time.monotonic() - t0:.1f}s, {poster.retries} retried posts", flush=True)

        for svc, p in stack.procs.items():
            assert p.poll() is None, f"wa-{svc} exited during the run ({p.returncode})"
        # a lease of a killed sender blocks its entry for up to 60 s, then retries back off: allow a few minutes
        deadline = time.monotonic() + 240
        while outcome.unresolved() and time.monotonic() < deadline:
            time.sleep(1.0)
        wait_for(lambda: settled(stack), timeout=120, what="every consumer group and wa:retry to settle")
        outcome.refresh()
        print(f"chaos: settled {time.monotonic() - t0:.1f}s after the start", flush=True)
    finally:
        restore(stack)

    delivered, dead, lost, dup_window, dup_other = [], [], [], [], []
    for w in wamids:
        sends = sorted(outcome.sends.get(w, []))
        if len(sends) == 1:
            delivered.append(w)
        elif len(sends) > 1:
            # each extra send is explained only if the send before it reached Meta around a sender's death: at most
            # window_ms before it was gone, or slack_ms after (read by the mock after the sender wrote it and died)
            explained = all(any(-slack_ms <= k - t <= window_ms for k in sender_kills) for t in sends[:-1])
            (dup_window if explained else dup_other).append(w)
        elif outcome.dlq.get(w):
            dead.append(w)
        else:
            lost.append(w)
    no_reason = [w for w in dead if not all(reason for _, reason, _ in outcome.dlq[w])]
    reasons = defaultdict(int)
    for w in dead:
        for stage, reason, _ in outcome.dlq[w]:
            reasons[f"{stage}/{reason}"] += 1
    print(f"chaos: CHAOS_SEED={seed}: {len(wamids)} messages ({sum(k == 'ai' for k in kinds.values())} for ai): "
          f"delivered {len(delivered)}, dead-lettered {len(dead)} {dict(reasons)}, duplicated {len(dup_window)} "
          f"in the documented window + {len(dup_other)} outside it, lost {len(lost)}; "
          f"answered and also in wa:dlq: {sum(1 for w in wamids if outcome.sends.get(w) and outcome.dlq.get(w))}",
          flush=True)
    both = defaultdict(int)
    for w in wamids:
        if outcome.sends.get(w):
            for stage, reason, _ in outcome.dlq.get(w, []):
                both[f"{stage}/{reason}"] += 1
    read_dlq = defaultdict(int)
    for entries in outcome.dlq_read.values():
        for stage, reason, _ in entries:
            read_dlq[f"{stage}/{reason}"] += 1
    print(f"chaos: answered and also in wa:dlq by reason: {dict(both)}; read receipts dead-lettered: {dict(read_dlq)}",
          flush=True)
    for w in [w for w in wamids if outcome.sends.get(w) and outcome.dlq.get(w)][:5]:
        print(f"chaos:   {w} ({kinds[w]}) sent at {outcome.sends[w]} ms, wa:dlq {outcome.dlq[w]}, "
              f"sender kills at {[int(k) for k in sender_kills]} ms", flush=True)
    details = []
    for w in (lost + dup_other)[:5]:
        details.append(f"{w} ({kinds[w]}): sends at {outcome.sends.get(w)}, sender kills at {sender_kills}, "
                       f"dlq {outcome.dlq.get(w)}, rows "
                       f"{stack.sql('SELECT direction, status FROM messages WHERE wamid = %s OR out_id = %s', w, 'reply:' + w)}")
    assert not lost and not dup_other, \
        f"CHAOS_SEED={seed}: {len(lost)} lost, {len(dup_other)} duplicated outside the window:\n" + "\n".join(details)
    assert not no_reason, f"dead-lettered without a reason: {no_reason[:5]}"
    # the router records each inbound wamid once, whatever the retries and restarts
    rows = stack.sql("SELECT count(*), count(DISTINCT wamid) FROM messages WHERE wamid = ANY(%s)", wamids)[0]
    assert rows[0] == rows[1], f"inbound rows {rows[0]} for {rows[1]} wamids"
    assert rows[1] >= len(delivered) + len(dup_window), f"{rows[1]} inbound rows for {len(delivered)} answers"


def restore(stack):
    """Puts the shared stack back: Redis and PostgreSQL up, every service running, the mock's defaults."""
    errors = []
    try:
        stack.start_infra()  # idempotent: starts what is down, reopens the tests' connection
    except Exception as e:
        errors.append(f"infra: {e!r}")
    for svc in SERVICES:
        p = stack.procs.get(svc)
        if p is None or p.poll() is not None:
            try:
                stack.procs.pop(svc, None)
                stack.start_service(svc)
            except BaseException as e:
                errors.append(f"wa-{svc}: {e!r}")
    try:  # the defaults of every API, and an empty request log: later tests scan it on each poll
        status, body = http("POST", f"{stack.mock_url}/_mock/reset", b"{}", {"Content-Type": "application/json"})
        if status != 200:
            errors.append(f"mock reset: {status} {body[:200]!r}")
    except OSError as e:
        errors.append(f"mock reset: {e!r}")
    assert not errors, "could not restore the stack: " + "; ".join(errors)
