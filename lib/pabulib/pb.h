/*  pb.h: Pabulib .pb election files.

    A .pb file has three sections, META, PROJECTS and VOTES (titles compared
    case-insensitively), each a header row then ';'-separated rows with CSV
    double-quote quoting. pb_t keeps every key, column and field, so a
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

    Contract: C11, libc, GMP, lib/tally and lib/base (sk_mem) only; no
    PostgreSQL, ZeroMQ or czmq. Not thread-safe per election; distinct
    elections are independent.
*/
#ifndef PABULIB_PB_H_INCLUDED
#define PABULIB_PB_H_INCLUDED

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tally/tally.h"

typedef struct _pb_t pb_t;

typedef enum { PB_APPROVAL, PB_CHOOSE_1, PB_CUMULATIVE, PB_ORDINAL, PB_SCORING } pb_type_t;

#define PB_MAX_FILE_SIZE (1024u * 1024u * 1024u) //  1 GiB
#define PB_MAX_FIELD     1048576                 //  bytes in one field
#define PB_MAX_COLUMNS   1000                    //  fields in one row

/*  Load the file at path. Returns the election, or NULL with *err_p set to
    a malloc'ed message "PATH:LINE: reason" (or "PATH: reason" when the file
    cannot be read); err_p may be NULL. */
pb_t *pb_load (const char *path, char **err_p);

/*  Parse size bytes of .pb text; name is used in error messages. Same
    contract as pb_load. */
pb_t *pb_parse (const char *data, size_t size, const char *name, char **err_p);

/*  Destroy the election and null the caller's pointer. Safe on NULL. */
void pb_destroy (pb_t **self_p);

/*  Write the election as a .pb file (all keys, columns and fields, quoted
    where needed). Returns 0, or -1 with *err_p set. */
int pb_save (pb_t *self, const char *path, char **err_p);

/*  META: the value of key (case-insensitive), borrowed, or NULL; and the
    keys in file order. */
const char *pb_meta (pb_t *self, const char *key);
size_t pb_meta_size (pb_t *self);
const char *pb_meta_key (pb_t *self, size_t k);

/*  The vote type, the budget and the greedy-threshold minimum (0 when the
    file has no min_project_score_threshold). */
pb_type_t pb_vote_type (pb_t *self);
const char *pb_vote_type_name (pb_t *self);
void pb_budget (pb_t *self, mpq_t budget);
void pb_threshold (pb_t *self, mpq_t threshold);

/*  META samskab_counting, samskab's one key of its own (doc/DECISIONS.md,
    "Counting that matches the ballot"): a comma-separated list of
      points_cost  (cumulative and scoring only) a voter's utility for a
                   project is its points times its cost
                   (TALLY_SAT_POINTS_COST), not the points: greedy funds
                   the most points first, MES splits a cost in proportion
                   to the points;
      voted_only   a project no ballot names is never selected, by any
                   rule (tally_set_voted_only).
    Files without the key are counted as pabutools counts them. Returns
    the PB_COUNT_* bits the file gives. */
#define PB_COUNT_POINTS_COST 1u
#define PB_COUNT_VOTED_ONLY  2u
unsigned pb_counting (pb_t *self);

/*  PROJECTS, in file order: count, id, exact cost, and any column by name
    (NULL if the file has no such column). Strings are borrowed. */
size_t pb_projects (pb_t *self);
const char *pb_project_id (pb_t *self, size_t p);
const char *pb_project_cost_text (pb_t *self, size_t p);
void pb_project_cost (pb_t *self, size_t p, mpq_t cost);
const char *pb_project_field (pb_t *self, size_t p, const char *column);

/*  VOTES, in file order: count, voter id, the ballot as project indices
    (most preferred first for ordinal) and its points (NULL unless the file
    has a points column). */
size_t pb_voters (pb_t *self);
const char *pb_voter_id (pb_t *self, size_t v);
size_t pb_ballot_size (pb_t *self, size_t v);
const uint32_t *pb_ballot (pb_t *self, size_t v);
const int64_t *pb_ballot_points (pb_t *self, size_t v);

/*  The election as a new tally_t for the rules: approval and choose-1
    ballots with cost satisfaction, cumulative and scoring with their
    points, ordinal with Borda points (a ballot of length k gives k-1, k-2,
    ..., 0 by position); samskab_counting changes the first two as
    pb_counting says. Never returns NULL. */
tally_t *pb_tally (pb_t *self);

#endif
