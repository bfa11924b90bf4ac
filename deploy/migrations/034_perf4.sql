-- Performance round 4 (issue 14): what recording a reply costs PostgreSQL.
--
-- Every inbound message row is updated once soon after it is inserted (the router's mark: routed_at, status), and
-- every outbound row once or more (the sender's and Meta's statuses: status, status_at, error_*, pricing_*). None of
-- those updates changes an indexed column except pricing_category (messages_pricing_idx, and the INCLUDE list of
-- messages_doctor_created_idx), so they can be HOT updates (no new entry in any of the table's nine indexes), but only
-- when the row's page has room for the new version: with the default fillfactor of 100 the newest pages are full, so
-- almost none were. Leaving 15% of each new page free lets the update stay on its page. Existing pages are not
-- rewritten (this takes effect for pages filled from now on, which are the ones updated at load).
ALTER TABLE messages SET (fillfactor = 85);
