"""Sandbox mode: no Meta credentials anywhere, so replies go to the sandbox stream instead of the Graph API.

A second set of the four services runs beside the main one on the same Redis and PostgreSQL, under another
key prefix (WA_REDIS_PREFIX) and without WHATSAPP_TOKEN / PHONE_NUMBER_ID: this is what `make run` does on a
laptop with no Meta account, and it shows the prefix isolates two deployments sharing one Redis.
"""
import json

import pytest

from conftest import SERVICES, free_port, new_number

PREFIX = "sbx:"


@pytest.fixture(scope="module")
def sandbox(stack):
    port = free_port()
    env = {"WA_REDIS_PREFIX": PREFIX, "WHATSAPP_TOKEN": "", "PHONE_NUMBER_ID": "", "INGRESS_PORT": str(port)}
    for name in SERVICES:
        stack.start_service(name, env, tag="-sbx")
    yield {"env": dict(env, INGRESS_URL=f"http://127.0.0.1:{port}/webhook")}
    for name in SERVICES:
        stack.stop_service(name + "-sbx")


def test_simulate_in_sandbox_mode_records_the_request_instead_of_calling_meta(stack, sandbox, clinic):
    patient = new_number()
    graph_before = len(stack.mock_requests("graph"))
    out = stack.wactl("simulate", "--to", clinic["phone"], "--from", patient, "--text", "What are your timings?",
                      "--json", env=sandbox["env"])
    reply = json.loads(out)
    assert reply["text"] == clinic["answer"] and reply["status"] == "sandbox"

    sandboxed = [f for _, f in stack.redis.xrange(PREFIX + "sandbox") if f["to"] == patient]
    [fields] = [f for f in sandboxed if f["out_id"].startswith("reply:")]
    # the inbound message is also marked as read, through the same sandbox
    assert [f["out_id"] for f in sandboxed if f["out_id"].startswith("read:")] == ["read:" + reply["wamid"]]
    request = json.loads(fields["request"])
    assert request["text"]["body"] == clinic["answer"]
    assert request["context"]["message_id"] == reply["wamid"]
    assert fields["out_id"] == "reply:" + reply["wamid"]
    # nothing reached Meta, and the main deployment's streams never saw this message
    assert len(stack.mock_requests("graph")) == graph_before
    assert not any(reply["wamid"] in f.get("body", "") for _, f in stack.redis.xrange("wa:in"))
    assert stack.sql("SELECT wamid, status FROM messages WHERE out_id = %s", reply["out_id"]) == \
        [("sandbox.reply:" + reply["wamid"], "sandbox")]


def test_human_output_of_simulate(stack, sandbox, clinic):
    out = stack.wactl("simulate", "--to", "+" + clinic["phone"], "--from", new_number(), "--text",
                      "what are your timings", env=sandbox["env"])
    assert out.startswith("reply (kb, sandbox): ")
    assert clinic["answer"] in out
