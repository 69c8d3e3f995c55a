#!/usr/bin/env bash
# The npm packages the tests use (tests/axe: axe-core, pinned in its
# package-lock.json), installed with the machine's npm into build/npm, never
# from a CDN at test time. Again only when the lock file changed.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
dst=$top/build/npm
if [ -f "$dst/node_modules/axe-core/axe.min.js" ] && cmp -s "$top/tests/axe/package-lock.json" "$dst/package-lock.json"; then
    exit 0
fi
command -v npm >/dev/null || { echo "samskab: npm is missing (Node.js's npm; not Debian's npm package)" >&2; exit 1; }
mkdir -p "$dst"
cp "$top/tests/axe/package.json" "$top/tests/axe/package-lock.json" "$dst/"
echo "samskab: installing axe-core into build/npm"
(cd "$dst" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
