"""Adversarial input at the public ingress: what an attacker (or a broken proxy) can send to POST /webhook.

Each test attacks the session stack's ingress and then checks the same three things: the ingress is still up, its
resident memory (VmRSS) grew by no more than a generous bound, and a good signed webhook still gets 200 (during
the attack where the attack holds connections open). Bodies the ingress must accept (signed but not JSON, deeply
nested, invalid UTF-8, huge arrays) are followed through the router: dead-lettered with a reason, or processed,
and the router stays up.
"""
import json
import resource
import socket
import threading
import time

import pytest

from conftest import SERVICES, change, free_port, http, new_number, new_wamid, sign, text_message, wait_for, webhook

# Generous bounds: the point is "bounded", not a number. An attack may leave allocator caches behind.
RSS_GROWTH_MB = 256
IDLE_CONNECTIONS = 10000


def rss_mb(stack, name="ingress"):
    with open(f"/proc/{stack.procs[name].pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise AssertionError("no VmRSS")


def alive(stack, name="ingress"):
    assert stack.procs[name].poll() is None, f"wa-{name} exited with {stack.procs[name].returncode}"
    assert stack._ready(name), f"wa-{name} not ready"


def good_webhook():
    return webhook([change("15550000000", "100200300400", [text_message(new_number(), "hello")])])


def assert_good_traffic(stack):
    assert stack.post_webhook(good_webhook()) == 200


def raw_redis(stack):
    return stack.redis_client(decode_responses=False)


def post_raw(stack, head_extra, body, timeout=10):
    """Sends a POST /webhook with the given extra header lines and body on a fresh connection; returns the status
    code, or None when the server closed the connection without an answer."""
    with socket.create_connection(("127.0.0.1", stack.ingress_port), timeout=timeout) as s:
        head = (b"POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + head_extra +
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        try:
            s.sendall(head + body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return read_status(s)


def read_status(s):
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    if not data.startswith(b"HTTP/"):
        return None
    return int(data.split(b" ", 2)[1])


def signed_head(body):
    return b"X-Hub-Signature-256: " + sign(body).encode() + b"\r\n"


def dlq_entry_with(stack, marker):
    """The wa:dlq entry (raw bytes fields) whose copied entry contains `marker`, or None."""
    for _, fields in raw_redis(stack).xrange("wa:dlq"):
        if marker in fields.get(b"entry", b""):
            return fields
    return None


def wa_in_has(stack, marker, count=200):
    return any(marker in f.get(b"body", b"") for _, f in raw_redis(stack).xrevrange("wa:in", count=count))


@pytest.fixture
def rss_guard(stack):
    before = rss_mb(stack)
    yield
    alive(stack)
    after = rss_mb(stack)
    assert after - before < RSS_GROWTH_MB, f"ingress RSS grew from {before:.0f} MB to {after:.0f} MB"


# --- size ----------------------------------------------------------------------------------------------------------

def test_body_over_the_limit_sent_in_full_is_refused_and_not_stored(stack, rss_guard):
    limit = int(stack.env.get("INGRESS_MAX_BODY_BYTES", 4194304))
    marker = new_wamid().encode()
    body = b'{"object":"whatsapp_business_account","id":"' + marker + b'","pad":"' + b"a" * limit + b'"}'
    assert post_raw(stack, signed_head(body), body, timeout=30) in (413, None)
    # chunked, so the size is only known while reading
    with socket.create_connection(("127.0.0.1", stack.ingress_port), timeout=30) as s:
        s.sendall(b"POST /webhook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" + signed_head(body) + b"\r\n")
        try:
            for off in range(0, len(body), 65536):
                piece = body[off:off + 65536]
                s.sendall(b"%x\r\n" % len(piece) + piece + b"\r\n")
            s.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert read_status(s) in (413, None)
    assert not wa_in_has(stack, marker)
    assert_good_traffic(stack)


def test_huge_array_in_a_signed_body_is_stored_and_the_router_survives(stack, rss_guard):
    # Half a million array elements in a place the parser walks (value.messages), for a number no doctor has.
    marker = new_wamid()
    body = (b'{"object":"whatsapp_business_account","entry":[{"id":"' + marker.encode() +
            b'","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":'
            b'{"display_phone_number":"15550000001","phone_number_id":"1"},"messages":[' +
            b",".join([b"1"] * 500000) + b"]}}]}]}")
    assert len(body) < 4194304
    assert stack.post_webhook(body) == 200
    assert wa_in_has(stack, marker.encode())
    def consumed():
        group = next(g for g in stack.redis.xinfo_groups("wa:in") if g["name"] == "router")
        return group["pending"] == 0 and group["lag"] == 0
    wait_for(consumed, timeout=60, what="router to consume wa:in")
    alive(stack, "router")
    assert_good_traffic(stack)


# --- signatures ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("signature", [
    "sha256=",
    "sha256=" + "a" * 63,
    "sha256=" + "a" * 65,
    "sha256=" + "a" * 128,
    "sha256=" + "0" * 100000,
    "a" * 64,
    "sha1=" + "a" * 40,
    "sha256=" + "g" * 64,
])
def test_signature_of_the_wrong_length_or_shape_is_refused(stack, rss_guard, signature):
    marker = new_wamid()
    body = json.dumps({"object": "whatsapp_business_account", "entry": [], "id": marker}).encode()
    if signature.startswith("sha256=") and len(signature) == 7 + 63:
        signature = sign(body)[:-1]  # the right digest, one character short
    status = post_raw(stack, b"X-Hub-Signature-256: " + signature.encode() + b"\r\n", body)
    assert status in (400, 401, 413, 431, None), status
    assert not wa_in_has(stack, marker.encode())
    assert_good_traffic(stack)


# --- bodies the ingress must accept and the router must survive ---------------------------------------------------

def test_signed_body_that_is_not_json_is_accepted_then_dead_lettered_as_bad_json(stack, rss_guard):
    marker = new_wamid().encode()
    body = b"this is not json at all " + marker + b" \x00\x01\x02"
    assert stack.post_webhook(body) == 200
    fields = wait_for(lambda: dlq_entry_with(stack, marker), what="the non-JSON webhook in wa:dlq")
    assert fields[b"reason"] == b"bad_json"
    assert fields[b"stage"] == b"router"
    alive(stack, "router")


def test_deeply_nested_json_is_accepted_and_the_router_survives(stack, rss_guard):
    marker = new_wamid().encode()
    depth = 200000
    body = b'{"object":"whatsapp_business_account","id":"' + marker + b'","entry":' + b"[" * depth + b"]" * depth + b"}"
    assert stack.post_webhook(body) == 200
    fields = wait_for(lambda: dlq_entry_with(stack, marker), what="the nested webhook in wa:dlq")
    assert fields[b"reason"] in (b"bad_json", b"bad_webhook")
    alive(stack, "router")
    # nesting the parser accepts, inside a message of a real clinic's patient: the message is still answered
    doctor_id, phone = stack.add_doctor("Dr. Deep Nest", "Nest Clinic")
    stack.add_kb(doctor_id, "What are your timings?", "Nest Clinic is open 9 to 5.", "timings hours open")
    patient = new_number()
    msg = text_message(patient, "What are your timings?")
    msg["extra"] = json.loads("[" * 500 + "]" * 500)
    assert stack.post_webhook(webhook([change("+" + phone, "ph-" + phone, [msg])])) == 200
    assert stack.replies_to(patient)[0]["text"]["body"] == "Nest Clinic is open 9 to 5."
    alive(stack, "router")


# Bodies with invalid UTF-8 go to a second deployment of the four services under their own key prefix, on the same
# Redis, PostgreSQL and mock: the other test files read wa:in and wa:dlq as text, and these bytes would break them.
ISO_PREFIX = "adv:"


@pytest.fixture(scope="module")
def isolated(stack):
    port = free_port()
    env = {"WA_REDIS_PREFIX": ISO_PREFIX, "INGRESS_PORT": str(port)}
    try:
        for name in SERVICES:
            stack.start_service(name, env, tag="-adv")
        yield {"port": port, "url": f"http://127.0.0.1:{port}/webhook"}
    finally:
        for name in SERVICES:
            stack.stop_service(name + "-adv")


def post_signed(url, body):
    return http("POST", url, body, {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body)})[0]


def iso_dlq_entry_with(stack, marker):
    for _, fields in raw_redis(stack).xrange(ISO_PREFIX + "dlq"):
        if marker in fields.get(b"entry", b""):
            return fields
    return None


def test_invalid_utf8_in_a_signed_message_is_stored_byte_for_byte_and_resolved(stack, clinic, isolated):
    before = rss_mb(stack, "ingress-adv")
    patient, wamid = new_number(), new_wamid()
    body = json.dumps(webhook([change("+" + clinic["phone"], "ph-" + clinic["phone"],
                                      [text_message(patient, "TEXTMARK", wamid)])])).encode()
    body = body.replace(b"TEXTMARK", b"timings \xff\xfe\xc3\x28 \xed\xa0\x80 \xf8\x88\x80\x80\x80")
    assert post_signed(isolated["url"], body) == 200
    stored = [f[b"body"] for _, f in raw_redis(stack).xrevrange(ISO_PREFIX + "in", count=50)
              if wamid.encode() in f[b"body"]]
    assert stored == [body]

    # the router must come to a decision: a reply to the patient, or a dead letter naming the message
    def resolved():
        return stack.graph_sends(patient) or iso_dlq_entry_with(stack, wamid.encode())
    wait_for(resolved, timeout=60, what="a reply or a dead letter for the invalid UTF-8 message")
    alive(stack, "router-adv")
    alive(stack, "ingress-adv")
    assert rss_mb(stack, "ingress-adv") - before < RSS_GROWTH_MB


def test_invalid_utf8_text_is_answered_like_any_other_message(stack, clinic, isolated):
    patient = new_number()
    body = json.dumps(webhook([change("+" + clinic["phone"], "ph-" + clinic["phone"],
                                      [text_message(patient, "What are your timings? TEXTMARK")])])).encode()
    assert post_signed(isolated["url"], body.replace(b"TEXTMARK", b"\xff\xfe")) == 200
    assert stack.replies_to(patient, timeout=20)[0]["text"]["body"] == clinic["answer"]


# --- connections ---------------------------------------------------------------------------------------------------

def test_slow_client_dribbling_a_body_does_not_block_good_traffic(stack, rss_guard):
    # One client sends its headers, then its body one byte at a time; half way it stops until good webhooks were
    # answered on other connections, then finishes: the good ones must not wait for it, and it must still succeed.
    marker = new_wamid().encode()
    body = json.dumps({"object": "whatsapp_business_account", "entry": [], "id": marker.decode()}).encode()
    half, resume, result = threading.Event(), threading.Event(), {}

    def dribble():
        with socket.create_connection(("127.0.0.1", stack.ingress_port), timeout=30) as s:
            s.sendall(b"POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + signed_head(body) +
                      b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
            for i in range(len(body)):
                if i == len(body) // 2:
                    half.set()
                    resume.wait(30)
                s.sendall(body[i:i + 1])
                time.sleep(0.005)
            result["status"] = read_status(s)

    t = threading.Thread(target=dribble)
    t.start()
    try:
        assert half.wait(30)
        for _ in range(5):
            assert_good_traffic(stack)
        assert "status" not in result  # the slow request was still open while the good ones were answered
    finally:
        resume.set()
        t.join()
    assert result.get("status") == 200
    assert wa_in_has(stack, marker)


def test_many_idle_connections_do_not_block_good_traffic(stack, rss_guard):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = IDLE_CONNECTIONS + 256
    if soft < want and (hard == resource.RLIM_INFINITY or hard >= want):
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    with open(f"/proc/{stack.procs['ingress'].pid}/limits") as f:
        ingress_limit = next(int(line.split()[3]) for line in f if line.startswith("Max open files"))
    n = min(IDLE_CONNECTIONS, soft - 256, ingress_limit - 256)
    assert n >= 1000, f"file descriptor limits too low for the test (ours {soft}, ingress {ingress_limit})"
    socks = []
    try:
        for i in range(n):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", stack.ingress_port))
            socks.append(s)
            if i % 500 == 0:
                time.sleep(0.01)  # let the listen backlog drain
        # some idle connections have sent half a request line, some nothing at all
        for s in socks[::2]:
            try:
                s.send(b"POST /webhook HTTP/1.1\r\nHost: x\r\n")
            except OSError:
                pass
        for _ in range(20):
            assert_good_traffic(stack)
        during = rss_mb(stack)
    finally:
        for s in socks:
            s.close()
    alive(stack)
    assert_good_traffic(stack)
    print(f"{n} idle connections; ingress RSS during the attack {during:.0f} MB")


def test_header_flood_is_refused_and_good_traffic_flows(stack, rss_guard):
    body = json.dumps({"object": "whatsapp_business_account", "entry": []}).encode()
    # many headers
    many = b"".join(b"X-Flood-%d: %s\r\n" % (i, b"v" * 40) for i in range(5000))
    assert post_raw(stack, many + signed_head(body), body) in (400, 413, 431, None)
    # one enormous header
    huge = b"X-Huge: " + b"h" * (1 << 20) + b"\r\n"
    assert post_raw(stack, huge + signed_head(body), body) in (400, 413, 431, None)
    # a header line that never ends, on many connections at once
    socks = []
    try:
        for _ in range(200):
            s = socket.create_connection(("127.0.0.1", stack.ingress_port), timeout=10)
            try:
                s.sendall(b"POST /webhook HTTP/1.1\r\nHost: x\r\nX-Never-Ends: " + b"z" * 60000)
            except (BrokenPipeError, ConnectionResetError):
                pass
            socks.append(s)
        assert_good_traffic(stack)
    finally:
        for s in socks:
            s.close()
    assert_good_traffic(stack)
