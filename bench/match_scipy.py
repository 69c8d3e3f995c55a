#!/usr/bin/python3
"""Benchmark instances for the match engine, and scipy's side of the race.

usage: match_scipy.py KIND SEED OUT.json [RUNS]
KIND: dense2000 | assoc2500 | sparse100k | speeddate200

Writes the instance (deterministic for a given seed) to OUT.json and prints
one JSON line on stdout: {"scipy_objective": n, "scipy_ms": t} timing
scipy.optimize.linear_sum_assignment alone on the capacity-expanded score
matrix (missing edges score 0, so a pair scipy is forced into adds nothing),
the best of RUNS calls (default 3), or {"scipy_objective": null,
"scipy_ms": null} where scipy does not apply (the expanded matrix of the
sparse instance would have 7.7e9 cells).
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def write_solve(path, lcap, rcap, li, rj, score):
    with open(path, "w") as f:
        f.write('{"left":[')
        f.write(",".join('{"id":"a%d","capacity":%d}' % (i, c) for i, c in enumerate(lcap)))
        f.write('],\n"right":[')
        f.write(",".join('{"id":"c%d","capacity":%d}' % (j, c) for j, c in enumerate(rcap)))
        f.write('],\n"edges":[\n')
        f.write(",\n".join('["a%d","c%d",%d]' % t for t in zip(li.tolist(), rj.tolist(), score.tolist())))
        f.write("]}\n")


def scipy_expanded(lcap, rcap, li, rj, score, runs):
    """Expand each node into `capacity` copies; a left of capacity 1 meets
    each right at most once, so the expansion cannot repeat a pair."""
    assert max(lcap) <= 1
    nl, nr = len(lcap), len(rcap)
    dense = np.zeros((nl, nr), dtype=np.int64)
    dense[li, rj] = score
    cols = np.repeat(np.arange(nr), rcap)
    rows = np.flatnonzero(np.asarray(lcap) > 0)
    matrix = dense[np.ix_(rows, cols)]
    best = None
    for _ in range(runs):
        t0 = time.perf_counter()
        r, c = linear_sum_assignment(matrix, maximize=True)
        ms = (time.perf_counter() - t0) * 1000.0
        best = ms if best is None else min(best, ms)
    return int(matrix[r, c].sum()), best


def main():
    kind, seed, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    rng = np.random.RandomState(seed)
    if kind == "dense2000":
        n = 2000
        lcap, rcap = [1] * n, [1] * n
        li, rj = np.divmod(np.arange(n * n), n)
        score = rng.randint(1, 1001, size=n * n)
    elif kind == "assoc2500":
        nl, nr = 2500, 300
        lcap = [1] * nl
        rcap = rng.randint(1, 4, size=nr).tolist()
        li, rj = np.divmod(np.arange(nl * nr), nr)
        score = rng.randint(1, 1001, size=nl * nr)
    elif kind == "sparse100k":
        nl, nr, deg = 100000, 5000, 40
        lcap = [1] * nl
        rcap = rng.randint(1, 31, size=nr).tolist()
        li = np.repeat(np.arange(nl), deg)
        # deg distinct rights per left, uniformly: redraw the rows that
        # repeat a right until none does
        rows = rng.randint(0, nr, size=(nl, deg))
        while True:
            s_ = np.sort(rows, axis=1)
            bad = np.flatnonzero((s_[:, 1:] == s_[:, :-1]).any(axis=1))
            if bad.size == 0:
                break
            rows[bad] = rng.randint(0, nr, size=(bad.size, deg))
        rj = rows.reshape(-1)
        score = rng.randint(1, 1001, size=nl * deg)
    elif kind == "speeddate200":
        na, nc, rounds, tables, deg = 200, 60, 10, 30, 20
        interests = []
        for a in range(na):
            for c in sorted(rng.choice(nc, deg, replace=False).tolist()):
                interests.append('["a%d","c%d",%d]' % (a, c, rng.randint(1, 101)))
        with open(out, "w") as f:
            f.write('{"rounds":%d,"tables":%d,\n"associations":[' % (rounds, tables))
            f.write(",".join('{"id":"a%d","max_meetings":%d}' % (a, rng.randint(1, 5)) for a in range(na)))
            f.write('],\n"companies":[')
            f.write(",".join('{"id":"c%d","max_meetings":%d}' % (c, rng.randint(5, 11)) for c in range(nc)))
            f.write('],\n"interests":[\n' + ",\n".join(interests) + "]}\n")
        print(json.dumps({"scipy_objective": None, "scipy_ms": None}))
        return
    else:
        sys.exit("unknown kind " + kind)
    write_solve(out, lcap, rcap, li, rj, score)
    if kind == "sparse100k":
        print(json.dumps({"scipy_objective": None, "scipy_ms": None}))
        return
    obj, ms = scipy_expanded(lcap, rcap, li, rj, score, runs)
    print(json.dumps({"scipy_objective": obj, "scipy_ms": round(ms, 1)}))


if __name__ == "__main__":
    main()
