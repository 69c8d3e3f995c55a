# line 3: META header with 3 columns
META
key;value;extra
description;bad file test;x
num_projects;3;x
num_votes;3;x
budget;1000;x
vote_type;approval;x
PROJECTS
project_id;cost;name
1;400;Park
2;300;Bench
3;500;Lamp
VOTES
voter_id;vote
v1;1,2
v2;2,3
v3;1
