"""wactl against the running stack: migrations, tenants, knowledge base, streams, unreachable servers."""
import json
import os
import time

from conftest import ROOT, new_number


def test_migrate_twice_is_up_to_date(stack):
    out = stack.wactl("migrate", "--dir", os.path.join(ROOT, "deploy/migrations"))
    assert "up to date" in out
    versions = [r[0] for r in stack.sql("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions[0] == "001_init"


def test_migrate_leaves_the_understandings_tables_vacuumed(stack):
    """The lexicon migrations rewrite kb_vocab, kb_lexicon_words and the tables kept from them and re-read every
    intent example through their triggers; wactl migrate vacuums every kb_ table once it applied anything (a new
    text's analysis cost 4x more on the dead rows; kb_lexicon_words, missing from the old list, held 15 dead rows to
    a live one after the migrations, docs/performance.md "Round 17, the lexicon's word table vacuumed after the
    migrations")."""
    rows = dict(stack.sql("SELECT relname, last_vacuum IS NOT NULL FROM pg_stat_user_tables "
                          "WHERE schemaname = 'public' AND relname LIKE 'kb\\_%%'"))
    for name in ("kb_vocab", "kb_intents", "kb_concepts", "kb_synonyms", "kb_lexicon_words", "kb_doctor_token_df",
                 "kb_examples", "kb_doctor_name_words"):
        assert name in rows, name
    assert [name for name, vacuumed in rows.items() if not vacuumed] == [], rows


def test_migrate_applies_each_migration_in_a_session_of_its_own_under_the_lock(stack, tmp_path):
    """wactl migrate applies each file in a new session while its first session keeps the advisory lock: a session
    carries PL/pgSQL's cached plans from one migration to the next (from a statement's sixth execution a generic plan
    may stay: 107's kb_vocab_refresh() 17 s a call instead of 1; a fresh database's migrations 110 .. 127 took 6-30 s
    each in one session, 2-3 s in their own) and a migration's database setting (122's jit = off) reaches only later
    sessions (docs/performance.md "Round 22, a fresh session for each migration"). Each probe migration records its
    backend and whether it could take the migration lock itself (it cannot: another session holds it)."""
    key = "512970011244"  # CTL_MIGRATE_LOCK_KEY
    (tmp_path / "900_probe_a.sql").write_text(
        f"CREATE TABLE zz_migrate_probe AS SELECT pg_backend_pid() AS pid, pg_try_advisory_lock({key}) AS took;\n")
    (tmp_path / "901_probe_b.sql").write_text(
        f"INSERT INTO zz_migrate_probe SELECT pg_backend_pid(), pg_try_advisory_lock({key});\n")
    try:
        out = stack.wactl("migrate", "--dir", str(tmp_path))
        assert "applied 900_probe_a" in out and "applied 901_probe_b" in out
        rows = stack.sql("SELECT pid, took FROM zz_migrate_probe")
        assert len(rows) == 2 and rows[0][0] != rows[1][0], rows
        assert [took for _, took in rows] == [False, False], rows
        # the migrations' sessions are gone, and the lock with the first session (a backend leaves a moment after its
        # client closed: waited for, up to 30 s, so that a loaded machine cannot fail it)
        pids = [pid for pid, _ in rows]
        left = lock = None
        for _ in range(300):
            left = stack.sql("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", pids)
            lock = stack.sql(f"SELECT pg_try_advisory_lock({key}), pg_advisory_unlock({key})")
            if left == [(0,)] and lock == [(True, True)]:
                break
            time.sleep(0.1)
        assert left == [(0,)], left
        assert lock == [(True, True)], lock
    finally:
        stack.sql("DROP TABLE IF EXISTS zz_migrate_probe")
        stack.sql("DELETE FROM schema_migrations WHERE version IN ('900_probe_a', '901_probe_b')")


def test_doctor_add_list_and_duplicate_number(stack):
    doctor_id, phone = stack.add_doctor("Dr. Kavya Nair", "Nair Skin Clinic", specialization="Dermatologist")
    doctors = json.loads(stack.wactl("doctor", "list", "--json"))
    mine = [d for d in doctors if d["id"] == doctor_id]
    assert len(mine) == 1 and mine[0]["clinic"] == "Nair Skin Clinic" and mine[0]["name"] == "Dr. Kavya Nair"
    assert "Nair Skin Clinic" in stack.wactl("doctor", "list")
    # the same number written differently is the same number
    spaced = f"+{phone[:2]} {phone[2:7]}-{phone[7:]}"
    r = stack.wactl("doctor", "add", "--name", "Dr. Copy", "--phone", spaced, "--clinic", "Copy", check=False)
    assert r.returncode == 1 and "already exists" in r.stderr


def test_kb_add_and_list(stack):
    doctor_id, _ = stack.add_doctor("Dr. Arjun Das", "Das Dental", specialization="Dentist")
    entry_id = stack.add_kb(doctor_id, "Do you do root canals?", "Yes, by appointment.", "root canal rct")
    entries = json.loads(stack.wactl("kb", "list", "--doctor", doctor_id, "--json"))
    assert [e["id"] for e in entries] == [entry_id]
    assert entries[0]["question"] == "Do you do root canals?"
    assert stack.sql("SELECT count(*) FROM kb_entries WHERE doctor_id = %s", doctor_id) == [(1,)]


def test_usage_errors_exit_2(stack):
    assert stack.wactl("doctor", "add", "--name", "X", check=False).returncode == 2
    assert stack.wactl("no-such-command", check=False).returncode == 2


def test_streams_shows_groups(stack):
    streams = json.loads(stack.wactl("streams", "--json"))["streams"]
    by_name = {s["key"]: s for s in streams}
    assert "wa:in" in by_name and "wa:out" in by_name
    assert "router" in [g["name"] for g in by_name["wa:in"]["groups"]]
    assert "sender" in [g["name"] for g in by_name["wa:out"]["groups"]]
    assert "wa:in" in stack.wactl("streams")


def test_unreachable_redis_exits_3_without_password(stack):
    r = stack.wactl("streams", check=False, env={"REDIS_URL": "redis://:hunter2secret@127.0.0.1:1/0"})
    assert r.returncode == 3
    assert "Redis" in r.stderr and "hunter2secret" not in r.stderr + r.stdout


def test_unreachable_postgres_exits_3_without_password(stack):
    r = stack.wactl("doctor", "list", check=False,
                    env={"DATABASE_URL": "postgresql://wa:hunter2secret@127.0.0.1:1/wa"})
    assert r.returncode == 3
    assert "hunter2secret" not in r.stderr + r.stdout


def test_simulate_unsigned_config_is_a_clear_error(stack):
    r = stack.wactl("simulate", "--to", new_number(), "--from", new_number(), "--text", "hi", check=False,
                    env={"WHATSAPP_APP_SECRET": ""})
    assert r.returncode in (1, 2)
    assert "WHATSAPP_APP_SECRET" in r.stderr


def test_migrate_runs_each_migration_without_jit(stack, tmp_path):
    """wactl migrate turns JIT off in every migration's session: a migration runs each statement once, and a lexicon
    migration's statements passed jit_above_cost and compiled for 0.3-0.4 s to do ~0.2 s of work (a fresh database's
    001 .. 121 ran with JIT on; 122 turns it off only for later sessions; docs/performance.md "Round 23, no JIT in a
    migration's session"). The session here starts with jit = on (PGOPTIONS, as a database without 122 would): the probe
    migration still reads off."""
    (tmp_path / "902_probe_jit.sql").write_text(
        "CREATE TABLE zz_migrate_jit AS SELECT current_setting('jit') AS jit;\n")
    try:
        out = stack.wactl("migrate", "--dir", str(tmp_path), env={"PGOPTIONS": "-c jit=on"})
        assert "applied 902_probe_jit" in out
        assert stack.sql("SELECT jit FROM zz_migrate_jit") == [("off",)]
    finally:
        stack.sql("DROP TABLE IF EXISTS zz_migrate_jit")
        stack.sql("DELETE FROM schema_migrations WHERE version = '902_probe_jit'")
