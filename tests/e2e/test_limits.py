"""Hardening limits (issue 12, section 5): no core dumps, bounded webhooks, PostgreSQL statement timeouts, the
sender's lease across a stall, bounded HTTP response bodies and the per-patient booking limit."""
import os

from conftest import SERVICES


def test_services_cannot_dump_core(stack):
    """A core file would hold decrypted tokens and CREDENTIALS_KEY: every service runs with no core limit and not
    dumpable (a non-dumpable process's /proc files belong to root, whoever runs it)."""
    for name in SERVICES:
        pid = stack.procs[name].pid
        with open(f"/proc/{pid}/limits") as f:
            line = next(l for l in f if l.startswith("Max core file size"))
        assert line.split()[4:6] == ["0", "0"], f"wa-{name}: {line.strip()}"
        if os.getuid() != 0:
            assert os.stat(f"/proc/{pid}/status").st_uid == 0, f"wa-{name} is still dumpable"
