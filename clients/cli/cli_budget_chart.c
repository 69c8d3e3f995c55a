/*  cli_budget_chart.c: a citizen budget's results as an SVG chart, in
    Danish unless asked for English: the rule in the words the web's
    results page uses (lib/tally's tally_words.h), a legend, and per pool
    every project's votes as a bar, the winners first and marked as
    chosen, and the pool's budget as one bar split into the winners' costs
    and what remains. Every bar is on one scale across the pools (votes
    against the most votes of any project, money against the largest pool
    budget), so pools compare at a glance. The chart has a title and a
    description that says in words what it shows, every project included,
    and each bar a title of its own, for screen readers. Amounts read
    "150.000 kr." ("DKK 150,000" in English), prices in whole kroner. On
    a points ballot (cumulative, ranked) the bars are points, as the
    winners were found, with the votes beside them. A budget of one pool
    names no pool (its pool's internal name is "all").
*/
#include <czmq.h>

#include "cli.h"
#include "cli_budget.h"
#include "sk_number.h"
#include "tally/tally_words.h"

//  The words of the chart, and what it shows: points or votes, one pool
//  or several (set on a copy of s_da or s_en)
typedef struct {
    const char *lang, *results, *rule, *unknown_rule, *voters, *pool, *one_pool, *votes, *points,
        *per_supporter, *per_point, *used, *chosen, *not_chosen, *none, *chosen_mark,
        *not_chosen_mark, *legend_spent, *legend_left;
    bool by_points, unnamed;
} s_words_t;

static const s_words_t s_da = { "da",
                                "%s: resultater",
                                "Sådan er vinderne fundet: %s",
                                "regel %s",
                                "%lld har stemt",
                                "pulje %s: budget %s, brugt %s, tilbage %s",
                                "budget %s, brugt %s, tilbage %s",
                                "%lld stemmer, %s",
                                "%s point, %lld stemmer, %s",
                                ", %s pr. tilhænger",
                                ", %s pr. point",
                                "budget brugt",
                                "Valgt",
                                "Ikke valgt",
                                "intet projekt valgt",
                                "valgt",
                                "ikke valgt",
                                "budget brugt af de valgte, et felt pr. projekt",
                                "tilbage af puljen",
                                false,
                                false };
static const s_words_t s_en = { "en",
                                "%s: results",
                                "How the winners were found: %s",
                                "rule %s",
                                "%lld voters",
                                "pool %s: budget %s, spent %s, remaining %s",
                                "budget %s, spent %s, remaining %s",
                                "%lld votes, %s",
                                "%s points, %lld votes, %s",
                                ", %s per supporter",
                                ", %s per point",
                                "budget used",
                                "Chosen",
                                "Not chosen",
                                "no project chosen",
                                "chosen",
                                "not chosen",
                                "budget spent on the chosen, one part per project",
                                "left of the pool",
                                false,
                                false };

//  The colours: a chosen project's bar, another's, the budget bar's
//  shades (each winner's part alternating dark and light), what is left
#define S_CHOSEN  "#2b7bb9"
#define S_OTHER   "#aaaaaa"
#define S_SPENT_1 "#38761d"
#define S_SPENT_2 "#6aa84f"
#define S_LEFT    "#dddddd"
#define S_WRAP    150 //  characters of a line of text in the chart
#define S_ROW     26  //  pixels a row of text or bars takes
#define S_LEFT_X  330 //  where bars start: labels left of them
#define S_BAR     420 //  pixels of the longest bar

//  amount as "150.000 kr." or "DKK 150,000" into buf
static const char *
s_kr (const s_words_t *w, int64_t amount, char *buf, size_t size)
{
    bool en = streq (w->lang, "en");
    char grouped[40];
    sk_number_group (amount, en ? ',' : '.', grouped, sizeof grouped);
    snprintf (buf, size, en ? "DKK %s" : "%s kr.", grouped);
    return buf;
}

//  printf into out with XML escaping of the result
static void
s_xml (FILE *out, const char *format, ...)
{
    char text[2048];
    va_list args;
    va_start (args, format);
    vsnprintf (text, sizeof text, format, args);
    va_end (args);
    cli_print_xml (out, text, strlen (text));
}

//  A project's bar: its points (the score rounded) on a points ballot,
//  else its votes
static int64_t
s_weight (const s_words_t *w, const msgpack_object *project)
{
    char score[64];
    int64_t points;
    if (!w->by_points)
        return cli_get_int (project, "votes");
    return sk_number_round (cli_get_str (project, "score", score, sizeof score), &points) ? points
                                                                                          : 0;
}

//  A project's figures: points on a points ballot, votes, cost and, for
//  a winner MES priced, its price in whole kroner (winner is its entry in
//  the pool's winners, or NULL)
static const char *
s_project_text (const s_words_t *w, const msgpack_object *project, const msgpack_object *winner,
                char *buf, size_t size)
{
    char kr[48], price[48], points[40];
    int64_t whole;
    long long votes = (long long)cli_get_int (project, "votes");
    s_kr (w, cli_get_int (project, "cost"), kr, sizeof kr);
    if (w->by_points)
        snprintf (buf, size, w->points,
                  sk_number_group (s_weight (w, project), streq (w->lang, "en") ? ',' : '.', points,
                                   sizeof points),
                  votes, kr);
    else
        snprintf (buf, size, w->votes, votes, kr);
    const char *per = w->per_supporter;
    if (winner && !*cli_get_str (winner, "price_per_supporter", price, sizeof price)) {
        cli_get_str (winner, "price_per_point", price, sizeof price);
        per = w->per_point;
    }
    if (winner && *price && sk_number_round (price, &whole))
        snprintf (buf + strlen (buf), size - strlen (buf), per, s_kr (w, whole, kr, sizeof kr));
    return buf;
}

//  A pool's line: its name (none when it is the budget's only pool),
//  budget, spent, remaining
static const char *
s_pool_text (const s_words_t *w, const msgpack_object *pool, char *buf, size_t size)
{
    char name[256], a[48], b[48], c[48];
    s_kr (w, cli_get_int (pool, "budget"), a, sizeof a);
    s_kr (w, cli_get_int (pool, "total_cost"), b, sizeof b);
    s_kr (w, cli_get_int (pool, "remaining"), c, sizeof c);
    if (w->unnamed)
        snprintf (buf, size, w->one_pool, a, b, c);
    else
        snprintf (buf, size, w->pool, cli_get_str (pool, "pool", name, sizeof name), a, b, c);
    return buf;
}

//  The pool's projects, the winners first: its "projects" (every
//  project), or of a tally made before migration 007, its "winners"
static const msgpack_object *
s_projects (const msgpack_object *pool, uint32_t *n)
{
    const msgpack_object *every = sk_obj_get (pool, "projects");
    if (!every || every->type != MSGPACK_OBJECT_ARRAY)
        every = sk_obj_get (pool, "winners");
    *n = every && every->type == MSGPACK_OBJECT_ARRAY ? every->via.array.size : 0;
    return every;
}

//  The k-th of the pool's projects s_projects lists: its winners entry
//  (with the prices) if it is a winner, else NULL
static const msgpack_object *
s_winner (const msgpack_object *pool, uint32_t k)
{
    const msgpack_object *winners = sk_obj_get (pool, "winners");
    if (!winners || winners->type != MSGPACK_OBJECT_ARRAY || k >= winners->via.array.size)
        return NULL;
    return &winners->via.array.ptr[k];
}

//  The rule in words, "Sådan er vinderne fundet: ..." (or "regel X" for
//  a rule without words) into buf
static const char *
s_rule_text (const s_words_t *w, const msgpack_object *results, char *buf, size_t size)
{
    char rule[32], ballot[32], counting[16];
    cli_get_str (results, "rule", rule, sizeof rule);
    cli_get_str (results, "ballot", ballot, sizeof ballot);
    cli_get_str (results, "counting", counting, sizeof counting);
    char *words = tally_explain (ballot, rule, streq (counting, "pabulib"), streq (w->lang, "en"));
    snprintf (buf, size, words ? w->rule : w->unknown_rule, words ? words : rule);
    free (words);
    return buf;
}

//  Where text's next line ends: at most S_WRAP characters, at a blank
//  when there is one
static size_t
s_line_end (const char *text)
{
    size_t chars = 0, end = 0, blank = 0;
    for (; text[end] && chars < S_WRAP; end++) {
        chars += ((unsigned char)text[end] & 0xC0) != 0x80;
        if (text[end] == ' ')
            blank = end;
    }
    while (text[end] && ((unsigned char)text[end] & 0xC0) == 0x80)
        end++;
    return !text[end] || !blank ? end : blank;
}

//  Draw text as lines of S_WRAP characters at most from y, or only count
//  them (out NULL); returns the number of lines
static int
s_wrapped (FILE *out, const char *text, int y)
{
    int lines = 0;
    while (*text) {
        size_t end = s_line_end (text);
        if (out) {
            fprintf (out, "<text x=\"10\" y=\"%d\" fill=\"#555\">", y + lines * S_ROW);
            cli_print_xml (out, text, end);
            fputs ("</text>\n", out);
        }
        lines++;
        text += end + (text[end] == ' ');
    }
    return lines;
}

//  One pool in the description: its line, then the chosen and the others
//  with their figures
static void
s_describe_pool (FILE *out, const s_words_t *w, const msgpack_object *pool)
{
    char text[1024], title[512];
    uint32_t n, chosen = 0;
    const msgpack_object *projects = s_projects (pool, &n);
    while (chosen < n && s_winner (pool, chosen))
        chosen++;
    //  The pool's line ends with an amount, "50.000 kr." in Danish: one
    //  full stop after it
    s_pool_text (w, pool, text, sizeof text);
    s_xml (out, " %s%s %s: ", text, text[0] && text[strlen (text) - 1] == '.' ? "" : ".",
           w->chosen);
    if (chosen == 0)
        s_xml (out, "%s", w->none);
    for (uint32_t k = 0; k < n; k++) {
        const msgpack_object *project = &projects->via.array.ptr[k];
        if (k == chosen)
            s_xml (out, ". %s: ", w->not_chosen);
        s_xml (out, "%s%s (%s)", k == 0 || k == chosen ? "" : "; ",
               cli_get_str (project, "title", title, sizeof title),
               s_project_text (w, project, s_winner (pool, k), text, sizeof text));
    }
    fputs (".", out);
}

//  The description for screen readers: the whole chart in sentences
static void
s_describe (FILE *out, const s_words_t *w, const msgpack_object *results,
            const msgpack_object *pools)
{
    char text[2048];
    s_xml (out, "%s ", s_rule_text (w, results, text, sizeof text));
    s_xml (out, w->voters, (long long)cli_get_int (results, "voters"));
    fputs (".", out);
    for (uint32_t i = 0; pools && i < pools->via.array.size; i++)
        s_describe_pool (out, w, &pools->via.array.ptr[i]);
}

//  The title shown beside a bar, cut to 40 bytes on a character boundary
static void
s_label (FILE *out, const msgpack_object *project)
{
    char text[512];
    cli_get_str (project, "title", text, sizeof text);
    if (strlen (text) > 40) {
        size_t cut = 37;
        while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut--;
        strcpy (text + cut, "...");
    }
    cli_print_xml (out, text, strlen (text));
}

//  The scales: the most votes (points on a points ballot) of any
//  project, the largest pool budget
static void
s_scales (const s_words_t *w, const msgpack_object *pools, int64_t *max_votes, int64_t *max_budget,
          int *rows)
{
    *max_votes = *max_budget = 1;
    *rows = 0;
    for (uint32_t i = 0; pools && i < pools->via.array.size; i++) {
        const msgpack_object *pool = &pools->via.array.ptr[i];
        uint32_t n;
        const msgpack_object *projects = s_projects (pool, &n);
        if (cli_get_int (pool, "budget") > *max_budget)
            *max_budget = cli_get_int (pool, "budget");
        for (uint32_t k = 0; k < n; k++)
            if (s_weight (w, &projects->via.array.ptr[k]) > *max_votes)
                *max_votes = s_weight (w, &projects->via.array.ptr[k]);
        *rows += 3 + (int)n;
    }
}

//  One swatch of the legend at x, y with its words; returns the x after
static int
s_swatch (FILE *out, int x, int y, const char *fill, const char *fill2, const char *words)
{
    fprintf (out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"12\" fill=\"%s\"/>\n", x, y - 11,
             fill2 ? 12 : 24, fill);
    if (fill2)
        fprintf (out, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", x + 12,
                 y - 11, fill2);
    fprintf (out, "<text x=\"%d\" y=\"%d\">", x + 30, y);
    cli_print_xml (out, words, strlen (words));
    fputs ("</text>\n", out);
    return x + 30 + 7 * (int)strlen (words) + 24;
}

//  The legend: what the bars' colours and the budget bar's shades mean
static void
s_legend (FILE *out, const s_words_t *w, int y)
{
    fputs ("<g class=\"legend\">\n", out);
    int x = s_swatch (out, 10, y, S_CHOSEN, NULL, w->chosen_mark);
    x = s_swatch (out, x, y, S_OTHER, NULL, w->not_chosen_mark);
    x = s_swatch (out, x, y, S_SPENT_1, S_SPENT_2, w->legend_spent);
    s_swatch (out, x, y, S_LEFT, NULL, w->legend_left);
    fputs ("</g>\n", out);
}

//  A pool's bars from y: every project's votes, then the budget bar;
//  returns the y after
static int
s_draw_pool (FILE *out, const s_words_t *w, const msgpack_object *pool, int64_t max_votes,
             int64_t max_budget, int y)
{
    char name[512], text[1024];
    uint32_t n;
    const msgpack_object *projects = s_projects (pool, &n);
    y += S_ROW;
    fprintf (out, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">", y);
    s_xml (out, "%s", s_pool_text (w, pool, text, sizeof text));
    fputs ("</text>\n", out);
    for (uint32_t k = 0; k < n; k++) {
        const msgpack_object *project = &projects->via.array.ptr[k];
        const msgpack_object *winner = s_winner (pool, k);
        int64_t length = S_BAR * s_weight (w, project) / max_votes;
        y += S_ROW;
        fprintf (out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", S_LEFT_X - 10, y);
        s_label (out, project);
        fprintf (out,
                 "</text>\n<rect class=\"votes\" x=\"%d\" y=\"%d\" width=\"%lld\" "
                 "height=\"%d\" fill=\"%s\"><title>",
                 S_LEFT_X, y - 14, (long long)length, S_ROW - 8, winner ? S_CHOSEN : S_OTHER);
        s_project_text (w, project, winner, text, sizeof text);
        s_xml (out, "%s: %s, %s", cli_get_str (project, "title", name, sizeof name), text,
               winner ? w->chosen_mark : w->not_chosen_mark);
        fprintf (out, "</title></rect>\n<text x=\"%lld\" y=\"%d\">",
                 (long long)(S_LEFT_X + length + 6), y);
        s_xml (out, "%s, %s", text, winner ? w->chosen_mark : w->not_chosen_mark);
        fputs ("</text>\n", out);
    }
    //  The budget bar: each winner's share, then the remainder
    y += S_ROW;
    int x = S_LEFT_X;
    for (uint32_t k = 0; s_winner (pool, k); k++) {
        const msgpack_object *win = s_winner (pool, k);
        int length = (int)(S_BAR * cli_get_int (win, "cost") / max_budget);
        fprintf (out,
                 "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                 "stroke=\"white\"><title>",
                 x, y - 14, length, S_ROW - 8, k % 2 ? S_SPENT_2 : S_SPENT_1);
        s_xml (out, "%s: %s", cli_get_str (win, "title", name, sizeof name),
               s_kr (w, cli_get_int (win, "cost"), text, sizeof text));
        fputs ("</title></rect>\n", out);
        x += length;
    }
    int rest = (int)(S_BAR * cli_get_int (pool, "budget") / max_budget) - (x - S_LEFT_X);
    fprintf (out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>", x,
             y - 14, rest > 0 ? rest : 0, S_ROW - 8, S_LEFT);
    s_xml (out, "%s: %s", w->legend_left,
           s_kr (w, cli_get_int (pool, "remaining"), text, sizeof text));
    fprintf (out, "</title></rect>\n<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", S_LEFT_X - 10,
             y);
    s_xml (out, "%s", w->used);
    fputs ("</text>\n", out);
    return y + S_ROW;
}

int
cli_budget_chart (const char *path, const msgpack_object *results, bool english)
{
    s_words_t words = english ? s_en : s_da;
    const s_words_t *w = &words;
    FILE *out = fopen (path, "w");
    if (!out) {
        fprintf (stderr, "samskab: could not open \"%s\": %s\n", path, strerror (errno));
        return CLI_REFUSED;
    }
    const msgpack_object *pools = sk_obj_get (results, "pools");
    if (pools && pools->type != MSGPACK_OBJECT_ARRAY)
        pools = NULL;
    char name[256], rule[2048], text[256];
    cli_get_str (results, "ballot", text, sizeof text);
    words.by_points = streq (text, "cumulative") || streq (text, "ranked");
    words.unnamed = pools && pools->via.array.size == 1;
    int64_t max_votes, max_budget;
    int rows;
    s_scales (w, pools, &max_votes, &max_budget, &rows);
    cli_get_str (results, "name", name, sizeof name);
    s_rule_text (w, results, rule, sizeof rule);
    //  Under the title: the rule's lines, the voters, the legend
    int head = s_wrapped (NULL, rule, 0) + 2;
    fprintf (out,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"%d\" "
             "font-family=\"sans-serif\" font-size=\"13\" role=\"img\" xml:lang=\"%s\" "
             "aria-labelledby=\"chart-title chart-desc\">\n<title id=\"chart-title\">",
             40 + (head + rows) * S_ROW, w->lang);
    s_xml (out, w->results, name);
    fputs ("</title>\n<desc id=\"chart-desc\">", out);
    s_describe (out, w, results, pools);
    fputs ("</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", out);
    fprintf (out, "<text x=\"10\" y=\"24\" font-size=\"18\" font-weight=\"bold\">");
    s_xml (out, w->results, name);
    fputs ("</text>\n", out);
    int y = 44 + s_wrapped (out, rule, 44) * S_ROW;
    snprintf (text, sizeof text, w->voters, (long long)cli_get_int (results, "voters"));
    s_wrapped (out, text, y);
    s_legend (out, w, y + S_ROW);
    y += S_ROW;
    for (uint32_t i = 0; pools && i < pools->via.array.size; i++)
        y = s_draw_pool (out, w, &pools->via.array.ptr[i], max_votes, max_budget, y);
    fprintf (out, "</svg>\n");
    if (fclose (out)) {
        fprintf (stderr, "samskab: could not write \"%s\": %s\n", path, strerror (errno));
        return CLI_REFUSED;
    }
    return CLI_OK;
}
