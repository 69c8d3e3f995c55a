# line 9: unknown section title
META
key;value
description;bad file test
num_projects;3
num_votes;3
budget;1000
vote_type;approval
PROJECTZ
project_id;cost
1;5
VOTES
voter_id;vote
v1;1,2
v2;2,3
v3;1
