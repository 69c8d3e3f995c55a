/*  samskab-tally: offline participatory-budgeting tally of a Pabulib file.

    usage: samskab-tally [--rule RULE] [--json] [--exact] FILE.pb

    Prints the result of RULE (greedy, greedy-card, greedy-threshold, mes,
    mes-card, mes-add1, mes-add1-greedy, phragmen; by default the rule the
    file's META names, as samskab's exports do) as a table for an auditor:
    every project, the winners first in selection order, then the rest
    marked "not selected", each project's code beside its title, its
    points on points ballots (cumulative, scoring, ordinal), MES's price
    per point (per supporter on other ballots), amounts and prices in
    kroner ("150.000 kr.", prices whole) when the file's currency is DKK,
    or with --json as one JSON
    object: the winners in selection order, and "projects", every project
    (winners first, then by votes) with its votes, cost and whether it
    was selected; "project_count" counts them. --exact makes MES decide
    every comparison in rational arithmetic alone (no floating-point
    filter): the same result, slower; for checking. A file samskab exported
    says in META samskab_counting how the vote service counted it
    (lib/pabulib/pb.h); it is counted that way. Exit status: 0 on success,
    2 on a usage error, an unreadable or malformed file.
*/
#include <gmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pabulib/pb.h"
#include "tally/tally.h"
#include "sk_mem.h"
#include "sk_number.h"

#define PROGRAM "samskab-tally"

static void
s_usage (FILE *out)
{
    fprintf (out, "usage: " PROGRAM " [--rule RULE] [--json] [--exact] FILE.pb\n"
                  "  --rule RULE  count with RULE, not the rule the file's META names\n"
                  "  --json       one JSON object, not a table\n"
                  "  --exact      MES decides every comparison in exact rational arithmetic\n"
                  "               alone, without its floating-point filter: the same result,\n"
                  "               slower (for checking)\n"
                  "rules:");
    for (int r = 0; r < TALLY_RULES; r++)
        fprintf (out, " %s", tally_rule_name ((tally_rule_t)r));
    fprintf (out, "\n");
}

/*  Print s as a JSON string. */
static void
s_json_str (const char *s)
{
    putchar ('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            printf ("\\%c", *p);
        else if (*p < 0x20)
            printf ("\\u%04x", *p);
        else
            putchar (*p);
    }
    putchar ('"');
}

static void
s_json_decimal (const mpq_t q)
{
    char *s = tally_decimal (q, 12, NULL);
    s_json_str (s);
    free (s);
}

static int
s_cmp_str (const void *a, const void *b)
{
    return strcmp (*(const char *const *)a, *(const char *const *)b);
}

//  A project's JSON object up to its closing brace: its id, cost, votes
//  and, on points ballots, score (q is scratch).
static void
s_json_project (tally_t *t, size_t p, bool per_point, mpq_t q)
{
    printf ("{\"project_id\": ");
    s_json_str (tally_project_id (t, p));
    printf (", \"cost\": ");
    tally_project_cost (t, p, q);
    s_json_decimal (q);
    printf (", \"votes\": %zu", tally_project_votes (t, p));
    if (per_point) {
        tally_project_score (t, p, q);
        printf (", \"score\": ");
        s_json_decimal (q);
    }
}

//  ", "projects": [...]": every project with its cost, votes, score
//  (points ballots) and whether the rule selected it, the winners first
//  in selection order, then the others by votes (score on points
//  ballots), as the vote service's results list every project of a pool.
static void
s_json_projects (tally_t *t, tally_result_t *r, bool by_points, bool per_point)
{
    mpq_t q;
    mpq_init (q);
    size_t n = tally_projects (t);
    size_t *order = sk_reallocarray (NULL, n + 1, sizeof (size_t));
    tally_result_ranking (r, t, by_points, order);
    printf (", \"projects\": [");
    for (size_t k = 0; k < n; k++) {
        printf ("%s", k ? ", " : "");
        s_json_project (t, order[k], per_point, q);
        printf (", \"selected\": %s}", k < tally_result_size (r) ? "true" : "false");
    }
    printf ("]");
    free (order);
    mpq_clear (q);
}

static void
s_print_json (const char *path, pb_t *pb, tally_t *t, tally_result_t *r, tally_rule_t rule)
{
    mpq_t q, budget;
    mpq_inits (q, budget, NULL);
    tally_budget (t, budget);
    size_t n = tally_result_size (r);
    bool mes = rule == TALLY_MES || rule == TALLY_MES_CARD || rule == TALLY_MES_ADD1
               || rule == TALLY_MES_ADD1_GREEDY;
    bool by_points = pb_vote_type (pb) == PB_CUMULATIVE || pb_vote_type (pb) == PB_SCORING
                     || pb_vote_type (pb) == PB_ORDINAL;
    bool per_point = by_points && rule != TALLY_MES_CARD;
    const char **ids = sk_reallocarray (NULL, n + 1, sizeof (char *));
    for (size_t k = 0; k < n; k++)
        ids[k] = tally_project_id (t, tally_result_winner (r, k));
    qsort (ids, n, sizeof (char *), s_cmp_str);

    printf ("{\"file\": ");
    s_json_str (path);
    printf (", \"rule\": ");
    s_json_str (tally_rule_name (rule));
    printf (", \"vote_type\": ");
    s_json_str (pb_vote_type_name (pb));
    printf (", \"budget\": ");
    s_json_decimal (budget);
    printf (", \"voters\": %zu, \"project_count\": %zu", tally_voters (t), tally_projects (t));
    printf (", \"selected\": [");
    for (size_t k = 0; k < n; k++) {
        if (k)
            printf (", ");
        s_json_str (ids[k]);
    }
    printf ("], \"selection_order\": [");
    for (size_t k = 0; k < n; k++) {
        if (k)
            printf (", ");
        s_json_str (tally_project_id (t, tally_result_winner (r, k)));
    }
    printf ("], \"total_cost\": ");
    tally_result_total_cost (r, q);
    s_json_decimal (q);
    printf (", \"leftover\": ");
    mpq_sub (q, budget, q);
    s_json_decimal (q);
    if (mes) {
        tally_result_voter_budget (r, q);
        printf (", \"voter_budget\": ");
        s_json_decimal (q);
        printf (", \"voter_budget_exact\": \"");
        mpq_out_str (stdout, 10, q);
        printf ("\", \"mes_runs\": %llu, \"budget_increments\": %llu",
                (unsigned long long)tally_result_mes_runs (r),
                (unsigned long long)tally_result_mes_increments (r));
    }
    printf (", \"winners\": [");
    for (size_t k = 0; k < n; k++) {
        size_t p = tally_result_winner (r, k);
        printf ("%s", k ? ", " : "");
        s_json_project (t, p, per_point, q);
        if (tally_result_price (r, k, q)) {
            printf (per_point ? ", \"price_per_point\": " : ", \"price_per_supporter\": ");
            s_json_decimal (q);
            printf (", \"price_exact\": \"");
            mpq_out_str (stdout, 10, q);
            printf ("\"");
        }
        if (tally_result_completion (r, k))
            printf (", \"greedy_completion\": true");
        printf ("}");
    }
    printf ("]");
    s_json_projects (t, r, by_points, per_point);
    printf ("}\n");
    free (ids);
    mpq_clears (q, budget, NULL);
}

//  Amount q as the table shows it: whole kroner of a DKK file as Danes
//  write them ("150.000 kr."), else the decimal with two places. The
//  caller frees it.
static char *
s_amount (pb_t *pb, const mpq_t q)
{
    const char *currency = pb_meta (pb, "currency");
    if (currency && strcmp (currency, "DKK") == 0 && mpz_cmp_ui (mpq_denref (q), 1) == 0
        && mpz_fits_slong_p (mpq_numref (q))) {
        char buf[48];
        return sk_strdup (sk_number_kr (mpz_get_si (mpq_numref (q)), buf, sizeof buf));
    }
    return tally_decimal (q, 2, NULL);
}

//  The title (PROJECTS' name column) of the project with id, or "".
static const char *
s_title (pb_t *pb, const char *id)
{
    for (size_t p = 0; p < pb_projects (pb); p++)
        if (strcmp (pb_project_id (pb, p), id) == 0) {
            const char *name = pb_project_field (pb, p, "name");
            return name ? name : "";
        }
    return "";
}

//  A price (per point or per supporter) as the CLI shows one: whole
//  kroner of a DKK file ("3.889 kr."), else the decimal with two places.
//  The caller frees it.
static char *
s_price (pb_t *pb, const mpq_t q)
{
    char *s = tally_decimal (q, 2, NULL);
    const char *currency = pb_meta (pb, "currency");
    int64_t whole;
    if (currency && strcmp (currency, "DKK") == 0 && sk_number_round (s, &whole)) {
        char buf[48];
        free (s);
        return sk_strdup (sk_number_kr (whole, buf, sizeof buf));
    }
    return s;
}

//  The table's columns for this file and rule: points on points ballots,
//  a price on MES rules (per point on points ballots)
typedef struct {
    bool points, price, per_point;
} s_columns_t;

//  One row of the table: the k-th project of order (a winner, numbered,
//  while k is under the result's size; else marked not selected)
static void
s_print_row (pb_t *pb, tally_t *t, tally_result_t *r, const s_columns_t *col, const size_t *order,
             size_t k, mpq_t running)
{
    mpq_t q;
    mpq_init (q);
    size_t p = order[k];
    bool won = k < tally_result_size (r);
    char number[24];
    snprintf (number, sizeof number, won ? "%zu" : "-", k + 1);
    tally_project_cost (t, p, q);
    char *c = s_amount (pb, q);
    printf ("%4s  %-20s %16s %8zu", number, tally_project_id (t, p), c, tally_project_votes (t, p));
    free (c);
    if (col->points) {
        tally_project_score (t, p, q);
        char *score = tally_decimal (q, 2, NULL);
        printf (" %10s", score);
        free (score);
    }
    if (col->price) {
        char *price = won && tally_result_price (r, k, q) ? s_price (pb, q) : NULL;
        printf (" %16s", price ? price : "");
        free (price);
    }
    char *run = NULL;
    if (won) {
        tally_project_cost (t, p, q);
        mpq_add (running, running, q);
        run = s_amount (pb, running);
    }
    printf (" %18s  %s%s%s\n", run ? run : "", s_title (pb, tally_project_id (t, p)),
            won && tally_result_completion (r, k) ? "  (greedy completion)" : "",
            won ? "" : "  (not selected)");
    free (run);
    mpq_clear (q);
}

//  The table: every project, the winners first in selection order
//  (numbered, with the running total), then the rest by votes (points
//  on points ballots), marked not selected, as --json's "projects"
static void
s_print_table (const char *path, pb_t *pb, tally_t *t, tally_result_t *r, tally_rule_t rule)
{
    mpq_t q, budget, running;
    mpq_inits (q, budget, running, NULL);
    tally_budget (t, budget);
    char *s = s_amount (pb, budget);
    printf ("file:        %s\n", path);
    printf ("rule:        %s\n", tally_rule_name (rule));
    printf ("vote type:   %s\n", pb_vote_type_name (pb));
    printf ("budget:      %s\n", s);
    free (s);
    printf ("voters:      %zu\n", tally_voters (t));
    printf ("projects:    %zu\n", tally_projects (t));
    bool mes = rule == TALLY_MES || rule == TALLY_MES_CARD || rule == TALLY_MES_ADD1
               || rule == TALLY_MES_ADD1_GREEDY;
    bool by_points = pb_vote_type (pb) == PB_CUMULATIVE || pb_vote_type (pb) == PB_SCORING
                     || pb_vote_type (pb) == PB_ORDINAL;
    s_columns_t col = { by_points, mes, by_points && rule != TALLY_MES_CARD };
    if (mes) {
        tally_result_voter_budget (r, q);
        s = tally_decimal (q, 6, NULL);
        printf ("voter budget: %s (after %llu MES runs, +%llu)\n", s,
                (unsigned long long)tally_result_mes_runs (r),
                (unsigned long long)tally_result_mes_increments (r));
        free (s);
    }
    printf ("\n%4s  %-20s %16s %8s", "#", "project", "cost", "votes");
    if (col.points)
        printf (" %10s", "points");
    if (col.price)
        printf (" %16s", col.per_point ? "price/point" : "price/supporter");
    printf (" %18s  %s\n", "running total", "title");
    size_t n = tally_result_size (r);
    size_t *order = sk_reallocarray (NULL, tally_projects (t) + 1, sizeof (size_t));
    tally_result_ranking (r, t, by_points, order);
    for (size_t k = 0; k < tally_projects (t); k++)
        s_print_row (pb, t, r, &col, order, k, running);
    free (order);
    tally_result_total_cost (r, q);
    s = s_amount (pb, q);
    printf ("\ntotal cost:  %s (%zu project%s selected)\n", s, n, n == 1 ? "" : "s");
    free (s);
    mpq_sub (q, budget, q);
    s = s_amount (pb, q);
    printf ("leftover:    %s\n", s);
    free (s);
    mpq_clears (q, budget, running, NULL);
}

int
main (int argc, char **argv)
{
    const char *rule_name = NULL, *path = NULL;
    bool json = false, exact = false;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (strcmp (a, "--json") == 0)
            json = true;
        else if (strcmp (a, "--exact") == 0)
            exact = true;
        else if (strcmp (a, "--help") == 0 || strcmp (a, "-h") == 0) {
            s_usage (stdout);
            return 0;
        } else if (strcmp (a, "--rule") == 0) {
            if (k + 1 >= argc) {
                fprintf (stderr, PROGRAM ": option --rule needs a value\n");
                s_usage (stderr);
                return 2;
            }
            rule_name = argv[++k];
        } else if (strncmp (a, "--rule=", 7) == 0)
            rule_name = a + 7;
        else if (a[0] == '-' && a[1] != '\0') {
            fprintf (stderr, PROGRAM ": unknown option \"%s\"\n", a);
            s_usage (stderr);
            return 2;
        } else if (path) {
            fprintf (stderr, PROGRAM ": more than one file given\n");
            s_usage (stderr);
            return 2;
        } else
            path = a;
    }
    if (!path) {
        fprintf (stderr, PROGRAM ": missing FILE.pb\n");
        s_usage (stderr);
        return 2;
    }
    tally_rule_t rule;
    if (rule_name && tally_rule_parse (rule_name, &rule) < 0) {
        fprintf (stderr, PROGRAM ": unknown rule \"%s\"\n", rule_name);
        s_usage (stderr);
        return 2;
    }
    char *err = NULL;
    pb_t *pb = pb_load (path, &err);
    if (!pb) {
        fprintf (stderr, PROGRAM ": %s\n", err);
        free (err);
        return 2;
    }
    //  No --rule: the file's own (samskab's exports name the process's)
    const char *named = pb_meta (pb, "rule");
    if (!rule_name && (!named || tally_rule_parse (named, &rule) < 0)) {
        fprintf (stderr,
                 PROGRAM ": \"%s\" names no rule " PROGRAM " knows (META rule \"%s\"): "
                         "give --rule\n",
                 path, named ? named : "");
        s_usage (stderr);
        pb_destroy (&pb);
        return 2;
    }
    tally_t *t = pb_tally (pb);
    tally_set_exact_only (t, exact);
    tally_result_t *r = tally_run (t, rule, &err);
    if (!r) {
        fprintf (stderr, PROGRAM ": could not tally \"%s\": %s\n", path, err);
        free (err);
        tally_destroy (&t);
        pb_destroy (&pb);
        return 2;
    }
    if (json)
        s_print_json (path, pb, t, r, rule);
    else
        s_print_table (path, pb, t, r, rule);
    tally_result_destroy (&r);
    tally_destroy (&t);
    pb_destroy (&pb);
    if (fflush (stdout) != 0 || ferror (stdout)) {
        fprintf (stderr, PROGRAM ": could not write output\n");
        return 2;
    }
    return 0;
}
