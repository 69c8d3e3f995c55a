#!/usr/bin/env bash
# A small demo: Randers (0730) and Odense (0461), with associations,
# companies, institutions and volunteers drawn from the situations in
# DOMAIN.md. Loaded through the CLI, the one way in. Run once per stack.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
sk() { "${SAMSKAB_BIN:-$top/bin}/samskab" "$@" >/dev/null; }

# Randers
r() { sk --tenant 0730 "$@"; }
r area add "Centrum"
r area add "Vorup"
r association add --name "Ældresagen Randers" --members 2100 --active-volunteers 140 \
    --description "Besøgsvenner og motion for ældre; vil gerne have yngre besøgsvenner" \
    --has volunteer-recruitment:3 --has board-work:3 --needs mentoring --serves elderly:3 \
    --serves lonely --speaks da --activity "Besøgsven;visiting-friend;elderly,lonely" --publish yes
r association add --name "International Kvindeforening" --ethnic-minority yes --members 45 \
    --description "Kvinder fra mange lande mødes; vil lære dansk foreningsliv og have en konkret aktivitet" \
    --has danish-language:1 --needs association-life:3 --needs accounting --needs volunteer-recruitment \
    --serves women:3 --serves newcomers --speaks da --speaks ar --speaks so --speaks ti \
    --activity "Fællesspisning;cooking;women,families"
r association add --name "Randers Skakklub" --folkeoplysende yes --members 60 \
    --has trainer-development:2 --needs volunteer-recruitment --serves youth --serves elderly --speaks da
r company add --name "Randers Revision ApS" --cvr 31110866 --employees 24 --csr-capacity 2 \
    --has accounting:3 --has business-economics:3 --description "Revision og rådgivning" --publish yes
r institution add --name "Vestervangskolen" --institution-type school \
    --serves children:3 --serves students --needs association-life --has premises:2
r institution add --name "Ungdomsklubben Nord" --institution-type youth_club \
    --serves youth:3 --serves vulnerable-housing-areas --has premises:3 --needs trainer-development
r volunteer add --name "Mette Jensen" --consent yes --email mette@example.dk \
    --availability "hverdage efter kl. 17" --capacity 2 --has it-help:3 --has social-media:2 \
    --speaks da --speaks en

# Odense
o() { sk --tenant 0461 "$@"; }
o area add "Bolbro"
o area add "Vollsmose"
o association add --name "Kvarterhuset Vollsmose" --members 300 \
    --description "Børn og unge i et udsat boligområde" --has housing-cooperation:3 \
    --needs coaching-sport --serves children:3 --serves vulnerable-housing-areas:3 --speaks da --speaks ar --speaks so
o association add --name "Boldklubben B1909 Ungdom" --folkeoplysende yes --members 450 --active-volunteers 60 \
    --description "Fodboldklub der vil have flere ungdomsmedlemmer" --has coaching-sport:3 \
    --needs volunteer-recruitment --serves youth:3 --serves children --speaks da \
    --activity "Fodbold for børn og unge;football;children,youth"
o association add --name "Røde Kors Ungdom Odense" --members 120 --active-volunteers 80 \
    --has mentoring:3 --has homework-help:3 --needs premises --serves newcomers:3 --serves youth \
    --speaks da --speaks en --activity "Lektiecafé;homework-cafe;children,newcomers"
o company add --name "Fynsk Kommunikation A/S" --cvr 31388031 --employees 40 --csr-capacity 3 \
    --has communication:3 --has project-management:3 --has social-media:3 --publish yes
o institution add --name "Bostedet Engen" --institution-type social_institution --capacity 12 \
    --description "Bosted for voksne med handicap; ønsker en computercafé" \
    --needs it-help:3 --serves disabilities:3
o volunteer add --name "Ali Hassan" --consent yes --phone "+45 20 00 00 00" \
    --availability "weekender" --capacity 1 --has mentoring:2 --speaks ar --speaks da

# A citizen budget in Odense's Bolbro, with projects to vote on, and an
# in-app subscription so the inbox shows new associations
o budget create --name "Bolbro bestemmer" --amount 300000 --area 3 \
    --pool store:200000 --pool små:100000 --max-choices 3
o budget project 1 --title "Bevægelsespark ved skolen" --cost 150000 --pool store
o budget project 1 --title "Udendørs scene i parken" --cost 120000 --pool store
o budget project 1 --title "Lektiecafé med frivillige" --cost 40000 --pool små
o budget project 1 --title "Fællesspisning hver måned" --cost 25000 --pool små
sk notify subscribe --recipient staff:koordinator --kind staff --channel inapp \
    --topic registry.association. --language da

# What a municipality must hear (samskab notify status): the staff who follow
# up get the status meetings' and the citizen budgets' reminders by e-mail
# (in the local mail sink)
r notify subscribe --recipient staff:koordinator --kind staff --channel email \
    --address koordinator@randers.example --topic match.meeting.,vote.budget. --language da
o notify subscribe --recipient staff:koordinator --kind staff --channel email \
    --address koordinator@odense.example --topic match.meeting.,vote.budget. --language da
