-- Meetings named by their agreement's title, and a text for a cancelled
-- meeting (a coordinator who moved an agreement's dates got six mails
-- reading "Der er sket noget i samskab ... Hændelsen hedder
-- match.meeting.cancelled", and "statusmøde om aftale 2 5. april 2027",
-- two numbers run together). As in 010, a shipped text is replaced only
-- while it is still the shipped one.
CREATE TEMPORARY TABLE new_text (
    topic text, language text, old_body text, subject text, body text
) ON COMMIT DROP;
INSERT INTO new_text VALUES
('match.meeting.scheduled', 'da',
 'Der er planlagt statusmøde om aftale {{agreement}} {{at:dato}}.',
 'Statusmøde planlagt {{at:dato}}: {{title}}',
 'Der er planlagt statusmøde nr. {{n}} om aftalen "{{title}}" (aftale {{agreement}}) den {{at:dato}}.'),
('match.meeting.scheduled', 'en',
 'A status meeting on agreement {{agreement}} is scheduled for {{at:date}}.',
 'Status meeting scheduled {{at:date}}: {{title}}',
 'Status meeting {{n}} on the agreement "{{title}}" (agreement {{agreement}}) is scheduled for {{at:date}}.'),
('match.meeting.cancelled', 'da', NULL,
 'Statusmøde aflyst {{at:dato}}: {{title}}',
 'Statusmøde nr. {{n}} om aftalen "{{title}}" (aftale {{agreement}}) den {{at:dato}} er aflyst, fordi aftalens datoer, mødefrekvens eller mødetid er ændret. De nye møder kommer i særskilte mails.'),
('match.meeting.cancelled', 'en', NULL,
 'Status meeting cancelled {{at:date}}: {{title}}',
 'Status meeting {{n}} on the agreement "{{title}}" (agreement {{agreement}}) on {{at:date}} is cancelled: the agreement''s dates, cadence or meeting time changed. The new meetings come in mails of their own.');

UPDATE template t SET subject = n.subject, body = n.body FROM new_text n
WHERE t.topic = n.topic AND t.language = n.language AND t.body = n.old_body;
INSERT INTO template SELECT topic, language, subject, body FROM new_text WHERE old_body IS NULL
ON CONFLICT DO NOTHING;
