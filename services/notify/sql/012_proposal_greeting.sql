-- A proposal's mail greets its reader and says how to log in to answer
-- (a new-user trial: it began "samskab foreslår..." and its link gave a
-- login page that then landed on "Din side"; samskab-web now lands on the
-- page the link names once logged in). As in 010, a shipped text is
-- replaced only while it is still the shipped one.
UPDATE template SET body =
 E'Hej\n\nsamskab foreslår et samarbejde mellem {{left_name?en frivillig}} og {{right_name?en borger}} (forslag {{id}}). Forslaget gælder til {{expires_at:dato}}.\n\nSådan svarer I: åbn linket herunder og skriv den e-mailadresse, kommunen har som jeres kontakt. Så sender vi et link, der logger jer ind (det virker i 15 minutter), og I kommer direkte til forslaget, hvor I kan svare ja eller nej:\n{{public_url}}/party/proposals\n\nVenlig hilsen\nsamskab'
WHERE topic = 'match.proposal.created' AND language = 'da'
  AND body = E'samskab foreslår et samarbejde mellem {{left_name?en frivillig}} og {{right_name?en borger}} (forslag {{id}}). Forslaget gælder til {{expires_at:dato}}.\n\nSe forslaget og svar ja eller nej her:\n{{public_url}}/party/proposals';
UPDATE template SET body =
 E'Hello\n\nsamskab proposes that {{left_name?a volunteer}} and {{right_name?a citizen}} work together (proposal {{id}}). The proposal is open until {{expires_at:date}}.\n\nHow to answer: open the link below and type the e-mail address the municipality has as your contact. We then send you a link that logs you in (it works for 15 minutes), and you come straight to the proposal, where you can answer yes or no:\n{{public_url}}/party/proposals?lang=en\n\nKind regards\nsamskab'
WHERE topic = 'match.proposal.created' AND language = 'en'
  AND body = E'samskab proposes that {{left_name?a volunteer}} and {{right_name?a citizen}} work together (proposal {{id}}). The proposal is open until {{expires_at:date}}.\n\nSee the proposal and answer yes or no here:\n{{public_url}}/party/proposals?lang=en';
