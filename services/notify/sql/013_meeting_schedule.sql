-- One mail for an agreement's meetings scheduled in one go (a coordinator
-- who made an agreement active got eleven "Statusmøde planlagt" mails and
-- two "Manglende referat" for meetings already past). match emits
-- match.meeting.schedule with the meetings' times (a list: one line each)
-- and those already past apart, for which no reminders or overdue mails
-- come; the meetings' own match.meeting.scheduled are logged (reminders)
-- but not mailed (notify_log.c).
INSERT INTO template (topic, language, subject, body) VALUES
('match.meeting.schedule', 'da',
 'Statusmøder planlagt: {{title}}',
 E'Der er planlagt {{count}} statusmøder om aftalen "{{title}}" (aftale {{agreement}}):{{meetings:dato}}\n\nHeraf lå {{past}} før dagen, de blev planlagt; om dem kommer der ingen påmindelser eller rykkere for referat:{{past_meetings:dato}}'),
('match.meeting.schedule', 'en',
 'Status meetings scheduled: {{title}}',
 E'{{count}} status meetings on the agreement "{{title}}" (agreement {{agreement}}) are scheduled:{{meetings:date}}\n\nOf these, {{past}} were already past when scheduled; no reminders or overdue notices come for them:{{past_meetings:date}}')
ON CONFLICT DO NOTHING;
