#!/usr/bin/python3
"""The knowledge base's learned accept decision (issue 19, round 7; deploy/migrations/042_accept.sql): fits a logistic
regression over the features of each candidate (kb_match_features, 042) on the spent question sets, validates it
leave-one-SET-out against the old rule, and prints the SQL of kb_accept_score with the weights of the fit on every
set.

    DATABASE_URL=postgresql://wa:wa@127.0.0.1:PORT/wa /usr/bin/python3 tests/kb_eval/train_accept.py [--sql]

Like eval.py it loads the evaluation's doctors inside one transaction that is rolled back (any database with the
migrations up to 042 applied will do), then asks kb_match_features(doctor, kb_tokens(doctor, question, true)) for
every KB question of every set tuned on (SHOW_MISSES; never a set held out now): the rows the router's kb_match_tokens scores, one per candidate entry.

The model: p = 1 / (1 + exp(-(w . x))) for each candidate, x = transform() of FEATURES (general properties of the
question and the candidates: none names a word, an entry, a doctor or a set), fitted by Newton's method with a small
L2 penalty on each question's lexically best candidate when it scores s >= FIT_FLOOR (label 1 when it is the
question's right entry). Used in the router, p would be each candidate's score: the best candidate (by p) is the
answer when p reaches the threshold and beats the runner-up's p by the margin (eval.py's choose()).

Validation, leave one set out: for each of the seven sets, fit on the six others, choose the threshold and margin on
those six (choose_rule: the best recall with precision >= TARGET_PRECISION on each of them and on their pool), and
evaluate the seventh with them; next to it, today's rule (the lexical score, 0.65 and 0.04) and the lexical score with
a threshold and margin chosen on the six the same way, on the same seventh set. Then the band's separability (AUC)
of each feature and of the model. Round 7's finding (README, "A learned accept decision, examined"): the model does
not beat today's rule, so the router does not use it (042 defines no kb_accept_score).
Deterministic: no randomness, the rows in the files' order."""
import argparse
import bisect
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval as kbeval  # noqa: E402

FEATURES = ("s", "c", "f", "im", "gap", "mshare", "mmeant", "munk", "elsew", "ntok", "nabove")
FIT_FLOOR = 0.3  # questions whose best scores below this (lexically) are never near an answer: not fitted
L2 = 1.0  # the penalty on the standardised weights (the intercept free)
TARGET_PRECISION = 0.97
THRESHOLDS = [round(0.30 + 0.01 * i, 2) for i in range(66)]  # 0.30 .. 0.95
MARGINS = (0.0, 0.02, 0.04, 0.08, 0.12, 0.16, 0.20)


def transform(raw):
    """The model's inputs from kb_match_features' columns (kb_accept_score's SQL computes the same, SQL_TERMS): the
    features, the log of the two counts, and a few products (the lexical score weighs differently when an important
    word is missing or when it leads the runner-up by much)."""
    d = dict(zip(FEATURES, raw))
    return [d["s"], d["c"], d["f"], d["im"], d["gap"], d["mshare"], d["mmeant"], d["munk"], d["elsew"],
            math.log(1 + d["ntok"]), math.log(1 + d["nabove"]),
            d["s"] * d["s"], d["s"] * d["im"], d["s"] * d["gap"], d["c"] * d["f"], d["mmeant"] * d["im"],
            min(d["gap"], 0.3)]


# the expressions kb_accept_score computes, in transform()'s order (its arguments are kb_match_features' columns)
SQL_TERMS = ("s", "c", "f", "im", "gap", "mshare", "mmeant", "munk", "elsew", "ln(1 + ntok)", "ln(1 + nabove)",
             "s * s", "s * im", "s * gap", "c * f", "mmeant * im", "least(gap, 0.3)")


def collect(conn):
    """[(set, expected entry id or None, [(entry id, raw features)])] for every KB question of every set."""
    out = []
    with conn.cursor() as cur:
        cur.execute("BEGIN")
        try:
            doctor_ids, entry_keys = kbeval.load_doctors(cur)
            by_key = {v: k for k, v in entry_keys.items()}
            for s in kbeval.SHOW_MISSES:  # the sets tuned on: never a set held out now
                for name in kbeval.SETS[s][0]:
                    if not os.path.exists(os.path.join(kbeval.HERE, name)):
                        continue
                    kbfile = kbeval.KB_FILES[name]
                    for doctor, question, expected, _kind, _lang in kbeval.read_tsv(name, 5):
                        d = doctor_ids[(kbfile, doctor)]
                        cur.execute("SELECT m.id, " + ", ".join("m." + f for f in FEATURES) +
                                    " FROM kb_match_features(%s, kb_tokens(%s, %s, true)) m ORDER BY m.s DESC, m.id",
                                    (d, d, question))
                        cands = [(r[0], [float(v) for v in r[1:]]) for r in cur.fetchall()]
                        want = None if expected == "-" else by_key[(kbfile, doctor, expected)]
                        out.append((s, want, cands))
        finally:
            cur.execute("ROLLBACK")
    return out


def rows_of(data):
    """The fit's rows: each question's lexically best candidate when it scores at least FIT_FLOOR (the decision is
    about the best; below the floor nothing is ever answered), labelled 1 when it is the question's right entry."""
    xs, ys = [], []
    for _s, want, cands in data:
        if cands and cands[0][1][0] >= FIT_FLOOR:
            xs.append(transform(cands[0][1]))
            ys.append(1.0 if cands[0][0] == want else 0.0)
    return xs, ys


def solve(a, b):
    """a x = b by Gaussian elimination with partial pivoting (a small dense system)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        for r in range(n):
            if r != col and m[r][col] != 0:
                k = m[r][col] / m[col][col]
                for j in range(col, n + 1):
                    m[r][j] -= k * m[col][j]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit(xs, ys):
    """Logistic regression by Newton's method on standardised inputs; returns (intercept, weights) on the raw inputs."""
    k = len(xs[0])
    mean = [sum(x[j] for x in xs) / len(xs) for j in range(k)]
    sd = [math.sqrt(sum((x[j] - mean[j]) ** 2 for x in xs) / len(xs)) or 1.0 for j in range(k)]
    zs = [[1.0] + [(x[j] - mean[j]) / sd[j] for j in range(k)] for x in xs]
    w = [0.0] * (k + 1)
    for _ in range(50):
        g = [0.0] * (k + 1)
        h = [[0.0] * (k + 1) for _ in range(k + 1)]
        for z, y in zip(zs, ys):
            t = sum(wi * zi for wi, zi in zip(w, z))
            p = 1 / (1 + math.exp(-t)) if t > -700 else 0.0
            r = p * (1 - p)
            for i in range(k + 1):
                g[i] += (p - y) * z[i]
                if r:
                    for j in range(i, k + 1):
                        h[i][j] += r * z[i] * z[j]
        for i in range(1, k + 1):
            g[i] += L2 * w[i]
            h[i][i] += L2
        for i in range(k + 1):
            for j in range(i):
                h[i][j] = h[j][i]
        step = solve(h, g)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(si) for si in step) < 1e-10:
            break
    weights = [w[j + 1] / sd[j] for j in range(k)]
    return w[0] - sum(weights[j] * mean[j] for j in range(k)), weights


def prob(model, raw):
    b0, ws = model
    t = b0 + sum(wi * xi for wi, xi in zip(ws, transform(raw)))
    return 1 / (1 + math.exp(-t)) if t > -700 else 0.0


def scored(model, cands):
    """[(entry id, score)] best first, as kb_match_tokens returns them: the model's p (or the lexical s if model is
    None), ties by id."""
    rows = [(cid, prob(model, raw) if model is not None else raw[0]) for cid, raw in cands]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def decide(ranked_sets, threshold, margin):
    """{set: eval.Figures} of the rule over pre-ranked questions {set: [(want, rows)]}."""
    out = {}
    for s, qs in ranked_sets.items():
        c = out[s] = kbeval.Figures()
        for want, rows in qs:
            c.add(want, kbeval.choose(rows, threshold, margin))
    return out


def choose_rule(ranked_sets):
    """The threshold and margin with the best pooled recall among those whose precision is >= TARGET_PRECISION on
    the pool of the training sets AND on each of them; ties to the higher threshold, then the larger margin."""
    best = None
    for t in THRESHOLDS:
        for m in MARGINS:
            counts = decide(ranked_sets, t, m)
            pool = kbeval.Figures()
            for c in counts.values():
                pool.expected += c.expected
                pool.answered += c.answered
                pool.right += c.right
            if pool.precision < TARGET_PRECISION or any(c.precision < TARGET_PRECISION for c in counts.values()):
                continue
            key = (pool.recall, t, m)
            if best is None or key > best[0]:
                best = (key, t, m)
    return (best[1], best[2]) if best else (THRESHOLDS[-1], MARGINS[-1])


def rank(model, data, sets):
    out = {}
    for s, want, cands in data:
        if s in sets:
            out.setdefault(s, []).append((want, scored(model, cands)))
    return out


def sql_of(model, threshold, margin):
    b0, ws = model
    terms = "\n".join(f"        {'+' if w >= 0 else '-'} {abs(w):.6f} * {e}" for w, e in zip(ws, SQL_TERMS))
    return (f"-- written by tests/kb_eval/train_accept.py --sql (fit on every spent set; threshold {threshold}, "
            f"margin {margin})\n"
            "CREATE OR REPLACE FUNCTION kb_accept_score(s double precision, c double precision, f double precision,\n"
            "                                           im double precision, gap double precision,\n"
            "                                           mshare double precision, mmeant double precision,\n"
            "                                           munk double precision, elsew double precision,\n"
            "                                           ntok double precision, nabove double precision)\n"
            " RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$\n"
            "    SELECT 1 / (1 + exp(-least(700, greatest(-700,\n"
            f"        {b0:.6f}\n{terms}))))\n$$;")


def add(tot, c):
    tot.expected += c.expected
    tot.answered += c.answered
    tot.right += c.right


def cell(c):
    return f"P {c.precision:.3f} R {c.recall:.3f} ({c.right:3}/{c.expected:3})"


def loso(data, sets):
    """Prints the leave-one-set-out table: today's rule, the old score with a threshold and margin chosen on the
    training sets like the model's (does the model beat a mere retuning?), and the model."""
    print(f"{len(data)} KB questions, {sum(len(c) for _s, _w, c in data)} candidate rows; features: "
          f"{', '.join(FEATURES)}")
    print("leave one set out: fit on the others, threshold and margin chosen on the others (precision >= "
          f"{TARGET_PRECISION} on each and pooled), evaluated on the one left out")
    print(f"{'left out':9} {'today (0.65, 0.04)':>28} {'old score, rule retuned':>28} {'model':>28}  model's rule")
    today = decide(rank(None, data, sets), kbeval.THRESHOLD, kbeval.MARGIN)
    tots = [kbeval.Figures(), kbeval.Figures(), kbeval.Figures()]
    for s in sets:
        others = [x for x in sets if x != s]
        train = [d for d in data if d[0] != s]
        t0, m0 = choose_rule(rank(None, train, others))
        retuned = decide(rank(None, data, [s]), t0, m0)[s]
        model = fit(*rows_of(train))
        t, m = choose_rule(rank(model, train, others))
        new = decide(rank(model, data, [s]), t, m)[s]
        for tot, c in zip(tots, (today[s], retuned, new)):
            add(tot, c)
        print(f"{s:9} {cell(today[s]):>28} {cell(retuned):>28} {cell(new):>28}  {t:.2f} / {m:.2f}"
              f" (old score: {t0:.2f} / {m0:.2f})")
    print(f"{'pooled':9} " + " ".join(f"{cell(c):>28}" for c in tots))


def band_separation(data, sets):
    """Prints how well each feature alone, and the model fitted leave-one-set-out, tells a right best candidate from a
    wrong one (another entry, or a question with no answer) in the band where the old rule hesitates (best lexical
    score 0.35 to 0.65): the AUC, the chance that a right one scores higher than a wrong one (0.5: no better than a
    coin)."""
    lo, hi = 0.35, 0.65
    band = [(s, want, cands) for s, want, cands in data if cands and lo <= cands[0][1][0] < hi]
    right = [(s, cands[0][1]) for s, want, cands in band if cands[0][0] == want]
    wrong = [(s, cands[0][1]) for s, want, cands in band if cands[0][0] != want]

    def auc(pos, neg):
        neg = sorted(neg)
        return sum(bisect.bisect_left(neg, p) + 0.5 * (bisect.bisect_right(neg, p) - bisect.bisect_left(neg, p))
                   for p in pos) / (len(pos) * len(neg))
    parts = [f"{f} {auc([r[i] for _s, r in right], [r[i] for _s, r in wrong]):.3f}" for i, f in enumerate(FEATURES)]
    models = {s: fit(*rows_of([d for d in data if d[0] != s])) for s in sets}
    model_auc = auc([prob(models[s], r) for s, r in right], [prob(models[s], r) for s, r in wrong])
    parts.append(f"the model fitted without the question's set {model_auc:.3f}")
    print(f"the band {lo}-{hi}: {len(right)} right best candidates, {len(wrong)} wrong; AUC of each feature alone: "
          + ", ".join(parts))


def main():
    import psycopg2
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    ap.add_argument("--sql", action="store_true", help="print only the SQL of kb_accept_score (fit on every set)")
    args = ap.parse_args()
    if not args.database_url:
        ap.error("DATABASE_URL is not set (or pass --database-url)")
    conn = psycopg2.connect(args.database_url)
    conn.autocommit = True
    data = collect(conn)
    sets = [s for s in kbeval.SHOW_MISSES if any(d[0] == s for d in data)]
    if not args.sql:
        loso(data, sets)
        band_separation(data, sets)
    model = fit(*rows_of(data))
    t, m = choose_rule(rank(model, data, sets))
    if not args.sql:
        print("fit on every set: " + ", ".join(f"{f} {w:+.3f}" for f, w in zip(("1",) + SQL_TERMS,
                                                                               [model[0]] + model[1])))
        print(f"its rule chosen on every set: threshold {t:.2f} margin {m:.2f}; per set:")
        for s, c in decide(rank(model, data, sets), t, m).items():
            print(f"  {s:12} {cell(c)}, answered {c.answered}")
    print(sql_of(model, t, m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
