#!/usr/bin/env bash
# The erase key (common/sk_erase.h): registry and vote refuse to start
# without a usable one, saying which setting and file and what is wrong;
# samskab-web likewise for its token key.
# Each is started beside the running stack on the stack's configuration
# with only the key changed; it stops at the key, before binding anything.
. "$(dirname "$0")/lib.sh"
var=$SAMSKAB_VAR
good=$var/keys/erase.key
grep -v erase_key_file "$var/samskab.cfg" >"$tmp/nokey.cfg"
(umask 077; printf 'abc\n' >"$tmp/short.key"; od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$tmp/open.key")
chmod 644 "$tmp/open.key"
mkdir "$tmp/dir.key"

# refuses NAME SERVICE CONFIG KEY GREP: the service exits 1 with GREP
refuses() {
    local name=$1 s=$2 cfg=$3 key=$4 pattern=$5 env
    env=SAMSKAB_$(echo "$s" | tr a-z A-Z)_ERASE_KEY_FILE
    check "$s: $name" 1 "$pattern" -- \
        env "$env=$key" SAMSKAB_SERVICE=$s SAMSKAB_CONFIG="$cfg" timeout 30 "$SAMSKAB_BIN/samskab-$s"
}
for s in registry vote; do
    check "$s: the stack's configuration names the shared key" 0 "" -- \
        grep -A8 "^$s\$" "$var/samskab.cfg"
    grep -q "erase_key_file = \"$good\"" "$out" && echo "ok - $s reads $good" || echo "not ok - $s: no erase_key_file"
    check "$s: missing setting" 1 "missing setting \"$s/erase_key_file\"" -- \
        env SAMSKAB_SERVICE=$s timeout 30 "$SAMSKAB_BIN/samskab-$s" -c "$tmp/nokey.cfg"
    refuses "missing file" $s "$var/samskab.cfg" "$tmp/none.key" "could not open key file \"$tmp/none.key\" (setting \"$s/erase_key_file\"): No such file"
    refuses "readable by all" $s "$var/samskab.cfg" "$tmp/open.key" "is readable or writable by other users"
    refuses "not 64 hexadecimal digits" $s "$var/samskab.cfg" "$tmp/short.key" "must hold 32 bytes or 64 hexadecimal digits"
    refuses "a folder" $s "$var/samskab.cfg" "$tmp/dir.key" "is not a regular file"
    if [ "$(id -u)" != 0 ]; then
        cp "$good" "$tmp/locked.key" && chmod 000 "$tmp/locked.key"
        refuses "unreadable" $s "$var/samskab.cfg" "$tmp/locked.key" "Permission denied"
    fi
done
# samskab-web's token key (forms, links, sessions) is read as every key
# file is: a regular file, no other user's, 32 bytes or 64 hex digits
wrefuses() {
    check "web: $1" 1 "$3" -- env SAMSKAB_WEB_TOKEN_KEY_FILE="$2" timeout 30 "$SAMSKAB_BIN/samskab-web" --check
}
wrefuses "a token key readable by all" "$tmp/open.key" "is readable or writable by other users"
wrefuses "a token key not 64 hexadecimal digits" "$tmp/short.key" "must hold 32 bytes or 64 hexadecimal digits"
wrefuses "a token key that is a folder" "$tmp/dir.key" "is not a regular file"
wrefuses "no token key" "$tmp/none.key" "could not open key file \"$tmp/none.key\" (setting \"web/token_key_file\")"
check "web: the stack's token key is fine" 0 "fine" -- "$SAMSKAB_BIN/samskab-web" --check

# The key file's bytes never reach a log
k=$(tr -d ' \n' <"$good")
if grep -rqs -- "$k" "$var"/*.log "$var/logs" 2>/dev/null; then
    echo "not ok - the erase key is in a log"
else
    echo "ok - the erase key is in no log"
fi
