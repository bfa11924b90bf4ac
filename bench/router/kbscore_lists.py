"""What bench/router/kbscore_parity.py and tests/e2e/test_kb_score_parity.py share to compare the router's
knowledge-base score in C (wa-kbscore-parity) with the SQL it ports: the statements, the C side as a subprocess, the
synthetic token lists and the exact comparison. The standard library only: the test imports it too."""
import json
import os
import random
import subprocess
import tempfile

LIMIT = 4  # the router's candidates
CHUNK = 32  # texts an analysis statement, as the router sends them
# words the score's special rules read (134_score28.sql: fees, timings, durations, places, phones, ages, follow-ups,
# kinds of service...): random lists of a clinic's words alone would rarely reach those branches
TRIGGERS = ("fee free payment emi timing open closed day date morning evening weekday weekend sunday saturday monday"
            " holiday today tomorrow duration lifespan last sameday where address near exactly road building opposite"
            " phone online clinic age child half senior father mother wife woman patient son daughter admission class"
            " school followup again after back show report week month year appointment book queue surgery test"
            " consultation insurance document treatment available done meet").split()
# kb_match_tokens_names orders its rows so itself (score descending, then id)
MATCH = ("PREPARE km(uuid, text[]) AS SELECT m.id, m.score, m.coverage, m.fit, m.missing"
         f" FROM kb_match_tokens_names($1, $2, kb_name_words($1), {LIMIT}) m ORDER BY m.score DESC, m.id")
# router_understand_tokens' EXISTS before the match (139_perf29.sql), the names as its n.names
GATE = ("PREPARE kg(uuid, text[]) AS SELECT EXISTS ("
        "SELECT 1 FROM kb_examples x JOIN kb_entries ke ON ke.id = x.entry_id AND ke.enabled"
        " WHERE x.doctor_id = $1 AND ke.doctor_id = $1"
        " AND (x.toks || x.ktoks) && ARRAY(SELECT t FROM unnest($2::text[]) t WHERE NOT t = ANY (kb_name_words($1))))")


class Scorer:
    """wa-kbscore-parity (path, built: the caller checks) as a subprocess: one JSON line out, one back. Its stderr
    goes to a temporary file, for a death's message and close()'s (exit status, stderr): sanitizer reports. Any tool
    of that shape (wa-analyse-parity) runs so too: a death's message names the binary."""

    def __init__(self, path, env=None):
        self.name = os.path.basename(path)
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err,
                                     encoding="utf-8", env=env)

    def ask(self, req):
        try:
            self.proc.stdin.write(json.dumps(req, ensure_ascii=False) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        except BrokenPipeError:
            line = ""
        if not line:
            raise RuntimeError(f"{self.name} ended (exit status {self.proc.wait()}): {self.stderr()[-4000:]}")
        return json.loads(line)

    def stderr(self):
        self.err.seek(0)
        return self.err.read().decode(errors="replace")

    def close(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:  # it died already: its exit status says so
            pass
        rc = self.proc.wait(timeout=30)
        return rc, self.stderr()


def synthetic(snaps, n, seed):
    """n lists of 1-6 tokens a doctor ({doctor: its kb_score_snapshot()}) from its snapshot's words (examples' toks
    and ktoks but the '$' ones, its name words) and, about a third of the tokens, the trigger words and its narrower
    rows' concepts and broader words (whole and split); the same lists every run for a seed: [(doctor, toks)],
    distinct, in their first order."""
    rnd = random.Random(seed)
    out = {}
    for d, snap in snaps.items():
        vocab = {t for _, toks, ktoks in snap["examples"] for t in (toks or []) + (ktoks or [])
                 if not t.startswith("$")}
        vocab = sorted(vocab | set(snap["names"]))  # sorted: a set's order changes from run to run
        special = set(TRIGGERS)
        for concept, broader, _ in snap["narrower"]:
            special |= {concept, broader} | set(concept.split()) | set(broader.split())
        special = sorted(special)
        for _ in range(n):
            toks = tuple(rnd.choice(special) if rnd.random() < 0.35 or not vocab else rnd.choice(vocab)
                         for _ in range(rnd.randint(1, 6)))
            out.setdefault((d, toks), None)
    return list(out)


def same_rows(sql, c):
    """Rows (id, score, coverage, fit, missing) both ways: the same ids in the same order, score/coverage/fit the very
    same double (repr: -0.0 is not 0.0; None is SQL's NULL and the C's NaN), missing equal."""
    return len(sql) == len(c) and all(
        s[0] == k[0] and all(repr(s[j]) == repr(k[j]) for j in (1, 2, 3)) and s[4] == k[4] for s, k in zip(sql, c))
