# line 2: points_cost on approval ballots (the META title's line)
META
key;value
budget;1000
vote_type;approval
samskab_counting;points_cost
PROJECTS
project_id;cost;name
1;400;Park
2;300;Bench
VOTES
voter_id;vote
v1;1,2
