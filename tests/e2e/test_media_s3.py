"""Issue 17: the media store's S3 backend (MEDIA_STORE=s3), against the mock's S3-compatible endpoint, which checks
every request's AWS Signature Version 4 (tests/mock/s3.c). A sender and a dashboard configured for S3 store and
serve a patient's photo there; a signature made with the wrong secret is refused (the file is not stored and the
job ends in wa:dlq); the secret never reaches a log line."""
import hashlib
import json
import os

from conftest import http, new_number, start_dashboard, wait_for
from test_media import JPEG, media_message, media_row, new_media_id, provision, send, dlq_for

SECRET = "s3-secret-" + os.urandom(8).hex()


def s3_env(stack):
    path = os.path.join(stack.tmp, "s3-secret")
    with open(path, "w") as f:
        f.write(SECRET + "\n")
    return {"MEDIA_STORE": "s3", "MEDIA_S3_ENDPOINT": f"{stack.mock_url}/s3", "MEDIA_S3_BUCKET": "wa-media",
            "MEDIA_S3_REGION": "ap-south-1", "MEDIA_S3_ACCESS_KEY": "e2e-access", "MEDIA_S3_SECRET_KEY_FILE": path,
            "MEDIA_RETRY_BASE_MS": "100"}


def mock_s3(stack, **creds):
    status, body = http("POST", f"{stack.mock_url}/_mock/s3", json.dumps(creds).encode(),
                        {"Content-Type": "application/json"})
    assert status == 200, body


def s3_objects(stack):
    return json.loads(http("GET", f"{stack.mock_url}/_mock/s3")[1])["objects"]


def test_s3_store_signed_requests_and_a_wrong_secret_refused(stack, clinic, dashboard):
    mock_s3(stack, access_key="e2e-access", secret_key=SECRET, region="ap-south-1")
    env = s3_env(stack)
    stack.stop_service("sender")  # only the S3-configured sender takes wa:media jobs meanwhile
    try:
        stack.start_service("sender", env, tag="-s3")
        patient, mid = new_number(), new_media_id()
        provision(stack, mid, JPEG, "image/jpeg")
        wamid = send(stack, clinic, media_message(patient, "image", mid, "image/jpeg", JPEG))
        row = wait_for(lambda: media_row(stack, clinic["id"], wamid), timeout=20, what="media row")
        media_id, key = row[0], row[5]
        assert key == f"s3:media/{media_id}"
        obj = [o for o in s3_objects(stack) if o["key"] == f"wa-media/media/{media_id}"]
        assert obj and obj[0]["sha256"] == hashlib.sha256(JPEG).hexdigest() and obj[0]["content_type"] == "image/jpeg"
        assert stack.sql("SELECT count(*) FROM media_blobs WHERE key LIKE %s", f"%{media_id}%") == [(0,)]
        puts = [r for r in stack.mock_requests("s3") if r["method"] == "PUT"]
        assert puts and all(r["authorization"].startswith("AWS4-HMAC-SHA256 Credential=e2e-access/") for r in puts)
        assert all("/ap-south-1/s3/aws4_request" in r["authorization"] for r in puts)
        assert puts[-1]["status"] == 200

        # a dashboard configured for the same bucket serves it
        d = start_dashboard(stack, tag="-s3", **env)
        d.add_user(f"s3.{media_id[:8]}@media.test", "staff", clinic["id"])
        c = d.client()
        assert c.login(f"s3.{media_id[:8]}@media.test")[0] == 200
        status, body = c.request("GET", f"/api/v1/media/{media_id}")
        assert status == 200 and body == JPEG
        stack.stop_service("dashboard-s3")

        # the store refuses a signature made with another secret: nothing stored, the job ends in wa:dlq
        mock_s3(stack, secret_key="not-the-secret")
        before = len(s3_objects(stack))
        mid2 = new_media_id()
        provision(stack, mid2, JPEG, "image/jpeg")
        wamid2 = send(stack, clinic, media_message(new_number(), "image", mid2, "image/jpeg", JPEG))
        entry = wait_for(lambda: dlq_for(stack, wamid2), timeout=30, what="wa:dlq entry")
        assert entry["reason"] == "store_failed" and media_row(stack, clinic["id"], wamid2) is None
        assert len(s3_objects(stack)) == before
        refused = [r for r in stack.mock_requests("s3") if r["status"] == 403]
        assert refused and "SignatureDoesNotMatch" in refused[-1]["response"]
        # the secret is never logged, nor sent anywhere but inside the signature
        log = open(stack.log_of("sender-s3")).read()
        assert SECRET not in log
        assert all(SECRET not in json.dumps(r) for r in stack.mock_requests("s3"))
    finally:
        mock_s3(stack, secret_key=SECRET)
        stack.stop_service("sender-s3")
        stack.start_service("sender")
