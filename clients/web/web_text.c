/*  web_text.c: every string the pages show, one table per language, and
    amounts and dates written the way each language writes them.

    The tables have the same keys in the same order (web_text_check, run
    at start, refuses to start otherwise); a template reads a string as
    {{t_KEY}}, which html escapes like every other value.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sk_mem.h"
#include "sk_number.h"
#include "web.h"

typedef struct {
    const char *key;  //  the name a template reads as t_KEY
    const char *text; //  in the table's language
} s_text_t;

static const s_text_t s_da[] = {
    { "lang", "da" },
    { "other_lang", "en" },
    { "other_lang_name", "English" },
    { "site_title", "Samskab" },
    { "skip", "Gå til indholdet" },
    { "home", "Forside" },
    { "index_heading", "Borgerbudgetter" },
    { "index_intro", "Her kan du følge kommunernes borgerbudgetter: se idéerne og projekterne, "
                     "og stem, når afstemningen er åben." },
    { "index_none", "Der er ingen borgerbudgetter endnu." },
    { "index_parties", "Forening, virksomhed, institution eller frivillig? Her ser I kommunens "
                       "forslag til samarbejde, jeres aftaler og jeres profil." },
    { "index_login", "Log ind med jeres e-mailadresse" },
    { "municipality", "Kommune" },
    { "area", "Område" },
    { "amount", "Beløb" },
    { "phase", "Fase" },
    { "phase_ideas", "Idéer" },
    { "phase_development", "Udvikling" },
    { "phase_voting", "Afstemning" },
    { "phase_closed", "Afstemningen er lukket" },
    { "phase_published", "Resultatet er offentliggjort" },
    { "phase_implementation", "Gennemførelse" },
    { "phase_archived", "Aflyst" },
    { "allows_ideas", "Borgere og foreninger kan foreslå idéer." },
    { "allows_development", "Idéerne bliver til projekter med en pris. Afstemningen er ikke "
                            "åben endnu." },
    { "allows_voting", "Afstemningen er åben: stem med den kode, du har fået." },
    { "allows_closed", "Afstemningen er lukket, og stemmerne bliver talt op." },
    { "allows_published", "Stemmerne er talt op: se, hvilke projekter der blev valgt." },
    { "allows_implementation", "De valgte projekter bliver gennemført." },
    { "allows_archived", "Borgerbudgettet er aflyst og arkiveret. Der bliver ikke stemt om det, "
                         "og der kommer ikke flere datoer." },
    { "dates", "Kommende datoer" },
    { "history", "Forløbet indtil nu" },
    { "date_ideas_from", "Idéer fra" },
    { "date_development_from", "Udvikling fra" },
    { "date_voting_from", "Afstemningen åbner" },
    { "date_voting_until", "Afstemningen slutter" },
    { "date_voting_opened", "Afstemningen åbnede" },
    { "date_voting_closed", "Afstemningen sluttede" },
    { "planned_for", "planlagt til" },
    { "date_results_on", "Resultatet offentliggøres" },
    { "date_implementation_from", "Gennemførelse fra" },
    { "ballot", "Sådan stemmer du" },
    { "ballot_approval", "Sæt kryds ved de projekter, du støtter." },
    { "ballot_knapsack", "Vælg projekter, så de tilsammen holder sig inden for puljen." },
    { "ballot_cumulative", "Fordel dine point mellem projekterne." },
    { "ballot_ranked", "Sæt projekterne i den rækkefølge, du foretrækker dem." },
    { "max_choices", "Højst antal projekter pr. pulje" },
    { "pool", "Pulje" },
    { "budget", "Puljens beløb" },
    { "projects", "Projekter" },
    { "cost", "Pris" },
    { "no_projects", "Der er ingen projekter endnu." },
    { "vote_now", "Stem her" },
    { "vote_heading", "Stem" },
    { "code_label", "Din kode" },
    { "code_hint", "Koden står i dit brev, fx ABCDE-12345. Store og små bogstaver er lige gode." },
    { "continue", "Videre" },
    { "cast", "Afgiv stemme" },
    { "code_missing", "Skriv din kode." },
    { "code_mistyped", "Koden er skrevet forkert. Tjek den mod dit brev, og prøv igen." },
    { "code_unknown",
      "Koden findes ikke i denne afstemning. Tjek, at du har skrevet den rigtigt." },
    { "code_revoked", "Koden er spærret. Kontakt kommunen, hvis du mener, det er en fejl." },
    { "code_used", "Koden er allerede brugt. Hver kode kan kun stemme én gang." },
    { "vote_not_open", "Afstemningen er ikke åben." },
    { "vote_over", "Afstemningen er slut." },
    { "vote_archived", "Borgerbudgettet er aflyst. Der bliver ikke stemt om det." },
    { "vote_ballot_unsupported",
      "Denne afstemning kan endnu ikke foregå på nettet. Kontakt kommunen." },
    { "ballot_refused", "Stemmesedlen overholder ikke reglerne: tjek antallet af projekter og "
                        "puljens beløb, og prøv igen." },
    { "ballot_stale", "Stemmesedlen er forældet eller ændret, så den er ikke afgivet. Start "
                      "forfra: skriv din kode igen." },
    { "ballot_over_budget", "De valgte projekter koster mere end puljens beløb. Fjern et "
                            "projekt, og prøv igen." },
    { "ballot_over_one", "De valgte projekter koster mere end puljens beløb" },
    { "ballot_over_chosen", "valgt" },
    { "ballot_over_of", "af" },
    { "ballot_over_fix", "Fjern et projekt i puljen, og prøv igen." },
    { "ballot_under_share", "De valgte projekter bruger for lidt af puljens beløb. Vælg flere "
                            "projekter, og prøv igen." },
    { "ballot_too_many", "Du har valgt for mange projekter i en pulje. Fjern et, og prøv igen." },
    { "ballot_empty", "Vælg mindst ét projekt." },
    { "ballot_empty_points", "Giv point til mindst ét projekt." },
    { "ballot_too_many_points", "Du har givet flere point, end du har i en pulje. Giv færre "
                                "point, og prøv igen." },
    { "ballot_points_range", "Et projekt kan få fra 1 point til det antal point, du har." },
    { "ballot_points_number", "Point skal være 0 eller mere, i hele tal, fx 3." },
    { "ballot_points_given", "Du har givet %lld point; du har %lld. Giv færre point, og prøv "
                             "igen." },
    { "ballot_rank_number", "Vælg en plads fra listen." },
    { "ballot_rank_twice", "To projekter i samme pulje har fået samme plads. Giv hvert projekt "
                           "sin egen plads." },
    { "knapsack_up_to", "Vælg projekter for højst" },
    { "knapsack_in_total", "i alt" },
    { "knapsack_at_least", "De skal tilsammen koste mindst" },
    { "of_the_pool", "af puljens beløb, så pengene bliver brugt" },
    { "points_have", "Du har" },
    { "points_unit", "point" },
    { "points_in_each_pool", "i hver pulje" },
    { "points_how", "Skriv, hvor mange point du giver hvert projekt. Tomme "
                    "felter giver 0 point. Et projekts point er summen af alle "
                    "stemmesedlers point til det." },
    { "rank_intro", "Giv de projekter, du støtter, en plads: 1 er det, du helst vil have. Hver "
                    "pulje tælles for sig, i pladsernes rækkefølge: dit første projekt får lige "
                    "så mange point, som der er pladser i puljen, dit næste ét point mindre og "
                    "så videre. Projekter uden plads får ingen point." },
    { "rank_none", "Ingen plads" },
    { "rank_place", "plads" },
    { "counter_chosen", "Valgt:" },
    { "counter_of", "af" },
    { "counter_over", "Det er for meget." },
    { "idea_heading", "Foreslå en idé" },
    { "idea_intro", "Har du en idé til, hvad pengene skal bruges på? Beskriv den her. Kommunen "
                    "samler idéerne og gør de bedste til projekter, der kan stemmes om." },
    { "idea_title_label", "Idéens titel" },
    { "idea_title_hint", "Kort, fx \"Bænke langs åen\". Højst 200 tegn." },
    { "idea_text_label", "Beskriv idéen" },
    { "idea_text_hint", "Hvad, hvor og for hvem? Højst 4.000 tegn." },
    { "idea_public", "Titel og beskrivelse bliver offentlige: de vises på borgerbudgettets side, "
                     "når en medarbejder i kommunen har læst idéen. Skriv derfor ikke navne, "
                     "telefonnumre eller andet personligt i dem." },
    { "idea_contact_heading", "Dine kontaktoplysninger (frivilligt)" },
    { "idea_contact_why", "Skriv dem, hvis kommunen må kontakte dig om idéen, fx med spørgsmål "
                          "eller for at fortælle, hvad der sker med den. De bruges kun til det, "
                          "vises aldrig offentligt og slettes automatisk, når resultatet af "
                          "afstemningen offentliggøres." },
    { "idea_name_label", "Navn" },
    { "idea_email_label", "E-mail" },
    { "idea_phone_label", "Telefon" },
    { "idea_consent_label", "Jeg giver samtykke til, at kommunen gemmer mine kontaktoplysninger "
                            "til dette formål, indtil resultatet offentliggøres." },
    { "idea_submit", "Send idéen" },
    { "idea_errors", "Formularen er ikke sendt. Ret felterne med fejl, og prøv igen." },
    { "idea_title_missing", "Skriv en titel på idéen." },
    { "idea_title_long", "Titlen er for lang: højst 200 tegn." },
    { "idea_text_long", "Beskrivelsen er for lang: højst 4.000 tegn." },
    { "idea_name_long", "Navnet er for langt: højst 200 tegn." },
    { "idea_email_bad", "Skriv en e-mailadresse som navn@eksempel.dk." },
    { "idea_phone_bad", "Skriv et telefonnummer med mindst 8 cifre, fx 86 12 34 56." },
    { "idea_consent_missing", "Sæt kryds her, hvis kommunen må gemme dine kontaktoplysninger, "
                              "eller tøm felterne." },
    { "idea_refused", "Idéen kunne ikke modtages. Tjek felterne, og prøv igen." },
    { "idea_closed", "Der kan ikke foreslås idéer i borgerbudgettet nu." },
    { "idea_done_heading", "Tak for din idé" },
    { "idea_done_text", "Kommunen har modtaget idéen. Den vises på borgerbudgettets side, når "
                        "en medarbejder har læst den." },
    { "idea_propose", "Foreslå en idé" },
    { "ideas_heading", "Borgernes idéer" },
    { "idea_status_open", "modtaget" },
    { "idea_status_merged", "lagt sammen med en anden idé" },
    { "idea_status_realised", "gennemført uden midler fra borgerbudgettet" },
    { "idea_status_project", "er blevet et projekt" },
    { "counted_heading", "Tjek din stemme" },
    { "counted_found", "Din stemme er talt med sådan" },
    { "counted_paper", "En stemmeseddel på papir." },
    { "counted_ranked", "Projekterne står i den rækkefølge, du gav dem, i hver pulje for sig." },
    { "receipt_field", "Din kvittering" },
    { "receipt_hint", "Den står på kvitteringen fra afstemningen, fx 7K2M-4QXW-9D3F-HT6P." },
    { "receipt_check", "Tjek kvitteringen" },
    { "receipt_not_found", "Der er ingen stemme med den kvittering i dette borgerbudget. Tjek, at "
                           "den er skrevet rigtigt." },
    { "receipt_mistyped", "Kvitteringen er skrevet forkert: skriv den som på din kvittering: "
                          "XXXX-XXXX-XXXX-XXXX (16 tegn)." },
    { "receipt_not_received", "Der er ikke modtaget nogen stemme med den kvittering i dette "
                              "borgerbudget. Tjek, at den er skrevet rigtigt." },
    { "receipt_not_yet", "Afstemningen er ikke åbnet endnu, så der er ingen stemmer at tjekke." },
    { "receipt_archived", "Borgerbudgettet er aflyst, så der er ingen stemmer at tjekke." },
    { "results_see", "Se resultatet" },
    { "results_heading", "Resultat" },
    { "results_not_yet", "Resultatet er ikke offentliggjort endnu." },
    { "results_due", "Resultatet offentliggøres" },
    { "stories_heading", "Gode historier om samarbejde" },
    { "stories_intro", "Foreninger, virksomheder, institutioner og kommunen fortæller om det, de "
                       "har lavet sammen. Historierne er offentliggjort med parternes samtykke." },
    { "stories_none", "Der er ingen historier endnu." },
    { "stories_rss", "Følg historierne som RSS-feed" },
    { "stories_rss_description", "Partnerskaber mellem foreninger, virksomheder, institutioner og "
                                 "kommunen" },
    { "stories_parties", "Parter" },
    { "offer_heading", "Foreningernes og virksomhedernes tilbud" },
    { "offer_intro", "Foreninger, virksomheder og institutioner, der har valgt at stå i kommunens "
                     "offentlige oversigt: hvad de kan, og hvem de når." },
    { "offer_none", "Ingen har offentliggjort deres tilbud endnu." },
    { "offer_has", "Det kan de" },
    { "offer_serves", "Dem når de" },
    { "offer_activities", "Aktiviteter" },
    { "offer_for", "For" },
    { "offer_website", "Hjemmeside" },
    { "results_voters", "Antal stemmer" },
    { "results_rule", "Sådan er vinderne fundet" },
    { "results_spent", "Brugt" },
    { "results_remaining", "Tilbage" },
    { "results_chart", "Stemmer pr. projekt" },
    { "results_chart_desc", "Søjlediagram: en søjle pr. projekt, længere jo flere stemmer "
                            "(point ved pointstemmer). De valgte projekter står først. Tallene "
                            "står også i tabellen." },
    { "results_chart_caption", "Mørkeblå søjler er valgte projekter, grå søjler er ikke valgt." },
    { "results_table", "Alle projekter" },
    { "results_project", "Projekt" },
    { "results_votes", "Stemmer" },
    { "results_points", "Point" },
    { "results_outcome", "Resultat" },
    { "results_chosen", "valgt" },
    { "results_not_chosen", "ikke valgt" },
    { "results_reason_greedy", "for dyr til det, der var tilbage" },
    { "results_reason_mes", "dens tilhængere havde ikke nok tilbage til at betale den" },
    { "results_pb", "Hent stemmerne som Pabulib-fil (.pb)" },
    { "results_pb_pool", "stemmerne som Pabulib-fil (.pb)" },
    { "results_downloads", "Data" },
    { "results_csv", "Hent alle stemmesedler (CSV)" },
    { "results_downloads_text", "Filerne er anonyme: de viser hver stemmeseddel med dens "
                                "kvittering, men ikke hvem der stemte. Du kan selv tælle "
                                "stemmerne op igen." },
    { "results_ties", "Projekter med lige mange stemmer" },
    { "results_tie_votes", "Lige mange stemmer" },
    { "results_tie_points", "Lige mange point" },
    { "results_tie_none", "Ingen af dem blev valgt." },
    { "results_tie_all", "Alle blev valgt." },
    { "results_tie_some", "Valgt" },
    { "results_tie_rule", "Står to projekter helt lige, vælges det projekt først, hvis "
                          "projektkode (i parentes) kommer først i alfabetet, tegn for tegn: "
                          "p10 kommer altså før p2. Der trækkes ikke lod, så de samme stemmer "
                          "giver altid det samme resultat. Bagefter gælder reglen ovenfor." },
    { "results_tie_level_votes", "Med denne regel står to projekter lige, når de har fået "
                                 "lige mange stemmer." },
    { "results_tie_level_points", "Med denne regel står to projekter lige, når de har fået "
                                  "lige mange point." },
    { "results_tie_level_per_krone", "Med denne regel står to projekter lige, når de har fået "
                                     "lige mange point for hver krone, de koster." },
    { "results_tie_level_other", "Med denne regel er lige mange stemmer ikke nok til at stå "
                                 "lige: prisen og hvem der har stemt på projekterne, tæller også "
                                 "med." },
    { "results_tie_order", "I tabellen står de valgte projekter i den rækkefølge, de blev "
                           "valgt. Ikke valgte projekter med lige mange stemmer står i den "
                           "rækkefølge, de blev oprettet." },
    { "results_late_heading", "Efteroptælling" },
    { "results_late_text", "Efter at afstemningen var lukket, blev der fundet stemmesedler på "
                           "papir, som er talt med i resultatet." },
    { "results_late_papers", "Stemmesedler på papir talt med efter lukningen" },
    { "results_late_opened", "Efteroptællingen blev åbnet" },
    { "results_late_reason", "Begrundelse" },
    { "receipt_heading", "Tak for din stemme" },
    { "receipt_label", "Din kvittering" },
    { "receipt_text", "Gem eller print kvitteringen. Når afstemningen er slut, kan du med den se, "
                      "at din stemme er talt med, som du afgav den." },
    { "receipt_choices", "Du stemte sådan" },
    { "receipt_pool_none", "Intet valgt i denne pulje." },
    { "receipt_own_page", "Kvitteringen på en side for sig, til at gemme som bogmærke" },
    { "receipt_pending", "Din stemme er modtaget. Når afstemningen er slut, vises den her, som den "
                         "blev talt." },
    { "back", "Tilbage til borgerbudgettet" },
    { "title_403", "Formularen er udløbet" },
    { "text_403",
      "Siden var åben for længe, eller den kom ikke herfra. Gå tilbage, og prøv igen." },
    { "title_404", "Siden findes ikke" },
    { "text_404", "Vi kan ikke finde den side, du leder efter. Tjek adressen, eller gå til "
                  "forsiden." },
    { "title_405", "Det kan siden ikke" },
    { "text_405", "Siden kan kun vises, ikke sendes til." },
    { "title_413", "For meget på én gang" },
    { "text_413", "Det, du sendte, er for stort." },
    { "title_429", "For mange forsøg" },
    { "text_429",
      "Der er sendt for mange forsøg fra din forbindelse. Vent et minut, og prøv igen." },
    { "title_500", "Der skete en fejl" },
    { "text_500", "Siden kunne ikke vises. Prøv igen om lidt." },
    { "title_503", "Prøv igen om lidt" },
    { "text_503", "Samskab svarer ikke lige nu. Prøv igen om et øjeblik." },
    { "login_heading", "Log ind" },
    { "login_intro",
      "For foreninger, virksomheder, institutioner og frivillige: skriv den "
      "e-mailadresse, kommunen har på jer, så sender vi et link, du logger ind med." },
    { "login_email", "Din e-mailadresse" },
    { "login_email_hint", "Fx kontakt@forening.dk" },
    { "login_email_bad", "Skriv en e-mailadresse, fx kontakt@forening.dk." },
    { "login_send", "Send mig et link" },
    { "login_sent", "Hvis adressen hører til en forening, virksomhed, institution eller frivillig "
                    "hos os, har vi sendt et link til den. Linket virker i 15 minutter og kun "
                    "én gang." },
    { "login_too_many", "Der er bedt om for mange links fra din forbindelse. Vent et minut, og "
                        "prøv igen." },
    { "login_link_intro", "Tryk på knappen for at logge ind. Linket kan kun bruges én gang." },
    { "login_button", "Log ind" },
    { "login_link_bad", "Linket er ikke gyldigt. Bed om et nyt nedenfor." },
    { "login_link_expired", "Linket er udløbet: det virker kun i 15 minutter. Bed om et nyt "
                            "nedenfor." },
    { "login_link_used", "Linket er allerede brugt: det virker kun én gang. Bed om et nyt "
                         "nedenfor." },
    { "login_needed", "Log ind først." },
    { "login_logged_out", "Du er logget ud." },
    { "login_mail_subject", "Dit link til Samskab" },
    { "login_mail_intro", "Hej\n\nDu har bedt om at logge ind på Samskab.\n\n" },
    { "login_mail_as", "Log ind som" },
    { "login_mail_outro", "Linket virker i 15 minutter og kun én gang. Har du ikke bedt om det, "
                          "kan du se bort fra denne mail.\n\nVenlig hilsen\nSamskab, kommunens "
                          "samarbejde med foreninger, virksomheder og frivillige\n" },
    { "party_heading", "Din side" },
    { "home_proposals_none", "Ingen forslag venter på jeres svar." },
    { "home_proposal", "%d forslag venter på jeres svar." },
    { "home_proposals", "%d forslag venter på jeres svar." },
    { "home_minute", "%d referat mangler." },
    { "home_minutes", "%d referater mangler." },
    { "home_next_meeting", "Næste statusmøde: %s." },
    { "party_logged_in", "Du er logget ind som" },
    { "logout", "Log ud" },
    { "profile_heading", "Jeres profil" },
    { "profile_description", "Beskrivelse: hvad I laver, med jeres egne ord" },
    { "profile_contact", "Kontakt" },
    { "profile_contact_name", "Kontaktperson" },
    { "profile_email", "E-mail" },
    { "profile_email_hint", "Den adresse, I logger ind med." },
    { "profile_phone", "Telefon" },
    { "profile_has", "Det kan I: kompetencer I har" },
    { "profile_needs", "Det mangler I: kompetencer I søger" },
    { "profile_serves", "Dem når I: målgrupper" },
    { "level_0", "Nej" },
    { "level_1", "1 – lidt" },
    { "level_2", "2 – en del" },
    { "level_3", "3 – meget" },
    { "profile_publish", "Vi må gerne stå i kommunens offentlige oversigt" },
    { "profile_publish_hint", "Navn, beskrivelse og aktiviteter vises; kontaktoplysninger "
                              "aldrig." },
    { "profile_save", "Gem profilen" },
    { "profile_saved", "Profilen er gemt." },
    { "profile_stale", "Profilen er blevet ændret, mens du havde den åben, så den er ikke "
                       "gemt. Det, du ændrede, står i felterne, og det, der er gemt nu, står "
                       "ved siden af; de andre felter viser det, der er gemt nu. Ret til, og "
                       "gem igen." },
    { "profile_saved_now", "Gemt nu:" },
    { "profile_saved_empty", "(tomt)" },
    { "profile_email_bad", "Skriv en gyldig e-mailadresse, fx kontakt@forening.dk." },
    { "profile_too_long", "Teksten er for lang." },
    { "profile_refused", "Profilen kunne ikke gemmes. Tjek felterne, og prøv igen." },
    { "proposals_heading", "Forslag til samarbejde" },
    { "proposals_none", "Der er ingen åbne forslag lige nu." },
    { "proposals_with", "Med" },
    { "proposals_expires", "Svar senest" },
    { "proposals_score", "Point i alt" },
    { "proposals_reasons", "Derfor foreslår vi det" },
    { "proposals_waiting_you", "Forslaget venter på jeres svar." },
    { "proposals_waiting_them", "I har sagt ja. Nu venter vi på den anden part." },
    { "proposals_accept", "Ja tak" },
    { "proposals_decline", "Nej tak" },
    { "proposals_decline_final", "Et nej er endeligt: vi foreslår ikke jer to for hinanden "
                                 "igen." },
    { "proposals_reason_label", "Hvis nej: hvorfor? (kommunen kan se svaret)" },
    { "proposals_accepted", "I har sagt ja til forslaget." },
    { "proposals_agreed", "I har begge sagt ja. Der er nu et udkast til en aftale under "
                          "«Jeres aftaler», som kommunen gør færdigt med jer." },
    { "proposals_see_agreements", "Se aftalen" },
    { "proposals_answered", "Besvarede forslag" },
    { "proposals_answer_yes", "I sagde begge ja." },
    { "proposals_answer_you_no", "I sagde nej." },
    { "proposals_answer_they_no", "Den anden part sagde nej." },
    { "proposals_your_reason", "Jeres begrundelse:" },
    { "proposals_see_agreement", "Se aftalen" },
    { "proposals_declined", "I har sagt nej til forslaget. Kommunen kan se jeres begrundelse." },
    { "proposals_closed", "Forslaget er ikke åbent længere." },
    { "proposals_reason_long", "Begrundelsen er for lang: højst 1.000 tegn." },
    { "proposals_unavailable", "Svaret kunne ikke gemmes lige nu. Prøv igen om lidt." },
    { "profile_speaks", "Det taler I: sprog" },
    { "profile_address", "Adresse" },
    { "profile_website", "Hjemmeside" },
    { "profile_website_hint", "Fx www.forening.dk." },
    { "profile_activities", "Jeres aktiviteter" },
    { "profile_activities_hint", "Tøm navnet for at slette en aktivitet. Udfyld den tomme "
                                 "aktivitet nederst for at tilføje en." },
    { "profile_activity", "Aktivitet" },
    { "profile_activity_new", "Ny aktivitet" },
    { "profile_activity_name", "Navn" },
    { "profile_activity_type", "Slags aktivitet" },
    { "profile_activity_no_type", "(ingen valgt)" },
    { "profile_activity_description", "Beskrivelse af aktiviteten" },
    //  a volunteer is one person: "du", where an organisation is "I"
    { "profile_heading_volunteer", "Din profil" },
    { "profile_description_volunteer", "Beskrivelse: hvad du laver, med dine egne ord" },
    { "profile_email_hint_volunteer", "Den adresse, du logger ind med." },
    { "profile_has_volunteer", "Det kan du: kompetencer du har" },
    { "profile_needs_volunteer", "Det mangler du: kompetencer du søger" },
    { "profile_serves_volunteer", "Dem når du: målgrupper" },
    { "profile_speaks_volunteer", "Det taler du: sprog" },
    { "profile_activities_volunteer", "Dine aktiviteter" },
    { "nav_party", "Partens sider" },
    { "agreements_heading", "Jeres aftaler" },
    { "agreements_none", "I har ingen samarbejdsaftaler endnu." },
    { "form_expired_again", "Formularen var udløbet, så intet er gemt. Det, du skrev, står "
                            "her stadig: send det igen." },
    { "agreements_with", "Med" },
    { "agreements_contacts", "Sådan når I hinanden" },
    { "agreements_phone", "tlf." },
    { "agreements_period", "Periode" },
    { "agreements_from", "fra" },
    { "agreements_status", "Status" },
    { "agreement_status_draft", "Udkast" },
    { "agreement_status_active", "Aktiv" },
    { "agreement_status_paused", "Sat på pause" },
    { "agreement_status_ended", "Afsluttet" },
    { "agreements_next", "Næste statusmøder" },
    { "agreements_missing", "Møder, der mangler referat" },
    { "agreements_no_next", "Der er ingen planlagte statusmøder." },
    { "meeting_n", "Statusmøde %lld" },
    { "meeting_state_due", "snart" },
    { "meeting_state_overdue", "mangler referat" },
    { "meeting_state_planned", "planlagt" },
    { "meeting_state_held", "holdt" },
    { "meeting_state_past", "afholdt? referat mangler" },
    { "minutes_heading", "Send referat af et holdt statusmøde" },
    { "minutes_meeting", "Statusmøde" },
    { "minutes_held_on", "Holdt den (d.m.åååå, fx 1.12.2026)" },
    { "minutes_how_it_goes", "Hvordan går samarbejdet?" },
    { "minutes_improved", "Hvad er blevet bedre?" },
    { "minutes_challenges", "Hvilke udfordringer er der?" },
    { "minutes_next_goal", "Hvad er det næste mål?" },
    { "minutes_send", "Send referatet" },
    { "minutes_saved", "Referatet er gemt. Kommunen kan se det." },
    { "minutes_how_needed", "Skriv, hvordan samarbejdet går." },
    { "minutes_too_long", "Teksten er for lang: højst 4.000 tegn." },
    { "minutes_date_bad", "Skriv datoen som d.m.åååå, fx 1.3.2027." },
    { "minutes_date_none", "Den dato findes ikke. Se efter dag og måned." },
    { "minutes_date_future", "Mødet kan ikke være holdt i fremtiden." },
    { "minutes_already", "Der er allerede et referat af det møde." },
    { "minutes_closed", "Aftalen tager ikke imod referater nu." },
    { "minutes_refused", "Referatet kunne ikke gemmes. Tjek felterne, og prøv igen." },
    { "minutes_earlier", "Tidligere referater" },
    { "minutes_by_party", "Referatet er skrevet af" },
    { "minutes_by_a_party", "Referatet er skrevet af en af parterne." },
    { "minutes_by_staff", "Referatet er skrevet af kommunen." },
    { "actions_heading", "Aftalte handlinger" },
    { "actions_who", "Ansvarlig" },
    { "actions_due", "senest" },
    { "actions_done", "udført" },
    { "speeddates_heading", "Speed-dating" },
    { "speeddates_intro",
      "Arrangementer, hvor foreninger og virksomheder mødes til korte samtaler." },
    { "speeddates_none", "Der er ingen arrangementer, I kan deltage i lige nu." },
    { "speeddate_joined", "I er tilmeldt." },
    { "speeddate_planned", "Jeres program er klar." },
    { "speeddate_can_join", "I kan tilmelde jer." },
    { "speeddate_when", "Tidspunkt" },
    { "speeddate_where", "Sted" },
    { "speeddate_rounds", "%lld runder à %lld minutter" },
    { "speeddate_join", "Tilmeld os" },
    { "speeddate_joined_now", "I er tilmeldt arrangementet." },
    { "speeddate_left_now", "I er meldt fra arrangementet." },
    { "speeddate_leave", "Meld os fra" },
    { "speeddate_leave_hint", "Kan I alligevel ikke komme? Meld jer fra, før programmet lægges; "
                              "jeres ønsker slettes." },
    { "speeddate_interest_heading", "Hvem vil I gerne møde?" },
    { "speeddate_interest_hint",
      "Vælg, hvor gerne I vil møde hver deltager (10 er højest). Programmet lægges, så flest "
      "mulige ønsker opfyldes. Vælger I «Ikke interesseret», sættes I ikke ved bord sammen, "
      "heller ikke hvis den anden gerne vil møde jer." },
    { "speeddate_weight_none", "Intet ønske" },
    { "speeddate_weight_0", "Ikke interesseret" },
    { "speeddate_interest_save", "Gem ønskerne" },
    { "speeddate_interest_saved", "Jeres ønsker er gemt." },
    { "speeddate_interest_bad", "Vælg et tal fra 0 til 10." },
    { "speeddate_no_others", "Der er endnu ingen deltagere på den anden side." },
    { "speeddate_rule_association",
      "Foreninger vurderer virksomheder, og virksomheder vurderer foreninger. Derfor står "
      "kun de tilmeldte virksomheder her, ikke de andre foreninger." },
    { "speeddate_rule_company",
      "Virksomheder vurderer foreninger, og foreninger vurderer virksomheder. Derfor står "
      "kun de tilmeldte foreninger her, ikke de andre virksomheder." },
    { "speeddate_closed", "Programmet er lagt, så ønskerne kan ikke ændres længere." },
    { "speeddate_schedule_heading", "Jeres program" },
    { "speeddate_schedule_none", "I har ingen møder i programmet." },
    { "speeddate_round", "Runde" },
    { "speeddate_time", "Tid" },
    { "speeddate_table", "Bord" },
    { "speeddate_with", "Med" },
    { "speeddate_ics", "Hent programmet til kalenderen (.ics)" },
    { "speeddate_ics_summary", "%s: runde %lld, bord %lld med %s" },
    { "speeddate_waiting",
      "Programmet er ikke lagt endnu. Kom tilbage, når kommunen har lagt det." },
    { "speeddate_refused", "Det kunne ikke gemmes. Prøv igen." },
    { "time_at", "kl." },
    { "points", "point" },
    { "reason_competence", "%s har %s (%s), som %s mangler (%s)." },
    { "reason_competence_we", "I har %s (%s), som %s mangler (%s)." },
    { "reason_competence_you", "I mangler %s (%s), og %s har det (%s)." },
    { "reason_volunteers_we", "I har %lld aktive frivillige." },
    { "reason_mentor_we", "I har %lld medlemmer, der kan være mentorer." },
    { "level_word_1", "lidt" },
    { "level_word_2", "en del" },
    { "level_word_3", "meget" },
    { "reason_two_way", "I kan hjælpe hinanden begge veje." },
    { "reason_volunteers", "%s har %lld aktive frivillige." },
    { "reason_mentor", "%s har %lld medlemmer, der kan være mentorer." },
    { "reason_target_group", "I når begge: %s." },
    { "reason_language", "I taler begge: %s." },
    { "reason_area", "I hører til samme område." },
    { "kind_association", "forening" },
    { "kind_company", "virksomhed" },
    { "kind_institution", "institution" },
    { "kind_volunteer", "frivillig" },
    { "month_1", "januar" },
    { "month_2", "februar" },
    { "month_3", "marts" },
    { "month_4", "april" },
    { "month_5", "maj" },
    { "month_6", "juni" },
    { "month_7", "juli" },
    { "month_8", "august" },
    { "month_9", "september" },
    { "month_10", "oktober" },
    { "month_11", "november" },
    { "month_12", "december" },
    { NULL, NULL },
};

static const s_text_t s_en[] = {
    { "lang", "en" },
    { "other_lang", "da" },
    { "other_lang_name", "Dansk" },
    { "site_title", "Samskab" },
    { "skip", "Skip to content" },
    { "home", "Home" },
    { "index_heading", "Citizen budgets" },
    { "index_intro", "Follow the municipalities' citizen budgets here: see the ideas and the "
                     "projects, and vote while voting is open." },
    { "index_none", "There are no citizen budgets yet." },
    { "index_parties", "An association, company, institution or volunteer? Here you see the "
                       "municipality's proposals for cooperation, your agreements and your "
                       "profile." },
    { "index_login", "Log in with your e-mail address" },
    { "municipality", "Municipality" },
    { "area", "Area" },
    { "amount", "Amount" },
    { "phase", "Phase" },
    { "phase_ideas", "Ideas" },
    { "phase_development", "Development" },
    { "phase_voting", "Voting" },
    { "phase_closed", "Voting has closed" },
    { "phase_published", "Results published" },
    { "phase_implementation", "Implementation" },
    { "phase_archived", "Cancelled" },
    { "allows_ideas", "Citizens and associations can propose ideas." },
    { "allows_development", "The ideas are becoming projects with a cost. Voting is not open "
                            "yet." },
    { "allows_voting", "Voting is open: vote with the code you were given." },
    { "allows_closed", "Voting has closed, and the votes are being counted." },
    { "allows_published", "The votes are counted: see which projects were chosen." },
    { "allows_implementation", "The chosen projects are being carried out." },
    { "allows_archived", "This citizen budget has been cancelled and archived. There will be no "
                         "vote on it, and no more dates." },
    { "dates", "Coming dates" },
    { "history", "So far" },
    { "date_ideas_from", "Ideas from" },
    { "date_development_from", "Development from" },
    { "date_voting_from", "Voting opens" },
    { "date_voting_until", "Voting ends" },
    { "date_voting_opened", "Voting opened" },
    { "date_voting_closed", "Voting closed" },
    { "planned_for", "planned for" },
    { "date_results_on", "Results published on" },
    { "date_implementation_from", "Implementation from" },
    { "ballot", "How to vote" },
    { "ballot_approval", "Tick the projects you support." },
    { "ballot_knapsack", "Choose projects whose costs together fit within the pool." },
    { "ballot_cumulative", "Spread your points over the projects." },
    { "ballot_ranked", "Put the projects in the order you prefer them." },
    { "max_choices", "Most projects per pool" },
    { "pool", "Pool" },
    { "budget", "The pool's amount" },
    { "projects", "Projects" },
    { "cost", "Cost" },
    { "no_projects", "There are no projects yet." },
    { "vote_now", "Vote here" },
    { "vote_heading", "Vote" },
    { "code_label", "Your code" },
    { "code_hint",
      "The code is in your letter, e.g. ABCDE-12345. Upper and lower case are the same." },
    { "continue", "Continue" },
    { "cast", "Cast your vote" },
    { "code_missing", "Enter your code." },
    { "code_mistyped", "The code is mistyped. Check it against your letter and try again." },
    { "code_unknown", "There is no such code in this vote. Check that you typed it correctly." },
    { "code_revoked",
      "The code has been revoked. Contact the municipality if you think this is a mistake." },
    { "code_used", "The code has already been used. Each code can vote once." },
    { "vote_not_open", "Voting is not open." },
    { "vote_over", "Voting has ended." },
    { "vote_archived", "The citizen budget has been cancelled. There will be no vote on it." },
    { "vote_ballot_unsupported",
      "This vote cannot be held on the web yet. Contact the municipality." },
    { "ballot_refused", "The ballot breaks the rules: check the number of projects and the pool's "
                        "amount, and try again." },
    { "ballot_stale", "The ballot form is out of date or has been altered, so it was not cast. "
                      "Start again: enter your code once more." },
    { "ballot_over_budget", "The chosen projects cost more than the pool. Remove a project "
                            "and try again." },
    { "ballot_over_one", "The chosen projects cost more than the pool" },
    { "ballot_over_chosen", "chosen" },
    { "ballot_over_of", "of" },
    { "ballot_over_fix", "Remove a project in the pool and try again." },
    { "ballot_under_share", "The chosen projects use too little of the pool. Choose more "
                            "projects and try again." },
    { "ballot_too_many", "You chose too many projects in a pool. Remove one and try again." },
    { "ballot_empty", "Choose at least one project." },
    { "ballot_empty_points", "Give points to at least one project." },
    { "ballot_too_many_points", "You gave more points than you have in a pool. Give fewer "
                                "points and try again." },
    { "ballot_points_range", "A project can get from 1 point up to the points you have." },
    { "ballot_points_number", "Points must be 0 or more, in whole numbers, e.g. 3." },
    { "ballot_points_given", "You gave %lld points; you have %lld. Give fewer points and try "
                             "again." },
    { "ballot_rank_number", "Choose a place from the list." },
    { "ballot_rank_twice", "Two projects in one pool have the same place. Give each project a "
                           "place of its own." },
    { "knapsack_up_to", "Choose projects for at most" },
    { "knapsack_in_total", "in total" },
    { "knapsack_at_least", "Together they must cost at least" },
    { "of_the_pool", "of the pool, so that the money is used" },
    { "points_have", "You have" },
    { "points_unit", "points" },
    { "points_in_each_pool", "in each pool" },
    { "points_how", "Write how many points you give each project. Empty "
                    "fields give 0 points. A project's points are the sum of every "
                    "ballot's points for it." },
    { "rank_intro", "Give the projects you support a place: 1 is the one you want most. Each "
                    "pool counts on its own, in the order of your places: your first project "
                    "gets as many points as the pool has places, your next one point less, and "
                    "so on. Projects without a place get no points." },
    { "rank_none", "No place" },
    { "rank_place", "place" },
    { "counter_chosen", "Chosen:" },
    { "counter_of", "of" },
    { "counter_over", "That is too much." },
    { "idea_heading", "Propose an idea" },
    { "idea_intro", "Do you have an idea for what the money should be spent on? Describe it "
                    "here. The municipality gathers the ideas and turns the best into projects "
                    "to vote on." },
    { "idea_title_label", "Title of the idea" },
    { "idea_title_hint", "Short, e.g. \"Benches along the river\". At most 200 characters." },
    { "idea_text_label", "Describe the idea" },
    { "idea_text_hint", "What, where and for whom? At most 4,000 characters." },
    { "idea_public", "The title and description become public: they are shown on the citizen "
                     "budget's page once someone at the municipality has read the idea. So do "
                     "not write names, phone numbers or anything else personal in them." },
    { "idea_contact_heading", "Your contact details (optional)" },
    { "idea_contact_why", "Give them if the municipality may contact you about the idea, e.g. "
                          "with questions or to tell you what becomes of it. They are used for "
                          "that only, never shown publicly, and erased automatically when the "
                          "results of the vote are published." },
    { "idea_name_label", "Name" },
    { "idea_email_label", "E-mail" },
    { "idea_phone_label", "Phone" },
    { "idea_consent_label", "I consent to the municipality keeping my contact details for this "
                            "purpose until the results are published." },
    { "idea_submit", "Send the idea" },
    { "idea_errors", "The form was not sent. Correct the fields with errors and try again." },
    { "idea_title_missing", "Give the idea a title." },
    { "idea_title_long", "The title is too long: at most 200 characters." },
    { "idea_text_long", "The description is too long: at most 4,000 characters." },
    { "idea_name_long", "The name is too long: at most 200 characters." },
    { "idea_email_bad", "Enter an e-mail address like name@example.dk." },
    { "idea_phone_bad", "Enter a phone number with at least 8 digits, e.g. 86 12 34 56." },
    { "idea_consent_missing", "Tick here if the municipality may keep your contact details, or "
                              "empty the fields." },
    { "idea_refused", "The idea could not be received. Check the fields and try again." },
    { "idea_closed", "Ideas cannot be proposed in this citizen budget now." },
    { "idea_done_heading", "Thank you for your idea" },
    { "idea_done_text", "The municipality has received the idea. It is shown on the citizen "
                        "budget's page once someone at the municipality has read it." },
    { "idea_propose", "Propose an idea" },
    { "ideas_heading", "Citizens' ideas" },
    { "idea_status_open", "received" },
    { "idea_status_merged", "merged with another idea" },
    { "idea_status_realised", "done without money from the citizen budget" },
    { "idea_status_project", "has become a project" },
    { "counted_heading", "Check your vote" },
    { "counted_found", "Your vote was counted like this" },
    { "counted_paper", "A paper ballot." },
    { "counted_ranked", "The projects are in the order you gave them, in each pool on its own." },
    { "receipt_field", "Your receipt" },
    { "receipt_hint", "It is on the receipt from the vote, e.g. 7K2M-4QXW-9D3F-HT6P." },
    { "receipt_check", "Check the receipt" },
    { "receipt_not_found", "No vote in this citizen budget has that receipt. Check that it is "
                           "typed correctly." },
    { "receipt_mistyped", "The receipt is mistyped: type it as on your receipt: "
                          "XXXX-XXXX-XXXX-XXXX (16 symbols)." },
    { "receipt_not_received", "No vote with that receipt has been received in this citizen "
                              "budget. Check that it is typed correctly." },
    { "receipt_not_yet", "Voting has not opened yet, so there are no votes to check." },
    { "receipt_archived", "The citizen budget has been cancelled, so there are no votes to "
                          "check." },
    { "results_see", "See the results" },
    { "results_heading", "Results" },
    { "results_not_yet", "The results have not been published yet." },
    { "results_due", "The results will be published on" },
    { "stories_heading", "Stories of partnership" },
    { "stories_intro",
      "Associations, companies, institutions and the municipality tell what they "
      "have done together. The stories are published with the partners' consent." },
    { "stories_none", "There are no stories yet." },
    { "stories_rss", "Follow the stories as an RSS feed" },
    { "stories_rss_description", "Partnerships between associations, companies, institutions and "
                                 "the municipality" },
    { "stories_parties", "Partners" },
    { "offer_heading", "What associations and companies offer" },
    { "offer_intro", "Associations, companies and institutions that chose to be in the "
                     "municipality's public overview: what they can do, and whom they reach." },
    { "offer_none", "No one has published their offer yet." },
    { "offer_has", "What they can do" },
    { "offer_serves", "Whom they reach" },
    { "offer_activities", "Activities" },
    { "offer_for", "For" },
    { "offer_website", "Website" },
    { "results_voters", "Votes cast" },
    { "results_rule", "How the winners were found" },
    { "results_spent", "Spent" },
    { "results_remaining", "Remaining" },
    { "results_chart", "Votes per project" },
    { "results_chart_desc", "Bar chart: one bar per project, longer the more votes (points on "
                            "points ballots). The chosen projects come first. The figures are "
                            "also in the table." },
    { "results_chart_caption", "Dark blue bars are chosen projects, grey bars are not chosen." },
    { "results_table", "All projects" },
    { "results_project", "Project" },
    { "results_votes", "Votes" },
    { "results_points", "Points" },
    { "results_outcome", "Outcome" },
    { "results_chosen", "chosen" },
    { "results_not_chosen", "not chosen" },
    { "results_reason_greedy", "too expensive for what was left" },
    { "results_reason_mes", "its supporters did not have enough left to pay for it" },
    { "results_pb", "Download the votes as a Pabulib file (.pb)" },
    { "results_pb_pool", "the votes as a Pabulib file (.pb)" },
    { "results_downloads", "Data" },
    { "results_csv", "Download every ballot (CSV)" },
    { "results_downloads_text", "The files are anonymous: they show each ballot with its "
                                "receipt, but not who voted. You can count the votes again "
                                "yourself." },
    { "results_ties", "Projects with equal votes" },
    { "results_tie_votes", "Equal votes" },
    { "results_tie_points", "Equal points" },
    { "results_tie_none", "None of them was chosen." },
    { "results_tie_all", "All of them were chosen." },
    { "results_tie_some", "Chosen" },
    { "results_tie_rule", "When two projects are exactly level, the one whose project code (in "
                          "brackets) comes first in the alphabet, character by character, is "
                          "chosen first: so p10 comes before p2. Nothing is drawn by lot, so the "
                          "same votes always give the same result. After that the rule above "
                          "applies." },
    { "results_tie_level_votes", "Under this rule two projects are level when they have the "
                                 "same number of votes." },
    { "results_tie_level_points", "Under this rule two projects are level when they have the "
                                  "same points." },
    { "results_tie_level_per_krone", "Under this rule two projects are level when they have "
                                     "the same points for each krone they cost." },
    { "results_tie_level_other", "Under this rule equal votes are not enough to be level: the "
                                 "cost, and who voted for the projects, count too." },
    { "results_tie_order", "In the table the chosen projects are listed in the order they "
                           "were chosen. Projects not chosen with equal votes are listed in "
                           "the order they were added." },
    { "results_late_heading", "Late count" },
    { "results_late_text", "After voting had closed, paper ballots were found, and they are "
                           "counted in the results." },
    { "results_late_papers", "Paper ballots added after the close" },
    { "results_late_opened", "The late count was opened" },
    { "results_late_reason", "Reason" },
    { "receipt_heading", "Thank you for voting" },
    { "receipt_label", "Your receipt" },
    { "receipt_text", "Save or print the receipt. When voting has closed, it lets you see that "
                      "your vote was counted as you cast it." },
    { "receipt_choices", "You voted like this" },
    { "receipt_pool_none", "Nothing chosen in this pool." },
    { "receipt_own_page", "The receipt on a page of its own, to bookmark" },
    { "receipt_pending", "Your vote has been received. When voting has closed, it is shown here "
                         "as it was counted." },
    { "back", "Back to the citizen budget" },
    { "title_403", "The form has expired" },
    { "text_403",
      "The page was open too long, or it did not come from here. Go back and try again." },
    { "title_404", "Page not found" },
    { "text_404", "We cannot find the page you are looking for. Check the address, or go to "
                  "the home page." },
    { "title_405", "Not possible here" },
    { "text_405", "This page can only be shown, not sent to." },
    { "title_413", "Too much at once" },
    { "text_413", "What you sent is too large." },
    { "title_429", "Too many attempts" },
    { "text_429",
      "Too many attempts have been made from your connection. Wait a minute and try again." },
    { "title_500", "Something went wrong" },
    { "text_500", "The page could not be shown. Please try again shortly." },
    { "title_503", "Try again shortly" },
    { "text_503", "Samskab is not answering right now. Please try again in a moment." },
    { "login_heading", "Log in" },
    { "login_intro", "For associations, companies, institutions and volunteers: enter the "
                     "e-mail address the municipality has for you, and we will send a link "
                     "to log in with." },
    { "login_email", "Your e-mail address" },
    { "login_email_hint", "For example contact@association.dk" },
    { "login_email_bad", "Enter an e-mail address, for example contact@association.dk." },
    { "login_send", "Send me a link" },
    { "login_sent", "If the address belongs to an association, company, institution or "
                    "volunteer we know, we have sent a link to it. The link works for 15 "
                    "minutes, once." },
    { "login_too_many", "Too many links have been asked for from your connection. Wait a "
                        "minute, and try again." },
    { "login_link_intro", "Press the button to log in. The link can be used only once." },
    { "login_button", "Log in" },
    { "login_link_bad", "The link is not valid. Ask for a new one below." },
    { "login_link_expired", "The link has expired: it works for 15 minutes only. Ask for a new "
                            "one below." },
    { "login_link_used", "The link has been used already: it works only once. Ask for a new "
                         "one below." },
    { "login_needed", "Please log in first." },
    { "login_logged_out", "You have logged out." },
    { "login_mail_subject", "Your link to Samskab" },
    { "login_mail_intro", "Hello\n\nYou asked to log in to Samskab.\n\n" },
    { "login_mail_as", "Log in as" },
    { "login_mail_outro", "The link works for 15 minutes, once. If you did not ask for it, you "
                          "can ignore this mail.\n\nKind regards\nSamskab, the municipality's "
                          "cooperation with associations, companies and volunteers\n" },
    { "party_heading", "Your page" },
    { "home_proposals_none", "No proposal is waiting for your answer." },
    { "home_proposal", "%d proposal is waiting for your answer." },
    { "home_proposals", "%d proposals are waiting for your answer." },
    { "home_minute", "%d set of minutes is missing." },
    { "home_minutes", "%d sets of minutes are missing." },
    { "home_next_meeting", "Next status meeting: %s." },
    { "party_logged_in", "You are logged in as" },
    { "logout", "Log out" },
    { "profile_heading", "Your profile" },
    { "profile_description", "Description: what you do, in your own words" },
    { "profile_contact", "Contact" },
    { "profile_contact_name", "Contact person" },
    { "profile_email", "E-mail" },
    { "profile_email_hint", "The address you log in with." },
    { "profile_phone", "Phone" },
    { "profile_has", "What you can offer: competences you have" },
    { "profile_needs", "What you lack: competences you seek" },
    { "profile_serves", "Whom you reach: target groups" },
    { "level_0", "No" },
    { "level_1", "1 – a little" },
    { "level_2", "2 – some" },
    { "level_3", "3 – a lot" },
    { "profile_publish", "We agree to appear in the municipality's public overview" },
    { "profile_publish_hint", "Name, description and activities are shown; contact details "
                              "never." },
    { "profile_save", "Save the profile" },
    { "profile_saved", "The profile is saved." },
    { "profile_stale", "The profile was changed while you had it open, so it was not saved. "
                       "What you changed is in the fields, with what is saved now beside it; "
                       "the other fields show what is saved now. Adjust, and save again." },
    { "profile_saved_now", "Saved now:" },
    { "profile_saved_empty", "(empty)" },
    { "profile_email_bad", "Enter a valid e-mail address, for example contact@association.dk." },
    { "profile_too_long", "The text is too long." },
    { "profile_refused", "The profile could not be saved. Check the fields, and try again." },
    { "proposals_heading", "Proposed partnerships" },
    { "proposals_none", "There are no open proposals right now." },
    { "proposals_with", "With" },
    { "proposals_expires", "Answer by" },
    { "proposals_score", "Total score" },
    { "proposals_reasons", "Why we propose it" },
    { "proposals_waiting_you", "The proposal is waiting for your answer." },
    { "proposals_waiting_them", "You have said yes. We are waiting for the other side." },
    { "proposals_accept", "Accept" },
    { "proposals_decline", "Decline" },
    { "proposals_decline_final", "Declining is final: we will not propose the two of you to "
                                 "each other again." },
    { "proposals_reason_label", "If not: why? (the municipality sees your answer)" },
    { "proposals_accepted", "You have accepted the proposal." },
    { "proposals_agreed", "You have both said yes. There is now a draft agreement under "
                          "\"Your agreements\", which the municipality completes with you." },
    { "proposals_see_agreements", "See the agreement" },
    { "proposals_answered", "Answered proposals" },
    { "proposals_answer_yes", "You both said yes." },
    { "proposals_answer_you_no", "You said no." },
    { "proposals_answer_they_no", "The other side said no." },
    { "proposals_your_reason", "Your reason:" },
    { "proposals_see_agreement", "See the agreement" },
    { "proposals_declined", "You have declined the proposal. The municipality can see your "
                            "reason." },
    { "proposals_closed", "The proposal is no longer open." },
    { "proposals_reason_long", "The reason is too long: at most 1,000 characters." },
    { "proposals_unavailable", "Your answer could not be saved right now. Please try again "
                               "shortly." },
    { "profile_speaks", "What you speak: languages" },
    { "profile_address", "Address" },
    { "profile_website", "Website" },
    { "profile_website_hint", "For example www.forening.dk." },
    { "profile_activities", "Your activities" },
    { "profile_activities_hint", "Empty the name to delete an activity. Fill in the empty "
                                 "activity at the bottom to add one." },
    { "profile_activity", "Activity" },
    { "profile_activity_new", "New activity" },
    { "profile_activity_name", "Name" },
    { "profile_activity_type", "Kind of activity" },
    { "profile_activity_no_type", "(none chosen)" },
    { "profile_activity_description", "Description of the activity" },
    { "profile_heading_volunteer", "Your profile" },
    { "profile_description_volunteer", "Description: what you do, in your own words" },
    { "profile_email_hint_volunteer", "The address you log in with." },
    { "profile_has_volunteer", "What you can offer: competences you have" },
    { "profile_needs_volunteer", "What you lack: competences you seek" },
    { "profile_serves_volunteer", "Whom you reach: target groups" },
    { "profile_speaks_volunteer", "What you speak: languages" },
    { "profile_activities_volunteer", "Your activities" },
    { "nav_party", "Your pages" },
    { "agreements_heading", "Your agreements" },
    { "agreements_none", "You have no partnership agreements yet." },
    { "form_expired_again", "The form had expired, so nothing was saved. What you typed is "
                            "still here: send it again." },
    { "agreements_with", "With" },
    { "agreements_contacts", "How to reach each other" },
    { "agreements_phone", "phone" },
    { "agreements_period", "Period" },
    { "agreements_from", "from" },
    { "agreements_status", "Status" },
    { "agreement_status_draft", "Draft" },
    { "agreement_status_active", "Active" },
    { "agreement_status_paused", "Paused" },
    { "agreement_status_ended", "Ended" },
    { "agreements_next", "Next status meetings" },
    { "agreements_missing", "Meetings without minutes" },
    { "agreements_no_next", "No status meetings are planned." },
    { "meeting_n", "Status meeting %lld" },
    { "meeting_state_due", "soon" },
    { "meeting_state_overdue", "minutes missing" },
    { "meeting_state_planned", "planned" },
    { "meeting_state_held", "held" },
    { "meeting_state_past", "held? minutes missing" },
    { "minutes_heading", "Send the minutes of a status meeting held" },
    { "minutes_meeting", "Status meeting" },
    { "minutes_held_on", "Held on (d.m.yyyy, e.g. 1.12.2026)" },
    { "minutes_how_it_goes", "How is the partnership going?" },
    { "minutes_improved", "What has improved?" },
    { "minutes_challenges", "What are the challenges?" },
    { "minutes_next_goal", "What is the next goal?" },
    { "minutes_send", "Send the minutes" },
    { "minutes_saved", "The minutes are saved. The municipality can see them." },
    { "minutes_how_needed", "Write how the partnership is going." },
    { "minutes_too_long", "The text is too long: at most 4,000 characters." },
    { "minutes_date_bad", "Write the date as d.m.yyyy, for example 1.3.2027." },
    { "minutes_date_none", "That date does not exist. Check the day and the month." },
    { "minutes_date_future", "The meeting cannot have been held in the future." },
    { "minutes_already", "That meeting already has its minutes." },
    { "minutes_closed", "The agreement takes no minutes now." },
    { "minutes_refused", "The minutes could not be saved. Check the fields, and try again." },
    { "minutes_earlier", "Earlier minutes" },
    { "minutes_by_party", "The minutes were written by" },
    { "minutes_by_a_party", "The minutes were written by one of the parties." },
    { "minutes_by_staff", "The minutes were written by the municipality." },
    { "actions_heading", "Agreed actions" },
    { "actions_who", "Responsible" },
    { "actions_due", "by" },
    { "actions_done", "done" },
    { "speeddates_heading", "Speed dating" },
    { "speeddates_intro", "Events where associations and companies meet for short talks." },
    { "speeddates_none", "There are no events you can take part in right now." },
    { "speeddate_joined", "You have signed up." },
    { "speeddate_planned", "Your schedule is ready." },
    { "speeddate_can_join", "You can sign up." },
    { "speeddate_when", "When" },
    { "speeddate_where", "Where" },
    { "speeddate_rounds", "%lld rounds of %lld minutes" },
    { "speeddate_join", "Sign us up" },
    { "speeddate_joined_now", "You have signed up for the event." },
    { "speeddate_left_now", "You have left the event." },
    { "speeddate_leave", "Leave the event" },
    { "speeddate_leave_hint", "Cannot come after all? Leave before the schedule is made; your "
                              "wishes are deleted." },
    { "speeddate_interest_heading", "Whom would you like to meet?" },
    { "speeddate_interest_hint",
      "Choose how much you want to meet each participant (10 is most). The schedule meets as "
      "many wishes as it can. If you choose \"Not interested\", you are not put at a table "
      "together, even if the other wants to meet you." },
    { "speeddate_weight_none", "No wish" },
    { "speeddate_weight_0", "Not interested" },
    { "speeddate_interest_save", "Save the wishes" },
    { "speeddate_interest_saved", "Your wishes are saved." },
    { "speeddate_interest_bad", "Choose a number from 0 to 10." },
    { "speeddate_no_others", "There are no participants on the other side yet." },
    { "speeddate_rule_association",
      "Associations rate companies, and companies rate associations. So only the companies "
      "signed up are listed here, not the other associations." },
    { "speeddate_rule_company",
      "Companies rate associations, and associations rate companies. So only the associations "
      "signed up are listed here, not the other companies." },
    { "speeddate_closed", "The schedule is made, so the wishes can no longer change." },
    { "speeddate_schedule_heading", "Your schedule" },
    { "speeddate_schedule_none", "You have no meetings in the schedule." },
    { "speeddate_round", "Round" },
    { "speeddate_time", "Time" },
    { "speeddate_table", "Table" },
    { "speeddate_with", "With" },
    { "speeddate_ics", "Download the schedule for your calendar (.ics)" },
    { "speeddate_ics_summary", "%s: round %lld, table %lld with %s" },
    { "speeddate_waiting",
      "The schedule is not made yet. Come back when the municipality has made it." },
    { "speeddate_refused", "It could not be saved. Try again." },
    { "time_at", "at" },
    { "points", "points" },
    { "reason_competence", "%s has %s (%s), which %s lacks (%s)." },
    { "reason_competence_we", "You have %s (%s), which %s lacks (%s)." },
    { "reason_competence_you", "You lack %s (%s), and %s has it (%s)." },
    { "reason_volunteers_we", "You have %lld active volunteers." },
    { "reason_mentor_we", "You have %lld members who can be mentors." },
    { "level_word_1", "a little" },
    { "level_word_2", "some" },
    { "level_word_3", "a lot" },
    { "reason_two_way", "You can help each other both ways." },
    { "reason_volunteers", "%s has %lld active volunteers." },
    { "reason_mentor", "%s has %lld members who can be mentors." },
    { "reason_target_group", "You both reach: %s." },
    { "reason_language", "You both speak: %s." },
    { "reason_area", "You are in the same area." },
    { "kind_association", "association" },
    { "kind_company", "company" },
    { "kind_institution", "institution" },
    { "kind_volunteer", "volunteer" },
    { "month_1", "January" },
    { "month_2", "February" },
    { "month_3", "March" },
    { "month_4", "April" },
    { "month_5", "May" },
    { "month_6", "June" },
    { "month_7", "July" },
    { "month_8", "August" },
    { "month_9", "September" },
    { "month_10", "October" },
    { "month_11", "November" },
    { "month_12", "December" },
    { NULL, NULL },
};

static const s_text_t *
s_table (web_lang_t lang)
{
    return lang == WEB_EN ? s_en : s_da;
}

const char *
web_text (web_lang_t lang, const char *key)
{
    for (const s_text_t *t = s_table (lang); t->key; t++)
        if (strcmp (t->key, key) == 0)
            return t->text;
    return NULL;
}

void
web_text_put (html_data_t *data, web_lang_t lang)
{
    for (const s_text_t *t = s_table (lang); t->key; t++) {
        char name[80];
        snprintf (name, sizeof name, "t_%s", t->key);
        html_data_set (data, name, t->text);
    }
}

int
web_text_check (char *why, size_t why_size)
{
    size_t i = 0;
    for (; s_da[i].key && s_en[i].key; i++)
        if (strcmp (s_da[i].key, s_en[i].key) != 0) {
            snprintf (why, why_size, "text %zu is \"%s\" in Danish but \"%s\" in English", i,
                      s_da[i].key, s_en[i].key);
            return -1;
        }
    if (s_da[i].key || s_en[i].key) {
        snprintf (why, why_size, "text \"%s\" is in one language only",
                  s_da[i].key ? s_da[i].key : s_en[i].key);
        return -1;
    }
    return 0;
}

char *
web_text_number (web_lang_t lang, int64_t n)
{
    char buf[40];
    return sk_strdup (sk_number_group (n, lang == WEB_EN ? ',' : '.', buf, sizeof buf));
}

char *
web_text_kr (web_lang_t lang, int64_t amount)
{
    char *number = web_text_number (lang, amount);
    char *kr = lang == WEB_EN ? sk_asprintf ("DKK %s", number) : sk_asprintf ("%s kr.", number);
    free (number);
    return kr;
}

const char *
web_text_stop (const char *text)
{
    size_t n = strlen (text);
    return n && text[n - 1] == '.' ? "" : ".";
}

char *
web_text_date (web_lang_t lang, const char *iso)
{
    int y, m, d;
    char tail;
    if (sscanf (iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return sk_strdup (iso);
    char key[16];
    snprintf (key, sizeof key, "month_%d", m);
    return lang == WEB_EN ? sk_asprintf ("%d %s %d", d, web_text (lang, key), y)
                          : sk_asprintf ("%d. %s %d", d, web_text (lang, key), y);
}

//  The instant t in Danish time into local: summer time (UTC+2) from 01:00
//  UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
//  October (the EU rule), else UTC+1. Computed, not through TZ, which is
//  process-wide (as web_public.c's dates).
static void
s_danish (time_t t, struct tm *local)
{
    struct tm utc;
    gmtime_r (&t, &utc);
    time_t change[2];
    for (int i = 0; i < 2; i++) {
        //  The last Sunday of March (i 0) or October (i 1), at 01:00 UTC
        struct tm last = { .tm_year = utc.tm_year, .tm_mon = i ? 9 : 2, .tm_mday = 31 };
        time_t lt = timegm (&last);
        gmtime_r (&lt, &last);
        last.tm_mday -= last.tm_wday;
        last.tm_hour = 1;
        change[i] = timegm (&last);
    }
    time_t shifted = t + (t >= change[0] && t < change[1] ? 7200 : 3600);
    gmtime_r (&shifted, local);
}

void
web_text_today (char day[11])
{
    struct tm local;
    s_danish (time (NULL), &local);
    strftime (day, 11, "%Y-%m-%d", &local);
}

//  utc ("2027-03-28T01:00:00Z") in Danish time into local; false if it
//  is not such a time.
static bool
s_local (const char *utc, struct tm *local)
{
    struct tm tm = { 0 };
    const char *end = strptime (utc, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!end || strcmp (end, "Z") != 0)
        return false;
    s_danish (timegm (&tm), local);
    return true;
}

char *
web_text_time (web_lang_t lang, const char *utc)
{
    struct tm local;
    if (!s_local (utc, &local))
        return sk_strdup (utc);
    char when[32];
    strftime (when, sizeof when, "%Y-%m-%d %H:%M", &local);
    return web_text_local (lang, when);
}

char *
web_text_local (web_lang_t lang, const char *when)
{
    char day[11], tail;
    int hour, minute;
    if (sscanf (when, "%10s %2d:%2d%c", day, &hour, &minute, &tail) != 3)
        return sk_strdup (when);
    char *date = web_text_date (lang, day);
    char *text = lang == WEB_EN ? sk_asprintf ("%s at %02d:%02d", date, hour, minute)
                                : sk_asprintf ("%s kl. %02d.%02d", date, hour, minute);
    free (date);
    return text;
}

char *
web_text_clock (web_lang_t lang, const char *utc)
{
    struct tm local;
    if (!s_local (utc, &local))
        return sk_strdup (utc);
    return sk_asprintf (lang == WEB_EN ? "%02d:%02d" : "%02d.%02d", local.tm_hour, local.tm_min);
}
