#!/usr/bin/env bash
# The page search_page (018) finds by walking a bounded number of documents
# and asking the GIN indexes for the rest is exactly the page of every hit
# ordered (how many of the words the name holds, then id): one word, two,
# three, prefixes, exclusions, phrases, "or", with limits, kinds, archived
# parties and the municipality's wall. Generated parties in a municipality
# of their own (0851), more than the walk reads: names and descriptions from
# a few words, activities (C) and visit notes (D).
. "$(dirname "$0")/lib.sh"
psql_() { "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -h "$SAMSKAB_VAR/pg" -U postgres -d samskab -qAt -v ON_ERROR_STOP=1 "$@"; }
m=0851
words="ældre kvinder børn unge familier frivillige weekend sang"

python3 - "$tmp/parties.csv" $words <<'PY'
import random, sys
path, words = sys.argv[1], sys.argv[2:]
rnd = random.Random(3)
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write("name;description;members;active_volunteers;publish;has;needs;serves\r\n")
    for i in range(7000):
        name = "%s %s %d" % (rnd.choice(words).capitalize(),
                             rnd.choice(["klub", "forening", "netværk"]), i + 1)
        if rnd.random() < 0.2:
            name = "%s og %s" % (rnd.choice(words).capitalize(), name)
        desc = " ".join(rnd.choice(words + ["hver", "uge"]) for _ in range(rnd.randint(1, 8)))
        f.write('%s;"%s";10;2;ja;;;youth\r\n' % (name, desc.capitalize()))
PY
check "import the generated parties" 0 "imported 7000" -- \
    $sk --tenant $m --timeout 600000 import associations "$tmp/parties.csv"
ids=$(psql_ -c "SELECT string_agg(id::text, ' ') FROM (SELECT id FROM registry.party
    WHERE tenant = '$m' ORDER BY id LIMIT 20) p")
set -- $ids
# Other kinds, activities (C), visit notes (D) and archived parties
cvr=(31506808 31506816 31506824 31506832)
for w in ældre børn familier frivillige; do
    $sk --tenant $m company add --name "$w kvinder firma" --cvr "${cvr[0]}" \
        --description "$w unge familier weekend" >/dev/null
    $sk --tenant $m institution add --name "Skole for $w" --institution-type youth_club \
        --description "børn $w sang" >/dev/null
    cvr=("${cvr[@]:1}")
done
for i in 1 2 3 4 5 6; do
    $sk --tenant $m association add --name "Netværk $i" --description "hver uge" \
        --activity "Sang for ældre kvinder og unge hver weekend;;women" >/dev/null
done
for i in 7 8 9 10 11 12; do
    $sk --tenant $m visit add "${!i}" --date 2026-10-01 --staff X \
        --activities "frivillige børn og familier" --challenges "ældre kvinder synger" >/dev/null
done
for i in 13 14 15 16 17 18 19 20; do
    $sk --tenant $m association archive "${!i}" >/dev/null
done
check "the activities are in the search documents" 0 "^6$" -- \
    psql_ -c "SELECT count(*) FROM registry.search_doc WHERE tenant = '$m' AND doc @@ 'sang:C'::tsquery"
check "the visit notes are in the search documents" 0 "^6$" -- \
    psql_ -c "SELECT count(*) FROM registry.search_doc WHERE tenant = '$m' AND doc @@ 'aeldr:D'::tsquery"

# Queries of one and two of the words (whole or their first four letters),
# three, exclusions, a phrase and "or", with limits, kinds and archived,
# against every hit ordered
cat >"$tmp/cmp.sql" <<SQL
SET search_path = registry;
WITH w AS (SELECT unnest(string_to_array('$words', ' ')) AS w),
v AS (SELECT w FROM w UNION SELECT left(w, 4) FROM w),
t AS (SELECT a.w AS t FROM v a
      UNION ALL SELECT a.w || ' ' || b.w FROM w a JOIN w b ON a.w < b.w
      UNION ALL SELECT left(a.w, 4) || ' ' || left(b.w, 4) FROM w a JOIN w b ON a.w < b.w
                WHERE a.w < 'f'
      UNION ALL SELECT a.w || ' -weekend' FROM w a WHERE a.w <> 'weekend'
      UNION ALL SELECT a.w || ' ' || b.w || ' -sang' FROM w a JOIN w b ON a.w < b.w
                WHERE a.w < 'f' AND 'sang' NOT IN (a.w, b.w)
      UNION ALL SELECT a.w || ' ' || b.w || ' ' || c.w FROM w a JOIN w b ON a.w < b.w
                JOIN w c ON c.w > b.w WHERE a.w < 'f'
      UNION ALL VALUES ('"ældre kvinder" or sang'), ('"unge familier" or weekend')),
q AS MATERIALIZED (SELECT t.t, search_query(t.t) AS q FROM t),
c AS MATERIALIZED (
    SELECT q.*, search_words(q.q) AS ws, search_any(search_words(q.q)) AS anyq, l.l, k.k, a.a
    FROM q, (VALUES (1), (20)) AS l(l), (VALUES (NULL), ('company')) AS k(k),
        (VALUES (false), (true)) AS a(a)),
r AS MATERIALIZED (SELECT c.*,
        ARRAY(SELECT row(f.id, f.tier)::text FROM search_page('$m', c.q, c.ws, c.k, c.a, c.l) f)
            AS fast,
        -- With a cap of none on the names of several words: the walk of 019
        ARRAY(SELECT row(f.id, f.tier)::text FROM search_page('$m', c.q, c.ws, c.k, c.a, c.l, 0) f)
            AS walk,
        ARRAY(SELECT row(h.id, h.tier)::text FROM (
              SELECT s.party_id AS id,
                     CASE WHEN cardinality(c.ws) = 0 OR NOT s.name_doc @@ c.anyq THEN 0
                          ELSE search_tier(s.name_doc, c.ws) END AS tier
              FROM search_doc s
              WHERE s.tenant = '$m' AND s.doc @@ c.q AND (c.k IS NULL OR s.kind = c.k)
                AND (NOT s.archived OR c.a)) h
              ORDER BY h.tier DESC, h.id LIMIT c.l) AS every
      FROM c)
SELECT count(*), count(*) FILTER (WHERE fast <> every OR walk <> every),
       sum(cardinality(every)),
       count(*) FILTER (WHERE every[1] LIKE '%,0)' AND cardinality(every) = l),
       count(*) FILTER (WHERE cardinality(every) < l),
       string_agg(t, '; ') FILTER (WHERE fast <> every OR walk <> every)
FROM r
SQL
res=$(psql_ -f "$tmp/cmp.sql")
# cases|differ|rows|full pages without a name|short pages|the queries that differ
if [[ "$res" =~ ^([0-9]+)\|0\|([0-9]+)\|([0-9]+)\|([0-9]+)\|$ ]] \
    && [ "${BASH_REMATCH[1]}" -gt 500 ] && [ "${BASH_REMATCH[3]}" -gt 4 ] \
    && [ "${BASH_REMATCH[4]}" -gt 20 ]; then
    echo "ok - every query's page is the page of every hit ordered (cases, differ, rows, full pages without a name, short pages: $res)"
else
    echo "not ok - pages differ from every hit ordered (cases, differ, rows, full pages without a name, short pages, queries): $res"
fi

# Several words, tier by tier from the cheapest side (022): the documents
# a search reads (rows fetched from search_doc, counted in one transaction)
# are a fraction of those the walk of 019 reads, which evaluates every
# document until the page's lowest tier is proven
reads() {
    psql_ -c "SET search_path = registry;
        CREATE TEMP TABLE before AS SELECT idx_tup_fetch + seq_tup_read AS n
            FROM pg_stat_xact_user_tables WHERE relid = 'search_doc'::regclass;
        CREATE TEMP TABLE found AS SELECT f.* FROM unnest('{$2}'::text[]) AS t (t),
            search_query(t.t) AS q, $1('$m', q, search_words(q), NULL, false, 20) AS f;
        SELECT s.idx_tup_fetch + s.seq_tup_read - b.n FROM pg_stat_xact_user_tables s, before b
        WHERE s.relid = 'search_doc'::regclass"
}
# As autovacuum would have it: the walk of 019 reads the whole municipality
# on a table never analyzed
psql_ -c "ANALYZE registry.search_doc"
several='"ældre kvinder","børn unge weekend","familier sang","frivillige unge -sang"'
tiers=$(reads search_page "$several")
walk=$(reads search_walk "$several")
if [ "$tiers" -gt 0 ] && [ $((tiers * 3)) -lt "$walk" ]; then
    echo "ok - several words read $tiers documents, the walk of 019 $walk"
else
    echo "not ok - several words read $tiers documents, not a third of the walk's $walk"
fi

# A query's text is only words: quotes, backslashes, operators and words of
# two letters are taken as text
for q in "a'b\\c" "x:* & !" "(de | og)" "ab" "'"; do
    check "search_query takes \"$q\" as text" 0 "^t$" -- psql_ -c "SET search_path = registry;
        SELECT registry.search_query(\$\$$q\$\$)::text IS NOT NULL"
done

# Through the service: the page of the CLI is the page of every hit ordered
page() {
    psql_ -c "SET search_path = registry;
        SELECT string_agg(h.id || ':' || h.tier, ' ' ORDER BY h.tier DESC, h.id) FROM (
        SELECT s.party_id AS id, search_tier(s.name_doc, search_words(q)) AS tier
        FROM registry.search_doc s, search_query(\$\$$1\$\$) q
        WHERE s.tenant = '$m' AND s.doc @@ q AND NOT s.archived $3
        ORDER BY 2 DESC, 1 LIMIT $2) h"
}
#   "id:tier ..." of the page, the tier as the rank
same() {
    is "$1" "[(x['id'], x['rank']) for x in d] == [(int(a), float(b))
        for a, b in (p.split(':') for p in '$2'.split())] and len(d) > 0"
}
for q in "ældre kvinder" "frivillige -weekend" "børn unge -sang" "familier ældre ældre" "unge unge" \
    "frivi fami" "kvinder"; do
    want=$(page "$q" 12 "")
    check "search \"$q\" through the service" 0 "" -- $sk --tenant $m --json search "$q" --limit 12
    same "\"$q\": the page of every hit ordered" "$want"
done
want=$(page "unge familier" 5 "AND s.kind = 'company'")
check "search two words of one kind through the service" 0 "" -- \
    $sk --tenant $m --json search "unge familier" --kind company --limit 5
same "two words of one kind: the page of every hit ordered" "$want"
check "two words stay in their municipality" 0 "" -- $sk --tenant 0730 --json search "frivillige weekend"
all=$(psql_ -c "SELECT string_agg(id::text, ' ') FROM registry.party WHERE tenant = '$m'")
is "no party of $m found from 0730" "all(x['id'] not in [int(i) for i in '$all'.split()] for x in d)"
