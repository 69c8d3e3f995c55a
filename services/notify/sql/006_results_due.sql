-- The reminder on a citizen budget's results_on says what it is: the day
-- its results are due (it was vote.budget.opens, "the results phase opens")
INSERT INTO template VALUES
('vote.budget.results_due', 'da', 'Borgerbudget {{name}}: resultatet offentliggøres {{date}}', 'Resultatet af borgerbudgettet {{name}} offentliggøres {{date}}.'),
('vote.budget.results_due', 'en', 'Citizen budget {{name}}: results due {{date}}', 'The results of the citizen budget {{name}} are due {{date}}.');
