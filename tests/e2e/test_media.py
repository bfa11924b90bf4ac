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

from conftest import (MASTER_PHONE_ID, change, http, new_number, new_wamid, wait_for, webhook)

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
