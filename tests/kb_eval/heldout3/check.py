#!/usr/bin/python3
"""Checks a held-out set (heldout3/ by default, or the set directory given as argument, e.g. heldout7 or tests/kb_eval/heldout7) without
evaluating it: every file parses with eval.py's read_tsv and
has the expected columns, every expected key exists among that tenant's entries (kb.tsv: clinics.json, kb3.tsv:
kb.json), every intent is one of eval.py's INTENTS or -, every kind and language is one of the families of
README.md, and every entry of every tenant is asked at least twice. Prints the counts per kind and language (the
figures of README.md) and exits non-zero on any fault. It never prints a question.

    /usr/bin/python3 tests/kb_eval/heldout3/check.py [heldout3|heldout4|...|heldout17|heldout18|heldout19|heldout20|heldout21|heldout22|heldout23|heldout24|heldout25|heldout26|heldout27|heldout28]
"""
import collections
import json
import os
import sys

KB_EVAL = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, KB_EVAL)
SET = os.path.basename(os.path.normpath(sys.argv[1])) if len(sys.argv) > 1 else "heldout3"
HERE = os.path.join(KB_EVAL, SET)
import eval as ev  # noqa: E402

KB_KINDS = {"typo", "abbreviation", "paraphrase", "near_miss", "word_order", "short", "plural", "code_mixed",
            "language", "other_clinic", "medical", "unrelated"}
NEGATIVE_KINDS = {"near_miss", "other_clinic", "medical", "unrelated"}
INTENT_KINDS = {"sentence", "typo", "short", "mixed_script", "kb_question", "medical", "near_miss", "unrelated"}
LANGS = {"en", "hi-Latn", "hi", "mr", "mr-Latn", "mixed"}


def raw_columns(name, want):
    """Column faults of a file: read_tsv pads short rows, so the exact count is checked here."""
    return [f"{name}:{n}: {len(cells)} columns or an empty/padded cell"
            for n, cells in ev.tsv_rows(os.path.join(HERE, name))
            if len(cells) != want or any(not c.strip() or c != c.strip() for c in cells)]


def counts(values):
    """'a 3, b 1': the values' counts, sorted by value."""
    return ", ".join(f"{k} {c}" for k, c in sorted(collections.Counter(values).items()))


def main():
    faults = []
    for name, want in (("kb.tsv", 5), ("kb3.tsv", 5), ("intents.tsv", 4)):
        faults += raw_columns(name, want)
    out = []
    for name, kbfile in (("kb.tsv", "clinics.json"), ("kb3.tsv", "kb.json")):
        rel = SET + "/" + name
        if ev.KB_FILES.get(rel) != kbfile:
            faults.append(f"eval.py does not declare {rel} over {kbfile}")
        doctors = json.load(open(os.path.join(HERE, "..", kbfile), encoding="utf-8"))["doctors"]
        rows = ev.read_tsv(rel, 5)
        asked = collections.Counter()
        seen = collections.Counter()
        for doctor, question, key, kind, lang in rows:
            seen[(doctor, question)] += 1
            if doctor not in doctors:
                faults.append(f"{name}: unknown tenant {doctor!r}")
                continue
            keys = {e["key"] for e in doctors[doctor]["entries"]}
            if key != "-" and key not in keys:
                faults.append(f"{name}: {doctor} has no entry {key!r}")
            if kind not in KB_KINDS:
                faults.append(f"{name}: unknown kind {kind!r}")
            if lang not in LANGS:
                faults.append(f"{name}: unknown language {lang!r}")
            if (kind in NEGATIVE_KINDS) != (key == "-"):
                faults.append(f"{name}: kind {kind} with expected {key!r}")
            asked[(doctor, key)] += 1
        faults += [f"{name}: a question is repeated for {d}" for (d, _), c in seen.items() if c > 1]
        for d, doc in doctors.items():
            for e in doc["entries"]:
                if asked[(d, e["key"])] < 2:
                    faults.append(f"{name}: {d}/{e['key']} asked {asked[(d, e['key'])]} time(s)")
        neg = sum(r[2] == "-" for r in rows)
        out.append(f"{name}: {len(rows)} questions over {len(doctors)} tenants ({', '.join(sorted(doctors))}); "
                   f"{len(rows) - neg} with an answer, {neg} without ({100 * neg / len(rows):.0f} %)")
        out.append("  kinds: " + counts(r[3] for r in rows))
        out.append("  langs: " + counts(r[4] for r in rows))
    rows = ev.read_tsv(SET + "/intents.tsv", 4)
    if [SET + "/intents.tsv"] != ev.SETS.get(SET, ([], []))[1]:
        faults.append(f"eval.py does not declare {SET}/intents.tsv")
    if SET in ev.SHOW_MISSES and os.environ.get("KB_EVAL_SPENT") != SET:
        # a set still held out must never be printed; once spent (tuned on, README says so) the caller says so
        faults.append(f"eval.py would list {SET}'s questions (SHOW_MISSES); KB_EVAL_SPENT={SET} if it is spent")
    per = collections.Counter(r[1] for r in rows)
    for text, intent, kind, lang in rows:
        if intent != "-" and intent not in ev.INTENTS:
            faults.append(f"intents.tsv: unknown intent {intent!r}")
        if kind not in INTENT_KINDS:
            faults.append(f"intents.tsv: unknown kind {kind!r}")
        if lang not in LANGS:
            faults.append(f"intents.tsv: unknown language {lang!r}")
        if (kind in {"kb_question", "medical", "near_miss", "unrelated"}) != (intent == "-"):
            faults.append(f"intents.tsv: kind {kind} with intent {intent!r}")
    faults += ["intents.tsv: a message is repeated" for _, c in collections.Counter(r[0] for r in rows).items()
               if c > 1]
    faults += [f"intents.tsv: {i} has {per[i]} messages (< 14)" for i in ev.INTENTS if per[i] < 14]
    out.append(f"intents.tsv: {len(rows)} messages; " + ", ".join(f"{i} {per[i]}" for i in ev.INTENTS + ("-",)))
    out.append("  kinds: " + counts(r[2] for r in rows))
    out.append("  langs: " + counts(r[3] for r in rows))
    print("\n".join(out))
    for f in faults:
        print("FAULT " + f, file=sys.stderr)
    return 1 if faults else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ValueError as e:  # read_tsv: a row with too many or too few columns
        print(f"FAULT {e}", file=sys.stderr)
        sys.exit(1)
