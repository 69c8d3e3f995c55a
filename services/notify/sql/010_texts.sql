-- Mails in Danish with names and links (new-user trial: they read "Nyt
-- matchforslag til " and staff read "Ny hændelse:
-- vote.process.phase_changed ... (2026-12-07T16:15:17.960369Z)").

-- Texts in words, times in Danish local time ({{field:dato}}: "7. december
-- 2026 kl. 17.15"; {{field:date}} in English), budget phases in Danish
-- ({{phase:fase}}), fallbacks ({{left_name?en frivillig}}) and the link to
-- the web ({{public_url}}, samskab-web's web/public_url). A shipped text is
-- replaced only while it is still the shipped one: a municipality's own
-- text (notify template) stays.
CREATE TEMPORARY TABLE new_text (
    topic text, language text, old_subject text, subject text, body text
) ON COMMIT DROP;
INSERT INTO new_text VALUES
('', 'da', 'Ny hændelse: {{topic}}', 'Ny hændelse i samskab {{ts:dato}}',
 'Der er sket noget i samskab, der vedrører dig, {{ts:dato}}. Hændelsen hedder {{topic}} i samskabs log.'),
('', 'en', 'New event: {{topic}}', 'New event in samskab {{ts:date}}',
 'Something that concerns you happened in samskab on {{ts:date}}. The event is {{topic}} in samskab''s log.'),
('match.proposal.created', 'da', 'Nyt matchforslag til {{name}}',
 'Nyt matchforslag: {{left_name?en frivillig}} og {{right_name?en borger}}',
 E'samskab foreslår et samarbejde mellem {{left_name?en frivillig}} og {{right_name?en borger}} (forslag {{id}}). Forslaget gælder til {{expires_at:dato}}.\n\nSe forslaget og svar ja eller nej her:\n{{public_url}}/party/proposals'),
('match.proposal.created', 'en', 'New match proposed to {{name}}',
 'New match proposed: {{left_name?a volunteer}} and {{right_name?a citizen}}',
 E'samskab proposes that {{left_name?a volunteer}} and {{right_name?a citizen}} work together (proposal {{id}}). The proposal is open until {{expires_at:date}}.\n\nSee the proposal and answer yes or no here:\n{{public_url}}/party/proposals?lang=en'),
('match.meeting.reminder', 'da', 'Statusmøde {{date}}', 'Statusmøde {{date:dato}}',
 'Påmindelse: statusmøde om aftale {{agreement}} den {{date:dato}}.'),
('match.meeting.reminder', 'en', 'Status meeting {{date}}', 'Status meeting {{date:date}}',
 'Reminder: status meeting on agreement {{agreement}} on {{date:date}}.'),
('match.meeting.escalated', 'da', 'Manglende referat: aftale {{agreement}}', 'Manglende referat: aftale {{agreement}}',
 'Statusmødet om aftale {{agreement}} den {{date:dato}} har ikke fået et referat efter 7 dage.'),
('match.meeting.escalated', 'en', 'Missing minutes: agreement {{agreement}}', 'Missing minutes: agreement {{agreement}}',
 'The status meeting on agreement {{agreement}} on {{date:date}} has no minutes after 7 days.'),
('match.meeting.due', 'da', 'Statusmøde {{due_on}}: {{title}}', 'Statusmøde {{due_on:dato}}: {{title}}',
 'Om to uger er der statusmøde om aftalen "{{title}}" ({{due_on:dato}}).'),
('match.meeting.due', 'en', 'Status meeting {{due_on}}: {{title}}', 'Status meeting {{due_on:date}}: {{title}}',
 'In two weeks there is a status meeting on the agreement "{{title}}" ({{due_on:date}}).'),
('match.meeting.overdue', 'da', 'Manglende referat: {{title}}', 'Manglende referat: {{title}}',
 'Statusmødet om aftalen "{{title}}" den {{due_on:dato}} har ikke fået et referat.'),
('match.meeting.overdue', 'en', 'Missing minutes: {{title}}', 'Missing minutes: {{title}}',
 'The status meeting on the agreement "{{title}}" on {{due_on:date}} has no minutes.'),
('vote.budget.opens', 'da', 'Borgerbudget {{name}}: fasen {{phase}} begynder {{date}}',
 'Borgerbudget {{name}}: fasen {{phase:fase}} begynder {{date:dato}}',
 'Fasen {{phase:fase}} i borgerbudgettet {{name}} begynder {{date:dato}}.'),
('vote.budget.opens', 'en', 'Citizen budget {{name}}: the {{phase}} phase opens {{date}}',
 'Citizen budget {{name}}: the {{phase}} phase opens {{date:date}}',
 'The {{phase}} phase of the citizen budget {{name}} opens on {{date:date}}.'),
('vote.budget.closes', 'da', 'Borgerbudget {{name}}: sidste dag for afstemning {{date}}',
 'Borgerbudget {{name}}: sidste dag for afstemning {{date:dato}}',
 'Afstemningen i borgerbudgettet {{name}} lukker {{date:dato}}.'),
('vote.budget.closes', 'en', 'Citizen budget {{name}}: voting closes {{date}}',
 'Citizen budget {{name}}: voting closes {{date:date}}',
 'Voting in the citizen budget {{name}} closes on {{date:date}}.'),
('vote.budget.results_due', 'da', 'Borgerbudget {{name}}: resultatet offentliggøres {{date}}',
 'Borgerbudget {{name}}: resultatet offentliggøres {{date:dato}}',
 'Resultatet af borgerbudgettet {{name}} offentliggøres {{date:dato}}.'),
('vote.budget.results_due', 'en', 'Citizen budget {{name}}: results due {{date}}',
 'Citizen budget {{name}}: results due {{date:date}}',
 'The results of the citizen budget {{name}} are due on {{date:date}}.'),
-- Topics staff read that had only the fallback
('vote.process.phase_changed', 'da', NULL, 'Borgerbudget {{name}}: ny fase, {{phase:fase}}',
 'Borgerbudgettet {{name}} gik over i fasen {{phase:fase}} {{ts:dato}}.'),
('vote.process.phase_changed', 'en', NULL, 'Citizen budget {{name}}: new phase, {{phase}}',
 'The citizen budget {{name}} moved to the {{phase}} phase on {{ts:date}}.'),
('vote.process.created', 'da', NULL, 'Nyt borgerbudget: {{name}}',
 'Borgerbudgettet {{name}} blev oprettet {{ts:dato}}.'),
('vote.process.created', 'en', NULL, 'New citizen budget: {{name}}',
 'The citizen budget {{name}} was created on {{ts:date}}.'),
('vote.process.updated', 'da', NULL, 'Borgerbudget {{name}} er ændret',
 'Borgerbudgettet {{name}} blev ændret {{ts:dato}}.'),
('vote.process.updated', 'en', NULL, 'Citizen budget {{name}} changed',
 'The citizen budget {{name}} was changed on {{ts:date}}.'),
('vote.process.opened', 'da', NULL, 'Borgerbudget {{name}}: afstemningen er åben',
 'Afstemningen i borgerbudgettet {{name}} åbnede {{ts:dato}}.'),
('vote.process.opened', 'en', NULL, 'Citizen budget {{name}}: voting is open',
 'Voting in the citizen budget {{name}} opened on {{ts:date}}.'),
('vote.process.closed', 'da', NULL, 'Borgerbudget {{name}}: afstemningen er lukket',
 'Afstemningen i borgerbudgettet {{name}} lukkede {{ts:dato}}.'),
('vote.process.closed', 'en', NULL, 'Citizen budget {{name}}: voting is closed',
 'Voting in the citizen budget {{name}} closed on {{ts:date}}.'),
('vote.results.published', 'da', NULL, 'Resultatet af borgerbudgettet {{name}}',
 'Resultatet af borgerbudgettet {{name}} blev offentliggjort {{ts:dato}}.'),
('vote.results.published', 'en', NULL, 'Results of the citizen budget {{name}}',
 'The results of the citizen budget {{name}} were published on {{ts:date}}.'),
('match.proposal.accepted', 'da', NULL, 'Matchforslag {{id}} er accepteret',
 'Begge parter har sagt ja til matchforslag {{id}} {{ts:dato}}; aftale {{agreement}} er oprettet som kladde.'),
('match.proposal.accepted', 'en', NULL, 'Match proposal {{id}} accepted',
 'Both sides accepted match proposal {{id}} on {{ts:date}}; agreement {{agreement}} was drafted.'),
('match.proposal.accepted_by_one', 'da', NULL, 'Matchforslag {{id}}: den ene part har sagt ja',
 E'Den ene part har sagt ja til matchforslag {{id}} {{ts:dato}}; forslaget venter på den anden.\n{{public_url}}/party/proposals'),
('match.proposal.accepted_by_one', 'en', NULL, 'Match proposal {{id}}: one side accepted',
 E'One side accepted match proposal {{id}} on {{ts:date}}; it waits for the other.\n{{public_url}}/party/proposals?lang=en'),
('match.proposal.declined', 'da', NULL, 'Matchforslag {{id}} er afslået',
 'Matchforslag {{id}} blev afslået {{ts:dato}}.'),
('match.proposal.declined', 'en', NULL, 'Match proposal {{id}} declined',
 'Match proposal {{id}} was declined on {{ts:date}}.'),
('match.proposal.expired', 'da', NULL, 'Matchforslag {{id}} er udløbet',
 'Matchforslag {{id}} udløb {{ts:dato}} uden svar fra begge parter.'),
('match.proposal.expired', 'en', NULL, 'Match proposal {{id}} expired',
 'Match proposal {{id}} expired on {{ts:date}} without an answer from both sides.'),
('match.meeting.scheduled', 'da', NULL, 'Statusmøde {{at:dato}}',
 'Der er planlagt statusmøde om aftale {{agreement}} {{at:dato}}.'),
('match.meeting.scheduled', 'en', NULL, 'Status meeting {{at:date}}',
 'A status meeting on agreement {{agreement}} is scheduled for {{at:date}}.'),
('match.meeting.held', 'da', NULL, 'Referat af statusmøde {{n}} om aftale {{agreement}}',
 'Statusmøde {{n}} om aftale {{agreement}} blev holdt {{held_on:dato}}, og referatet er skrevet.'),
('match.meeting.held', 'en', NULL, 'Minutes of status meeting {{n}} on agreement {{agreement}}',
 'Status meeting {{n}} on agreement {{agreement}} was held on {{held_on:date}}; its minutes are written.');

UPDATE template t SET subject = n.subject, body = n.body FROM new_text n
WHERE t.topic = n.topic AND t.language = n.language AND t.subject = n.old_subject;
INSERT INTO template SELECT topic, language, subject, body FROM new_text WHERE old_subject IS NULL
ON CONFLICT DO NOTHING;

-- The digest's line break was written '\n' (two characters) in 002
UPDATE template SET body = replace(body, '\n', E'\n')
WHERE topic = 'notify.digest' AND strpos(body, '\n') > 0;
