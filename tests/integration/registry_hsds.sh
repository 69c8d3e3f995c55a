#!/usr/bin/env bash
# samskab export hsds (#16) through the CLI (tests/run.sh): every organisation
# and service of the public offer validates against the official Open Referral
# HSDS 3.0 schemas (organization.json, organization_list.json, service.json in
# ../shared/data/hsds, with python3-jsonschema, formats checked); ids are
# UUIDs, the same in every export and computable from the party's id (v5, the
# namespace of cli_hsds.c); addresses carry the fields HSDS requires; imported
# associations get services from their activities. Each check prints
# "ok - NAME" or "not ok - NAME: why".
. "$(dirname "$0")/lib.sh"
schemas=${SAMSKAB_SHARED:-$SAMSKAB_TOP/../shared}/data/hsds

printf 'navn;offentlig;adresse;hjemmeside;har;målgrupper;sprog;aktiviteter;kontaktperson;e-mail\n%s\n%s\n%s\n' \
    "HSDS Fodbold $$;ja;Stadionvej 1, 8900 Randers C;fodbold.example.dk;trainer-development:3;Unge;da;fodbold|Lektiehjælp for alle=homework-cafe;Træner Tove;tove@example.dk" \
    "HSDS Kor $$;ja;Kirkepladsen 2;;;ældre;;kor;;" \
    "HSDS Skjult $$;nej;;;;;;kor;;" >"$tmp/hsds.csv"
check "associations imported with activities" 0 "imported 3 associations" -- $sk import associations "$tmp/hsds.csv"
check "export the public offer" 0 "" -- $sk export hsds --out "$tmp/a.json"
check "export it again" 0 "" -- $sk export hsds --out "$tmp/b.json"
# Debian's python3, where python3-jsonschema is (another may come first on PATH)
/usr/bin/python3 -c "import jsonschema" 2>/dev/null || echo "not ok - python3-jsonschema missing (make deps)"
/usr/bin/python3 - "$schemas" "$tmp/a.json" "$tmp/b.json" "$$" <<'PY'
import json, sys, uuid
import jsonschema
schemas, a, b, run = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
def validator(name):
    s = json.load(open(f"{schemas}/{name}.json"))
    cls = jsonschema.validators.validator_for(s, default=jsonschema.Draft202012Validator)
    return cls(s, format_checker=cls.FORMAT_CHECKER)
org_v, list_v, service_v = validator("organization"), validator("organization_list"), validator("service")
doc = json.load(open(a))
def ok(name, cond, why=""):
    print(("ok - " if cond else "not ok - ") + name + ("" if cond else ": " + str(why)[:600]))
orgs = doc["organizations"]
errors = []
for o in orgs:
    errors += [f"{o['name']}: {e.message}" for e in org_v.iter_errors(o)]
    listed = {k: v for k, v in o.items() if k in list_v.schema["properties"]}
    errors += [f"{o['name']} (list): {e.message}" for e in list_v.iter_errors(listed)]
    for s in o["services"]:
        errors += [f"{o['name']} / {s['name']}: {e.message}" for e in service_v.iter_errors(s)]
services = sum(len(o["services"]) for o in orgs)
ok(f"all {len(orgs)} organisations and {services} services validate against HSDS 3.0", orgs and services and not errors, errors)
# Ids: UUIDs, unique, stable, computable
ids = []
def walk(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "id":
                ids.append(v)
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(doc)
def is_uuid(s):
    try:
        return str(uuid.UUID(s)) == s
    except ValueError:
        return False
ok("every id is a UUID", ids and all(is_uuid(i) for i in ids), [i for i in ids if not is_uuid(i)][:5])
objects = {}
def unique(x, path):
    if isinstance(x, dict):
        if "id" in x and "taxonomy" not in x:  # a term is the same term wherever it is used
            objects.setdefault(x["id"], []).append(path)
        for k, v in x.items():
            unique(v, path + "/" + k)
    elif isinstance(x, list):
        for v in x:
            unique(v, path)
unique(doc, "")
ok("every object's id is its own", all(len(p) == 1 for p in objects.values()), [(i, p) for i, p in objects.items() if len(p) > 1][:3])
ok("the ids are the same in a second export", json.load(open(b)) == doc)
ns = uuid.uuid5(uuid.NAMESPACE_URL, "https://samskab.dk/hsds")
by = {o["name"]: o for o in orgs}
fod, kor = by.get(f"HSDS Fodbold {run}"), by.get(f"HSDS Kor {run}")
ok("only published parties, without personal fields", fod and kor and f"HSDS Skjult {run}" not in by
   and "Tove" not in open(a).read() and "tove@" not in open(a).read())
# The organisation's id from the party's id (samskab export csv has it)
import csv, os, subprocess
rows = list(csv.DictReader(subprocess.run([os.environ["SAMSKAB_BIN"] + "/samskab", "export", "csv", "associations"],
                                          capture_output=True, text=True).stdout.lstrip("\ufeff").splitlines(), delimiter=";"))
pid = [r["id"] for r in rows if r["name"] == f"HSDS Fodbold {run}"][0]
ok("an organisation's id is UUIDv5 of \"organization:ID\"", fod["id"] == str(uuid.uuid5(ns, "organization:" + pid)), (fod["id"], pid))
# Services from the imported activities, with their type as an attribute
s = {x["name"]: x for x in fod["services"]}
ok("imported activities are services", sorted(s) == ["Fodbold", "Lektiehjælp for alle"]
   and all(x["organization_id"] == fod["id"] and x["status"] == "active" for x in s.values()), sorted(s))
t = s["Lektiehjælp for alle"]["attributes"][0]
ok("a service's activity type is a taxonomy term", t["link_type"] == "activity_type" and t["link_id"] == s["Lektiehjælp for alle"]["id"]
   and t["taxonomy_term"]["code"] == "homework-cafe" and t["taxonomy_term"]["name"] == "Lektiecafé"
   and t["taxonomy_term_id"] == t["taxonomy_term"]["id"] == str(uuid.uuid5(ns, "term:activity_type:homework-cafe")), t)
# Attributes: the kind and every declaration, with terms and levels
attrs = {(x["link_type"], x["taxonomy_term"]["code"]): x for x in fod["attributes"]}
ok("declarations are attributes with their terms", set(attrs) == {("kind", "association"), ("has", "trainer-development"), ("serves", "youth"), ("speaks", "da")}
   and attrs[("has", "trainer-development")]["value"] == "3" and attrs[("serves", "youth")]["taxonomy_term"]["name"] == "Unge"
   and all(x["link_id"] == fod["id"] and x["link_entity"] == "organization" for x in attrs.values()), sorted(attrs))
sport = attrs[("has", "trainer-development")]["taxonomy_term"]
ok("a narrower term names its parent", sport["parent_id"] == str(uuid.uuid5(ns, "term:competence:people")), sport)
# Addresses: all of HSDS's required fields when the address reads so
loc = fod["locations"][0]
addr = loc["addresses"][0]
ok("an address with street, postal code, city, region and country", addr["address_1"] == "Stadionvej 1" and addr["postal_code"] == "8900"
   and addr["city"] == "Randers C" and addr["state_province"] == "Region Midtjylland" and addr["country"] == "DK"
   and addr["location_id"] == loc["id"] and loc["organization_id"] == fod["id"], addr)
ok("an address without postal code and city names the location", kor["locations"] == [{"id": str(uuid.uuid5(ns, "location:" + [r["id"] for r in rows if r["name"] == f"HSDS Kor {run}"][0])),
   "organization_id": kor["id"], "location_type": "physical", "name": "Kirkepladsen 2"}], kor["locations"])
ok("a website is a URI", fod["website"] == "https://fodbold.example.dk", fod.get("website"))
ok("no address, no location", all(o["locations"] == [] for o in orgs if o["name"].startswith("HSDS") and o["name"] not in (fod["name"], kor["name"])))
PY
