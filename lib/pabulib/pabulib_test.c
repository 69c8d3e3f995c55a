/*  pabulib_test: lib/pabulib's selftest and usage example. A .pb election
    is parsed from memory, inspected, tallied, saved and read back; a
    malformed one is refused with its line.
*/
#include <gmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pabulib/pb.h"
#include "sk_check.h"
#include "sk_mem.h"
#include "tally/tally.h"

static const char s_toy[] = "META\n"
                            "key;value\n"
                            "description;\"A park; or two\"\n"
                            "budget;300\n"
                            "vote_type;approval\n"
                            "PROJECTS\n"
                            "project_id;cost;name\n"
                            "park;100;Park\n"
                            "lamp;250;\"Lamp \"\"post\"\"\"\n"
                            "bench;50;Bench\n"
                            "VOTES\n"
                            "voter_id;vote\n"
                            "v1;park,lamp\n"
                            "v2;lamp\n"
                            "v3;park,bench\n";

//  The winners of rule as "a b c" (the caller frees it).
static char *
s_winners (pb_t *pb, tally_rule_t rule)
{
    tally_t *t = pb_tally (pb);
    tally_result_t *r = tally_run (t, rule, NULL);
    char *out = sk_strdup ("");
    for (size_t k = 0; r && k < tally_result_size (r); k++) {
        char *more = sk_asprintf ("%s%s%s", out, k ? " " : "",
                                  tally_project_id (t, tally_result_winner (r, k)));
        free (out);
        out = more;
    }
    tally_result_destroy (&r);
    tally_destroy (&t);
    return out;
}

static void
s_test_read (void)
{
    SK_CASE_BEGIN ();
    char *err = NULL;
    pb_t *pb = pb_parse (s_toy, strlen (s_toy), "toy.pb", &err);
    CHECK (pb != NULL);
    CHECK_STR_EQ (err ? err : "", "");
    if (!pb) {
        free (err);
        SK_CASE_END ("pabulib: a file read, inspected and tallied");
        return;
    }
    CHECK_STR_EQ (pb_meta (pb, "description"), "A park; or two");
    CHECK_STR_EQ (pb_meta (pb, "BUDGET"), "300");
    CHECK_INT_EQ (pb_meta_size (pb), 3);
    CHECK_STR_EQ (pb_vote_type_name (pb), "approval");
    CHECK_INT_EQ (pb_vote_type (pb), PB_APPROVAL);
    CHECK_INT_EQ (pb_projects (pb), 3);
    CHECK_STR_EQ (pb_project_id (pb, 1), "lamp");
    CHECK_STR_EQ (pb_project_field (pb, 1, "name"), "Lamp \"post\"");
    CHECK (pb_project_field (pb, 1, "votes") == NULL);
    mpq_t q;
    mpq_init (q);
    pb_project_cost (pb, 1, q);
    CHECK_INT_EQ (mpq_cmp_si (q, 250, 1), 0);
    pb_budget (pb, q);
    CHECK_INT_EQ (mpq_cmp_si (q, 300, 1), 0);
    mpq_clear (q);
    CHECK_INT_EQ (pb_voters (pb), 3);
    CHECK_STR_EQ (pb_voter_id (pb, 2), "v3");
    CHECK_INT_EQ (pb_ballot_size (pb, 0), 2);
    CHECK_INT_EQ (pb_ballot (pb, 0)[1], 1); //  lamp
    CHECK (pb_ballot_points (pb, 0) == NULL);
    //  Greedy by votes: lamp (2, 250) first, then nothing else fits but bench
    char *winners = s_winners (pb, TALLY_GREEDY);
    CHECK_STR_EQ (winners, "lamp bench");
    free (winners);
    pb_destroy (&pb);
    CHECK (pb == NULL);
    SK_CASE_END ("pabulib: a file read, inspected and tallied");
}

static void
s_test_save (void)
{
    SK_CASE_BEGIN ();
    char path[] = "/tmp/pabulib_test.XXXXXX";
    int fd = mkstemp (path);
    CHECK (fd >= 0);
    if (fd >= 0)
        close (fd);
    pb_t *pb = pb_parse (s_toy, strlen (s_toy), "toy.pb", NULL);
    char *err = NULL;
    CHECK_INT_EQ (pb_save (pb, path, &err), 0);
    pb_t *again = pb_load (path, &err);
    CHECK (again != NULL);
    CHECK_STR_EQ (err ? err : "", "");
    if (again) {
        CHECK_STR_EQ (pb_meta (again, "description"), "A park; or two");
        CHECK_STR_EQ (pb_project_field (again, 1, "name"), "Lamp \"post\"");
        CHECK_INT_EQ (pb_voters (again), 3);
    }
    free (err);
    pb_destroy (&again);
    pb_destroy (&pb);
    unlink (path);
    SK_CASE_END ("pabulib: saved and read back the same");
}

static void
s_test_refused (void)
{
    SK_CASE_BEGIN ();
    const char *bad = "META\nkey;value\nbudget;300\nvote_type;approval\n"
                      "PROJECTS\nproject_id;cost\npark;100\npark;50\n"
                      "VOTES\nvoter_id;vote\nv1;park\n";
    char *err = NULL;
    pb_t *pb = pb_parse (bad, strlen (bad), "bad.pb", &err);
    CHECK (pb == NULL);
    CHECK_STR_CONTAINS (err, "bad.pb:8: ");
    free (err);
    err = NULL;
    pb = pb_load ("/nonexistent/x.pb", &err);
    CHECK (pb == NULL);
    CHECK_STR_CONTAINS (err, "/nonexistent/x.pb: could not open file");
    free (err);
    SK_CASE_END ("pabulib: malformed or missing files refused with where and why");
}

int
main (int argc, char **argv)
{
    (void)argc;
    (void)argv;
    s_test_read ();
    s_test_save ();
    s_test_refused ();
    return sk_check_cases_failed ? 1 : 0;
}
