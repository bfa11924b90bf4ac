#!/usr/bin/python3
"""Writes the seed corpora of tests/fuzz/corpus/<target>/ from the JSON shapes of API_REFERENCE.md.

Run once by hand when the reference gains shapes (the output is committed): every ```json block is classified by its
section (A.2 webhooks -> webhook, A.4 sends -> graph, B.1 Gemini -> gemini, B.2 chat completions -> openai) and
wrapped as its target expects: a webhook message, status or value is put into a full signed-webhook envelope; a
Graph response gets a 2-byte (status, transfer) prefix; a Gemini or chat completions body gets a 1-byte status prefix
(fuzz_graph.c, fuzz_gemini.c, fuzz_openai.c). Hand-written edge cases for every target follow. Files are named
seed-<n> and overwritten, never deleted; inputs the fuzzers found are kept beside them under their SHA-1 names.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REF = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared", "API_REFERENCE.md")


def blocks(text):
    sec, out, lines, i = "", [], text.split("\n"), 0
    while i < len(lines):
        m = re.match(r"^#{2,4} (.*)", lines[i])
        if m:
            sec = m.group(1)
        if lines[i].startswith("```json"):
            j, buf = i + 1, []
            while j < len(lines) and not lines[j].startswith("```"):
                buf.append(lines[j])
                j += 1
            try:
                out.append((sec, json.loads("\n".join(buf))))
            except ValueError:
                pass
            i = j
        i += 1
    return out


def envelope(change):
    return {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [change]}]}


def messages_change(value):
    base = {"messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"}}
    base.update(value)
    return {"field": "messages", "value": base}


def as_webhook(obj):
    if "object" in obj:
        return obj
    if "field" in obj:
        return envelope(obj)
    if "changes" in obj:
        return {"object": "whatsapp_business_account", "entry": [obj]}
    if "status" in obj and "id" in obj:
        return envelope(messages_change({"statuses": [obj]}))
    if "type" in obj or "from" in obj:
        return envelope(messages_change({"contacts": [{"profile": {"name": "Kerry Fisher"}, "wa_id": "16315551181"}],
                                         "messages": [obj]}))
    return envelope(messages_change(obj))


def graph_prefix(status, curl=0):
    return bytes([[200, 200, 200, 201, 400, 401, 403, 404, 429, 500, 502, 503, 504, 302, 100].index(status), curl])


def gemini_prefix(status):
    return bytes([[200, 200, 200, 200, 201, 400, 403, 404, 429, 500, 503, 504, 302, 0].index(status)])


def main():
    seeds = {t: [] for t in ("webhook", "entry", "graph", "gemini", "openai", "phone", "query", "signature", "kbcsv")}
    for sec, obj in blocks(open(REF, encoding="utf-8").read()):
        raw = json.dumps(obj).encode()
        if sec.startswith(("A.2", "A.3")) or not re.match(r"^[A-Z]\.", sec):
            if isinstance(obj, dict):
                seeds["webhook"].append(json.dumps(as_webhook(obj)).encode())
        elif sec.startswith("A.4.9"):
            seeds["graph"].append(graph_prefix(400) + raw)
        elif sec.startswith("A.4"):
            seeds["graph"].append(graph_prefix(200) + raw)
        elif sec.startswith(("B.1.3", "B.1.4")):
            seeds["gemini"].append(gemini_prefix(200) + raw)
        elif sec.startswith("B.2.3"):
            seeds["openai"].append(gemini_prefix(200) + raw)
        elif sec.startswith("B.2.4"):
            seeds["openai"].append(gemini_prefix(429) + raw)
        elif sec.startswith("B.1.5"):
            seeds["gemini"].append(gemini_prefix(429) + raw)
            seeds["gemini"].append(gemini_prefix(503) + raw)
    # hand-written edges
    seeds["webhook"] += [b"", b"{", b"[]", b'{"object":"page","entry":[]}', b'{"object":"whatsapp_business_account"}',
                         b'{"object":"whatsapp_business_account","entry":[1,{"changes":[{"value":{}}]}]}',
                         b'{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":'
                         b'{"messages":[{"id":7,"from":919800000001,"type":"text","text":{"body":null}}],'
                         b'"statuses":[{"id":"wamid.S","status":5,"errors":[{"code":"x"}]}]}}]}]}',
                         b'{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":'
                         b'{"messages":[{"id":"wamid.\xff\xfe","type":"text","text":{"body":"\xed\xa0\x80"}}]}}]}]}']
    seeds["graph"] += [graph_prefix(200) + b'{"messaging_product":"whatsapp","contacts":[{"input":"1","wa_id":"1"}],'
                       b'"messages":[{"id":"wamid.HBgL","message_status":"accepted"}]}',
                       graph_prefix(200) + b'{"success":true}', graph_prefix(500) + b"<html>Bad gateway</html>",
                       graph_prefix(429) + b'{"error":{"message":"rate","type":"OAuthException","code":130429,'
                       b'"error_subcode":2494055,"error_data":"flat string","fbtrace_id":"A1"}}',
                       graph_prefix(200, 7) + b"", graph_prefix(400) + b'{"error":{"code":"131047"}}',
                       graph_prefix(200) + b'{"type":"text","text":{"body":"Hi"},"to":"1","context":{"message_id":"m"}}',
                       graph_prefix(200) + b'{"message_id":"wamid.R","typing_indicator":{"type":"text"}}']
    seeds["gemini"] += [gemini_prefix(200) + b'{"candidates":[{"content":{"parts":[{"text":"a","thought":true},'
                        b'{"text":" b "}]},"finishReason":"MAX_TOKENS"}]}',
                        gemini_prefix(200) + b'{"candidates":[{"finishReason":"SAFETY"}]}',
                        gemini_prefix(200) + b'[{"q":"What are your timings?","a":"9 to 5"}]',
                        gemini_prefix(429) + b'{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","details":'
                        b'[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}}',
                        gemini_prefix(0) + b"", gemini_prefix(200) + b"not json"]
    seeds["openai"] += [gemini_prefix(200) + b'{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":'
                        b'{"role":"assistant","content":"  Open 9 to 5.  "},"finish_reason":"stop"}]}',
                        gemini_prefix(200) + b'{"choices":[{"message":{"content":null},"finish_reason":"content_filter"}]}',
                        gemini_prefix(200) + b'{"choices":[{"message":{"content":"x"},"finish_reason":"length"}]}',
                        gemini_prefix(400) + b'{"object":"error","message":"bad model","type":"BadRequestError",'
                        b'"code":400}',
                        gemini_prefix(429) + b'{"error":{"message":"slow down","type":"rate_limit","code":"429"}}',
                        gemini_prefix(503) + b"upstream unavailable", gemini_prefix(200) + b"[]"]
    seeds["phone"] += [b"+91 98450 00001\x00919845000001", b"+1 (415) 555-0100\x00+14155550100", b"abc\x00123",
                       b"123456789012345678901\x00", b"\x00", b"+\x00-", b"9" * 20 + b"\x00" + b"9" * 20]
    seeds["entry"] += [b"out_id\x00reply:wamid.X\x00doctor_id\x00d-1\x00to\x00919800000001\x00kind\x00text\x00"
                       b'message\x00{"type":"text","text":{"body":"hi"}}\x00reply_to\x00wamid.X\x00source\x00kb',
                       b"doctor_id\x00d-1\x00patient_id\x00p-1\x00to\x00919800000001\x00wamid\x00wamid.Y\x00"
                       b'text\x00When are you open?\x00lang\x00en\x00kb_context\x00[{"q":"a","a":"b"}]',
                       b"out_id\x00\x00doctor_id", b"to\x00" + b"x" * 300]
    # the ingress' GET /webhook query (fuzz_query.c): Meta's handshake, escapes, aliases, duplicates and broken ones
    seeds["query"] += [b"hub.mode=subscribe&hub.verify_token=tok&hub.challenge=1158201444",
                       b"hub_mode=subscribe&hub_verify_token=tok&hub_challenge=abc",
                       b"hub.challenge=a%20b%00c+d&hub.verify_token=tok&hub.mode=subscribe",
                       b"hub.mode=subscribe&hub.verify_token=s%3Dcr%26t&hub.challenge=x",
                       b"hub.mode=unsubscribe&hub.verify_token=tok&hub.challenge=1",
                       b"a=1&hub.mode=subscribe&empty=&flag&x%2Ey=2&a=dup", b"%", b"%4", b"%zz&=&&", b"", b"=",
                       b"hub.mode=subscribe&hub.verify_token=tok&hub.challenge="]
    # X-Hub-Signature-256 value, NUL, body (fuzz_signature.c)
    seeds["signature"] += [b"sha256=" + b"0" * 64 + b"\x00{}", b"sha256=" + b"A" * 64 + b"\x00body",
                           b"sha1=" + b"0" * 40 + b"\x00x", b"sha256=" + b"g" * 64 + b"\x00x",
                           b"sha256=" + b"0" * 63 + b"\x00x", b"\x00", b"sha256=\x00",
                           b"SHA256=" + b"f" * 64 + b'\x00{"object":"whatsapp_business_account","entry":[]}']
    # `wactl kb import` files (fuzz_kbcsv.c)
    seeds["kbcsv"] += [b"\xef\xbb\xbfQuestion,Answer,keywords\r\nWhat are your timings?,\"Open 9-1, and 5-8.\",timings\r\n"
                       b'"Fees?","Rs 500.\nSay ""hi"".",\r\n',
                       "lang,answer,question\nhi,हाँ,क्या आप खुले हैं?\n\n".encode(),
                       b"question,answer\nGood?,Yes\n,No question\nNo answer,\nToo,many,fields\n  good?  ,Again\n"
                       b"Bad \xff utf8,x\n",
                       b"question,answer\n\"unterminated,x\n", b"question,question\n", b"answer\n", b"", b"\n\n",
                       b"question,answer,colour\nq,a,red\n", b"question,answer\n" + b"q" * 1001 + b",a\n"]
    for target, items in seeds.items():
        d = os.path.join(HERE, "corpus", target)
        os.makedirs(d, exist_ok=True)
        for n, data in enumerate(items):
            with open(os.path.join(d, f"seed-{n:03d}"), "wb") as f:
                f.write(data)
        print(f"{target}: {len(items)} seeds")


if __name__ == "__main__":
    main()
