-- The 98 municipalities and a starter taxonomy drawn from the seed documents
-- (../shared/DOMAIN.md). Staff extend the taxonomy with samskab terms add.

INSERT INTO municipality (code, name) VALUES
    ('0101', 'København'),
    ('0147', 'Frederiksberg'),
    ('0151', 'Ballerup'),
    ('0153', 'Brøndby'),
    ('0155', 'Dragør'),
    ('0157', 'Gentofte'),
    ('0159', 'Gladsaxe'),
    ('0161', 'Glostrup'),
    ('0163', 'Herlev'),
    ('0165', 'Albertslund'),
    ('0167', 'Hvidovre'),
    ('0169', 'Høje-Taastrup'),
    ('0173', 'Lyngby-Taarbæk'),
    ('0175', 'Rødovre'),
    ('0183', 'Ishøj'),
    ('0185', 'Tårnby'),
    ('0187', 'Vallensbæk'),
    ('0190', 'Furesø'),
    ('0201', 'Allerød'),
    ('0210', 'Fredensborg'),
    ('0217', 'Helsingør'),
    ('0219', 'Hillerød'),
    ('0223', 'Hørsholm'),
    ('0230', 'Rudersdal'),
    ('0240', 'Egedal'),
    ('0250', 'Frederikssund'),
    ('0253', 'Greve'),
    ('0259', 'Køge'),
    ('0260', 'Halsnæs'),
    ('0265', 'Roskilde'),
    ('0269', 'Solrød'),
    ('0270', 'Gribskov'),
    ('0306', 'Odsherred'),
    ('0316', 'Holbæk'),
    ('0320', 'Faxe'),
    ('0326', 'Kalundborg'),
    ('0329', 'Ringsted'),
    ('0330', 'Slagelse'),
    ('0336', 'Stevns'),
    ('0340', 'Sorø'),
    ('0350', 'Lejre'),
    ('0360', 'Lolland'),
    ('0370', 'Næstved'),
    ('0376', 'Guldborgsund'),
    ('0390', 'Vordingborg'),
    ('0400', 'Bornholm'),
    ('0410', 'Middelfart'),
    ('0420', 'Assens'),
    ('0430', 'Faaborg-Midtfyn'),
    ('0440', 'Kerteminde'),
    ('0450', 'Nyborg'),
    ('0461', 'Odense'),
    ('0479', 'Svendborg'),
    ('0480', 'Nordfyns'),
    ('0482', 'Langeland'),
    ('0492', 'Ærø'),
    ('0510', 'Haderslev'),
    ('0530', 'Billund'),
    ('0540', 'Sønderborg'),
    ('0550', 'Tønder'),
    ('0561', 'Esbjerg'),
    ('0563', 'Fanø'),
    ('0573', 'Varde'),
    ('0575', 'Vejen'),
    ('0580', 'Aabenraa'),
    ('0607', 'Fredericia'),
    ('0615', 'Horsens'),
    ('0621', 'Kolding'),
    ('0630', 'Vejle'),
    ('0657', 'Herning'),
    ('0661', 'Holstebro'),
    ('0665', 'Lemvig'),
    ('0671', 'Struer'),
    ('0706', 'Syddjurs'),
    ('0707', 'Norddjurs'),
    ('0710', 'Favrskov'),
    ('0727', 'Odder'),
    ('0730', 'Randers'),
    ('0740', 'Silkeborg'),
    ('0741', 'Samsø'),
    ('0746', 'Skanderborg'),
    ('0751', 'Aarhus'),
    ('0756', 'Ikast-Brande'),
    ('0760', 'Ringkøbing-Skjern'),
    ('0766', 'Hedensted'),
    ('0773', 'Morsø'),
    ('0779', 'Skive'),
    ('0787', 'Thisted'),
    ('0791', 'Viborg'),
    ('0810', 'Brønderslev'),
    ('0813', 'Frederikshavn'),
    ('0820', 'Vesthimmerlands'),
    ('0825', 'Læsø'),
    ('0840', 'Rebild'),
    ('0846', 'Mariagerfjord'),
    ('0849', 'Jammerbugt'),
    ('0851', 'Aalborg'),
    ('0860', 'Hjørring');

INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('competence', 'administration', 'Administration', 'Administration');
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'competence', 'accounting', id, 'Regnskab og økonomi', 'Accounting' FROM term WHERE taxonomy = 'competence' AND code = 'administration';
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'competence', 'fundraising', id, 'Fundraising og fondsansøgninger', 'Fundraising' FROM term WHERE taxonomy = 'competence' AND code = 'administration';
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'competence', 'project-management', id, 'Projektledelse', 'Project management' FROM term WHERE taxonomy = 'competence' AND code = 'administration';
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'competence', 'board-work', id, 'Bestyrelsesarbejde', 'Board work' FROM term WHERE taxonomy = 'competence' AND code = 'administration';
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('competence', 'people', 'Mennesker og frivillige', 'People and volunteers');
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'competence', 'volunteer-recruitment', id, 'Rekruttering af frivillige', 'Volunteer recruitment' FROM term WHERE taxonomy = 'competence' AND code = 'people';
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'competence', 'trainer-development', id, 'Træner- og lederudvikling', 'Trainer and leader development' FROM term WHERE taxonomy = 'competence' AND code = 'people';
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'competence', 'supervision', id, 'Supervision', 'Supervision' FROM term WHERE taxonomy = 'competence' AND code = 'people';
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'competence', 'mentoring', id, 'Mentorskab', 'Mentoring' FROM term WHERE taxonomy = 'competence' AND code = 'people';
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'competence', 'association-life', id, 'Kendskab til dansk foreningsliv', 'Danish association life' FROM term WHERE taxonomy = 'competence' AND code = 'people';
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('competence', 'cooperation', 'Samarbejde', 'Cooperation');
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'competence', 'housing-cooperation', id, 'Samarbejde med boligforeninger', 'Cooperation with housing associations' FROM term WHERE taxonomy = 'competence' AND code = 'cooperation';
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'competence', 'school-cooperation', id, 'Samarbejde med skoler', 'Cooperation with schools' FROM term WHERE taxonomy = 'competence' AND code = 'cooperation';
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('competence', 'communication', 'Kommunikation', 'Communication');
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'competence', 'social-media', id, 'Sociale medier', 'Social media' FROM term WHERE taxonomy = 'competence' AND code = 'communication';
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('competence', 'it-help', 'IT-hjælp', 'IT help');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('competence', 'homework-help', 'Lektiehjælp', 'Homework help');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('competence', 'danish-language', 'Danskundervisning', 'Danish language teaching');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('competence', 'coaching-sport', 'Idrætstræning', 'Sports coaching');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('competence', 'business-economics', 'Erhvervsøkonomi', 'Business economics');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('competence', 'premises', 'Lokaler', 'Premises');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('target_group', 'children', 'Børn', 'Children');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('target_group', 'youth', 'Unge', 'Young people');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('target_group', 'families', 'Familier', 'Families');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('target_group', 'elderly', 'Ældre', 'Elderly people');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('target_group', 'newcomers', 'Nytilkomne', 'Newcomers');
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'target_group', 'refugees', id, 'Flygtninge', 'Refugees' FROM term WHERE taxonomy = 'target_group' AND code = 'newcomers';
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('target_group', 'women', 'Kvinder', 'Women');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('target_group', 'men-far-from-work', 'Mænd langt fra arbejdsmarkedet', 'Men far from the labour market');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('target_group', 'vulnerable-housing-areas', 'Beboere i udsatte boligområder', 'Residents of vulnerable housing areas');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('target_group', 'disabilities', 'Mennesker med handicap', 'People with disabilities');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('target_group', 'students', 'Elever og studerende', 'Students');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('target_group', 'lonely', 'Ensomme', 'Lonely people');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('activity_type', 'sport', 'Idræt', 'Sport');
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'activity_type', 'football', id, 'Fodbold', 'Football' FROM term WHERE taxonomy = 'activity_type' AND code = 'sport';
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('activity_type', 'culture', 'Kultur', 'Culture');
INSERT INTO term (taxonomy, code, parent_id, label_da, label_en) SELECT 'activity_type', 'choir', id, 'Kor', 'Choir' FROM term WHERE taxonomy = 'activity_type' AND code = 'culture';
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('activity_type', 'visiting-friend', 'Besøgsven', 'Visiting friend');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('activity_type', 'homework-cafe', 'Lektiecafé', 'Homework café');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('activity_type', 'computer-cafe', 'Computercafé', 'Computer café');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('activity_type', 'mentor-programme', 'Mentorordning', 'Mentor programme');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('activity_type', 'cooking', 'Madlavning', 'Cooking together');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('activity_type', 'counselling', 'Rådgivning', 'Counselling');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('activity_type', 'networking', 'Netværk', 'Networking');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('language', 'da', 'Dansk', 'Danish');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('language', 'en', 'Engelsk', 'English');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('language', 'ar', 'Arabisk', 'Arabic');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('language', 'so', 'Somali', 'Somali');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('language', 'tr', 'Tyrkisk', 'Turkish');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('language', 'fa', 'Persisk', 'Persian');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('language', 'ti', 'Tigrinya', 'Tigrinya');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('language', 'uk', 'Ukrainsk', 'Ukrainian');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('language', 'pl', 'Polsk', 'Polish');
INSERT INTO term (taxonomy, code, label_da, label_en) VALUES ('language', 'ur', 'Urdu', 'Urdu');
