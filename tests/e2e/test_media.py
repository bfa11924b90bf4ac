"""Issue 17, photos and documents: an inbound image, document, audio, video or sticker is downloaded at once by
wa-sender's media fetcher (wa:media, API_REFERENCE A.8), checked against what Meta declared and the limits of A.11,
stored (PostgreSQL media_blobs by default) and recorded in `media`; the answer to the patient is not held up; each
failure ends in wa:dlq with its reason. The mock Graph API serves the media (tests/mock/media.c) and its failure
modes."""
import base64
import hashlib
import json
import os
import time
import urllib.parse
import uuid

import pytest

from conftest import MASTER_PHONE_ID, change, http, new_number, new_wamid, signed_in, wait_for, webhook

JPEG = b"\xff\xd8\xff\xe0" + os.urandom(3000) + b"\xff\xd9"
PDF = b"%PDF-1.4\n" + os.urandom(5000) + b"\n%%EOF\n"


def new_media_id():
    return "77" + str(uuid.uuid4().int)[:14]


def provision(stack, media_id, data, mime, **opts):
    q = "&".join([f"id={media_id}", "mime=" + urllib.parse.quote(mime, safe="")] +
                 [f"{k}={v}" for k, v in opts.items()])
    status, body = http("POST", f"{stack.mock_url}/_mock/media?{q}", data, {"Content-Type": "application/octet-stream"})
    assert status == 200, body


def media_message(frm, kind, media_id, mime, data=None, wamid=None, **extra):
    obj = {"id": media_id, "mime_type": mime}
    if data is not None:
        obj["sha256"] = base64.b64encode(hashlib.sha256(data).digest()).decode()
    obj.update(extra)
    return {"from": frm, "id": wamid or new_wamid(), "timestamp": str(int(time.time())), "type": kind, kind: obj,
            "_name": "Asha"}


def send(stack, clinic, msg):
    assert stack.post_webhook(webhook([change(clinic["phone"], MASTER_PHONE_ID, [msg])])) == 200
    return msg["id"]


def media_row(stack, doctor_id, wamid):
    rows = stack.sql("SELECT id::text, kind, mime, size, sha256, storage_key, filename, message_id, direction"
                     " FROM media WHERE doctor_id = %s AND wamid = %s", doctor_id, wamid)
    return rows[0] if rows else None


def dlq_for(stack, wamid):
    for _id, f in stack.redis.xrange("wa:dlq"):
        if f.get("stage") == "media" and wamid in f.get("entry", ""):
            return f
    return None


def test_patient_image_is_stored_and_answer_not_held(stack, clinic):
    patient, mid = new_number(), new_media_id()
    provision(stack, mid, JPEG, "image/jpeg")
    wamid = send(stack, clinic, media_message(patient, "image", mid, "image/jpeg", JPEG, caption="my report"))
    stack.replies_to(patient)  # the acknowledgement is sent whatever the download does
    row = wait_for(lambda: media_row(stack, clinic["id"], wamid), timeout=20, what="media row")
    _id, kind, mime, size, sha, key, _fn, message_id, direction = row
    assert (kind, mime, size, direction) == ("image", "image/jpeg", len(JPEG), "in")
    assert sha == hashlib.sha256(JPEG).hexdigest()
    assert key == "pg:" + _id and message_id is not None
    blob = stack.sql("SELECT data FROM media_blobs WHERE key = %s", key)[0][0]
    assert bytes(blob) == JPEG
    # the fetcher used the number the message came to, with its token (A.11: phone_number_id on GET /{media-id})
    gets = [r for r in stack.mock_requests("graph") if r["method"] == "GET" and r["path"].endswith("/v23.0/" + mid)]
    assert gets and all(f"phone_number_id={MASTER_PHONE_ID}" in r["query"] for r in gets)
    assert all(r["authorization"] == "Bearer e2e-master-token" for r in gets)
    # a redelivered webhook (Meta retries) stores nothing twice
    send(stack, clinic, media_message(patient, "image", mid, "image/jpeg", JPEG, wamid=wamid))
    time.sleep(1.0)
    assert stack.sql("SELECT count(*) FROM media WHERE wamid = %s", wamid)[0][0] == 1


def test_document_with_filename_and_webhook_url(stack, clinic):
    """A document keeps its filename; a webhook that carries a (here already expired) download URL is tried first,
    then the media id is resolved afresh (A.8: the URL expires after 5 minutes)."""
    patient, mid = new_number(), new_media_id()
    provision(stack, mid, PDF, "application/pdf")
    stale = f"{stack.mock_url}/lookaside/{mid}?ext=1000&hash=old"
    wamid = send(stack, clinic, media_message(patient, "document", mid, "application/pdf", PDF,
                                              filename="blood-test.pdf", url=stale))
    row = wait_for(lambda: media_row(stack, clinic["id"], wamid), timeout=20, what="media row")
    assert row[1:4] == ("document", "application/pdf", len(PDF)) and row[6] == "blood-test.pdf"
    downloads = [r for r in stack.mock_requests("graph") if r["path"] == f"/lookaside/{mid}"]
    assert [r["status"] for r in downloads] == [404, 200]


def test_audio_with_codec_parameter(stack, clinic):
    patient, mid = new_number(), new_media_id()
    ogg = b"OggS" + os.urandom(2048)
    provision(stack, mid, ogg, "audio/ogg; codecs=opus")
    wamid = send(stack, clinic, media_message(patient, "audio", mid, "audio/ogg; codecs=opus", ogg, voice=True))
    row = wait_for(lambda: media_row(stack, clinic["id"], wamid), timeout=20, what="media row")
    assert row[1] == "audio" and row[2].startswith("audio/ogg") and row[3] == len(ogg)


def test_failures_end_in_dlq_with_their_reason(stack, clinic):
    cases = {}
    # 404: Meta no longer knows the media id
    mid = new_media_id()
    provision(stack, mid, JPEG, "image/jpeg", gone=1)
    cases["not_found"] = send(stack, clinic, media_message(new_number(), "image", mid, "image/jpeg", JPEG))
    # declared larger than A.11's 5 MB for an image: not even downloaded
    mid_big = new_media_id()
    provision(stack, mid_big, JPEG, "image/jpeg", declare_size=6 * 1024 * 1024)
    cases["too_large"] = send(stack, clinic, media_message(new_number(), "image", mid_big, "image/jpeg"))
    # a sticker that declares a small size but is bigger than 500 KB: the download is cut off
    mid_lie = new_media_id()
    webp = b"RIFF" + os.urandom(600 * 1024)
    provision(stack, mid_lie, webp, "image/webp", declare_size=1000)
    wamid_lie = send(stack, clinic, media_message(new_number(), "sticker", mid_lie, "image/webp"))
    # the bytes are not the size Meta declared
    mid_size = new_media_id()
    provision(stack, mid_size, PDF, "application/pdf", declare_size=len(PDF) + 10)
    cases["size_mismatch"] = send(stack, clinic, media_message(new_number(), "document", mid_size, "application/pdf"))
    # Meta declares another type than the webhook did
    mid_type = new_media_id()
    provision(stack, mid_type, JPEG, "image/jpeg", declare_mime="text/html")
    cases["type_mismatch"] = send(stack, clinic, media_message(new_number(), "image", mid_type, "image/jpeg"))
    # a type A.11 does not list for the kind
    mid_svg = new_media_id()
    provision(stack, mid_svg, b"<svg/>", "image/svg+xml")
    cases["type_not_allowed"] = send(stack, clinic, media_message(new_number(), "image", mid_svg, "image/svg+xml"))
    # the content is not what the webhook's sha256 says
    mid_hash = new_media_id()
    provision(stack, mid_hash, JPEG, "image/jpeg", declare_mime="image/jpeg")
    msg = media_message(new_number(), "image", mid_hash, "image/jpeg", b"other bytes")
    cases["hash_mismatch"] = send(stack, clinic, msg)
    # every URL handed out has expired: resolved again, retried with backoff, then dead-lettered
    mid_exp = new_media_id()
    provision(stack, mid_exp, JPEG, "image/jpeg", expired=1)
    cases["expired_url"] = send(stack, clinic, media_message(new_number(), "image", mid_exp, "image/jpeg", JPEG))

    for reason, wamid in list(cases.items()) + [("too_large", wamid_lie)]:
        entry = wait_for(lambda: dlq_for(stack, wamid), timeout=30, what=f"wa:dlq entry for {reason}")
        assert entry["reason"] == reason, (reason, entry)
        assert entry["source_stream"] == "wa:media" and json.loads(entry["entry"])["wamid"] == wamid
        assert media_row(stack, clinic["id"], wamid) is None
        assert "e2e-master-token" not in json.dumps(entry)
    # the expired URL was resolved afresh several times before giving up (retries with backoff)
    resolves = [r for r in stack.mock_requests("graph") if r["path"].endswith("/v23.0/" + mid_exp)]
    assert len(resolves) >= 3
    # the oversized image was never downloaded
    assert not [r for r in stack.mock_requests("graph") if r["path"] == f"/lookaside/{mid_big}"]


# --- the dashboard: serving stored files, staff sending a document ----------------------------------------------
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def clinics(stack, dashboard):
    tag = uuid.uuid4().hex[:8]
    a_id, a_phone = stack.add_doctor("Dr. Media A", f"Media A {tag}")
    b_id, b_phone = stack.add_doctor("Dr. Media B", f"Media B {tag}")
    w = {"a": a_id, "a_phone": a_phone, "b": b_id, "b_phone": b_phone, "phone": a_phone, "id": a_id}
    for who, doc in (("a_staff", a_id), ("b_staff", b_id)):
        w[who] = f"{who}.{tag}@media.test"
        dashboard.add_user(w[who], "staff", doc)
    return w


def patient_of(stack, doctor, wa_id):
    return str(stack.sql("SELECT id FROM patients WHERE doctor_id = %s AND wa_id = %s", doctor, wa_id)[0][0])


def test_dashboard_serves_media_to_the_clinic_only_with_safe_headers(stack, dashboard, clinics):
    patient, mid, mid_doc = new_number(), new_media_id(), new_media_id()
    provision(stack, mid, JPEG, "image/jpeg")
    provision(stack, mid_doc, PDF, "application/pdf")
    wamid = send(stack, clinics, media_message(patient, "image", mid, "image/jpeg", JPEG, caption="rash"))
    wamid_doc = send(stack, clinics, media_message(patient, "document", mid_doc, "application/pdf", PDF,
                                                   filename="report \"final\".pdf"))
    img = wait_for(lambda: media_row(stack, clinics["a"], wamid), timeout=20, what="image stored")[0]
    doc_id = wait_for(lambda: media_row(stack, clinics["a"], wamid_doc), timeout=20, what="document stored")[0]
    a = signed_in(dashboard, clinics["a_staff"])
    # the conversation's messages point at the stored files
    pid = patient_of(stack, clinics["a"], patient)
    status, page = a.request("GET", f"/api/v1/conversations/{pid}/messages")
    assert status == 200
    media = {m["media"]["type"]: m["media"] for m in page["items"] if m.get("media")}
    assert media["image"]["url"] == f"/api/v1/media/{img}" and media["image"]["caption"] == "rash"
    assert media["document"]["url"] == f"/api/v1/media/{doc_id}"
    # an image: inline, its own type, and never runnable in the dashboard's origin
    status, body = a.request("GET", f"/api/v1/media/{img}")
    h = a.last_headers
    assert status == 200 and body == JPEG
    assert h["Content-Type"] == "image/jpeg" and h["Content-Disposition"].startswith("inline")
    assert h["X-Content-Type-Options"] == "nosniff" and "sandbox" in h["Content-Security-Policy"]
    assert "default-src 'none'" in h["Content-Security-Policy"]
    # a document: an attachment with its (sanitised) name
    status, body = a.request("GET", f"/api/v1/media/{doc_id}")
    h = a.last_headers
    assert status == 200 and body == PDF and h["Content-Type"] == "application/pdf"
    assert h["Content-Disposition"].startswith('attachment; filename="report _final_.pdf"')
    assert "filename*=UTF-8''report%20%22final%22.pdf" in h["Content-Disposition"]
    # a stored file of a type A.11 does not list (say HTML smuggled in as a document) is never served as itself
    key = "pg:html-" + uuid.uuid4().hex
    stack.sql("INSERT INTO media_blobs (key, data) VALUES (%s, %s)", key, b"<script>alert(1)</script>")
    html_id = str(stack.sql("INSERT INTO media (doctor_id, direction, wamid, kind, mime, size, sha256, storage_key)"
                            " VALUES (%s, 'in', %s, 'document', 'text/html', 25, 'x', %s) RETURNING id",
                            clinics["a"], new_wamid(), key)[0][0])
    status, body = a.request("GET", f"/api/v1/media/{html_id}")
    h = a.last_headers
    assert status == 200 and h["Content-Type"] == "application/octet-stream"
    assert h["Content-Disposition"].startswith("attachment") and h["X-Content-Type-Options"] == "nosniff"
    # another clinic's users get 404 for these ids, never the bytes; so does a made-up id
    b = signed_in(dashboard, clinics["b_staff"])
    for mid_ in (img, doc_id, str(uuid.uuid4()), "not-a-uuid"):
        status, body = b.request("GET", f"/api/v1/media/{mid_}")
        assert status == 404 and body["error"]["code"] == "not_found"
    # signed out: 401
    assert dashboard.client().request("GET", f"/api/v1/media/{img}")[0] == 401


def raw(c, method, path, data, ctype):
    return c.request(method, path, data, headers={"Content-Type": ctype})


def test_staff_document_is_uploaded_to_graph_then_sent(stack, dashboard, clinics):
    patient = new_number()
    msg = {"from": patient, "id": new_wamid(), "timestamp": str(int(time.time())), "type": "text",
           "text": {"body": "please send my prescription"}, "_name": "Ravi"}
    send(stack, clinics, msg)
    wait_for(lambda: stack.sql("SELECT 1 FROM patients WHERE doctor_id = %s AND wa_id = %s", clinics["a"], patient),
             what="patient recorded")
    pid = patient_of(stack, clinics["a"], patient)
    a = signed_in(dashboard, clinics["a_staff"])
    pdf = b"%PDF-1.7\n" + os.urandom(20000)
    status, doc = raw(a, "POST", f"/api/v1/conversations/{pid}/media?filename=prescription.pdf&caption=Take%20care",
                      pdf, "application/pdf")
    assert status == 202, doc
    out_id, media_id = doc["out_id"], doc["media_id"]
    # the sender uploaded the file to A.11's endpoint (the three multipart fields), then sent it by that id
    up = wait_for(lambda: [m for m in json.loads(http("GET", f"{stack.mock_url}/_mock/media")[1])["media"]
                           if m["uploaded"] and m["sha256"] == hashlib.sha256(pdf).hexdigest()],
                  timeout=20, what="upload at the mock's media endpoint")[0]
    assert up["type"] == "application/pdf" and up["filename"] == "prescription.pdf" and up["size"] == len(pdf)
    assert up["phone_number_id"] == MASTER_PHONE_ID
    sent = wait_for(lambda: [b for _, b in stack.graph_sends(patient) if b.get("type") == "document"], timeout=20,
                    what="document sent")
    assert sent[0]["document"] == {"id": up["id"], "caption": "Take care", "filename": "prescription.pdf"}
    uploads = [r for r in stack.mock_requests("graph") if r["method"] == "POST" and r["path"].endswith("/media")]
    assert any('name="messaging_product"' in r["body"] and 'name="type"' in r["body"] for r in uploads)
    # recorded: the outbound message shows the file, which the clinic can open
    wait_for(lambda: stack.sql("SELECT 1 FROM messages WHERE out_id = %s", out_id), what="outbound recorded")
    status, page = a.request("GET", f"/api/v1/conversations/{pid}/messages")
    outs = [m for m in page["items"] if m["direction"] == "out" and m.get("media")]
    assert outs and outs[-1]["media"]["url"] == f"/api/v1/media/{media_id}"
    status, body = a.request("GET", f"/api/v1/media/{media_id}")
    assert status == 200 and body == pdf
    assert stack.sql("SELECT graph_media_id FROM media WHERE id = %s", media_id) == [(up["id"],)]
    audit = stack.sql("SELECT action, after->>'media_id' FROM audit_log WHERE doctor_id = %s AND action ="
                      " 'message.send' ORDER BY id DESC LIMIT 1", clinics["a"])
    assert audit == [("message.send", media_id)]
    # refused before anything is stored: a type WhatsApp does not take, an empty file, another clinic's patient
    assert raw(a, "POST", f"/api/v1/conversations/{pid}/media", b"<svg/>", "image/svg+xml")[0] == 422
    assert raw(a, "POST", f"/api/v1/conversations/{pid}/media", b"", "application/pdf")[0] == 422
    b = signed_in(dashboard, clinics["b_staff"])
    assert raw(b, "POST", f"/api/v1/conversations/{pid}/media", pdf, "application/pdf")[0] == 404
    # outside the 24-hour window: 409
    stack.sql("UPDATE patients SET last_inbound_at = now() - interval '2 days' WHERE id = %s", pid)
    status, body = raw(a, "POST", f"/api/v1/conversations/{pid}/media", pdf, "application/pdf")
    assert status == 409 and body["error"]["code"] == "window_closed"


def test_retention_deletes_old_media_from_store_and_table(stack, clinics):
    def old_row(doctor, days):
        key = "pg:ret-" + uuid.uuid4().hex
        stack.sql("INSERT INTO media_blobs (key, data) VALUES (%s, 'x')", key)
        mid = str(stack.sql("INSERT INTO media (doctor_id, direction, wamid, kind, mime, size, sha256, storage_key,"
                            " created_at) VALUES (%s, 'in', %s, 'image', 'image/jpeg', 1, 'x', %s,"
                            " now() - make_interval(days => %s)) RETURNING id",
                            doctor, new_wamid(), key, days)[0][0])
        return mid, key

    stack.sql("INSERT INTO clinic_settings (doctor_id, media_retention_days) VALUES (%s, 30)"
              " ON CONFLICT (doctor_id) DO UPDATE SET media_retention_days = 30", clinics["a"])
    a_old, a_old_key = old_row(clinics["a"], 40)
    a_new, _ = old_row(clinics["a"], 10)
    b_mid, _ = old_row(clinics["b"], 40)  # B keeps media 365 days (the default)
    mid = new_media_id()  # one job done, so that wa:media has an acknowledged entry to trim
    provision(stack, mid, JPEG, "image/jpeg")
    wamid = send(stack, clinics, media_message(new_number(), "image", mid, "image/jpeg", JPEG))
    wait_for(lambda: media_row(stack, clinics["a"], wamid), timeout=20, what="media row")
    assert stack.redis.xlen("wa:media") > 0
    stack.stop_service("sender")  # the session's sender would win the next election and keep a day of wa:media
    stack.redis.delete("wa:media:retention")  # it ran its pass at start: let this one run now
    stack.start_service("sender", {"MEDIA_RETENTION_INTERVAL_MS": "300", "WA_STREAM_RETENTION_MS": "1"},
                        tag="-retention")
    try:
        wait_for(lambda: stack.sql("SELECT 1 FROM media WHERE id = %s", a_old) == [], timeout=20,
                 what="old media deleted")
        # the same pass trims wa:media of the jobs the group has read and acknowledged
        wait_for(lambda: stack.redis.xlen("wa:media") == 0, timeout=10, what="wa:media trimmed")
    finally:
        stack.stop_service("sender-retention")
        stack.start_service("sender")
    assert stack.sql("SELECT 1 FROM media_blobs WHERE key = %s", a_old_key) == []
    assert stack.sql("SELECT count(*) FROM media WHERE id IN (%s, %s)", a_new, b_mid) == [(2,)]


def test_a_webhook_url_off_metas_hosts_is_never_fetched(stack, clinic):
    """A webhook signed with a clinic's own app secret is the clinic's word: its `url` is used only on Meta's CDN
    (or the Graph API's own host); any other address is ignored and the media id resolved, so a webhook cannot
    make the sender fetch (with the token) and store an address of its choosing."""
    patient, mid = new_number(), new_media_id()
    provision(stack, mid, JPEG, "image/jpeg")
    evil = f"http://localhost:{stack.mock_port}/lookaside/{mid}?ext=99999999999999&hash=evil"
    wamid = send(stack, clinic, media_message(patient, "image", mid, "image/jpeg", JPEG, url=evil))
    wait_for(lambda: media_row(stack, clinic["id"], wamid), timeout=20, what="media row")
    downloads = [r for r in stack.mock_requests("graph") if r["path"] == f"/lookaside/{mid}"]
    assert downloads and not [r for r in downloads if "hash=evil" in r["query"]]
    assert [r for r in stack.mock_requests("graph") if r["path"].endswith("/v23.0/" + mid)]


def test_a_media_id_that_is_not_a_graph_id_is_refused(stack, clinic):
    """The media id becomes a path segment of a Graph call made with the token: a crafted one never reaches Meta."""
    wamid = send(stack, clinic, media_message(new_number(), "image", "../me/accounts?x=", "image/jpeg"))
    entry = wait_for(lambda: dlq_for(stack, wamid), timeout=20, what="wa:dlq entry")
    assert entry["reason"] == "bad_entry" and "not a Graph id" in entry["detail"]
    assert not [r for r in stack.mock_requests("graph") if "accounts" in r["path"]]


def test_a_staff_file_meta_refuses_ends_in_dlq_and_is_not_sent(stack, dashboard, clinics):
    patient = new_number()
    msg = {"from": patient, "id": new_wamid(), "timestamp": str(int(time.time())), "type": "text",
           "text": {"body": "hello"}, "_name": "Meena"}
    send(stack, clinics, msg)
    stack.replies_to(patient)  # the bot's answer is out of the way before Meta is told to refuse
    time.sleep(1.0)
    pid = patient_of(stack, clinics["a"], patient)
    a = signed_in(dashboard, clinics["a_staff"])
    stack.mock_config({"api": "graph", "errors": [{"code": 131053, "http_status": 400, "kind": "any", "times": 1,
                                                   "phone_number_id": MASTER_PHONE_ID}]})
    try:
        status, doc = raw(a, "POST", f"/api/v1/conversations/{pid}/media?filename=x.pdf", PDF, "application/pdf")
        assert status == 202, doc

        def dead():
            for _, f in stack.redis.xrange("wa:dlq"):
                if f.get("stage") == "media" and doc["out_id"] in f.get("entry", ""):
                    return f
        entry = wait_for(dead, timeout=20, what="the refused upload in wa:dlq")
    finally:
        stack.mock_config({"api": "graph"})
    assert entry["reason"] == "upload_refused" and entry["error_code"] == "131053"
    assert not [b for _, b in stack.graph_sends(patient) if b.get("type") == "document"]
    assert stack.sql("SELECT graph_media_id FROM media WHERE id = %s", doc["media_id"]) == [(None,)]


def test_a_dead_lettered_fetch_is_replayed_with_wactl_and_stored(stack, clinic):
    patient, mid = new_number(), new_media_id()
    provision(stack, mid, JPEG, "image/jpeg", gone=1)
    wamid = send(stack, clinic, media_message(patient, "image", mid, "image/jpeg", JPEG))
    wait_for(lambda: dlq_for(stack, wamid), timeout=20, what="wa:dlq entry")
    dlq_id = next(i for i, f in stack.redis.xrange("wa:dlq") if f.get("stage") == "media" and wamid in f["entry"])
    provision(stack, mid, JPEG, "image/jpeg")  # Meta has it again
    out = stack.wactl("dlq", "replay", dlq_id)
    assert "wa:media" in out or "replay" in out.lower(), out
    row = wait_for(lambda: media_row(stack, clinic["id"], wamid), timeout=20, what="the replayed fetch stored")
    assert row[3] == len(JPEG)
