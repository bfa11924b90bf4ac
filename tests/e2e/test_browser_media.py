"""Issue 17 in real Chromium: a photo a patient sends is downloaded, stored and shown in the inbox (the image really
decodes in the page, under the dashboard's strict CSP), a voice note plays from the store, a document is offered for
download; staff attach a document in the conversation and it reaches the mock Graph API's media endpoint, then the
send by that media id."""
import hashlib
import os
import struct
import time
import uuid
import zlib

import pytest

from conftest import change, http, new_number, new_wamid, wait_for, webhook
from test_dashboard_browser import (DESKTOP, PHONE, Browser, By, browser, desktop, need_browser,  # noqa: F401
                                    open_conversation, patient_writes, require_browser)
from test_media import PDF, new_media_id, provision

pytestmark = [need_browser]


def png(width=64, height=48, rgb=(30, 140, 90)):
    """A real PNG (so that the browser decodes it): a filled rectangle with a darker band."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    rows = b""
    for y in range(height):
        c = rgb if y < height // 2 else tuple(v // 2 for v in rgb)
        rows += b"\x00" + bytes(c) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


PHOTO = png()


def photo(width=360, height=240):
    """A larger picture for the screenshot: a soft gradient with a darker oval, like a close-up."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            dx, dy = (x - width / 2) / (width / 3), (y - height / 2) / (height / 3.2)
            spot = dx * dx + dy * dy < 1
            r, g, b = 224 - y // 6, 180 - y // 8, 150 - x // 12
            if spot:
                r, g, b = r - 40, g - 70, b - 60
            rows += bytes((max(r, 0), max(g, 0), max(b, 0)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def media_world(stack, dashboard):
    tag = uuid.uuid4().hex[:8]
    doctor_id, phone = stack.add_doctor("Dr. Photo", f"Photo Clinic {tag}")
    admin = f"photo.{tag}@clinic.test"
    dashboard.add_user(admin, "clinic_admin", doctor_id)
    return {"id": doctor_id, "phone": phone, "admin": admin, "tag": tag}


def patient_sends(stack, world, patient, name, kind, data, mime, **extra):
    mid = new_media_id()
    provision(stack, mid, data, mime)
    obj = {"id": mid, "mime_type": mime, **extra}
    msg = {"from": patient, "id": new_wamid(), "timestamp": str(int(time.time())), "type": kind, kind: obj,
           "_name": name}
    assert stack.post_webhook(webhook([change(world["phone"], "pn-" + world["phone"], [msg])])) == 200
    wait_for(lambda: stack.sql("SELECT 1 FROM media WHERE wamid = %s", msg["id"]), timeout=20, what=f"{kind} stored")
    return msg["id"]


def test_a_patients_photo_is_shown_a_voice_note_plays_and_a_document_downloads(browser, stack, media_world):
    b = browser
    patient, name = new_number(), "Photo " + uuid.uuid4().hex[:6]
    patient_writes(stack, media_world, patient, "Here is my prescription", name=name)
    patient_sends(stack, media_world, patient, name, "image", PHOTO, "image/png", caption="prescription page 1")
    patient_sends(stack, media_world, patient, name, "audio", b"OggS" + os.urandom(1024), "audio/ogg; codecs=opus",
                  voice=True)
    patient_sends(stack, media_world, patient, name, "document", PDF, "application/pdf", filename="blood-test.pdf")
    b.sign_in(media_world["admin"])
    open_conversation(b, name)
    img = b.find("[data-testid=media][data-kind=image] img")
    # the photo really loaded from GET /api/v1/media/{id} and decoded at its size
    wait_for(lambda: b.d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) == 64,
             what="the photo decoded")
    assert "/api/v1/media/" in img.get_attribute("src") and img.get_attribute("alt") == "prescription page 1"
    b.wait_text("[data-testid=messages]", "prescription page 1")
    audio = b.find("[data-testid=media][data-kind=audio] audio")
    assert "/api/v1/media/" in audio.get_attribute("src") and audio.get_attribute("controls") is not None
    link = b.find("[data-testid=media-download]")
    assert "blood-test.pdf" in link.text and link.get_attribute("download") == "blood-test.pdf"
    # the page's own fetch of the document gets it as an attachment, never as a page of this origin
    got = b.d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(async r => done([r.status,"
        " r.headers.get('content-disposition'), r.headers.get('content-type'), (await r.arrayBuffer()).byteLength]))",
        link.get_attribute("href"))
    assert got[0] == 200 and got[1].startswith("attachment") and got[2] == "application/pdf" and got[3] == len(PDF)
    # nothing wider than the window, phone included (390 px)
    assert b.overflow() <= 1


def test_staff_attach_a_document_that_reaches_the_graph_media_endpoint_then_the_send(desktop, stack, media_world):
    b = desktop
    patient, name = new_number(), "Doc " + uuid.uuid4().hex[:6]
    patient_writes(stack, media_world, patient, "Please send my report", name=name)
    b.sign_in(media_world["admin"])
    open_conversation(b, name)
    b.wait_text("[data-testid=window]", "left")
    report = b"%PDF-1.5\n" + os.urandom(4096) + b"\n%%EOF\n"
    path = os.path.join(stack.tmp, f"report-{media_world['tag']}.pdf")
    with open(path, "wb") as f:
        f.write(report)
    b.fill("#reply-text", "Your report")  # becomes the caption
    b.find("[data-testid=attach-input]", visible=False).send_keys(path)
    digest = hashlib.sha256(report).hexdigest()
    up = wait_for(lambda: [m for m in __import__("json").loads(http("GET", f"{stack.mock_url}/_mock/media")[1])["media"]
                           if m["uploaded"] and m["sha256"] == digest], timeout=20, what="the upload at Graph")[0]
    assert up["filename"] == os.path.basename(path) and up["type"] == "application/pdf"
    sent = wait_for(lambda: [body for _, body in stack.graph_sends(patient) if body.get("type") == "document"],
                    timeout=20, what="the document sent")
    assert sent[0]["document"]["id"] == up["id"] and sent[0]["document"]["caption"] == "Your report"
    # the conversation shows the sent document with its download link, and the text box is cleared
    link = b.find("li.msg.out [data-testid=media-download]", timeout=20)
    assert os.path.basename(path) in link.text
    assert b.find("#reply-text").get_attribute("value") == ""
