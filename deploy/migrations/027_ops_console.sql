-- 027: the operator's console in the dashboard (issue 17). Besides what 014 and 017 grant, wa_dashboard may
--   add     a clinic, with the columns `wactl doctor add` sets, and a user, with those of `wactl user add`
--   change  a clinic's is_active (disable, enable) and a user's disabled_at and session_gen (disable, enable)
-- and still nothing else: no DELETE of either, no other column. The API lets only the operator role do these
-- (services/dashboard/ops.c), each with its audit row.

GRANT INSERT (name, phone_number, clinic_name, specialization, clinic_address, email, whatsapp_phone_number_id)
    ON doctors TO wa_dashboard;
GRANT UPDATE (is_active) ON doctors TO wa_dashboard;
GRANT INSERT (email, password_hash, role, doctor_id, name) ON users TO wa_dashboard;
GRANT UPDATE (disabled_at, session_gen) ON users TO wa_dashboard;
