/*  web_load: citizens voting through samskab-web, as browsers would.

    usage: web_load URL KOMMUNEKODE PROCESS CLIENTS CODES_FILE PROJECT...
           web_load --page N URL KOMMUNEKODE PROCESS CLIENTS CODES_FILE
           web_load --static N URL CLIENTS

    Each of CLIENTS keep-alive HTTP/1.1 clients (libcurl multi, one
    thread, a cookie store each) takes the next unused code of CODES_FILE
    (one a line; the CSV of samskab budget codes works: the code is its
    field shaped XXXXX-XXXXX) and votes as a citizen does: GET the code form (its CSRF
    token, and the sk_csrf cookie on the first), POST the code (the ballot
    form: a new token and a nonce), POST the ballot with one to three of
    the given projects (the receipt page). A ballot counts when the
    receipt page (200) holds a receipt. Prints one line: clients, ballots,
    errors, ballots per second, p50 and p99 of a whole ballot (three
    requests) in microseconds. Each client sends X-Forwarded-For with an
    address of its own (10.77.x.y): behind web/trusted_proxy = 127.0.0.1
    each has its own rate limit, as citizens behind a proxy do.

    --page N: the ballot page alone, N times in all: each client gets the
    code form once, then posts the first code again and again (its
    vote.code.check consumes nothing, so it stays unused) and times each
    ballot page from the request to its last byte. Prints clients, pages,
    errors, pages per second, p50 and p99 in microseconds.

    --static N: the floor under a ballot, N times in all: three GETs of
    /static/web.css (which asks no service) on each keep-alive client, what
    HTTP alone costs samskab-web and this generator for three requests.
    Prints as for ballots.
*/
#include <curl/curl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

typedef enum { S_FORM, S_CODE, S_BALLOT } step_t;

typedef struct {
    CURL *easy;
    struct curl_slist *headers; //  its X-Forwarded-For
    step_t step;
    char *buf; //  the response body
    size_t len, cap;
    char csrf[512];
    char nonce[64];
    char post[4096];
    size_t code;   //  index of the code in use
    int64_t start; //  us: the ballot's (or the page's) first request
    long status;
} conn_t;

typedef struct {
    const char *url; //  .../KOMMUNEKODE/budget/PROCESS/vote
    char (*codes)[32];
    size_t ncodes, next;
    const char **projects;
    int nprojects;
    long pages;  //  --page: pages to render in all; 0: cast ballots
    long floors; //  --static: three requests for a static file, this often
    long started, done, errors;
    int64_t *samples;
    unsigned seed;
} load_t;

static int64_t
s_now_us (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static size_t
s_write (char *data, size_t size, size_t n, void *arg)
{
    conn_t *c = arg;
    size_t add = size * n;
    if (c->len + add + 1 > c->cap) {
        c->cap = (c->len + add + 1) * 2;
        c->buf = realloc (c->buf, c->cap);
        if (!c->buf)
            abort ();
    }
    memcpy (c->buf + c->len, data, add);
    c->len += add;
    c->buf[c->len] = 0;
    return add;
}

//  The value of the hidden field name in the page, into out; false if none.
static bool
s_field (const conn_t *c, const char *name, char *out, size_t size)
{
    char key[64];
    snprintf (key, sizeof key, "name=\"%s\" value=\"", name);
    const char *at = c->buf ? strstr (c->buf, key) : NULL;
    if (!at)
        return false;
    at += strlen (key);
    size_t n = strcspn (at, "\"");
    if (n == 0 || n >= size)
        return false;
    memcpy (out, at, n);
    out[n] = 0;
    return true;
}

//  Append "&name=value" (value escaped) to c->post.
static void
s_add (conn_t *c, const char *name, const char *value)
{
    char *v = curl_easy_escape (c->easy, value, 0);
    size_t len = strlen (c->post);
    snprintf (c->post + len, sizeof c->post - len, "%s%s=%s", len ? "&" : "", name, v);
    curl_free (v);
}

//  Send c's next request for its step.
static void
s_send (load_t *load, conn_t *c, CURLM *multi)
{
    c->len = 0;
    if (c->buf)
        c->buf[0] = 0;
    c->post[0] = 0;
    curl_easy_setopt (c->easy, CURLOPT_URL, load->url);
    if (c->step == S_FORM || load->floors)
        curl_easy_setopt (c->easy, CURLOPT_HTTPGET, 1L);
    else {
        s_add (c, "csrf", c->csrf);
        s_add (c, "code", load->codes[c->code]);
        if (c->step == S_BALLOT) {
            s_add (c, "nonce", c->nonce);
            int n = 1 + (int)(rand_r (&load->seed) % 3);
            int first = (int)(rand_r (&load->seed) % (unsigned)load->nprojects);
            for (int k = 0; k < n && k < load->nprojects; k++)
                s_add (c, "project", load->projects[(first + k) % load->nprojects]);
        }
        curl_easy_setopt (c->easy, CURLOPT_POSTFIELDS, c->post);
    }
    curl_multi_add_handle (multi, c->easy);
}

//  Start c on its next ballot (or page); false when there is none left.
static bool
s_next (load_t *load, conn_t *c)
{
    if (load->floors) {
        if (load->started >= load->floors)
            return false;
        load->started++;
        c->step = S_FORM;
    } else if (load->pages) {
        if (load->started >= load->pages)
            return false;
        load->started++;
        c->code = 0;
        c->step = c->csrf[0] ? S_CODE : S_FORM;
    } else {
        if (load->next >= load->ncodes)
            return false;
        c->code = load->next++;
        c->step = S_FORM;
    }
    c->start = s_now_us ();
    return true;
}

//  c's request has finished; true if it goes on.
static bool
s_finished (load_t *load, conn_t *c, CURLcode result)
{
    curl_easy_getinfo (c->easy, CURLINFO_RESPONSE_CODE, &c->status);
    bool ok = result == CURLE_OK && c->status == 200;
    if (ok && load->floors && c->step != S_BALLOT) {
        c->step = c->step == S_FORM ? S_CODE : S_BALLOT;
        return true;
    }
    if (ok && c->step == S_FORM) {
        ok = s_field (c, "csrf", c->csrf, sizeof c->csrf);
        c->step = S_CODE;
        return ok ? true : (load->errors++, s_next (load, c));
    }
    if (ok && c->step == S_CODE && !load->pages) {
        ok = s_field (c, "csrf", c->csrf, sizeof c->csrf)
             && s_field (c, "nonce", c->nonce, sizeof c->nonce);
        c->step = S_BALLOT;
        return ok ? true : (load->errors++, s_next (load, c));
    }
    if (ok && c->step == S_CODE) //  --page: a ballot page
        ok = s_field (c, "nonce", c->nonce, sizeof c->nonce)
             && s_field (c, "csrf", c->csrf, sizeof c->csrf);
    else if (ok && !load->floors) //  the receipt
        ok = strstr (c->buf, "id=\"receipt\">") != NULL;
    if (ok)
        load->samples[load->done++] = s_now_us () - c->start;
    else {
        load->errors++;
        if (load->errors <= 3)
            fprintf (stderr, "web_load: step %d: %s, HTTP %ld\n", (int)c->step,
                     curl_easy_strerror (result), c->status);
    }
    return s_next (load, c);
}

//  Read the command line into load (its url into url); the number of
//  clients, or -1 (usage printed) or -2 (codes unreadable).
static int
s_args (int argc, char **argv, load_t *load, char *url, size_t size)
{
    int a = 1;
    if (argc > 2 && strcmp (argv[1], "--page") == 0) {
        load->pages = atol (argv[2]);
        a = 3;
    }
    if (argc == 5 && strcmp (argv[1], "--static") == 0)
        load->floors = atol (argv[2]);
    if (!load->floors && (argc - a < 5 || (!load->pages && argc - a < 6))) {
        fprintf (stderr, "usage: web_load [--page N] URL KOMMUNEKODE PROCESS CLIENTS CODES_FILE "
                         "PROJECT...\n       web_load --static N URL CLIENTS\n");
        return -1;
    }
    int clients = atoi (argv[load->floors ? 4 : a + 3]);
    if (clients < 1 || clients > 1024 || load->pages < 0 || load->floors < 0) {
        fprintf (stderr, "web_load: CLIENTS must be 1 to 1024\n");
        return -1;
    }
    const char *base = argv[load->floors ? 3 : a];
    const char *slash = base[strlen (base) - 1] == '/' ? "" : "/";
    if (load->floors)
        snprintf (url, size, "%s%sstatic/web.css", base, slash);
    else
        snprintf (url, size, "%s%s%s/budget/%s/vote", base, slash, argv[a + 1], argv[a + 2]);
    load->url = url;
    if (!load->floors
        && !(load->codes =
                 (char (*)[32])bench_codes_read ("web_load", argv[a + 4], 32, &load->ncodes)))
        return -2;
    load->projects = load->floors ? NULL : (const char **)argv + a + 5;
    load->nprojects = load->floors ? 0 : argc - a - 5;
    return clients;
}

int
main (int argc, char **argv)
{
    load_t load = { .seed = 1 };
    char url[512];
    int clients = s_args (argc, argv, &load, url, sizeof url);
    if (clients < 0)
        return clients == -1 ? 2 : 1;
    load.samples = malloc (sizeof (int64_t)
                           * (load.floors  ? (size_t)load.floors
                              : load.pages ? (size_t)load.pages
                                           : load.ncodes));
    curl_global_init (CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init ();
    curl_multi_setopt (multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)clients);
    curl_multi_setopt (multi, CURLMOPT_MAXCONNECTS, (long)clients);
    conn_t *conns = calloc ((size_t)clients, sizeof *conns);
    int64_t t0 = s_now_us ();
    int running = 0;
    for (int i = 0; i < clients; i++) {
        conn_t *c = &conns[i];
        c->easy = curl_easy_init ();
        curl_easy_setopt (c->easy, CURLOPT_WRITEFUNCTION, s_write);
        curl_easy_setopt (c->easy, CURLOPT_WRITEDATA, c);
        curl_easy_setopt (c->easy, CURLOPT_PRIVATE, c);
        curl_easy_setopt (c->easy, CURLOPT_COOKIEFILE, ""); //  its own cookie store
        curl_easy_setopt (c->easy, CURLOPT_TIMEOUT, 30L);
        curl_easy_setopt (c->easy, CURLOPT_NOSIGNAL, 1L);
        //  An address of its own, as a proxy names it (trusted_proxy)
        char forwarded[64];
        snprintf (forwarded, sizeof forwarded, "X-Forwarded-For: 10.77.%d.%d", i / 250,
                  1 + i % 250);
        c->headers = curl_slist_append (NULL, forwarded);
        curl_easy_setopt (c->easy, CURLOPT_HTTPHEADER, c->headers);
        if (s_next (&load, c))
            s_send (&load, c, multi), running++;
    }
    while (running > 0) {
        int still;
        curl_multi_perform (multi, &still);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read (multi, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            conn_t *c;
            CURL *easy = msg->easy_handle;
            CURLcode result = msg->data.result;
            curl_easy_getinfo (easy, CURLINFO_PRIVATE, (char **)&c);
            curl_multi_remove_handle (multi, easy);
            if (s_finished (&load, c, result))
                s_send (&load, c, multi);
            else
                running--;
        }
        if (running > 0)
            curl_multi_poll (multi, NULL, 0, 100, NULL);
    }
    double secs = (double)(s_now_us () - t0) / 1e6;
    qsort (load.samples, (size_t)load.done, sizeof (int64_t), bench_cmp_i64);
    long p50 = load.done ? (long)load.samples[load.done / 2] : 0;
    long p99 = load.done ? (long)load.samples[(load.done * 99) / 100] : 0;
    printf ("%d %ld %ld %.0f %ld %ld\n", clients, load.done, load.errors, (double)load.done / secs,
            p50, p99);
    for (int i = 0; i < clients; i++) {
        curl_easy_cleanup (conns[i].easy);
        curl_slist_free_all (conns[i].headers);
        free (conns[i].buf);
    }
    free (conns);
    curl_multi_cleanup (multi);
    curl_global_cleanup ();
    free (load.samples);
    free (load.codes);
    return load.errors ? 1 : 0;
}
