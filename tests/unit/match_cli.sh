#!/usr/bin/env bash
# `samskab match solve` and `samskab speeddate plan` end to end, checked by an
# independent Python checker:
#  1. random small solver files: the answer must be feasible (given edges
#     only, each once, every id within its capacity), its objective the sum
#     of its pairs and equal to an exhaustive search; medium capacity-1 files
#     against scipy's linear_sum_assignment;
#  2. random small planner files: the rounds must be a valid evening (R
#     rounds, at most T meetings each, nobody twice in a round, no pair
#     twice, nobody above max_meetings), the objective equal to an
#     exhaustive search over every way to put each interest in a round or
#     leave it out (no theory shared with the engine);
#  3. empty and infeasible files, the readable tables, and malformed files
#     and bad command lines: exit status 2 and a message naming the field or
#     the JSON line and column.
# Prints one TAP-style line per check.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SAMSKAB_BIN:-$repo/bin}/samskab
if [ ! -x "$bin" ]; then
    echo "not ok - build: $bin missing (make bin/samskab)"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Debian's python3 (python3-scipy lives there), not whatever is first in PATH
py=/usr/bin/python3
[ -x "$py" ] || py=python3

"$py" - "$bin" "$tmp" <<'EOF'
import itertools, json, random, subprocess, sys

bin_, tmp = sys.argv[1], sys.argv[2]
rng = random.Random(20261123)
failed_any = False

def report(ok, name, why=""):
    global failed_any
    if ok:
        print("ok - " + name)
    else:
        failed_any = True
        print("not ok - %s: %s" % (name, why))

def run(args, content=None):
    path = tmp + "/instance.json"
    if content is not None:
        with open(path, "w") as f:
            f.write(content if isinstance(content, str) else json.dumps(content))
    p = subprocess.run([bin_] + args + ([path] if content is not None else []),
                       capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr

# ---- 1. solver -----------------------------------------------------------

def random_solve(nl_max, nr_max, cap_max, range_):
    nl, nr = rng.randint(0, nl_max), rng.randint(0, nr_max)
    left = [{"id": "L%d" % i, "capacity": rng.randint(0, cap_max)} for i in range(nl)]
    right = [{"id": "R%d" % j, "capacity": rng.randint(0, cap_max)} for j in range(nr)]
    density = rng.random()
    edges = [["L%d" % i, "R%d" % j, rng.randint(1, range_)]
             for i in range(nl) for j in range(nr) if rng.random() < density]
    rng.shuffle(edges)
    return {"left": left, "right": right, "edges": edges}

def brute_solve(inst):
    cap = {x["id"]: x["capacity"] for x in inst["left"] + inst["right"]}
    edges = inst["edges"]
    best = 0
    def go(k, total):
        nonlocal best
        if k == len(edges):
            best = max(best, total)
            return
        a, b, s = edges[k]
        go(k + 1, total)
        if cap[a] > 0 and cap[b] > 0:
            cap[a] -= 1; cap[b] -= 1
            go(k + 1, total + s)
            cap[a] += 1; cap[b] += 1
    go(0, 0)
    return best

def check_solve(inst, out):
    """Feasibility of the answer; returns (objective, why-not or None)."""
    try:
        ans = json.loads(out)
    except ValueError as e:
        return None, "output is not JSON: %s" % e
    if set(ans) != {"objective", "pairs"}:
        return None, "keys %s" % sorted(ans)
    score = {(a, b): s for a, b, s in inst["edges"]}
    used = {}
    seen = set()
    total = 0
    for pair in ans["pairs"]:
        t = tuple(pair)
        if len(t) != 2 or t not in score:
            return None, "pair %s is not an edge" % (pair,)
        if t in seen:
            return None, "pair %s twice" % (pair,)
        seen.add(t)
        total += score[t]
        for side, x in (("left", t[0]), ("right", t[1])):
            used[x] = used.get(x, 0) + 1
    cap = {x["id"]: x["capacity"] for x in inst["left"] + inst["right"]}
    for x, n in used.items():
        if n > cap[x]:
            return None, "%s used %d times, capacity %d" % (x, n, cap[x])
    if total != ans["objective"]:
        return None, "objective %d but the pairs sum to %d" % (ans["objective"], total)
    return total, None

bad = []
for n in range(300):
    inst = random_solve(5, 5, 3, rng.choice([3, 1000]))
    inst["edges"] = inst["edges"][:14]
    rc, out, err = run(["match", "solve", "--json"], inst)
    if rc != 0:
        bad.append("instance %d: exit %d: %s" % (n, rc, err.strip())); continue
    got, why = check_solve(inst, out)
    if why:
        bad.append("instance %d: %s" % (n, why)); continue
    expect = brute_solve(inst)
    if got != expect:
        bad.append("instance %d: objective %d, exhaustive search %d" % (n, got, expect))
for b in bad[:5]:
    print("#   " + b)
report(not bad, "match solve: 300 random files feasible and optimal against exhaustive search",
       "%d wrong" % len(bad))

try:
    import numpy as np
    from scipy.optimize import linear_sum_assignment
    have_scipy = True
except ImportError:
    have_scipy = False
if not have_scipy:
    report(False, "match solve: against scipy", "python3-scipy missing (make deps)")
else:
    bad = []
    for n in range(40):
        nl, nr = rng.randint(1, 60), rng.randint(1, 60)
        rcap = [rng.randint(0, 3) for _ in range(nr)]
        lcap = [rng.randint(0, 1) for _ in range(nl)]
        density = rng.random()
        edges = [["L%d" % i, "R%d" % j, rng.randint(1, rng.choice([5, 10**9]))]
                 for i in range(nl) for j in range(nr) if rng.random() < density]
        inst = {"left": [{"id": "L%d" % i, "capacity": c} for i, c in enumerate(lcap)],
                "right": [{"id": "R%d" % j, "capacity": c} for j, c in enumerate(rcap)],
                "edges": edges}
        rc, out, err = run(["match", "solve", "--json"], inst)
        if rc != 0:
            bad.append("instance %d: exit %d" % (n, rc)); continue
        got, why = check_solve(inst, out)
        if why:
            bad.append("instance %d: %s" % (n, why)); continue
        # capacity-expanded matrix; a missing edge scores 0, so forcing it adds nothing
        m = np.zeros((nl, nr), dtype=np.int64)
        for a, b, s in edges:
            m[int(a[1:]), int(b[1:])] = s
        rows = [i for i in range(nl) if lcap[i] > 0]
        cols = [j for j in range(nr) for _ in range(rcap[j])]
        expect = 0
        if rows and cols:
            sub = m[np.ix_(rows, cols)]
            r, c = linear_sum_assignment(sub, maximize=True)
            expect = int(sub[r, c].sum())
        if got != expect:
            bad.append("instance %d: objective %d, scipy %d" % (n, got, expect))
    for b in bad[:5]:
        print("#   " + b)
    report(not bad, "match solve: 40 medium files equal scipy linear_sum_assignment",
           "%d wrong" % len(bad))

# ---- 2. planner ----------------------------------------------------------

def random_plan():
    na, nc = rng.randint(0, 3), rng.randint(0, 3)
    R, T = rng.randint(0, 3), rng.randint(0, 3)
    assocs = [{"id": "a%d" % i, "max_meetings": rng.randint(0, 3)} for i in range(na)]
    comps = [{"id": "c%d" % j, "max_meetings": rng.randint(0, 3)} for j in range(nc)]
    interests = [["a%d" % i, "c%d" % j, rng.randint(1, rng.choice([2, 50]))]
                 for i in range(na) for j in range(nc) if rng.random() < 0.75]
    rng.shuffle(interests)
    interests = interests[:7]
    return {"rounds": R, "tables": T, "associations": assocs,
            "companies": comps, "interests": interests}

def brute_plan(inst):
    """Put each interest in one of the R rounds or leave it out; keep the
    heaviest valid evening."""
    R, T = inst["rounds"], inst["tables"]
    mx = {x["id"]: x["max_meetings"] for x in inst["associations"] + inst["companies"]}
    ints = inst["interests"]
    busy = set()          # (person, round)
    per_round = [0] * R
    deg = {x: 0 for x in mx}
    best = 0
    def go(k, total):
        nonlocal best
        if k == len(ints):
            best = max(best, total)
            return
        a, c, w = ints[k]
        go(k + 1, total)
        if deg[a] >= mx[a] or deg[c] >= mx[c]:
            return
        for r in range(R):
            if per_round[r] < T and (a, r) not in busy and (c, r) not in busy:
                busy.add((a, r)); busy.add((c, r)); per_round[r] += 1
                deg[a] += 1; deg[c] += 1
                go(k + 1, total + w)
                busy.discard((a, r)); busy.discard((c, r)); per_round[r] -= 1
                deg[a] -= 1; deg[c] -= 1
    go(0, 0)
    return best

def check_plan(inst, out):
    try:
        ans = json.loads(out)
    except ValueError as e:
        return None, "output is not JSON: %s" % e
    if set(ans) != {"objective", "rounds"}:
        return None, "keys %s" % sorted(ans)
    R, T = inst["rounds"], inst["tables"]
    if len(ans["rounds"]) != R:
        return None, "%d rounds, not %d" % (len(ans["rounds"]), R)
    weight = {(a, c): w for a, c, w in inst["interests"]}
    mx = {x["id"]: x["max_meetings"] for x in inst["associations"] + inst["companies"]}
    deg, seen, total = {}, set(), 0
    for r, meetings in enumerate(ans["rounds"]):
        if len(meetings) > T:
            return None, "round %d has %d meetings, %d tables" % (r, len(meetings), T)
        here = set()
        for m in meetings:
            t = tuple(m)
            if t not in weight:
                return None, "meeting %s is not an interest" % (m,)
            if t in seen:
                return None, "meeting %s twice" % (m,)
            seen.add(t)
            for x in t:
                if x in here:
                    return None, "%s twice in round %d" % (x, r)
                here.add(x)
                deg[x] = deg.get(x, 0) + 1
            total += weight[t]
    for x, n in deg.items():
        if n > mx[x] or n > R:
            return None, "%s meets %d times, max_meetings %d, %d rounds" % (x, n, mx[x], R)
    if total != ans["objective"]:
        return None, "objective %d but the meetings weigh %d" % (ans["objective"], total)
    return total, None

bad = []
for n in range(300):
    inst = random_plan()
    rc, out, err = run(["speeddate", "plan", "--json"], inst)
    if rc != 0:
        bad.append("instance %d: exit %d: %s" % (n, rc, err.strip())); continue
    got, why = check_plan(inst, out)
    if why:
        bad.append("instance %d: %s" % (n, why)); continue
    expect = brute_plan(inst)
    if got != expect:
        bad.append("instance %d: objective %d, exhaustive search %d" % (n, got, expect))
for b in bad[:5]:
    print("#   " + b)
report(not bad, "speeddate plan: 300 random files valid and optimal against exhaustive search",
       "%d wrong" % len(bad))

# Tight tables: many meetings, few tables, so the rounds must be balanced.
bad = []
for n in range(60):
    na, nc, R = rng.randint(2, 25), rng.randint(2, 12), rng.randint(1, 8)
    T = rng.randint(1, 6)
    inst = {"rounds": R, "tables": T,
            "associations": [{"id": "a%d" % i, "max_meetings": rng.randint(1, R)} for i in range(na)],
            "companies": [{"id": "c%d" % j, "max_meetings": rng.randint(1, R + 2)} for j in range(nc)],
            "interests": [["a%d" % i, "c%d" % j, rng.randint(1, 9)]
                          for i in range(na) for j in range(nc) if rng.random() < 0.6]}
    rc, out, err = run(["speeddate", "plan", "--json"], inst)
    if rc != 0:
        bad.append("instance %d: exit %d" % (n, rc)); continue
    got, why = check_plan(inst, out)
    if why:
        bad.append("instance %d: %s" % (n, why))
for b in bad[:5]:
    print("#   " + b)
report(not bad, "speeddate plan: 60 larger files with few tables are valid evenings",
       "%d invalid" % len(bad))

# ---- 3. edge cases, tables, errors ---------------------------------------

rc, out, err = run(["match", "solve", "--json"], {"left": [], "right": [], "edges": []})
report(rc == 0 and json.loads(out) == {"objective": 0, "pairs": []},
       "match solve: empty file", "exit %d, %r" % (rc, out))
rc, out, err = run(["match", "solve", "--json"],
                   {"left": [{"id": "a", "capacity": 0}], "right": [{"id": "x", "capacity": 3}],
                    "edges": [["a", "x", 5]]})
report(rc == 0 and json.loads(out) == {"objective": 0, "pairs": []},
       "match solve: nothing feasible gives objective 0", "exit %d, %r" % (rc, out))
rc, out, err = run(["speeddate", "plan", "--json"],
                   {"rounds": 2, "tables": 0, "associations": [{"id": "a", "max_meetings": 2}],
                    "companies": [{"id": "x", "max_meetings": 2}], "interests": [["a", "x", 3]]})
report(rc == 0 and json.loads(out) == {"objective": 0, "rounds": [[], []]},
       "speeddate plan: no tables gives empty rounds", "exit %d, %r" % (rc, out))

inst = {"left": [{"id": "Aarhus Ø", "capacity": 1}, {"id": "b", "capacity": 1}],
        "right": [{"id": "x", "capacity": 1}, {"id": "y", "capacity": 1}],
        "edges": [["Aarhus Ø", "x", 10], ["Aarhus Ø", "y", 9], ["b", "x", 8]]}
rc, out, err = run(["match", "solve"], inst)
lines = out.splitlines()
report(rc == 0 and lines[0].split() == ["objective", "17"]
       and any(l.split() == ["Aarhus", "Ø", "y", "9"] for l in lines)
       and any(l.split() == ["b", "x", "8"] for l in lines) and "(2 rows)" in out,
       "match solve: readable table without --json", repr(out))
rc, out, err = run(["speeddate", "plan"],
                   {"rounds": 2, "tables": 1, "associations": [{"id": "a", "max_meetings": 2}],
                    "companies": [{"id": "x", "max_meetings": 2}, {"id": "y", "max_meetings": 2}],
                    "interests": [["a", "x", 3], ["a", "y", 4]]})
rows = [l.split() for l in out.splitlines()]
report(rc == 0 and rows[0] == ["objective", "7"]
       and sorted(r for r in rows if len(r) == 4 and r[0] in "12")
       in ([["1", "a", "x", "3"], ["2", "a", "y", "4"]], [["1", "a", "y", "4"], ["2", "a", "x", "3"]]),
       "speeddate plan: readable table with one row per meeting and its round", repr(out))
rc, out, err = run(["--json", "match", "solve"], inst)
report(rc == 0 and json.loads(out)["objective"] == 17,
       "match solve: the global --json works too", "exit %d" % rc)
rc, out, err = run(["match", "solve", "--time"], inst)
report(rc == 0 and "solve_ms=" in err and "total_ms=" in err,
       "match solve: --time prints the split on stderr", repr(err))

L = '"left":[{"id":"a","capacity":1}],"right":[{"id":"x","capacity":1}],'
A = '"rounds":2,"tables":1,"associations":[{"id":"a","max_meetings":1}],"companies":[{"id":"x","max_meetings":1}],'
errors = [
    (["match", "solve"], '{' + L + '"edges":[["a","x",0]]}', "edges[0][2]: score must be a positive integer"),
    (["match", "solve"], '{' + L + '"edges":[["a","x",1.5]]}', "edges[0][2]: score must be a positive integer"),
    (["match", "solve"], '{' + L + '"edges":[["a","x",2000000000]]}', "edges[0][2]: score must be at most 1000000000"),
    (["match", "solve"], '{' + L + '"edges":[["a","q",1]]}', 'edges[0][1]: unknown right id "q"'),
    (["match", "solve"], '{' + L + '"edges":[["a","x",1],["a","x",2]]}', 'edges[1]: duplicate edge "a" - "x"'),
    (["match", "solve"], '{' + L + '"edges":[["a","x"]]}', "edges[0]: must be an array [left_id, right_id, score]"),
    (["match", "solve"], '{"left":[{"id":"a","capacity":-1}],"right":[],"edges":[]}', "left[0].capacity: must be a non-negative integer"),
    (["match", "solve"], '{"left":[{"id":"a"}],"right":[],"edges":[]}', 'left[0]: missing "capacity"'),
    (["match", "solve"], '{"left":[],"right":[],"edges":[]', "line 1, column"),
    (["match", "solve"], '{"left":[],\n"right":[,],"edges":[]}', "line 2, column"),
    (["match", "solve"], '[]', "top level must be an object"),
    (["match", "solve"], '{"left":[],"right":[]}', 'missing "edges"'),
    (["speeddate", "plan"], '{' + A + '"interests":[["a","x",-2]]}', "interests[0][2]: weight must be a positive integer"),
    (["speeddate", "plan"], '{' + A + '"interests":[["a","x",1],["a","x",1]]}', 'interests[1]: duplicate interest "a" - "x"'),
    (["speeddate", "plan"], '{' + A + '"interests":[["x","a",1]]}', 'interests[0][0]: unknown association id "x"'),
    (["speeddate", "plan"], '{"rounds":1001,"tables":1,"associations":[],"companies":[],"interests":[]}', '"rounds": must be at most 1000'),
    (["speeddate", "plan"], '{"rounds":1,"associations":[],"companies":[],"interests":[]}', 'missing "tables"'),
    (["speeddate", "plan"], '{"rounds":2,"tables":1,"associations":[{"id":"a","max_meetings":"2"}],"companies":[],"interests":[]}',
     "associations[0].max_meetings: must be a non-negative integer"),
]
for args, content, message in errors:
    rc, out, err = run(args, content)
    report(rc == 2 and message in err and out == "",
           "%s %s: malformed file exits 2 with \"%s\"" % (args[0], args[1], message),
           "exit %d, stderr %r, stdout %r" % (rc, err, out[:100]))

usage = [
    (["match", "solve"], "needs an instance file"),
    (["match", "solve", "a.json", "b.json"], "takes one file"),
    (["match", "solve", "--frob", "a.json"], 'unknown option "--frob"'),
    (["speeddate", "plan", "/nonexistent/plan.json"], 'could not open file "/nonexistent/plan.json"'),
    (["match", "solve", tmp], 'could not read file "%s": is a directory' % tmp),
    (["speeddate", "shuffle", "x.json"], 'unknown command "speeddate shuffle"'),
]
for args, message in usage:
    p = subprocess.run([bin_] + args, capture_output=True, text=True, timeout=60)
    report(p.returncode == 2 and message in p.stderr,
           "%s: exit 2 with \"%s\"" % (" ".join(args), message),
           "exit %d, stderr %r" % (p.returncode, p.stderr))
p = subprocess.run([bin_, "match", "solve", "--help"], capture_output=True, text=True, timeout=60)
report(p.returncode == 0 and "usage: samskab match solve" in p.stdout, "match solve --help",
       "exit %d, %r" % (p.returncode, p.stdout))

sys.exit(1 if failed_any else 0)
EOF
