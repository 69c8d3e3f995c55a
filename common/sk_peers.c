/*  sk_peers.c: accepted connections counted from a socket's monitor,
    closed beyond a cap or once their certificate is gone (sk_peers.h). */
#include <arpa/inet.h>
#include <czmq.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "sk_peers.h"

#define S_SWEEP_MS 5000 //  how often connections whose close was missed are looked for

//  One accepted connection.
typedef struct {
    int fd;
    char address[INET6_ADDRSTRLEN]; //  the peer's, without its port
    struct sockaddr_storage peer;   //  with its port: the fd still names it
    socklen_t peer_len;
    bool over;       //  beyond a cap: being closed
    bool has_caller; //  a message of it named its caller
    sk_caller_t caller;
} s_peer_t;

struct _sk_peers_t {
    zsock_t *sock;    //  the watched socket (not ours)
    zsock_t *monitor; //  its monitor's events
    char *what;       //  for warnings
    int max_total, max_per_address;
    zhashx_t *peers;    //  fd (text) -> s_peer_t
    zhashx_t *per_addr; //  address -> connections (intptr_t)
    zlist_t *to_close;  //  fds (text) beyond a cap since the last events
    int total;
    int generation; //  of the clients folder at the last revoke
    int64_t swept;
    sk_peers_closed_fn *closed;
    void *arg;
};

static void
s_free (void **item)
{
    free (*item);
    *item = NULL;
}

sk_peers_t *
sk_peers_new (zsock_t *sock, const char *what, int max_total, int max_per_address,
              sk_peers_closed_fn *closed, void *arg)
{
    sk_peers_t *self = sk_malloc (sizeof *self);
    memset (self, 0, sizeof *self);
    self->sock = sock;
    self->what = sk_strdup (what);
    self->max_total = max_total;
    self->max_per_address = max_per_address;
    self->peers = zhashx_new ();
    zhashx_set_destructor (self->peers, s_free);
    self->per_addr = zhashx_new ();
    self->to_close = zlist_new ();
    zlist_autofree (self->to_close);
    self->closed = closed;
    self->arg = arg;
    self->generation = sk_auth_generation ();
    self->swept = zclock_mono ();
    char endpoint[64];
    snprintf (endpoint, sizeof endpoint, "inproc://sk-peers-%p", (void *)self);
    zmq_socket_monitor (zsock_resolve (sock), endpoint,
                        ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED);
    self->monitor = zsock_new (ZMQ_PAIR);
    zsock_connect (self->monitor, "%s", endpoint);
    return self;
}

void
sk_peers_destroy (sk_peers_t **self_p)
{
    sk_peers_t *self = *self_p;
    if (!self)
        return;
    zmq_socket_monitor (zsock_resolve (self->sock), NULL, 0);
    zsock_destroy (&self->monitor);
    zhashx_destroy (&self->peers);
    zhashx_destroy (&self->per_addr);
    zlist_destroy (&self->to_close);
    free (self->what);
    free (self);
    *self_p = NULL;
}

zsock_t *
sk_peers_monitor (sk_peers_t *self)
{
    return self->monitor;
}

int
sk_peers_count (sk_peers_t *self)
{
    return self->total;
}

//  Stop counting the connection on fdkey.
static void
s_forget (sk_peers_t *self, const char *fdkey)
{
    s_peer_t *peer = (s_peer_t *)zhashx_lookup (self->peers, fdkey);
    if (!peer)
        return;
    intptr_t count = (intptr_t)zhashx_lookup (self->per_addr, peer->address) - 1;
    if (count > 0)
        zhashx_update (self->per_addr, peer->address, (void *)count);
    else
        zhashx_delete (self->per_addr, peer->address);
    self->total--;
    zhashx_delete (self->peers, fdkey);
}

//  Count a connection accepted on fd; mark it to close if it is beyond a
//  cap (it is counted until its close comes: it holds memory until then).
static void
s_accepted (sk_peers_t *self, int fd, const char *fdkey)
{
    s_forget (self, fdkey); //  an fd reused before its close was seen
    s_peer_t peer = { .fd = fd, .peer_len = sizeof peer.peer };
    if (getpeername (fd, (struct sockaddr *)&peer.peer, &peer.peer_len))
        return; //  closed already: its close follows
    const struct sockaddr *sa = (const struct sockaddr *)&peer.peer;
    const void *raw = sa->sa_family == AF_INET6
                          ? (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr
                          : (const void *)&((const struct sockaddr_in *)sa)->sin_addr;
    if (sa->sa_family != AF_INET && sa->sa_family != AF_INET6)
        snprintf (peer.address, sizeof peer.address, "local");
    else
        inet_ntop (sa->sa_family, raw, peer.address, sizeof peer.address);
    intptr_t count = (intptr_t)zhashx_lookup (self->per_addr, peer.address);
    if (self->total >= self->max_total) {
        sk_warn ("%s: closing a new connection: %d connections are open, the most allowed "
                 "(max_connections)",
                 self->what, self->max_total);
        peer.over = true;
    } else if (count >= self->max_per_address) {
        sk_warn ("%s: closing a new connection from %s: it has %d connections open, the most "
                 "allowed (max_connections_per_address)",
                 self->what, peer.address, self->max_per_address);
        peer.over = true;
    }
    if (peer.over)
        zlist_append (self->to_close, (void *)fdkey);
    zhashx_update (self->per_addr, peer.address, (void *)(count + 1));
    self->total++;
    s_peer_t *copy = sk_malloc (sizeof *copy);
    *copy = peer;
    zhashx_insert (self->peers, fdkey, copy);
}

//  One event of the monitor: a connection accepted or closed.
static void
s_event (sk_peers_t *self)
{
    zmsg_t *event = zmsg_recv (self->monitor);
    zframe_t *first = event ? zmsg_first (event) : NULL;
    if (first && zframe_size (first) == 6) {
        uint16_t what;
        uint32_t fd;
        memcpy (&what, zframe_data (first), 2);
        memcpy (&fd, zframe_data (first) + 2, 4);
        char fdkey[16];
        snprintf (fdkey, sizeof fdkey, "%u", fd);
        if (what == ZMQ_EVENT_ACCEPTED)
            s_accepted (self, (int)fd, fdkey);
        else if (what == ZMQ_EVENT_DISCONNECTED) {
            s_forget (self, fdkey);
            if (self->closed)
                self->closed (self->arg, (int)fd);
        }
    }
    zmsg_destroy (&event);
}

void
sk_peers_events (sk_peers_t *self)
{
    while (zsock_events (self->monitor) & ZMQ_POLLIN)
        s_event (self);
    //  Only once every event so far is taken: a connection beyond a cap
    //  whose close came meanwhile has no fd of its own any more
    for (const char *fdkey = (const char *)zlist_first (self->to_close); fdkey;
         fdkey = (const char *)zlist_next (self->to_close)) {
        s_peer_t *peer = (s_peer_t *)zhashx_lookup (self->peers, fdkey);
        if (peer && peer->over)
            shutdown (peer->fd, SHUT_RDWR);
    }
    zlist_purge (self->to_close);
}

void
sk_peers_caller (sk_peers_t *self, int fd, const sk_caller_t *caller)
{
    char fdkey[16];
    snprintf (fdkey, sizeof fdkey, "%d", fd);
    s_peer_t *peer = fd >= 0 ? (s_peer_t *)zhashx_lookup (self->peers, fdkey) : NULL;
    if (peer && !peer->has_caller) {
        peer->caller = *caller;
        peer->has_caller = true;
    }
}

//  True if peer's fd still names the connection it was accepted as.
static bool
s_same (s_peer_t *peer)
{
    struct sockaddr_storage now;
    socklen_t len = sizeof now;
    return getpeername (peer->fd, (struct sockaddr *)&now, &len) == 0 && len == peer->peer_len
           && memcmp (&now, &peer->peer, len) == 0;
}

void
sk_peers_housekeep (sk_peers_t *self)
{
    sk_peers_events (self);
    int generation = sk_auth_generation ();
    int64_t now = zclock_mono ();
    bool revoke = generation != self->generation, sweep = now - self->swept >= S_SWEEP_MS;
    if (!revoke && !sweep)
        return;
    self->generation = generation;
    if (sweep)
        self->swept = now;
    zlist_t *stale = zlist_new ();
    for (s_peer_t *peer = (s_peer_t *)zhashx_first (self->peers); peer;
         peer = (s_peer_t *)zhashx_next (self->peers)) {
        if (sweep && !s_same (peer))
            zlist_append (stale, (void *)zhashx_cursor (self->peers));
        else if (revoke && peer->has_caller && !peer->over && !sk_auth_current (&peer->caller)) {
            sk_warn ("%s: closing a connection of client key %s: its certificate is no longer "
                     "in the clients folder",
                     self->what, peer->caller.key);
            shutdown (peer->fd, SHUT_RDWR);
            peer->over = true;
        }
    }
    for (const char *fdkey = (const char *)zlist_first (stale); fdkey;
         fdkey = (const char *)zlist_next (stale))
        s_forget (self, fdkey);
    zlist_destroy (&stale);
}

int
sk_peers_settings (sk_config_t *config, const char *name, int *max_total, int *max_per_address)
{
    char key[96];
    int all_total, all_per;
    if (sk_config_int (config, "max_connections", 1024, 1, 1000000, &all_total)
        || sk_config_int (config, "max_connections_per_address", 512, 1, 1000000, &all_per))
        return -1;
    snprintf (key, sizeof key, "%s/max_connections", name);
    if (sk_config_int (config, key, all_total, 1, 1000000, max_total))
        return -1;
    snprintf (key, sizeof key, "%s/max_connections_per_address", name);
    return sk_config_int (config, key, all_per, 1, 1000000, max_per_address);
}
