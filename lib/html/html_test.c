/*  html_test: lib/html's selftest and usage example: hostile values in
    element content and in attributes, sections over lists, texts and
    flags, includes, and the templates that must not load.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "html/html.h"
#include "sk_check.h"
#include "sk_mem.h"

//  Render text as the template "t" with data; the caller frees.
static char *
s_render (const char *text, const html_data_t *data, char *why, size_t why_size)
{
    html_set_t *set = html_set_new ();
    char *out = NULL;
    if (html_set_add (set, "t", text, why, why_size) == 0)
        out = html_set_render (set, "t", data, why, why_size);
    html_set_destroy (&set);
    return out;
}

static void
s_test_escape (void)
{
    SK_CASE_BEGIN ();
    html_data_t *d = html_data_new ();
    html_data_set (d, "title", "<script>alert(1)</script>");
    html_data_set (d, "attr", "\" onmouseover=\"alert(1)");
    html_data_set (d, "single", "' onfocus='x");
    html_data_set (d, "amp", "&amp; & {{title}}");
    html_data_set (d, "bad",
                   "a\xff\xfe"
                   "b\xc3"
                   "c\xed\xa0\x80"
                   "d\xc0\xaf"
                   "e");
    html_data_set (d, "ctl",
                   "a\x01"
                   "b\tc\x7f");
    html_data_set (d, "dansk", "Bænke i Ærøskøbing €");
    char why[200] = "";
    char *out = s_render ("<h1>{{title}}</h1><a title=\"{{attr}}\" href='{{single}}'>{{amp}}</a>",
                          d, why, sizeof why);
    CHECK_STR_EQ (out, "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"
                       "<a title=\"&quot; onmouseover=&quot;alert(1)\" "
                       "href='&#39; onfocus=&#39;x'>&amp;amp; &amp; {{title}}</a>");
    free (out);
    //  Each byte outside valid UTF-8 (stray, truncated, surrogate,
    //  overlong) becomes U+FFFD; control characters too, but tab
    out = s_render ("{{bad}}|{{ctl}}|{{dansk}}", d, why, sizeof why);
    CHECK_STR_EQ (out, "a\xEF\xBF\xBD\xEF\xBF\xBD"
                       "b\xEF\xBF\xBD"
                       "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                       "d\xEF\xBF\xBD\xEF\xBF\xBD"
                       "e|a\xEF\xBF\xBD"
                       "b\tc\xEF\xBF\xBD|Bænke i Ærøskøbing €");
    free (out);
    html_data_destroy (&d);
    CHECK_NULL (d);
    //  html_escape appends to a buffer of its own
    char *buf = NULL;
    size_t len = 0, cap = 0;
    html_escape (&buf, &len, &cap, "1 < 2");
    html_escape (&buf, &len, &cap, NULL);
    html_escape (&buf, &len, &cap, " & 3");
    CHECK_STR_EQ (buf, "1 &lt; 2 &amp; 3");
    CHECK_INT_EQ (len, strlen (buf));
    free (buf);
    SK_CASE_END ("html: values escaped in content and attributes, invalid UTF-8 replaced");
}

static void
s_test_sections (void)
{
    SK_CASE_BEGIN ();
    html_data_t *d = html_data_new ();
    html_data_set (d, "kr", "kr.");
    for (int i = 1; i <= 3; i++) {
        html_data_t *item = html_data_add (d, "projects");
        html_data_setf (item, "n", "%d", i);
        html_data_flag (item, "odd", i % 2);
        if (i == 2)
            html_data_set (item, "note", "<i>");
    }
    html_data_list (d, "pools");
    html_data_set (d, "empty", "");
    char why[200] = "";
    //  An item's names first, then outwards (kr); a text section once if
    //  not empty; an empty list and an empty text are inverted-true
    char *out = s_render ("{{#projects}}[{{n}} {{kr}}{{#odd}} odd{{/odd}}"
                          "{{#note}} {{note}}{{/note}}]{{/projects}}"
                          "{{^pools}} no pools{{/pools}}{{^empty}} empty{{/empty}}"
                          "{{#missing}}never{{/missing}}{{^missing}} none{{/missing}}"
                          "{{! a comment }}",
                          d, why, sizeof why);
    CHECK_STR_EQ (out, "[1 kr. odd][2 kr. &lt;i&gt;][3 kr. odd] no pools empty none");
    free (out);
    //  A value replaced by a list, a flag switched off
    html_data_add (d, "kr");
    html_data_flag (d, "empty", false);
    out = s_render ("{{#kr}}item{{/kr}}{{#empty}}x{{/empty}}", d, why, sizeof why);
    CHECK_STR_EQ (out, "item");
    free (out);
    //  A row's flag off hides the page's flag of the same name
    html_data_flag (d, "ties", true);
    html_data_t *row = html_data_add (d, "pools");
    html_data_flag (row, "ties", false);
    out = s_render ("{{#ties}}page{{/ties}}{{#pools}}[{{#ties}}row{{/ties}}]{{/pools}}", d, why,
                    sizeof why);
    CHECK_STR_EQ (out, "page[]");
    free (out);
    //  A placeholder with no value is an error naming it and its line
    out = s_render ("a\n{{#projects}}{{nope}}{{/projects}}", d, why, sizeof why);
    CHECK_NULL (out);
    CHECK_STR_EQ (why, "template \"t\", line 2: no value for \"nope\"");
    html_data_destroy (&d);
    SK_CASE_END ("html: sections over lists, texts and flags; a missing value is an error");
}

static void
s_test_parse_errors (void)
{
    SK_CASE_BEGIN ();
    html_set_t *set = html_set_new ();
    char why[200] = "";
    CHECK_INT_EQ (html_set_add (set, "t", "{{#a}}\n{{#b}}{{/a}}", why, sizeof why), -1);
    CHECK_STR_EQ (why, "line 2: \"{{/a}}\" closes no open section");
    CHECK_INT_EQ (html_set_add (set, "t", "x\n\n{{#a}}", why, sizeof why), -1);
    CHECK_STR_EQ (why, "line 3: unclosed section \"a\"");
    CHECK_INT_EQ (html_set_add (set, "t", "{{a", why, sizeof why), -1);
    CHECK_STR_EQ (why, "line 1: unclosed tag");
    //  No triple braces, no "&" form: nothing that could mean "raw"
    CHECK_INT_EQ (html_set_add (set, "t", "{{{a}}}", why, sizeof why), -1);
    CHECK_STR_CONTAINS (why, "bad tag name");
    CHECK_INT_EQ (html_set_add (set, "t", "{{& a}}", why, sizeof why), -1);
    CHECK_INT_EQ (html_set_add (set, "t", "{{a b}}", why, sizeof why), -1);
    CHECK_INT_EQ (html_set_add (set, "t", "{{}}", why, sizeof why), -1);
    CHECK (!html_set_has (set, "t"));
    //  Sections nested deeper than HTML_MAX_DEPTH
    char deep[HTML_MAX_DEPTH * 8 + 8] = "";
    for (int i = 0; i <= HTML_MAX_DEPTH; i++)
        strcat (deep, "{{#a}}");
    CHECK_INT_EQ (html_set_add (set, "t", deep, why, sizeof why), -1);
    CHECK_STR_CONTAINS (why, "nested too deep");
    //  An include of itself ends at the depth limit, not in a crash
    CHECK_INT_EQ (html_set_add (set, "self", "x{{>self}}", why, sizeof why), 0);
    html_data_t *d = html_data_new ();
    CHECK_NULL (html_set_render (set, "self", d, why, sizeof why));
    CHECK_STR_CONTAINS (why, "nested too deep");
    CHECK_NULL (html_set_render (set, "none", d, why, sizeof why));
    CHECK_STR_EQ (why, "no template \"none\"");
    html_data_destroy (&d);
    html_set_destroy (&set);
    CHECK_NULL (set);
    SK_CASE_END ("html: malformed templates refused with their line; no raw tag");
}

static void
s_write (const char *dir, const char *name, const char *text)
{
    char *path = sk_asprintf ("%s/%s", dir, name);
    FILE *f = fopen (path, "w");
    if (!f || fputs (text, f) < 0)
        abort ();
    fclose (f);
    free (path);
}

static void
s_test_load (void)
{
    SK_CASE_BEGIN ();
    char dir[] = "/tmp/html_test.XXXXXX";
    if (!mkdtemp (dir))
        abort ();
    s_write (dir, "head.html", "<html lang=\"{{lang}}\"><title>{{title}}</title>");
    s_write (dir, "page.html", "{{>head}}<p>{{title}}</p>");
    s_write (dir, "notes.txt", "{{#not a template");
    char why[300] = "";
    html_set_t *set = html_set_load (dir, why, sizeof why);
    CHECK_NOT_NULL (set);
    if (set) {
        CHECK (html_set_has (set, "head") && html_set_has (set, "page"));
        CHECK (!html_set_has (set, "notes"));
        html_data_t *d = html_data_new ();
        html_data_set (d, "lang", "da");
        html_data_set (d, "title", "Borgerbudget \"2027\"");
        char *out = html_set_render (set, "page", d, why, sizeof why);
        CHECK_STR_EQ (out, "<html lang=\"da\"><title>Borgerbudget &quot;2027&quot;</title>"
                           "<p>Borgerbudget &quot;2027&quot;</p>");
        free (out);
        html_data_destroy (&d);
    }
    html_set_destroy (&set);
    //  An include of a template the folder lacks, and a broken template
    s_write (dir, "page.html", "{{>foot}}");
    CHECK_NULL (html_set_load (dir, why, sizeof why));
    CHECK_STR_CONTAINS (why, "no template \"foot\" to include");
    s_write (dir, "page.html", "{{#a}}");
    CHECK_NULL (html_set_load (dir, why, sizeof why));
    CHECK_STR_CONTAINS (why, "page.html\": line 1: unclosed section \"a\"");
    char *rm = sk_asprintf ("rm -rf %s", dir);
    CHECK_INT_EQ (system (rm), 0);
    free (rm);
    CHECK_NULL (html_set_load (dir, why, sizeof why));
    CHECK_STR_CONTAINS (why, "could not open template folder");
    SK_CASE_END ("html: a folder of templates, includes checked at load");
}

//  Many values (past the linear search: a table of hashes), replaced and
//  flagged off; a page's own values over the shared ones it falls back on.
static void
s_test_many (void)
{
    SK_CASE_BEGIN ();
    html_data_t *shared = html_data_new ();
    char name[16], value[16];
    for (int i = 0; i < 300; i++) {
        snprintf (name, sizeof name, "t_%d", i);
        snprintf (value, sizeof value, "v%d", i);
        html_data_set (shared, name, value);
    }
    html_data_set (shared, "t_7", "seven");
    html_data_flag (shared, "t_8", false);
    html_data_t *page = html_data_new_under (shared);
    html_data_set (page, "t_9", "<nine>");
    html_data_set (html_data_add (page, "rows"), "n", "1");
    char why[200] = "";
    char *out = s_render ("{{t_0}} {{t_7}} {{^t_8}}off{{/t_8}} {{t_9}} {{t_299}} "
                          "{{#rows}}{{n}}{{t_150}}{{/rows}}",
                          page, why, sizeof why);
    CHECK_STR_EQ (out, "v0 seven off &lt;nine&gt; v299 1v150");
    free (out);
    out = s_render ("{{t_9}}", shared, why, sizeof why);
    CHECK_STR_EQ (out, "v9");
    free (out);
    CHECK_NULL (s_render ("{{t_300}}", page, why, sizeof why));
    html_data_destroy (&page);
    html_data_destroy (&shared);
    SK_CASE_END ("html: 300 values found by hash; a page over shared values");
}

//  A part: rendered once from escaped values, put into pages as it is,
//  outliving the data and the page it went into
static void
s_test_part (void)
{
    SK_CASE_BEGIN ();
    char why[200] = "";
    html_set_t *set = html_set_new ();
    CHECK_INT_EQ (html_set_add (set, "rows", "{{#rows}}<li>{{n}}</li>{{/rows}}", why, sizeof why),
                  0);
    CHECK_INT_EQ (html_set_add (set, "page",
                                "<ul>{{rows}}</ul>{{#rows}}!{{/rows}}{{^none}}?{{/none}}", why,
                                sizeof why),
                  0);
    html_data_t *d = html_data_new ();
    html_data_set (html_data_add (d, "rows"), "n", "<b>");
    html_data_set (html_data_add (d, "rows"), "n", "{{x}}");
    html_part_t *part = html_set_render_part (set, "rows", d, why, sizeof why);
    html_data_destroy (&d);
    CHECK_NOT_NULL (part);
    CHECK_INT_EQ ((long long)html_part_size (part), 32);
    html_data_t *page = html_data_new ();
    html_data_part (page, "rows", part);
    html_part_unref (&part);
    CHECK_NULL (part);
    char *out = html_set_render (set, "page", page, why, sizeof why);
    CHECK_STR_EQ (out, "<ul><li>&lt;b&gt;</li><li>{{x}}</li></ul>!?");
    free (out);
    //  A part replaced by a text is escaped again as any text
    html_data_set (page, "rows", "<i>");
    out = html_set_render (set, "page", page, why, sizeof why);
    CHECK_STR_EQ (out, "<ul>&lt;i&gt;</ul>!?");
    free (out);
    CHECK_NULL (html_set_render_part (set, "none", page, why, sizeof why));
    CHECK_STR_EQ (why, "no template \"none\"");
    html_data_destroy (&page);
    html_set_destroy (&set);
    SK_CASE_END ("html: a part rendered once, put into a page as it is");
}

int
main (int argc, char **argv)
{
    (void)argc, (void)argv;
    s_test_escape ();
    s_test_sections ();
    s_test_parse_errors ();
    s_test_load ();
    s_test_many ();
    s_test_part ();
    return sk_check_cases_failed ? 1 : 0;
}
