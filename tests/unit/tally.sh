#!/usr/bin/env bash
# samskab-tally against the Pabulib reference results.
#  1. every expected/NAME.json x every rule in it: "selected" and
#     "total_cost" (when the reference has one) must match exactly;
#  2. every tests/unit/tally-bad/*.pb must exit 2 with "FILE:LINE: " in its
#     message (the line is given in the file's first line: "# line N"),
#     write nothing to stdout, and not crash;
#  3. usage errors exit 2 with a message;
#  4. every holdout file x every rule: exit 0, well-formed JSON, winners in
#     byte order, total_cost the sum of the winners' costs and within the
#     budget;
#  5. under valgrind (when installed; not in make asan): a few malformed
#     files and MES runs (the filter, its exact fallback, resumed add1
#     runs, points ballots) with no invalid access and no leak;
#  6. MES with its floating-point filter against --exact (rationals alone)
#     on random elections (fixed seeds; approval, choose-1, cumulative,
#     ordinal; small integer costs make exact ties; cumulative and scoring
#     with samskab_counting, where no rule may select a project without
#     votes) and a few real files: the same selection order, exact prices
#     and per-voter budget.
# Prints one TAP-style line per check. One Python process drives every run
# of the binary (a Python start per check took most of the time).
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SAMSKAB_SHARED:-$repo/../shared}
data=$shared/data/pabulib
bin=${SAMSKAB_BIN:-$repo/bin}/samskab-tally

if [ ! -x "$bin" ]; then
    echo "not ok - build: $bin missing (make bin/samskab-tally)"
    exit 1
fi
if [ ! -d "$data/expected" ]; then
    echo "not ok - data: $data/expected missing (set SAMSKAB_SHARED)"
    exit 1
fi

exec python3 - "$bin" "$data" "$repo/tests/unit/tally-bad" <<'EOF'
import glob, json, os, re, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

bin_, data, bad_dir = sys.argv[1:]
RULES = ["greedy", "greedy-card", "greedy-threshold", "mes", "mes-card",
         "mes-add1", "mes-add1-greedy", "phragmen"]
TIMEOUT = 60

def run(args, wrap=[]):
    try:
        p = subprocess.run(wrap + [bin_] + args, capture_output=True,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None
    return p

def byte_sorted(ids):
    return sorted(ids, key=lambda s: s.encode())

# Every check is (label, args, judge); judge(proc) returns a list of
# problems. They run two at a time (the machine has two cores).
checks = []

def json_of(p, problems):
    try:
        return json.loads(p.stdout)
    except ValueError as e:
        problems.append(f"output is not JSON: {e}")
        return None

def judge_expected(want):
    def judge(p):
        problems = []
        if p.returncode != 0:
            return [f"exit status {p.returncode}: {p.stderr[:300]!r}"]
        got = json_of(p, problems)
        if got is None:
            return problems
        if got.get("selected") != want["winners_sorted"]:
            problems.append(f"got {got.get('selected')} want {want['winners_sorted']}")
        if "total_cost" in want and got.get("total_cost") != want["total_cost"]:
            problems.append(f"total_cost got {got.get('total_cost')} want {want['total_cost']}")
        sel = got.get("selected", [])
        if sel != byte_sorted(sel):
            problems.append("selected not in byte order")
        return problems
    return judge

# 1. expected results
for exp in sorted(glob.glob(os.path.join(data, "expected", "*.json"))):
    name = os.path.basename(exp)[:-5]
    results = json.load(open(exp))["results"]
    for rule, want in results.items():
        checks.append((f"{name} {rule}",
                       ["--rule", rule, "--json", os.path.join(data, name + ".pb")],
                       judge_expected(want)))

# 2. malformed files
def judge_bad(name, line):
    def judge(p):
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode != 2:
            return [f"exit status {p.returncode}, want 2: {err[:300]!r}"]
        if line and not re.search(rf"^samskab-tally: .*{re.escape(name)}:{line}: ", err, re.M):
            return [f"message lacks \"{name}:{line}: \": {err[:300]!r}"]
        if p.stdout:
            return ["wrote to stdout"]
        return []
    return judge

for bad in sorted(glob.glob(os.path.join(bad_dir, "*.pb"))):
    name = os.path.basename(bad)
    with open(bad, "rb") as f:
        m = re.match(rb"# line (\d+)", f.readline())
    line = m.group(1).decode() if m else ""
    checks.append((f"bad {name}", ["--rule", "mes", "--json", bad],
                   judge_bad(name, line)))

# 3. usage errors: exit 2 with a message
tmp = tempfile.mkdtemp()
toy = os.path.join(data, "toy_ties.pb")
def judge_usage(p):
    if p.returncode == 2 and p.stderr:
        return []
    return [f"exit status {p.returncode}, stderr {p.stderr[:200]!r}"]
for label, args in [
        ("no arguments", []),
        ("no rule", [toy]),
        ("bad rule", ["--rule", "nonesuch", toy]),
        ("no file", ["--rule", "mes"]),
        ("rule without value", ["--rule"]),
        ("unknown option", ["--rule", "mes", "--frobnicate", toy]),
        ("two files", ["--rule", "mes", toy, toy]),
        ("missing file", ["--rule", "mes", os.path.join(tmp, "does-not-exist.pb")]),
        ("directory", ["--rule", "mes", tmp])]:
    checks.append((f"usage {label}", args, judge_usage))

# 4. holdout files: no answers, but sound output
def judge_holdout(p):
    problems = []
    if p.returncode != 0:
        return [f"exit status {p.returncode}: {p.stderr[:300]!r}"]
    got = json_of(p, problems)
    if got is None:
        return problems
    for key in ("rule", "selected", "total_cost", "budget", "winners"):
        if key not in got:
            problems.append(f"missing {key}")
    if problems:
        return problems
    cost = sum(Fraction(w["cost"]) for w in got["winners"])
    if Fraction(got["total_cost"]) != cost:
        problems.append("total_cost is not the sum of the winners' costs")
    if Fraction(got["total_cost"]) > Fraction(got["budget"]):
        problems.append(f"total_cost {got['total_cost']} over budget {got['budget']}")
    if byte_sorted(got["selected"]) != got["selected"]:
        problems.append("selected not in byte order")
    if sorted(w["project_id"] for w in got["winners"]) != sorted(got["selected"]):
        problems.append("winners and selected differ")
    return problems

for pb in sorted(glob.glob(os.path.join(data, "holdout", "*.pb"))):
    name = os.path.basename(pb)[:-3]
    for rule in RULES:
        checks.append((f"holdout {name} {rule}", ["--rule", rule, "--json", pb],
                       judge_holdout))

# 5. valgrind (not on make asan's sanitized build: the two do not mix)
import shutil
if shutil.which("valgrind") and not os.environ.get("SAMSKAB_SANITIZED"):
    vg = ["valgrind", "-q", "--error-exitcode=9", "--leak-check=full",
          "--errors-for-leak-kinds=definite"]
    def judge_vg(want_rc):
        def judge(p):
            if p.returncode != want_rc:
                return [f"exit status {p.returncode}, want {want_rc}: "
                        f"{p.stderr[-400:]!r}"]
            return []
        return judge
    bads = sorted(glob.glob(os.path.join(bad_dir, "*.pb")))
    picks = [b for b in bads if os.path.basename(b) in (
        "truncated-quote.pb", "invalid-utf8.pb", "unknown-project.pb",
        "points-mismatch.pb")]
    for b in picks:
        checks.append((f"valgrind bad {os.path.basename(b)}",
                       ["--rule", "mes", b], judge_vg(2), vg))
    for name, rule in [("toy_ties", "mes"), ("toy_completion", "mes-add1-greedy"),
                       ("Switzerland_Zurich_D10", "mes-add1"),
                       ("Netherlands_Assen_2024", "mes-add1"),
                       ("US_Stanford_Dataset_PB_Rochester_NY_2019_vote_rankings", "phragmen")]:
        checks.append((f"valgrind {name} {rule}",
                       ["--rule", rule, "--json", os.path.join(data, name + ".pb")],
                       judge_vg(0), vg))

# 6. the filter against exact arithmetic alone
import random
rnd_dir = tempfile.mkdtemp()

def random_election(seed, samskab=False):
    r = random.Random(seed)
    n_proj, n_vot = r.randint(3, 14), r.randint(1, 300)
    vt = r.choice(["approval", "approval", "cumulative", "ordinal", "choose-1"])
    if samskab:  # samskab's counting: points times cost, voted projects only
        vt = r.choice(["cumulative", "scoring"])
    costs = [r.choice([r.randint(0, 20) * 10, r.randint(1, 1000),
                       f"{r.uniform(1, 500):.2f}"]) for _ in range(n_proj)]
    budget = r.choice([r.randint(0, 3000), f"{r.uniform(50, 900):.2f}"])
    ids = r.sample(["1", "2", "10", "100", "9", "a", "B", "p3", "x", "11",
                    "20", "3", "zz", "Q"], n_proj)
    out = ["META", "key;value", f"budget;{budget}", f"vote_type;{vt}"]
    if samskab:
        out.append("samskab_counting;points_cost,voted_only")
    out += ["PROJECTS", "project_id;cost"]
    out += [f"{i};{c}" for i, c in zip(ids, costs)]
    out += ["VOTES", "voter_id;vote;points" if vt in ("cumulative", "scoring") else "voter_id;vote"]
    for v in range(n_vot):
        ch = r.sample(ids, 1 if vt == "choose-1" else r.randint(0, n_proj))
        row = f"v{v};{','.join(ch)}"
        if vt in ("cumulative", "scoring"):
            row += ";" + ",".join(str(r.randint(0, 5)) for _ in ch)
        out.append(row)
    path = os.path.join(rnd_dir, f"random{seed}.pb")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    return path

def outcome(p):
    d = json.loads(p.stdout)
    return (d["selection_order"], [w.get("price_exact") for w in d["winners"]],
            d.get("voter_budget_exact"))

def judge_same(args):
    def judge(p):
        if p.returncode != 0:
            return [f"exit status {p.returncode}: {p.stderr[:300]!r}"]
        q = run(args + ["--exact"])
        if q is None or q.returncode != 0:
            return ["--exact failed"]
        a, b = outcome(p), outcome(q)
        return [] if a == b else [f"filtered {a} != exact {b}"]
    return judge

def judge_voted_only(path):
    def judge(p):
        if p.returncode != 0:
            return [f"exit status {p.returncode}: {p.stderr[:300]!r}"]
        d = json.loads(p.stdout)
        unvoted = {a["project_id"] for a in d["projects"] if a["votes"] == 0}
        return [f"selected with no votes: {sorted(unvoted & set(d['selected']))}"] \
            if unvoted & set(d["selected"]) else []
    return judge

mes_rules = ["mes", "mes-card", "mes-add1", "mes-add1-greedy"]
for seed in range(1, 41):
    path = random_election(seed)
    for rule in mes_rules:
        args = ["--rule", rule, "--json", path]
        checks.append((f"filter = exact random{seed} {rule}", args, judge_same(args)))
# samskab's counting (META samskab_counting): MES with utility points times
# cost, and no rule selecting a project no ballot names
for seed in range(41, 51):
    path = random_election(seed, samskab=True)
    for rule in mes_rules:
        args = ["--rule", rule, "--json", path]
        checks.append((f"filter = exact samskab random{seed} {rule}", args, judge_same(args)))
    for rule in RULES:
        args = ["--rule", rule, "--json", path]
        checks.append((f"samskab random{seed} {rule}: only voted projects", args,
                       judge_voted_only(path)))
for name in ["toy_ties", "Netherlands_Assen_2024", "Switzerland_Zurich_D10",
             "Hungary_Budapest_2022_VIII_Jozsefvaros",
             "US_Stanford_Dataset_PB_Rochester_NY_2019_vote_rankings"]:
    for rule in mes_rules:
        args = ["--rule", rule, "--json", os.path.join(data, name + ".pb")]
        checks.append((f"filter = exact {name} {rule}", args, judge_same(args)))

# 7. the text table on points ballots
cum = os.path.join(rnd_dir, "cumulative.pb")
with open(cum, "w") as f:
    f.write("META\nkey;value\nbudget;10000\ncurrency;DKK\nvote_type;cumulative\nrule;mes\n"
            "samskab_counting;points_cost,voted_only\n"
            "PROJECTS\nproject_id;cost;name\na;9000;Skaterbane\nb;3000;Bænk\nc;1000;Vandpost\n"
            "VOTES\nvoter_id;vote;points\n1;a,b;3,2\n2;a,b;3,2\n3;b,c;5,5\n4;c;10\n")

def table(p):
    lines = p.stdout.decode().splitlines()
    head = next(i for i, l in enumerate(lines) if l.split()[:2] == ["#", "project"])
    rows = lines[head + 1:lines.index("", head)]
    return lines[head].split(), [r.split() for r in rows]

def judge_mes_table(p):
    if p.returncode != 0:
        return [f"exit status {p.returncode}: {p.stderr[:300]!r}"]
    head, rows = table(p)
    problems = []
    if head != ["#", "project", "cost", "votes", "points", "price/point", "running", "total", "title"]:
        problems.append(f"header {head}")
    want = [["1", "c", "1.000", "kr.", "2", "15", "67", "kr.", "1.000", "kr.", "Vandpost"],
            ["2", "b", "3.000", "kr.", "3", "9", "333", "kr.", "4.000", "kr.", "Bænk"],
            ["-", "a", "9.000", "kr.", "2", "6", "Skaterbane", "(not", "selected)"]]
    if rows != want:
        problems.append(f"rows {rows}")
    return problems

def judge_greedy_table(p):
    if p.returncode != 0:
        return [f"exit status {p.returncode}: {p.stderr[:300]!r}"]
    head, rows = table(p)
    if head != ["#", "project", "cost", "votes", "points", "running", "total", "title"]:
        return [f"header {head}"]
    return [] if [r[0] for r in rows] == ["1", "2", "-"] else [f"rows {rows}"]

def judge_help(p):
    out = p.stdout.decode()
    return [] if p.returncode == 0 and re.search(r"--exact +MES decides every comparison", out) \
        else [f"--help: {out!r}"]

checks.append(("table: points, prices per point in kroner, every project", [cum], judge_mes_table))
checks.append(("table: no price column without prices", ["--rule", "greedy", cum], judge_greedy_table))
checks.append(("--help says what --exact does", ["--help"], judge_help))

def do(check):
    label, args, judge = check[:3]
    p = run(args, check[3] if len(check) > 3 else [])
    if p is None:
        return label, [f"no answer within {TIMEOUT} s"]
    if p.returncode < 0:
        return label, [f"killed by signal {-p.returncode}"]
    return label, judge(p)

failed = 0
with ThreadPoolExecutor(max_workers=2) as pool:
    for label, problems in pool.map(do, checks):
        if problems:
            failed += 1
            print(f"not ok - {label}: " + "; ".join(str(x) for x in problems))
        else:
            print(f"ok - {label}")
os.rmdir(tmp)
shutil.rmtree(rnd_dir)
sys.exit(1 if failed else 0)
EOF
