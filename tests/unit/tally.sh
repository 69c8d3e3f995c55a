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
#  5. under valgrind (when installed): a few malformed files and MES runs
#     (the filter, its exact fallback, resumed add1 runs, points ballots)
#     with no invalid access and no leak.
# Prints one TAP-style line per check. One Python process drives every run
# of the binary (a Python start per check took most of the time).
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SAMSKAB_SHARED:-$repo/../shared}
data=$shared/data/pabulib
bin=$repo/bin/samskab-tally

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

# 5. valgrind
import shutil
if shutil.which("valgrind"):
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
sys.exit(1 if failed else 0)
EOF
