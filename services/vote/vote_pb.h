/*  vote_pb.h: Pabulib .pb election files.

    A .pb file has three sections, META, PROJECTS and VOTES (titles compared
    case-insensitively), each a header row then ';'-separated rows with CSV
    double-quote quoting. vote_pb_t keeps every key, column and field, so a
    file can be loaded, inspected and saved again; costs, the budget and
    the threshold are also parsed exactly (mpq_t), and ballots are resolved
    to project indices.

    Parsing is strict and bounded: any malformed input gives an error
    "FILE:LINE: reason" instead of a guess. Accepted: a UTF-8 BOM, CRLF or
    LF line ends, quoted fields (with "" for a quote, and line breaks),
    blank lines, surrounding blanks in unquoted fields, lines starting with
    '#' before the first section (comments). Rejected: missing
    sections or columns, rows with the wrong number of fields, duplicate
    project or voter ids, votes naming unknown projects or one project
    twice, points that do not match the vote, negative costs or budget,
    numbers that are not plain decimals, oversized files, fields or counts.
*/
#ifndef VOTE_PB_H_INCLUDED
#define VOTE_PB_H_INCLUDED

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vote_tally.h"

typedef struct _vote_pb_t vote_pb_t;

typedef enum {
    VOTE_PB_APPROVAL,
    VOTE_PB_CHOOSE_1,
    VOTE_PB_CUMULATIVE,
    VOTE_PB_ORDINAL,
    VOTE_PB_SCORING
} vote_pb_type_t;

#define VOTE_PB_MAX_FILE_SIZE (1024u * 1024u * 1024u) //  1 GiB
#define VOTE_PB_MAX_FIELD     1048576                 //  bytes in one field
#define VOTE_PB_MAX_COLUMNS   1000                    //  fields in one row

/*  Load the file at path. Returns the election, or NULL with *err_p set to
    a malloc'ed message "PATH:LINE: reason" (or "PATH: reason" when the file
    cannot be read); err_p may be NULL. */
vote_pb_t *vote_pb_load (const char *path, char **err_p);

/*  Parse size bytes of .pb text; name is used in error messages. Same
    contract as vote_pb_load. */
vote_pb_t *vote_pb_parse (const char *data, size_t size, const char *name, char **err_p);

/*  Destroy the election and null the caller's pointer. Safe on NULL. */
void vote_pb_destroy (vote_pb_t **self_p);

/*  Write the election as a .pb file (all keys, columns and fields, quoted
    where needed). Returns 0, or -1 with *err_p set. */
int vote_pb_save (vote_pb_t *self, const char *path, char **err_p);

/*  META: the value of key (case-insensitive), borrowed, or NULL; and the
    keys in file order. */
const char *vote_pb_meta (vote_pb_t *self, const char *key);
size_t vote_pb_meta_size (vote_pb_t *self);
const char *vote_pb_meta_key (vote_pb_t *self, size_t k);

/*  The vote type, the budget and the greedy-threshold minimum (0 when the
    file has no min_project_score_threshold). */
vote_pb_type_t vote_pb_vote_type (vote_pb_t *self);
const char *vote_pb_vote_type_name (vote_pb_t *self);
void vote_pb_budget (vote_pb_t *self, mpq_t budget);
void vote_pb_threshold (vote_pb_t *self, mpq_t threshold);

/*  PROJECTS, in file order: count, id, exact cost, and any column by name
    (NULL if the file has no such column). Strings are borrowed. */
size_t vote_pb_projects (vote_pb_t *self);
const char *vote_pb_project_id (vote_pb_t *self, size_t p);
const char *vote_pb_project_cost_text (vote_pb_t *self, size_t p);
void vote_pb_project_cost (vote_pb_t *self, size_t p, mpq_t cost);
const char *vote_pb_project_field (vote_pb_t *self, size_t p, const char *column);

/*  VOTES, in file order: count, voter id, the ballot as project indices
    (most preferred first for ordinal) and its points (NULL unless the file
    has a points column). */
size_t vote_pb_voters (vote_pb_t *self);
const char *vote_pb_voter_id (vote_pb_t *self, size_t v);
size_t vote_pb_ballot_size (vote_pb_t *self, size_t v);
const uint32_t *vote_pb_ballot (vote_pb_t *self, size_t v);
const int64_t *vote_pb_ballot_points (vote_pb_t *self, size_t v);

/*  The election as a new vote_tally_t for the rules: approval and choose-1
    ballots with cost satisfaction, cumulative and scoring with their
    points, ordinal with Borda points (a ballot of length k gives k-1, k-2,
    ..., 0 by position). Never returns NULL. */
vote_tally_t *vote_pb_tally (vote_pb_t *self);

#endif
