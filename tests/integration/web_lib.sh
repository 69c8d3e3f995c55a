# The helpers of samskab-web's curl suites (web_http.sh, web_citizen.sh).
# Source it after lib.sh. It sets url (the running web, no trailing
# slash), page and hdr (the last response's body and headers).
url=$("$SAMSKAB_TOP/deploy/local/stack.sh" web-url "$SAMSKAB_VAR")
url=${url%/}
page=$tmp/page hdr=$tmp/headers

# get NAME WANT_STATUS PATH [CURL ARGS...]: the status, the page in $page,
# the headers in $hdr
get() {
    local name=$1 want=$2 path=$3; shift 3
    local status
    status=$(curl -s -o "$page" -D "$hdr" -w '%{http_code}' "$@" "$url$path")
    if [ "$status" = "$want" ]; then echo "ok - $name: $want"
    else echo "not ok - $name: status $status, want $want"; head -c 600 "$page" | sed 's/^/#   /'; echo; fi
}

# has NAME TEXT [FILE]: the page (or FILE) contains TEXT, as it is
has() {
    if grep -qF -- "$2" "${3:-$page}"; then echo "ok - $1"
    else echo "not ok - $1: no \"$2\""; head -c 800 "${3:-$page}" | sed 's/^/#   /'; echo; fi
}
hasnt() {
    if ! grep -qF -- "$2" "${3:-$page}"; then echo "ok - $1"
    else echo "not ok - $1: \"$2\" is there"; grep -nF -- "$2" "${3:-$page}" | head -5 | sed 's/^/#   /'; fi
}

# headers NAME: the security headers every response carries
headers() {
    local ok=1 h
    for h in "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'" \
             "Referrer-Policy: no-referrer" "X-Content-Type-Options: nosniff"; do
        tr -d '\r' <"$hdr" | grep -qixF -- "$h" || { ok=; echo "#   missing: $h"; }
    done
    if [ -n "$ok" ]; then echo "ok - $1: security headers"; else echo "not ok - $1: security headers"; fi
}

# post NAME WANT_STATUS FIELDS...: POST the form to $vurl with the cookie
# jar $jar
post() { local n=$1 w=$2; shift 2; local a=(); for f in "$@"; do a+=(--data-urlencode "$f"); done; get "$n" "$w" "$vurl" -c "$jar" -b "$jar" "${a[@]}"; }
