# line 18: points not an integer
META
key;value
description;bad file test
num_projects;3
num_votes;3
budget;1000
vote_type;cumulative
PROJECTS
project_id;cost;name
1;400;Park
2;300;Bench
3;500;Lamp
VOTES
voter_id;vote;points
v1;1,2;3,2
v2;2,3;1,4
v3;1;five
