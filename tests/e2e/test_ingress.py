"""The public webhook: Meta's verification handshake, signatures, the body limit, Redis loss."""
import json
import socket
import urllib.parse


from conftest import APP_SECRET, VERIFY_TOKEN, http, sign, wait_for


def verify(stack, **params):
    return http("GET", stack.ingress_url + "?" + urllib.parse.urlencode(params))


def test_verification_handshake_echoes_the_challenge(stack):
    status, body = verify(stack, **{"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN,
                                    "hub.challenge": "1158201444"})
    assert (status, body) == (200, b"1158201444")


def test_verification_with_wrong_token_or_mode_is_refused(stack):
    assert verify(stack, **{"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"})[0] == 403
    assert verify(stack, **{"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN,
                            "hub.challenge": "1"})[0] == 403
    assert verify(stack)[0] == 403


def test_forged_or_missing_signature_is_refused_and_nothing_written(stack):
    body = json.dumps({"object": "whatsapp_business_account", "entry": []}).encode()
    before = stack.redis.xlen("wa:in")
    assert stack.post_webhook(body, signature=None) == 401
    assert stack.post_webhook(body, signature=sign(body, "not-the-secret")) == 401
    assert stack.post_webhook(body, signature="sha256=zz") == 401
    assert stack.post_webhook(body + b" ", signature=sign(body, APP_SECRET)) == 401
    assert stack.redis.xlen("wa:in") == before
    assert stack.post_webhook(body) == 200
    assert stack.redis.xlen("wa:in") == before + 1


def test_signed_body_is_stored_byte_for_byte(stack):
    body = b'{"object":"whatsapp_business_account","entry":[],  "x":"\xe0\xa4\xa8\xe0\xa4\xae"}'
    assert stack.post_webhook(body) == 200
    raw = redis_raw(stack)
    last = raw.xrevrange("wa:in", count=1)[0][1]
    assert last[b"body"] == body
    assert last[b"app"] == b"master"
    assert int(last[b"received_at"]) > 0


def test_oversized_body_gets_413(stack):
    # Announce a 5 MiB body and send none of it: the ingress must refuse on the headers alone, without reading
    # (or buffering) what it will not accept.
    before = stack.redis.xlen("wa:in")
    with socket.create_connection(("127.0.0.1", stack.ingress_port), timeout=10) as s:
        s.sendall(b"POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"X-Hub-Signature-256: sha256=00\r\nContent-Length: 5242880\r\n\r\n")
        status_line = s.recv(4096).split(b"\r\n", 1)[0]
    assert status_line.split()[1] == b"413"
    assert stack.redis.xlen("wa:in") == before


def test_503_while_redis_is_down_then_recovers(stack):
    # Redis goes away: the ingress must answer 503 (never a false 200) and reconnect by itself once it is back;
    # the other services reconnect too, which the pipeline tests that run after this one rely on.
    body = b'{"object":"whatsapp_business_account","entry":[]}'
    stack.stop_redis()
    wait_for(lambda: stack.post_webhook(body) == 503, timeout=10, what="503 while Redis is down")
    stack.start_infra()
    wait_for(lambda: stack.post_webhook(body) == 200, timeout=15, what="ingress to reconnect")
    for name in ("router", "ai", "sender"):
        wait_for(lambda: stack._ready(name), timeout=30, what=f"wa-{name} ready again")


def redis_raw(stack):
    return stack.redis_client(decode_responses=False)
