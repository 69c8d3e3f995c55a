# line 2: META lacks budget
META
key;value
description;bad file test
num_projects;3
num_votes;3
vote_type;approval
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
