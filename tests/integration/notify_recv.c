/*  notify_recv.c: HTTP, SMTP and ZeroMQ receivers on real sockets. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/socket.h>

#include "notify_recv.h"

typedef enum { RECV_HTTP, RECV_SMTP, RECV_ZMQ } recv_kind_t;

struct _recv_t {
    recv_kind_t kind;
    int listener; //  TCP listening socket (HTTP, SMTP)
    int port;
    int fail_first;
    volatile int delay_us; //  before answering each HTTP request
    char answer[256];      //  status line and headers to answer with, or ""
    pthread_t acceptor;
    pthread_mutex_t lock;
    pthread_cond_t arrived;
    recv_item_t *items;
    size_t count, size;
    zhash_t *attempts; //  id -> answered count (HTTP)
    zhash_t *ok;       //  ids answered with success
    volatile bool stop;
    int *conns; //  open connections, each read by a thread of its own
    size_t n_conns, size_conns;
    zactor_t *zmq; //  the ZeroMQ receiver
    zcert_t *cert;
};

static void
s_record (recv_t *self, recv_item_t *item, bool ok)
{
    pthread_mutex_lock (&self->lock);
    if (self->count == self->size) {
        self->size = self->size ? self->size * 2 : 1024;
        self->items = realloc (self->items, self->size * sizeof *self->items);
        assert (self->items);
    }
    item->at = zclock_usecs ();
    self->items[self->count++] = *item;
    if (ok && item->id[0])
        zhash_insert (self->ok, item->id, (void *)1);
    pthread_cond_broadcast (&self->arrived);
    pthread_mutex_unlock (&self->lock);
}

//  A buffered reader over a connected socket.
typedef struct {
    int fd;
    char buf[65536];
    size_t have, at;
} conn_t;

//  Read one line (without CRLF) into line; -1 at EOF.
static int
s_line (conn_t *c, char *line, size_t size)
{
    size_t n = 0;
    while (true) {
        if (c->at == c->have) {
            ssize_t r = recv (c->fd, c->buf, sizeof c->buf, 0);
            if (r <= 0)
                return -1;
            c->have = (size_t)r;
            c->at = 0;
        }
        char ch = c->buf[c->at++];
        if (ch == '\n') {
            if (n && line[n - 1] == '\r')
                n--;
            line[n] = 0;
            return 0;
        }
        if (n < size - 1)
            line[n++] = ch;
    }
}

static int
s_read (conn_t *c, char *out, size_t len)
{
    size_t got = 0;
    while (got < len) {
        if (c->at == c->have) {
            ssize_t r = recv (c->fd, c->buf, sizeof c->buf, 0);
            if (r <= 0)
                return -1;
            c->have = (size_t)r;
            c->at = 0;
        }
        size_t n = c->have - c->at < len - got ? c->have - c->at : len - got;
        memcpy (out + got, c->buf + c->at, n);
        c->at += n;
        got += n;
    }
    return 0;
}

static void
s_send (int fd, const char *s)
{
    size_t len = strlen (s), sent = 0;
    while (sent < len) {
        ssize_t n = send (fd, s + sent, len - sent, MSG_NOSIGNAL);
        if (n <= 0)
            return;
        sent += (size_t)n;
    }
}

static void
s_header (const char *line, const char *name, char *out, size_t size)
{
    size_t len = strlen (name);
    if (strncasecmp (line, name, len) == 0 && line[len] == ':') {
        const char *v = line + len + 1;
        while (*v == ' ')
            v++;
        snprintf (out, size, "%s", v);
    }
}

static void
s_http_conn (recv_t *self, conn_t *c)
{
    char line[1024];
    while (!self->stop && s_line (c, line, sizeof line) == 0) {
        recv_item_t item;
        memset (&item, 0, sizeof item);
        char length[24] = "0", attempt[24] = "0";
        while (s_line (c, line, sizeof line) == 0 && line[0]) {
            s_header (line, "Content-Length", length, sizeof length);
            s_header (line, "X-Samskab-Id", item.id, sizeof item.id);
            s_header (line, "X-Samskab-Signature", item.signature, sizeof item.signature);
            s_header (line, "X-Samskab-Topic", item.topic, sizeof item.topic);
            s_header (line, "X-Samskab-Attempt", attempt, sizeof attempt);
            s_header (line, "webhook-id", item.webhook_id, sizeof item.webhook_id);
            s_header (line, "webhook-timestamp", item.webhook_timestamp,
                      sizeof item.webhook_timestamp);
            s_header (line, "webhook-signature", item.webhook_signature,
                      sizeof item.webhook_signature);
        }
        item.len = (size_t)atol (length);
        item.attempt = atoi (attempt);
        if (item.len > 16 * 1024 * 1024)
            return;
        item.body = malloc (item.len + 1);
        if (!item.body || s_read (c, item.body, item.len)) {
            free (item.body);
            return;
        }
        item.body[item.len] = 0;
        pthread_mutex_lock (&self->lock);
        size_t seen = (size_t)zhash_lookup (self->attempts, item.id);
        zhash_update (self->attempts, item.id, (void *)(seen + 1));
        pthread_mutex_unlock (&self->lock);
        item.status = (int)seen < self->fail_first ? 500
                      : self->answer[0]            ? atoi (self->answer)
                                                   : 200;
        s_record (self, &item, item.status == 200);
        //  Slow, but not past the receiver's end
        //  (the delay read each time: a receiver made fast again answers at once)
        for (int64_t start = zclock_usecs ();
             !self->stop && zclock_usecs () < start + self->delay_us;)
            usleep (10000);
        if (self->answer[0] && item.status != 500) {
            char answer[320];
            snprintf (answer, sizeof answer, "HTTP/1.1 %s\r\nContent-Length: 0\r\n\r\n",
                      self->answer);
            s_send (c->fd, answer);
        } else
            s_send (c->fd, item.status == 200
                               ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                               : "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
    }
}

static void
s_smtp_conn (recv_t *self, conn_t *c)
{
    char line[1024];
    recv_item_t item;
    memset (&item, 0, sizeof item);
    s_send (c->fd, "220 localhost ESMTP notify_recv\r\n");
    while (!self->stop && s_line (c, line, sizeof line) == 0) {
        if (!strncasecmp (line, "EHLO", 4) || !strncasecmp (line, "HELO", 4))
            s_send (c->fd, "250 localhost\r\n");
        else if (!strncasecmp (line, "MAIL FROM:", 10))
            s_send (c->fd, "250 OK\r\n");
        else if (!strncasecmp (line, "RCPT TO:", 8)) {
            snprintf (item.rcpt, sizeof item.rcpt, "%.120s", line + 8);
            s_send (c->fd, "250 OK\r\n");
        } else if (!strncasecmp (line, "DATA", 4)) {
            s_send (c->fd, "354 end with <CRLF>.<CRLF>\r\n");
            zchunk_t *m = zchunk_new (NULL, 1024);
            while (s_line (c, line, sizeof line) == 0 && strcmp (line, ".")) {
                const char *l = line[0] == '.' ? line + 1 : line;
                zchunk_extend (m, l, strlen (l));
                zchunk_extend (m, "\n", 1);
                s_header (l, "X-Samskab-Id", item.id, sizeof item.id);
            }
            item.len = zchunk_size (m);
            item.body = malloc (item.len + 1);
            memcpy (item.body, zchunk_data (m), item.len);
            item.body[item.len] = 0;
            zchunk_destroy (&m);
            item.status = 250;
            s_record (self, &item, true);
            memset (&item, 0, sizeof item);
            s_send (c->fd, "250 OK queued\r\n");
        } else if (!strncasecmp (line, "QUIT", 4)) {
            s_send (c->fd, "221 bye\r\n");
            return;
        } else if (!strncasecmp (line, "RSET", 4) || !strncasecmp (line, "NOOP", 4))
            s_send (c->fd, "250 OK\r\n");
        else
            s_send (c->fd, "502 not implemented\r\n");
    }
}

typedef struct {
    recv_t *self;
    int fd;
} conn_args_t;

static void *
s_conn_thread (void *arg)
{
    conn_args_t *a = (conn_args_t *)arg;
    conn_t *c = calloc (1, sizeof *c);
    c->fd = a->fd;
    if (a->self->kind == RECV_HTTP)
        s_http_conn (a->self, c);
    else
        s_smtp_conn (a->self, c);
    recv_t *self = a->self;
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_conns; i++)
        if (self->conns[i] == c->fd) {
            self->conns[i] = self->conns[--self->n_conns];
            break;
        }
    close (c->fd);
    pthread_cond_broadcast (&self->arrived);
    pthread_mutex_unlock (&self->lock);
    free (c);
    free (a);
    return NULL;
}

static void *
s_accept_thread (void *arg)
{
    recv_t *self = (recv_t *)arg;
    while (!self->stop) {
        int fd = accept (self->listener, NULL, NULL);
        if (fd < 0)
            continue;
        if (self->stop) {
            close (fd);
            break;
        }
        int one = 1;
        setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        conn_args_t *a = malloc (sizeof *a);
        a->self = self;
        a->fd = fd;
        pthread_mutex_lock (&self->lock);
        if (self->n_conns == self->size_conns) {
            self->size_conns = self->size_conns ? self->size_conns * 2 : 16;
            self->conns = realloc (self->conns, self->size_conns * sizeof *self->conns);
            assert (self->conns);
        }
        self->conns[self->n_conns++] = fd;
        pthread_mutex_unlock (&self->lock);
        pthread_t t;
        pthread_create (&t, NULL, s_conn_thread, a);
        pthread_detach (t);
    }
    return NULL;
}

static recv_t *
s_new (recv_kind_t kind)
{
    recv_t *self = calloc (1, sizeof *self);
    self->kind = kind;
    self->listener = -1;
    pthread_mutex_init (&self->lock, NULL);
    pthread_cond_init (&self->arrived, NULL);
    self->attempts = zhash_new ();
    self->ok = zhash_new ();
    return self;
}

static recv_t *
s_tcp_new (recv_kind_t kind, int port, int fail_first)
{
    recv_t *self = s_new (kind);
    self->fail_first = fail_first;
    self->listener = socket (AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt (self->listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = { .sin_family = AF_INET,
                                .sin_port = htons ((uint16_t)port),
                                .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
    socklen_t len = sizeof addr;
    if (bind (self->listener, (struct sockaddr *)&addr, sizeof addr) || listen (self->listener, 128)
        || getsockname (self->listener, (struct sockaddr *)&addr, &len)) {
        close (self->listener);
        self->listener = -1;
        recv_destroy (&self);
        return NULL;
    }
    self->port = ntohs (addr.sin_port);
    pthread_create (&self->acceptor, NULL, s_accept_thread, self);
    return self;
}

recv_t *
recv_http_new (int port, int fail_first)
{
    return s_tcp_new (RECV_HTTP, port, fail_first);
}

recv_t *
recv_smtp_new (void)
{
    return s_tcp_new (RECV_SMTP, 0, 0);
}

static void
s_zmq_actor (zsock_t *pipe, void *args)
{
    recv_t *self = (recv_t *)args;
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    zsock_set_linger (router, 0);
    zcert_apply (self->cert, router);
    zsock_set_curve_server (router, 1);
    self->port = zsock_bind (router, "tcp://127.0.0.1:*");
    zsock_signal (pipe, 0);
    zpoller_t *poller = zpoller_new (pipe, router, NULL);
    while (zpoller_wait (poller, -1) == router) {
        zmsg_t *msg = zmsg_recv (router);
        if (!msg || zmsg_size (msg) != 4) {
            zmsg_destroy (&msg);
            continue;
        }
        zframe_t *routing = zmsg_pop (msg);
        char *uid = zmsg_popstr (msg), *topic = zmsg_popstr (msg);
        zframe_t *event = zmsg_pop (msg);
        recv_item_t item;
        memset (&item, 0, sizeof item);
        snprintf (item.id, sizeof item.id, "%s", uid);
        snprintf (item.topic, sizeof item.topic, "%s", topic);
        item.len = zframe_size (event);
        item.body = malloc (item.len + 1);
        memcpy (item.body, zframe_data (event), item.len);
        s_record (self, &item, true);
        zframe_send (&routing, router, ZFRAME_MORE);
        zstr_send (router, uid);
        zstr_free (&uid);
        zstr_free (&topic);
        zframe_destroy (&event);
        zmsg_destroy (&msg);
    }
    zpoller_destroy (&poller);
    zsock_destroy (&router);
}

recv_t *
recv_zmq_new (void)
{
    recv_t *self = s_new (RECV_ZMQ);
    self->cert = zcert_new ();
    self->zmq = zactor_new (s_zmq_actor, self);
    return self;
}

void
recv_destroy (recv_t **self_p)
{
    recv_t *self = *self_p;
    if (!self)
        return;
    self->stop = true;
    if (self->listener >= 0) {
        shutdown (self->listener, SHUT_RDWR);
        close (self->listener);
        pthread_join (self->acceptor, NULL);
    }
    zactor_destroy (&self->zmq);
    zcert_destroy (&self->cert);
    //  End the connections still open and wait for their threads
    pthread_mutex_lock (&self->lock);
    for (size_t i = 0; i < self->n_conns; i++)
        shutdown (self->conns[i], SHUT_RDWR);
    while (self->n_conns)
        pthread_cond_wait (&self->arrived, &self->lock);
    pthread_mutex_unlock (&self->lock);
    for (size_t i = 0; i < self->count; i++)
        free (self->items[i].body);
    free (self->items);
    free (self->conns);
    zhash_destroy (&self->attempts);
    zhash_destroy (&self->ok);
    pthread_mutex_destroy (&self->lock);
    pthread_cond_destroy (&self->arrived);
    free (self);
    *self_p = NULL;
}

void
recv_set_delay (recv_t *self, int delay_us)
{
    self->delay_us = delay_us;
}

void
recv_set_answer (recv_t *self, const char *answer)
{
    pthread_mutex_lock (&self->lock);
    snprintf (self->answer, sizeof self->answer, "%s", answer ? answer : "");
    pthread_mutex_unlock (&self->lock);
}

int
recv_port (recv_t *self)
{
    return self->port;
}

const char *
recv_public_key (recv_t *self)
{
    return self->cert ? zcert_public_txt (self->cert) : NULL;
}

size_t
recv_count (recv_t *self)
{
    pthread_mutex_lock (&self->lock);
    size_t n = self->count;
    pthread_mutex_unlock (&self->lock);
    return n;
}

size_t
recv_distinct_ok (recv_t *self)
{
    pthread_mutex_lock (&self->lock);
    size_t n = zhash_size (self->ok);
    pthread_mutex_unlock (&self->lock);
    return n;
}

recv_item_t
recv_item (recv_t *self, size_t i)
{
    pthread_mutex_lock (&self->lock);
    recv_item_t item = self->items[i];
    pthread_mutex_unlock (&self->lock);
    return item;
}

static bool
s_wait (recv_t *self, size_t n, int timeout_ms, bool ok)
{
    int64_t end = zclock_mono () + timeout_ms;
    pthread_mutex_lock (&self->lock);
    while ((ok ? zhash_size (self->ok) : self->count) < n && zclock_mono () < end) {
        struct timespec ts;
        clock_gettime (CLOCK_REALTIME, &ts);
        ts.tv_nsec += 50 * 1000000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait (&self->arrived, &self->lock, &ts);
    }
    bool done = (ok ? zhash_size (self->ok) : self->count) >= n;
    pthread_mutex_unlock (&self->lock);
    return done;
}

bool
recv_wait (recv_t *self, size_t n, int timeout_ms)
{
    return s_wait (self, n, timeout_ms, false);
}

bool
recv_wait_ok (recv_t *self, size_t n, int timeout_ms)
{
    return s_wait (self, n, timeout_ms, true);
}
