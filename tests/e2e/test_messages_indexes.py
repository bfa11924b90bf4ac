"""080_perf20.sql's indexes of messages and the dashboard's live-events query that reads them (services/dashboard/
live.c, settle_pending): the query finds the same rows as its earlier form and probes the two unique keys instead of
reading the table; out_id stays unique with the inbound rows (out_id NULL) left out of its index; and no index holds
a column that the status or mark updates change, so that those updates can stay HOT (050's fillfactor). Rows are
written with SQL as the router and the sender write them: the schema and the query are what is tested."""
import json
import os
import re
import uuid

import psycopg2
import psycopg2.errors

from conftest import new_number

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def _settle_sql():
    """The live-events query as live.c sends it (its C string literals joined)."""
    src = open(os.path.join(ROOT, "services", "dashboard", "live.c")).read()
    seg = src[src.index('"dashboard events settle",') + len('"dashboard events settle",'):]
    seg = seg[:seg.index("2, params")]
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', seg)).replace("$1", "%s").replace("$2", "%s")


def _rows(stack):
    """A clinic, a patient, an inbound row and its answer; returns (doctor, patient, inbound wamid, answer's out_id,
    answer's wamid)."""
    doctor_id, _ = stack.add_doctor("Dr. Index", "Index Clinic " + uuid.uuid4().hex[:6])
    wa_id = new_number()
    patient = stack.sql("INSERT INTO patients (doctor_id, wa_id) VALUES (%s, %s) RETURNING id::text",
                        doctor_id, wa_id)[0][0]
    tag = uuid.uuid4().hex
    wamid_in, out_id, wamid_out = "wamid.ix.in." + tag, "reply:wamid.ix.in." + tag, "wamid.ix.out." + tag
    stack.sql("INSERT INTO messages (doctor_id, patient_id, direction, wamid, wa_id, type, body, status)"
              " VALUES (%s, %s, 'in', %s, %s, 'text', 'hello', 'received')", doctor_id, patient, wamid_in, wa_id)
    stack.sql("INSERT INTO messages (doctor_id, patient_id, direction, out_id, wamid, wa_id, type, body, source,"
              " status) VALUES (%s, %s, 'out', %s, %s, %s, 'text', 'hi', 'kb', 'sent')",
              doctor_id, patient, out_id, wamid_out, wa_id)
    return doctor_id, patient, wamid_in, out_id, wamid_out


def test_live_settle_query_finds_the_same_rows_through_the_unique_keys(stack):
    doctor_id, patient, wamid_in, out_id, wamid_out = _rows(stack)
    sql = _settle_sql()
    assert "= ANY (ARRAY(" in sql, sql
    before = sql.replace("= ANY (ARRAY(SELECT jsonb_array_elements_text(%s::jsonb)))",
                         "IN (SELECT jsonb_array_elements_text(%s::jsonb))")
    assert before != sql and "IN (SELECT" in before, before
    cases = [([wamid_in, wamid_out, "wamid.ix.unknown"], [out_id, "reply:unknown"]), ([wamid_in], []),
             ([], [out_id]), ([], []), ([wamid_out], [out_id])]
    for wamids, outs in cases:
        args = (json.dumps(wamids), json.dumps(outs))
        got, old = sorted(stack.sql(sql, *args)), sorted(stack.sql(before, *args))
        assert got == old, (wamids, outs, got, old)
    got = sorted(stack.sql(sql, json.dumps([wamid_in]), json.dumps([out_id])))
    assert got == sorted([(wamid_in, "", doctor_id, patient, "received"),
                          (wamid_out, out_id, doctor_id, patient, "sent")]), got
    # the plan: the two unique indexes, never a scan of messages (the planner may not fall back to one here, where
    # the earlier form had no other plan)
    with stack.pg.cursor() as cur:  # (the connection autocommits: a transaction of its own for SET LOCAL)
        cur.execute("BEGIN")
        try:
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute("EXPLAIN (FORMAT JSON) " + sql, (json.dumps([wamid_in]), json.dumps([out_id])))
            plan = json.dumps(cur.fetchone()[0])
            cur.execute("EXPLAIN (FORMAT JSON) " + before, (json.dumps([wamid_in]), json.dumps([out_id])))
            plan_before = json.dumps(cur.fetchone()[0])
        finally:
            cur.execute("ROLLBACK")
    assert "messages_wamid_key" in plan and "messages_out_id_key" in plan, plan
    assert '"Seq Scan"' not in plan, plan
    assert '"Seq Scan"' in plan_before, plan_before  # what the rewrite removed


def test_out_id_stays_unique_without_the_inbound_rows(stack):
    doctor_id, patient, wamid_in, out_id, wamid_out = _rows(stack)
    (indexdef,) = stack.sql("SELECT indexdef FROM pg_indexes WHERE tablename = 'messages'"
                            " AND indexname = 'messages_out_id_key'")[0]
    assert "UNIQUE" in indexdef and "WHERE (out_id IS NOT NULL)" in indexdef, indexdef
    # the sender's INSERT ... ON CONFLICT DO NOTHING (no target) skips a repeated out_id, as before
    again = stack.sql("INSERT INTO messages (doctor_id, patient_id, direction, out_id, wamid, wa_id, type, body,"
                      " source, status) SELECT doctor_id, patient_id, 'out', out_id, 'wamid.ix.again', wa_id, 'text',"
                      " 'hi again', 'kb', 'sent' FROM messages WHERE out_id = %s ON CONFLICT DO NOTHING RETURNING id",
                      out_id)
    assert again == [], again
    assert stack.sql("SELECT count(*) FROM messages WHERE out_id = %s", out_id) == [(1,)]
    # and without ON CONFLICT it is refused, by that index
    refused = None
    try:
        stack.sql("INSERT INTO messages (doctor_id, direction, out_id, wa_id, type, status)"
                  " VALUES (%s, 'out', %s, '1', 'text', 'sent')", doctor_id, out_id)
    except psycopg2.errors.UniqueViolation as e:
        refused = e
    assert refused is not None and "messages_out_id_key" in str(refused), refused
    # inbound rows (out_id NULL) are many and never conflict
    for _ in range(2):
        stack.sql("INSERT INTO messages (doctor_id, patient_id, direction, wamid, wa_id, type, status)"
                  " VALUES (%s, %s, 'in', %s, '1', 'text', 'received')", doctor_id, patient,
                  "wamid.ix.n." + uuid.uuid4().hex)
    assert stack.sql("SELECT count(*) FROM messages WHERE patient_id = %s AND out_id IS NULL", patient) == [(3,)]


def test_no_index_of_messages_holds_a_column_that_a_status_or_the_mark_changes(stack):
    # the router's status, pricing and mark statements (services/router/store.c) and the sender's status updates
    changed = {"status", "status_at", "error_code", "error_title", "routed_at", "pricing_category", "pricing_type",
               "pricing_model", "pricing_billable", "conversation_id", "conversation_origin",
               "conversation_expires_at"}
    rows = stack.sql("SELECT i.indexrelid::regclass::text, a.attname FROM pg_index i"
                     " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])"
                     " WHERE i.indrelid = 'messages'::regclass")
    assert rows, "no indexes of messages found"
    held = {(index, column) for index, column in rows if column in changed}
    assert held == set(), held
    # nor in an index's predicate or expression
    exprs = stack.sql("SELECT coalesce(pg_get_expr(indpred, indrelid), '') || ' ' ||"
                      " coalesce(pg_get_expr(indexprs, indrelid), '') FROM pg_index"
                      " WHERE indrelid = 'messages'::regclass")
    for (text,) in exprs:
        assert not any(re.search(r"\b%s\b" % c, text) for c in changed), text
    names = {r[0] for r in stack.sql("SELECT indexname FROM pg_indexes WHERE tablename = 'messages'")}
    assert {"messages_doctor_patient_idx", "messages_pricing_idx"} & names == set(), names
    assert "messages_doctor_patient_id_idx" in names and "messages_doctor_wa_id_idx" in names, names
