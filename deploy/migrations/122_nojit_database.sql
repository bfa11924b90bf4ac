-- 122: no statement of this database JIT-compiles (issue 14; the mechanism behind 121).
--
-- 121 turned JIT off for the router's statement for new texts after 115's score pushed its estimated cost past
-- jit_above_cost and every call spent ~240 ms compiling for ~1 ms of work. That fixed one function; the mechanism is
-- still there for every other statement: the planner's estimate crosses 100,000 whenever a table grows or a CTE is
-- added, and then the statement compiles itself (hundreds of ms) on every call. Nothing this system runs is the
-- long analytic scan JIT pays off for: the services' statements are per message or per batch of at most a few
-- hundred rows, and the dashboard's reports aggregate one clinic's days (022's report_days). So the setting goes on
-- the database: every session of every role opened afterwards starts with jit = off (the services' login roles,
-- wactl, the dashboard), whatever a later migration does to a plan. A role or a session may still turn it on
-- (`SET jit = on` for an operator's one-off analysis).
--
-- ALTER DATABASE ... SET needs the database's owner (or a superuser). The migrating role is the owner in the local
-- stack (deploy/local/infra.sh creates the database OWNER wa) and the superuser in compose and Kubernetes. Where it
-- is neither, the migration says so and goes on: 121's function setting still holds for the router's statement, and
-- the operator can run the statement below as the owner. tests/e2e/test_kb_understand.py asserts the setting and
-- that a new session sees it.
DO $$
BEGIN
    IF pg_has_role(current_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER')
       OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
    ELSE
        RAISE NOTICE '122: % does not own database %: run ALTER DATABASE % SET jit = off as its owner',
            current_user, current_database(), current_database();
    END IF;
END
$$;
