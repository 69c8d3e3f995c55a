-- Texts for the status-meeting events the match service emits itself.
INSERT INTO template VALUES
('match.meeting.due', 'da', 'Statusmøde {{due_on}}: {{title}}', 'Om to uger er der statusmøde om aftalen "{{title}}" ({{due_on}}).'),
('match.meeting.due', 'en', 'Status meeting {{due_on}}: {{title}}', 'In two weeks there is a status meeting on the agreement "{{title}}" ({{due_on}}).'),
('match.meeting.overdue', 'da', 'Manglende referat: {{title}}', 'Statusmødet om aftalen "{{title}}" den {{due_on}} har ikke fået et referat.'),
('match.meeting.overdue', 'en', 'Missing minutes: {{title}}', 'The status meeting on the agreement "{{title}}" on {{due_on}} has no minutes.')
ON CONFLICT DO NOTHING;
