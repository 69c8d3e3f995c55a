/*  cli_budget_chart.c: a citizen budget's results as an SVG chart, in
    Danish unless asked for English: per pool each winner's votes as a bar
    and the pool's budget as one bar split into the winners' costs and what
    remains. Every bar is on one scale across the pools (votes against the
    most votes of any winner, money against the largest pool budget), so
    pools compare at a glance. The chart has a title and a description
    that says in words what it shows, and each bar a title of its own, for
    screen readers. Amounts read "150.000 kr." ("DKK 150,000" in English).
*/
#include <czmq.h>

#include "cli.h"
#include "cli_budget.h"
#include "sk_number.h"

//  The words of the chart
typedef struct {
    const char *lang, *results, *header, *pool, *votes, *per_supporter, *per_point, *used, *chosen,
        *none;
} s_words_t;

static const s_words_t s_da = { "da",
                                "%s: resultater",
                                "regel %s, %lld har stemt",
                                "pulje %s: budget %s, brugt %s, tilbage %s",
                                "%lld stemmer, %s",
                                ", %s kr. pr. tilhænger",
                                ", %s kr. pr. point",
                                "budget brugt",
                                "Valgt",
                                "intet projekt valgt" };
static const s_words_t s_en = { "en",
                                "%s: results",
                                "rule %s, %lld voters",
                                "pool %s: budget %s, spent %s, remaining %s",
                                "%lld votes, %s",
                                ", DKK %s per supporter",
                                ", DKK %s per point",
                                "budget used",
                                "Chosen",
                                "no project chosen" };

//  amount as "150.000 kr." or "DKK 150,000" into buf
static const char *
s_kr (const s_words_t *w, int64_t amount, char *buf, size_t size)
{
    bool en = w == &s_en;
    char grouped[40];
    sk_number_group (amount, en ? ',' : '.', grouped, sizeof grouped);
    snprintf (buf, size, en ? "DKK %s" : "%s kr.", grouped);
    return buf;
}

//  A decimal "1234.5" with a Danish comma when w is Danish, into buf
static const char *
s_decimal (const s_words_t *w, const char *text, char *buf, size_t size)
{
    snprintf (buf, size, "%s", text);
    char *dot = w == &s_da ? strchr (buf, '.') : NULL;
    if (dot)
        *dot = ',';
    return buf;
}

//  printf into out with XML escaping of the result
static void
s_xml (FILE *out, const char *format, ...)
{
    char text[1024];
    va_list args;
    va_start (args, format);
    vsnprintf (text, sizeof text, format, args);
    va_end (args);
    cli_print_xml (out, text, strlen (text));
}

//  A winner's bar text: votes, cost and an MES price when there is one
static const char *
s_winner_text (const s_words_t *w, const msgpack_object *winner, char *buf, size_t size)
{
    char kr[48], price[48], dec[48];
    snprintf (buf, size, w->votes, (long long)cli_get_int (winner, "votes"),
              s_kr (w, cli_get_int (winner, "cost"), kr, sizeof kr));
    if (*cli_get_str (winner, "price_per_supporter", price, sizeof price))
        snprintf (buf + strlen (buf), size - strlen (buf), w->per_supporter,
                  s_decimal (w, price, dec, sizeof dec));
    else if (*cli_get_str (winner, "price_per_point", price, sizeof price))
        snprintf (buf + strlen (buf), size - strlen (buf), w->per_point,
                  s_decimal (w, price, dec, sizeof dec));
    return buf;
}

//  A pool's line: budget, spent, remaining
static const char *
s_pool_text (const s_words_t *w, const msgpack_object *pool, char *buf, size_t size)
{
    char name[256], a[48], b[48], c[48];
    snprintf (buf, size, w->pool, cli_get_str (pool, "pool", name, sizeof name),
              s_kr (w, cli_get_int (pool, "budget"), a, sizeof a),
              s_kr (w, cli_get_int (pool, "total_cost"), b, sizeof b),
              s_kr (w, cli_get_int (pool, "remaining"), c, sizeof c));
    return buf;
}

//  The description for screen readers: the whole chart in sentences
static void
s_describe (FILE *out, const s_words_t *w, const msgpack_object *results,
            const msgpack_object *pools)
{
    char text[1024], rule[32], title[512];
    s_xml (out, w->header, cli_get_str (results, "rule", rule, sizeof rule),
           (long long)cli_get_int (results, "voters"));
    for (uint32_t i = 0; pools && i < pools->via.array.size; i++) {
        const msgpack_object *pool = &pools->via.array.ptr[i];
        const msgpack_object *winners = sk_obj_get (pool, "winners");
        //  The pool's line ends with an amount, "50.000 kr." in Danish:
        //  one full stop after it
        s_pool_text (w, pool, text, sizeof text);
        s_xml (out, ". %s%s %s: ", text, text[0] && text[strlen (text) - 1] == '.' ? "" : ".",
               w->chosen);
        if (!winners || winners->via.array.size == 0)
            s_xml (out, "%s", w->none);
        for (uint32_t k = 0; winners && k < winners->via.array.size; k++) {
            const msgpack_object *win = &winners->via.array.ptr[k];
            s_xml (out, "%s%s (%s)", k ? "; " : "", cli_get_str (win, "title", title, sizeof title),
                   s_winner_text (w, win, text, sizeof text));
        }
    }
    fputs (".", out);
}

//  The title shown beside a bar, cut to 40 bytes on a character boundary
static void
s_label (FILE *out, const msgpack_object *winner)
{
    char text[512];
    cli_get_str (winner, "title", text, sizeof text);
    if (strlen (text) > 40) {
        size_t cut = 37;
        while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut--;
        strcpy (text + cut, "...");
    }
    cli_print_xml (out, text, strlen (text));
}

//  The scales: the most votes of any winner, the largest pool budget
static void
s_scales (const msgpack_object *pools, int64_t *max_votes, int64_t *max_budget, int *rows)
{
    *max_votes = *max_budget = 1;
    *rows = 0;
    for (uint32_t i = 0; pools && i < pools->via.array.size; i++) {
        const msgpack_object *pool = &pools->via.array.ptr[i];
        const msgpack_object *winners = sk_obj_get (pool, "winners");
        if (cli_get_int (pool, "budget") > *max_budget)
            *max_budget = cli_get_int (pool, "budget");
        for (uint32_t k = 0; winners && k < winners->via.array.size; k++)
            if (cli_get_int (&winners->via.array.ptr[k], "votes") > *max_votes)
                *max_votes = cli_get_int (&winners->via.array.ptr[k], "votes");
        *rows += 3 + (winners ? (int)winners->via.array.size : 0);
    }
}

//  Long because: the chart is one drawing, written top to bottom.
int
cli_budget_chart (const char *path, const msgpack_object *results, bool english)
{
    const s_words_t *w = english ? &s_en : &s_da;
    FILE *out = fopen (path, "w");
    if (!out) {
        fprintf (stderr, "samskab: could not open \"%s\": %s\n", path, strerror (errno));
        return CLI_REFUSED;
    }
    const msgpack_object *pools = sk_obj_get (results, "pools");
    if (pools && pools->type != MSGPACK_OBJECT_ARRAY)
        pools = NULL;
    int64_t max_votes, max_budget;
    int rows;
    s_scales (pools, &max_votes, &max_budget, &rows);
    //  Labels left of the bars, figures right of them
    const int width = 1200, row = 26, left = 330, bar = 420;
    char name[256], rule[32], text[1024];
    cli_get_str (results, "name", name, sizeof name);
    fprintf (out,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
             "font-family=\"sans-serif\" font-size=\"13\" role=\"img\" xml:lang=\"%s\" "
             "aria-labelledby=\"chart-title chart-desc\">\n<title id=\"chart-title\">",
             width, 60 + rows * row, w->lang);
    s_xml (out, w->results, name);
    fputs ("</title>\n<desc id=\"chart-desc\">", out);
    s_describe (out, w, results, pools);
    fputs ("</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", out);
    fprintf (out, "<text x=\"10\" y=\"24\" font-size=\"18\" font-weight=\"bold\">");
    s_xml (out, w->results, name);
    fprintf (out, "</text>\n<text x=\"10\" y=\"44\" fill=\"#555\">");
    s_xml (out, w->header, cli_get_str (results, "rule", rule, sizeof rule),
           (long long)cli_get_int (results, "voters"));
    fputs ("</text>\n", out);
    int y = 60;
    for (uint32_t i = 0; pools && i < pools->via.array.size; i++) {
        const msgpack_object *pool = &pools->via.array.ptr[i];
        const msgpack_object *winners = sk_obj_get (pool, "winners");
        y += row;
        fprintf (out, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">", y);
        s_xml (out, "%s", s_pool_text (w, pool, text, sizeof text));
        fputs ("</text>\n", out);
        for (uint32_t k = 0; winners && k < winners->via.array.size; k++) {
            const msgpack_object *win = &winners->via.array.ptr[k];
            int64_t length = bar * cli_get_int (win, "votes") / max_votes;
            y += row;
            fprintf (out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 10, y);
            s_label (out, win);
            fprintf (out,
                     "</text>\n<rect class=\"votes\" x=\"%d\" y=\"%d\" width=\"%lld\" "
                     "height=\"%d\" fill=\"#2b7bb9\"><title>",
                     left, y - 14, (long long)length, row - 8);
            s_xml (out, "%s: %s", cli_get_str (win, "title", name, sizeof name),
                   s_winner_text (w, win, text, sizeof text));
            fprintf (out, "</title></rect>\n<text x=\"%lld\" y=\"%d\">",
                     (long long)(left + length + 6), y);
            s_xml (out, "%s", text);
            fputs ("</text>\n", out);
        }
        //  The budget bar: each winner's share, then the remainder
        y += row;
        int x = left;
        for (uint32_t k = 0; winners && k < winners->via.array.size; k++) {
            const msgpack_object *win = &winners->via.array.ptr[k];
            int length = (int)(bar * cli_get_int (win, "cost") / max_budget);
            fprintf (out,
                     "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                     "stroke=\"white\"><title>",
                     x, y - 14, length, row - 8, k % 2 ? "#6aa84f" : "#38761d");
            s_xml (out, "%s: %s", cli_get_str (win, "title", name, sizeof name),
                   s_kr (w, cli_get_int (win, "cost"), text, sizeof text));
            fputs ("</title></rect>\n", out);
            x += length;
        }
        int rest = (int)(bar * cli_get_int (pool, "budget") / max_budget) - (x - left);
        fprintf (out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#ddd\"><title>", x,
                 y - 14, rest > 0 ? rest : 0, row - 8);
        s_xml (out, "%s", s_kr (w, cli_get_int (pool, "remaining"), text, sizeof text));
        fprintf (out, "</title></rect>\n<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 10,
                 y);
        s_xml (out, "%s", w->used);
        fputs ("</text>\n", out);
        y += row;
    }
    fprintf (out, "</svg>\n");
    if (fclose (out)) {
        fprintf (stderr, "samskab: could not write \"%s\": %s\n", path, strerror (errno));
        return CLI_REFUSED;
    }
    return CLI_OK;
}
