"""The private PostgreSQL of deploy/local/infra.sh runs without fsync for the tests (their data is thrown away) and
durable, as production runs it, when its environment says WA_PG_FAST=0: the benchmarks' setting (bench/e2e.py,
BENCH_PG_DURABLE, default on), which conftest's Stack.infra_env passes through. Read from the server itself."""
import os
import shutil
import tempfile

import pytest

from conftest import Stack

SETTINGS = "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')"


def server_settings(fast):
    tmp = tempfile.mkdtemp(prefix="wa-infra-")
    os.chmod(tmp, 0o755)  # PostgreSQL runs as the postgres user when we are root
    s = Stack(tmp)
    s.env.pop("WA_PG_FAST", None)
    if fast is not None:
        s.env["WA_PG_FAST"] = fast
    try:
        s.start_infra()  # Redis and PostgreSQL only: no migrations, no services
        with s.pg.cursor() as cur:
            cur.execute(SETTINGS)
            return dict(cur.fetchall())
    finally:
        s.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.mark.parametrize("fast, expected", [(None, "off"), ("1", "off"), ("0", "on")])
def test_postgres_is_durable_only_when_asked(fast, expected):
    got = server_settings(fast)
    assert got == {"fsync": expected, "synchronous_commit": expected, "full_page_writes": expected}
