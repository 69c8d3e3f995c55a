/*  html.h: HTML templates whose placeholders are escaped by construction.

    A template is text with tags in double braces:

        {{name}}            the value of name, HTML-escaped (always)
        {{#name}}...{{/name}}  a section: once per item if name is a list,
                            once if name is a non-empty text, else not at all
        {{^name}}...{{/name}}  the inverse: only if name is missing, an empty
                            text or an empty list
        {{>name}}           the template name of the same set, included
        {{! comment }}      nothing

    There is no tag that emits a value unescaped: every value goes through
    html_escape, which writes &amp; &lt; &gt; &quot; &#39; for & < > " ' and
    U+FFFD for each byte that is not part of valid UTF-8, so a value is safe
    in element content and in a quoted attribute alike. Template text itself
    (from files the operator installs) is copied as it is. A value is never
    read as a template: "{{x}}" in a value renders as "{{x}}".

    A part is a template rendered once to be put into pages again and
    again (html_set_render_part): HTML the set made from escaped values,
    which no caller can build or change. A value that is a part
    (html_data_part) renders as that HTML, as it was rendered: a page can
    keep the rendered rows of a long list and copy them, where rendering
    them each time cost most of the page. Parts are shared: counted
    references, made and dropped from any thread, read-only once made.

    Inside a section a name is looked up in the item first, then outwards
    in the enclosing items and the data's root. A {{name}} with no value
    anywhere is an error at render time (a typo in a template fails its
    page and its test, rather than rendering a blank); a section over a
    missing name renders nothing.

    Contract: C11, POSIX (opendir for html_set_load) and lib/base only;
    no PostgreSQL, ZeroMQ or czmq. A set is read-only once loaded: several
    threads may render from one set at once, each with its own data.

        html_set_t *set = html_set_new ();
        html_set_add (set, "page", "<h1>{{title}}</h1>{{#items}}<p>{{n}}</p>{{/items}}", why, 128);
        html_data_t *d = html_data_new ();
        html_data_set (d, "title", "<b>");
        html_data_set (html_data_add (d, "items"), "n", "1");
        char *page = html_set_render (set, "page", d, why, 128);
        //  "<h1>&lt;b&gt;</h1><p>1</p>"
        free (page), html_data_destroy (&d), html_set_destroy (&set);
*/
#ifndef HTML_HTML_H_INCLUDED
#define HTML_HTML_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

#define HTML_MAX_DEPTH 16 //  nested sections and includes in one render

typedef struct _html_set_t html_set_t;
typedef struct _html_data_t html_data_t;
typedef struct _html_part_t html_part_t;

//  An empty set of templates.
html_set_t *html_set_new (void);
void html_set_destroy (html_set_t **self_p);
//  Parse text as the template name (a later add of the name replaces it).
//  0, or -1 with why ("line 3: unclosed section \"items\"").
int html_set_add (html_set_t *self, const char *name, const char *text, char *why, size_t why_size);
//  Every NAME.html in dir as the template NAME; then checks that every
//  {{>name}} names a template of the set. NULL with why on any error.
html_set_t *html_set_load (const char *dir, char *why, size_t why_size);
//  True if the set has a template called name.
bool html_set_has (const html_set_t *self, const char *name);
//  The template name rendered with data; the caller frees it. NULL with
//  why if there is no such template, a {{name}} has no value, or includes
//  nest deeper than HTML_MAX_DEPTH.
char *html_set_render (const html_set_t *self, const char *name, const html_data_t *data, char *why,
                       size_t why_size);

//  The template name rendered with data as a part, with one reference
//  (NULL with why as html_set_render).
html_part_t *html_set_render_part (const html_set_t *self, const char *name,
                                   const html_data_t *data, char *why, size_t why_size);
//  One more reference to self (which it returns).
html_part_t *html_part_ref (html_part_t *self);
//  Drop a reference; the last one frees the part. *self_p becomes NULL.
void html_part_unref (html_part_t **self_p);
//  The part's bytes of HTML.
size_t html_part_size (const html_part_t *self);

//  Values for a render: a tree of names, each a text or a list of items.
html_data_t *html_data_new (void);
//  The same with values that fall back on under's (which it does not own,
//  and which must outlive it and not change while it is in use): a
//  page's shared strings set once, read by many threads.
html_data_t *html_data_new_under (const html_data_t *under);
void html_data_destroy (html_data_t **self_p);
//  Set name to a copy of value (NULL: an empty text). Replaces a value.
void html_data_set (html_data_t *self, const char *name, const char *value);
void html_data_setf (html_data_t *self, const char *name, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));
//  Set name to "1" if on, else to "": a flag for {{#name}} sections. Off
//  hides a flag of the same name further out (lookups go outwards).
void html_data_flag (html_data_t *self, const char *name, bool on);
//  Set name to part (a reference of its own is taken): {{name}} renders
//  the part's HTML as it is, a section over name renders once.
void html_data_part (html_data_t *self, const char *name, html_part_t *part);
//  Append a new item to the list name (made a list if it is not one) and
//  return it, owned by self.
html_data_t *html_data_add (html_data_t *self, const char *name);
//  Make name an empty list (so that {{^name}} renders), or leave a list.
void html_data_list (html_data_t *self, const char *name);

//  Append s, HTML-escaped, to the text at *buf (length *len, capacity
//  *cap; all zero/NULL for a new one). The one escaping function.
void html_escape (char **buf, size_t *len, size_t *cap, const char *s);

#endif
