/*  web_process.c: the citizen budgets the web keeps while they are voting.

    Each page of a budget starts from vote.process.get: the process with
    its pools and projects, three queries and (Łódź 2022) 160 projects to
    send and decode. A process in voting is kept here, with its version,
    and the next page asks vote.process.get with that version: while the
    process is still voting at that version the service answers only
    "unchanged" (one query, a few bytes) and the page is made from the
    copy. In voting the pools, projects and ballot are fixed and whatever
    still changes (its phase, its rule) moves the version, so a page never
    shows a phase or a ballot that changed: every page asks, but for the
    POSTs of a vote (ask false), whose own call (vote.code.check,
    vote.ballot.cast) is refused outside voting and then says so on the
    page. Any other phase is not kept. At most S_KEPT processes, the least recently
    used one going first; a copy is shared by reference, so a request
    never holds the lock while it decodes (doc/DECISIONS.md, "The web
    keeps a voting process").

    Asks are shared: a page of a kept process that finds an ask of it
    under way waits for the next ask, sent after the page came, and takes
    its answer, which is as fresh as an ask of its own; a page that finds
    none under way asks for all who come meanwhile. So a process is asked
    about once per call's round trip however many pages wait, and a page
    waits for at most two asks. A page whose ask failed, or whose process
    was dropped meanwhile, asks on its own. With a kept process go the pools of its
    ballot as rendered in each language (web_ballot.c): parts of at most
    S_PART_MAX bytes, forgotten with the version they were made from.
*/
#include <czmq.h>
#include <pthread.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "web.h"

#define S_KEPT     32
#define S_PART_MAX (512 * 1024)

//  A reply decoded once, shared by the table and the pages reading it:
//  a msgpack tree that nothing changes, so many threads read it at once
typedef struct {
    size_t refs;
    sk_frame_t frame;
} s_copy_t;

typedef struct {
    char k[8];
    int64_t id;
    int64_t version;
    uint64_t used; //  s_tick when last asked for
    s_copy_t *copy;
    html_part_t *parts[2]; //  by web_lang_t
    uint64_t serial;       //  s_serial when the entry got this process
    uint64_t started;      //  asks sent about it
    uint64_t answered;     //  the last ask answered
    uint64_t confirmed;    //  the last ask whose answer the copy is
    bool asking;           //  an ask is under way
} s_kept_t;

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t s_answered = PTHREAD_COND_INITIALIZER;
static s_kept_t s_kept[S_KEPT];
static uint64_t s_tick, s_serial;

//  Drop a reference (under s_lock).
static void
s_unref (s_copy_t **copy_p)
{
    if (*copy_p && --(*copy_p)->refs == 0) {
        sk_frame_release (&(*copy_p)->frame);
        free (*copy_p);
    }
    *copy_p = NULL;
}

//  The entry of process id under k, or NULL (under s_lock).
static s_kept_t *
s_find (const char *k, int64_t id)
{
    for (size_t i = 0; i < S_KEPT; i++)
        if (s_kept[i].copy && s_kept[i].id == id && streq (s_kept[i].k, k))
            return &s_kept[i];
    return NULL;
}

//  The kept copy of process id under k at version, with a reference taken
//  (NULL if there is none); version -1: any, its version into *version.
static s_copy_t *
s_take (const char *k, int64_t id, int64_t *version)
{
    s_copy_t *copy = NULL;
    pthread_mutex_lock (&s_lock);
    s_kept_t *e = s_find (k, id);
    if (e && (*version < 0 || e->version == *version)) {
        e->used = ++s_tick;
        *version = e->version;
        copy = e->copy;
        copy->refs++;
    }
    pthread_mutex_unlock (&s_lock);
    return copy;
}

static void
s_give_back (s_copy_t *copy)
{
    pthread_mutex_lock (&s_lock);
    s_unref (&copy);
    pthread_mutex_unlock (&s_lock);
}

//  Keep reply (a whole process at version) for process id under k when it
//  is voting; forget any copy otherwise.
static void
s_keep (const char *k, int64_t id, const sk_frame_t *reply)
{
    const msgpack_object *p = web_body (reply);
    char phase[16];
    bool voting = streq (web_str (p, "phase", phase, sizeof phase), "voting");
    s_copy_t *copy = NULL;
    if (voting) {
        sk_pack_t pack;
        sk_pack_init (&pack);
        msgpack_pack_object (&pack.pk, reply->root);
        copy = sk_malloc (sizeof *copy);
        copy->refs = 1;
        sk_error_t err = { 0 };
        if (sk_frame_decode_copy (&copy->frame, (const uint8_t *)pack.buf.data, pack.buf.size,
                                  &err)) {
            sk_error ("could not keep budget %lld: %s", (long long)id, err.message);
            sk_frame_release (&copy->frame);
            free (copy);
            copy = NULL;
        }
        sk_pack_release (&pack);
    }
    pthread_mutex_lock (&s_lock);
    s_kept_t *e = s_find (k, id);
    if (!e && copy) { //  a free entry, or the least recently used one
        e = &s_kept[0];
        for (size_t i = 1; i < S_KEPT && e->copy; i++)
            if (!s_kept[i].copy || s_kept[i].used < e->used)
                e = &s_kept[i];
        *e = (s_kept_t){ .copy = e->copy,
                         .parts = { e->parts[0], e->parts[1] },
                         .serial = ++s_serial };
        pthread_cond_broadcast (&s_answered); //  its waiters ask on their own
    }
    if (e) {
        s_unref (&e->copy);
        html_part_unref (&e->parts[WEB_DA]);
        html_part_unref (&e->parts[WEB_EN]);
        snprintf (e->k, sizeof e->k, "%s", k);
        e->id = id;
        e->version = web_int (p, "version", -1);
        e->used = ++s_tick;
        e->copy = copy;
    }
    pthread_mutex_unlock (&s_lock);
}

//  vote.process.get of process under k, with the version held (-1: none);
//  0 with true in *unchanged when the service says it is unchanged.
static int
s_ask (const web_t *web, const char *k, int64_t process, int64_t version, sk_frame_t *frame,
       sk_error_t *err, bool *unchanged)
{
    sk_pack_t body;
    sk_pack_init (&body);
    sk_pack_map (&body, version < 0 ? 1 : 2);
    sk_pack_kint (&body, "process", process);
    if (version >= 0)
        sk_pack_kint (&body, "version", version);
    int rc = web_call (web, "vote.process.get", k, &body, frame, err);
    sk_pack_release (&body);
    const msgpack_object *u = rc == 0 ? sk_obj_get (web_body (frame), "unchanged") : NULL;
    *unchanged = u && u->type == MSGPACK_OBJECT_BOOLEAN && u->via.boolean;
    return rc;
}

//  The end of a page's frame over a copy (msgpack's zone finalizer).
static void
s_frame_done (void *copy)
{
    s_give_back (copy);
}

//  The kept copy into frame, its reference handed to it: frame's own zone
//  holds nothing but the finalizer that gives the copy back when the page
//  releases the frame. 0, or -1 with err.
static int
s_decode (s_copy_t *copy, sk_frame_t *frame, sk_error_t *err)
{
    msgpack_unpacked_init (&frame->unpacked);
    frame->unpacked.zone = msgpack_zone_new (256);
    if (!frame->unpacked.zone
        || !msgpack_zone_push_finalizer (frame->unpacked.zone, s_frame_done, copy)) {
        s_give_back (copy);
        return sk_error_set (err, "internal", NULL, "out of memory");
    }
    frame->root = copy->frame.root;
    return 0;
}

//  Ask about process under k holding version (-1: none) and keep what
//  the answer says; the process into frame: 0, or -1 with err.
static int
s_fetch (const web_t *web, const char *k, int64_t process, int64_t version, sk_frame_t *frame,
         sk_error_t *err)
{
    s_copy_t *copy;
    bool unchanged;
    if (s_ask (web, k, process, version, frame, err, &unchanged))
        return -1;
    if (unchanged) {
        //  The copy at that version, unless another request replaced it
        //  meanwhile: then the whole process once more
        sk_frame_release (frame);
        if ((copy = s_take (k, process, &version)))
            return s_decode (copy, frame, err);
        if (s_ask (web, k, process, -1, frame, err, &unchanged))
            return -1;
    }
    s_keep (k, process, frame);
    return 0;
}

//  The kept process under k from an ask shared with other pages (see the
//  top): 0 or -1 as s_fetch, 1 if this page must ask on its own.
static int
s_shared (const web_t *web, const char *k, int64_t process, sk_frame_t *frame, sk_error_t *err)
{
    pthread_mutex_lock (&s_lock);
    s_kept_t *e = s_find (k, process);
    uint64_t serial = e ? e->serial : 0, need = e ? e->started + 1 : 0;
    while (e && e->serial == serial && e->copy && e->answered < need) {
        if (e->asking) {
            pthread_cond_wait (&s_answered, &s_lock);
            continue;
        }
        //  None under way: this page asks, for all who come meanwhile
        e->asking = true;
        uint64_t mine = ++e->started;
        int64_t version = e->version;
        pthread_mutex_unlock (&s_lock);
        int rc = s_fetch (web, k, process, version, frame, err);
        pthread_mutex_lock (&s_lock);
        if (e->serial == serial) {
            e->asking = false;
            e->answered = mine;
            if (rc == 0)
                e->confirmed = mine;
        }
        pthread_cond_broadcast (&s_answered);
        pthread_mutex_unlock (&s_lock);
        return rc;
    }
    s_copy_t *copy = NULL;
    if (e && e->serial == serial && e->copy && e->confirmed >= need) {
        copy = e->copy;
        copy->refs++;
        e->used = ++s_tick;
    }
    pthread_mutex_unlock (&s_lock);
    return copy ? s_decode (copy, frame, err) : 1;
}

int
web_process_get (const web_t *web, const char *k, int64_t process, bool ask, sk_frame_t *frame,
                 sk_error_t *err)
{
    int64_t version = -1;
    s_copy_t *copy = s_take (k, process, &version);
    if (copy && !ask)
        return s_decode (copy, frame, err);
    if (copy) {
        s_give_back (copy); //  only whether it is kept matters yet
        int rc = s_shared (web, k, process, frame, err);
        if (rc <= 0)
            return rc;
        version = -1;
        if ((copy = s_take (k, process, &version)))
            s_give_back (copy); //  asked on its own, with the version kept now
    }
    return s_fetch (web, k, process, version, frame, err);
}

html_part_t *
web_process_part (const char *k, int64_t process, int64_t version, web_lang_t lang)
{
    html_part_t *part = NULL;
    pthread_mutex_lock (&s_lock);
    const s_kept_t *e = s_find (k, process);
    if (e && e->version == version)
        part = html_part_ref (e->parts[lang == WEB_EN]);
    pthread_mutex_unlock (&s_lock);
    return part;
}

void
web_process_part_keep (const char *k, int64_t process, int64_t version, web_lang_t lang,
                       html_part_t *part)
{
    if (html_part_size (part) > S_PART_MAX)
        return;
    pthread_mutex_lock (&s_lock);
    s_kept_t *e = s_find (k, process);
    if (e && e->version == version) {
        html_part_unref (&e->parts[lang == WEB_EN]);
        e->parts[lang == WEB_EN] = html_part_ref (part);
    }
    pthread_mutex_unlock (&s_lock);
}

void
web_process_close (void)
{
    pthread_mutex_lock (&s_lock);
    for (size_t i = 0; i < S_KEPT; i++) {
        s_unref (&s_kept[i].copy);
        html_part_unref (&s_kept[i].parts[WEB_DA]);
        html_part_unref (&s_kept[i].parts[WEB_EN]);
    }
    pthread_mutex_unlock (&s_lock);
}
