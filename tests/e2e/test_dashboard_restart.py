"""wa-dashboard after Redis and PostgreSQL restart: every worker replaces its own broken connections within its ping
interval (2 s), so no request waits to fail first. Before, only the first worker checked its connections and each
other worker answered its next request after a restart with 503 (the full suite met it: a dashboard started before
the chaos test answered the next tests' sign-ins with 503)."""
import time
import uuid

PASSWORD = "correct horse battery"


def test_every_worker_reconnects_before_a_request_needs_it(stack, dashboard):
    tag = uuid.uuid4().hex[:8]
    doctor, _ = stack.add_doctor("Dr. Restart", f"Restart Clinic {tag}")
    email = f"restart.{tag}@clinic.test"
    dashboard.add_user(email, "clinic_admin", doctor)
    assert dashboard.client().login(email)[0] == 200
    stack.stop_redis()
    stack.start_infra()
    time.sleep(3)  # longer than the workers' ping interval
    after_redis = [dashboard.client().login(email)[0] for _ in range(6)]  # DASHBOARD_THREADS=2: both workers
    stack.stop_postgres()
    stack.start_infra()
    time.sleep(3)
    after_pg = [dashboard.client().login(email)[0] for _ in range(6)]
    assert after_redis == [200] * 6 and after_pg == [200] * 6, (after_redis, after_pg)
