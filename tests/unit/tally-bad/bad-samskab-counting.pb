# line 6: samskab_counting names a word samskab-tally does not know
META
key;value
budget;1000
vote_type;approval
samskab_counting;voted_only,most_votes
PROJECTS
project_id;cost;name
1;400;Park
2;300;Bench
VOTES
voter_id;vote
v1;1,2
