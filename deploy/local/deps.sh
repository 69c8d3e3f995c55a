#!/usr/bin/env bash
# Install the Debian packages samskab builds, tests and runs with, if missing.
set -euo pipefail
# axe-core for the web pages' accessibility scan, from npm (deploy/local/npm.sh)
"$(dirname "$0")/npm.sh"
pkgs=(build-essential pkg-config libczmq-dev libzmq3-dev libmsgpack-dev libpq-dev
      libcurl4-openssl-dev libsodium-dev libgmp-dev libjansson-dev libmicrohttpd-dev curl
      postgresql postgresql-contrib valgrind python3 python3-scipy
      clang-format cppcheck
      chromium chromium-driver python3-selenium python3-jsonschema faketime)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "samskab: missing Debian packages: ${missing[*]}" >&2
    echo "HINT: run 'make deps' as root, or: apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "samskab: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
