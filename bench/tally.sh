#!/usr/bin/env bash
# make bench-tally: samskab-tally per rule on every Pabulib file with
# reference results (the largest: Poland_Lodz_2022, 90,494 voters;
# Poland_Warszawa_2026, 61,668 voters), next to the pabutools 1.2.3 run
# times recorded in expected/NAME.json ("pabutools_seconds"), and mes-add1
# on every holdout file. Each time is the best of RUNS wall-clock runs of
# the whole program (reading and parsing the file included). Prints the
# "## Tally (make bench-tally)" section and writes it into BENCHMARKS.md.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
data=${SAMSKAB_SHARED:-$top/../shared}/data/pabulib
bin=$top/bin/samskab-tally
runs=${RUNS:-3}
[ -x "$bin" ] || { echo "bench-tally: $bin missing (make bin/samskab-tally)" >&2; exit 1; }

section=$(python3 - "$bin" "$data" "$runs" <<'EOF'
import glob, json, os, subprocess, sys, time

bin_, data, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])

def best_time(args):
    best, out = None, None
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run([bin_] + args, capture_output=True, check=True)
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
        out = json.loads(p.stdout)
    return best, out

def fmt(s):
    return f"{s:.3f}" if s < 10 else f"{s:.1f}"

files = sorted(glob.glob(os.path.join(data, "expected", "*.json")),
               key=lambda f: -json.load(open(f)).get("num_voters", 0))
rows, all_same, worst_add1 = [], True, (0.0, "")
min_ratio = None
for exp in files:
    e = json.load(open(exp))
    name = os.path.basename(exp)[:-5]
    if name.startswith("toy_"):
        continue
    pb = os.path.join(data, name + ".pb")
    for rule, want in e["results"].items():
        secs, got = best_time(["--rule", rule, "--json", pb])
        same = got["selected"] == want["winners_sorted"]
        all_same = all_same and same
        ref = want.get("pabutools_seconds")
        if ref:
            ratio = ref / secs
            if ref >= 1:
                min_ratio = ratio if min_ratio is None else min(min_ratio, ratio)
            ratio_s = f"{ratio:,.0f}x" if ratio >= 10 else f"{ratio:.1f}x"
            ref_s = fmt(ref)
        else:
            ref_s = "out of memory" if rule.startswith("mes-add1") else "not run"
            ratio_s = "-"
        if rule == "mes-add1" and secs > worst_add1[0]:
            worst_add1 = (secs, name)
        runs_s = f" ({got['mes_runs']} MES runs)" if rule.startswith("mes-add1") else ""
        rows.append(f"| {name} | {e.get('num_voters', '?'):,} | {rule} | {ref_s} | "
                    f"{fmt(secs)}{runs_s} | {ratio_s} | {'yes' if same else 'NO'} |")

hold = []
for pb in sorted(glob.glob(os.path.join(data, "holdout", "*.pb"))):
    secs, got = best_time(["--rule", "mes-add1", "--json", pb])
    name = os.path.basename(pb)[:-3]
    if secs > worst_add1[0]:
        worst_add1 = (secs, name)
    hold.append(f"| {name} | {got['voters']:,} | {fmt(secs)} | {got['mes_runs']} |")

def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()

cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-").strip()
mem = sh("awk '/MemTotal/ {printf \"%.1f GiB\", $2 / 1048576}' /proc/meminfo")
load = sh("cut -d' ' -f1-3 /proc/loadavg")
date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())

print("## Tally (make bench-tally)")
print()
print("`samskab-tally --rule RULE --json FILE.pb` (the whole program: reading,")
print("parsing, tallying, printing) against pabutools 1.2.3's run times as")
print("recorded in `shared/data/pabulib/expected/NAME.json`")
print("(`pabutools_seconds`, \"on a machine like yours\"); ratio = pabutools /")
print(f"samskab-tally. Best of {runs} runs. Winners identical: `selected` equals")
print("the reference `winners_sorted`. Exact rational arithmetic throughout;")
print("MES evaluates projects over rigorous floating-point enclosures and falls")
print("back to GMP rationals when they cannot decide, then replays the outcome")
print("exactly.")
print()
print(f"Machine: {sh('nproc')} CPUs ({cpu}), {mem} RAM, load average {load} "
      f"(shared with other builds); {date}.")
print()
print(f"Summary: winners identical on every file and rule: {'yes' if all_same else 'NO'}; "
      f"smallest speed-up where pabutools took a second or more "
      f"{min_ratio:,.0f}x (below that, process start-up dominates); slowest mes-add1 "
      f"{fmt(worst_add1[0])} s ({worst_add1[1]}).")
print()
print("| file | voters | rule | pabutools s | samskab-tally s | ratio | winners identical |")
print("|---|---:|---|---:|---:|---:|---|")
print("\n".join(rows))
print()
print("mes-add1 on the holdout files (no reference times):")
print()
print("| file | voters | samskab-tally s | MES runs |")
print("|---|---:|---:|---:|")
print("\n".join(hold))
EOF
)
echo "$section"
"$top/bench/section.sh" "$top/BENCHMARKS.md" "## Tally (make bench-tally)" <<<"$section"
