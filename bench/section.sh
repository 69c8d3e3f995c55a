#!/usr/bin/env bash
# bench/section.sh FILE "## Heading" < TEXT: replace the section of FILE that
# starts with that heading (up to the next "## ") by TEXT, or append it.
# Every bench-* target writes its own section of BENCHMARKS.md this way.
set -euo pipefail
file=$1 heading=$2
text=$(cat)
[ -f "$file" ] || printf '# Benchmarks\n\nEach section is written by its make target; rerun it to refresh.\n' >"$file"
python3 - "$file" "$heading" "$text" <<'PY'
import sys
path, heading, text = sys.argv[1:]
lines = open(path, encoding="utf-8").read().split("\n")
out, i, done = [], 0, False
while i < len(lines):
    if lines[i] == heading:
        i += 1
        while i < len(lines) and not lines[i].startswith("## "):
            i += 1
        out += text.rstrip("\n").split("\n") + [""]
        done = True
        continue
    out.append(lines[i])
    i += 1
if not done:
    while out and out[-1] == "":
        out.pop()
    out += ["", *text.rstrip("\n").split("\n"), ""]
open(path, "w", encoding="utf-8").write("\n".join(out).rstrip("\n") + "\n")
PY
