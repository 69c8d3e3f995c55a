/*  bounds_test.c: one caller cannot grow a service or slow the others
    (issue #17, "Bounded memory, whatever a caller does"), and a removed
    certificate ends its caller's sessions.

    Each case attacks the registry of the running stack while a probe
    thread pings it as a well-behaved client and samples its resident
    memory (VmRSS of the pid in $SAMSKAB_VAR/registry.pid), and a control
    thread pings match, which no one attacks, in the same window: the peak
    stays under S_MAX_RSS_KB, the memory comes back near where it started,
    every ping is answered and their 99th percentile stays under
    S_MAX_P99_US, or on a loaded machine under S_LOADED times the control's
    (what the machine allows meanwhile; for never-read, whose pings are
    served, match under a flood of callers that read); a miss is measured
    once more. The multi-frame flood's peak and p99 are reported, not
    bounded (see its case). Then the per-connection and per-key limits, each refused with
    its reason, and the requests of a client gone before they ran.
*/
#include <dirent.h>
#include <pthread.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "itest.h"
#include "sk_auth.h"
#include "sk_config.h"

#define S_MAX_RSS_KB (64 * 1024) //  the service's peak during an attack
#define S_NEAR_KB    (4 * 1024)  //  above its baseline once the attack is over
#define S_MAX_P99_US 20000       //  a ping's 99th percentile meanwhile
#define S_MAX_PINGS  20000
#define S_ATTACKER   "bounds-attacker"

//  --------------------------------------------------------------------------
//  The probe: pings and memory samples in a thread of its own

typedef struct {
    const char *service; //  pinged
    pid_t pid;           //  whose memory is sampled, or 0
    volatile bool stop;
    pthread_t thread;
    int64_t *lat_us; //  [S_MAX_PINGS]
    int pings, failed;
    long peak_kb;
} s_probe_t;

//  The resident memory of pid in KiB, or -1.
static long
s_rss_kb (pid_t pid)
{
    char path[64], line[256];
    snprintf (path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen (path, "r");
    long kb = -1;
    while (f && fgets (line, sizeof line, f))
        if (strncmp (line, "VmRSS:", 6) == 0)
            kb = atol (line + 6);
    if (f)
        fclose (f);
    return kb;
}

static void *
s_probe_run (void *args)
{
    s_probe_t *self = (s_probe_t *)args;
    sk_client_t *client = itest_client (self->service, "staff-0730");
    sk_client_set_timeout (client, 2000, 0);
    char op[64];
    snprintf (op, sizeof op, "%s.service.ping", self->service);
    sk_frame_t warm; //  the connection and its handshake are not timed
    itest_call (client, op, "0730", NULL, NULL, &warm);
    sk_frame_release (&warm);
    while (!self->stop && self->pings < S_MAX_PINGS) {
        sk_frame_t r;
        int64_t start = zclock_usecs ();
        const char *code = itest_call (client, op, "0730", NULL, NULL, &r);
        self->lat_us[self->pings++] = zclock_usecs () - start;
        if (!streq (code, "ok")) {
            self->failed++;
            printf ("#   probe ping: %s %s\n", code, itest_message (&r));
        }
        sk_frame_release (&r);
        long kb = self->pid ? s_rss_kb (self->pid) : 0;
        if (kb > self->peak_kb)
            self->peak_kb = kb;
        zclock_sleep (5);
    }
    sk_client_destroy (&client);
    return NULL;
}

//  Start pinging service (and sampling pid's memory, unless 0).
static void
s_probe_start (s_probe_t *self, const char *service, pid_t pid)
{
    memset (self, 0, sizeof *self);
    self->service = service;
    self->pid = pid;
    self->lat_us = calloc (S_MAX_PINGS, sizeof (int64_t));
    pthread_create (&self->thread, NULL, s_probe_run, self);
}

static int
s_cmp (const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

//  Stop the probe; its p99 in microseconds.
static int64_t
s_probe_stop (s_probe_t *self)
{
    self->stop = true;
    pthread_join (self->thread, NULL);
    qsort (self->lat_us, (size_t)self->pings, sizeof (int64_t), s_cmp);
    int64_t p99 = self->pings ? self->lat_us[(self->pings * 99) / 100] : -1;
    free (self->lat_us);
    return p99;
}

//  The registry's memory once it settled: the least of a few samples
//  after wait_ms (the broker gives freed memory back every 2 s).
static long
s_settled_kb (pid_t pid, long target_kb, int wait_ms)
{
    long kb = s_rss_kb (pid);
    for (int waited = 0; waited < wait_ms && kb > target_kb; waited += 250) {
        zclock_sleep (250);
        long now = s_rss_kb (pid);
        kb = now < kb ? now : kb;
    }
    return kb;
}

//  Check what a case measured, and say it. The pings' p99 must stay under
//  S_MAX_P99_US (the bound, which holds on a quiet machine), or on
//  a loaded machine under S_LOADED times the control's p99 in the same
//  window: the same pings to a service no one attacks show what the
//  machine allowed meanwhile.
#define S_LOADED     2
#define S_STALLED_US 250000 //  a case that cannot be bounded: still not stalled

//  Whether p99 is within the bound, given the control's p99.
static bool
s_prompt (int64_t p99, int64_t control)
{
    return p99 <= (control * S_LOADED > S_MAX_P99_US ? control * S_LOADED : S_MAX_P99_US);
}

static void
s_report (const char *what, long base_kb, s_probe_t *probe, int64_t control, int64_t p99,
          long after_kb, bool bounded)
{
    printf ("#   %s: rss %ld KiB before, peak %ld KiB, %ld KiB after; %d pings, p99 %.1f ms "
            "(the control's %.1f ms), %d failed\n",
            what, base_kb, probe->peak_kb, after_kb, probe->pings, (double)p99 / 1000.0,
            (double)control / 1000.0, probe->failed);
    CHECK_INT_EQ (probe->failed, 0);
    CHECK_INT_GT (probe->pings, 10);
    //  Under make asan the service's memory is ASan's (its quarantine keeps
    //  freed blocks, its shadow doubles them) and its speed a third: only
    //  that nothing failed or stalled says something there
    if (getenv ("SAMSKAB_SANITIZED")) {
        printf ("#   sanitized build: its memory and latency are not the service's own\n");
        CHECK_INT_LT (p99, S_STALLED_US);
        return;
    }
    CHECK_INT_LT (after_kb, base_kb + S_NEAR_KB);
    if (bounded) {
        CHECK_INT_LT (probe->peak_kb, S_MAX_RSS_KB);
        CHECK_TRUE (s_prompt (p99, control), "p99 within max (20 ms, 2 x the control's)");
    } else
        CHECK_INT_LT (p99, S_STALLED_US);
}

//  --------------------------------------------------------------------------
//  Attackers

static char *
s_setting (const char *key)
{
    sk_config_t *config = sk_config_new (getenv ("SAMSKAB_CONFIG"));
    char *value = strdup (sk_config_get (config, key, ""));
    sk_config_destroy (&config);
    return value;
}

//  Make a certificate NAME (role, municipality) in the clients folder.
static void
s_cert_make (const char *name, const char *role, const char *municipality)
{
    char pub[512];
    itest_cert_make (name, role, municipality, pub, sizeof pub);
}

//  A raw DEALER to service as certificate name, from the loopback
//  address source (NULL: the kernel's choice, 127.0.0.1), that does not
//  connect again once closed if once.
static zsock_t *
s_raw_from (const char *service, const char *name, const char *source, bool once)
{
    char cert[512], server[512], key[64];
    snprintf (cert, sizeof cert, "%s/keys/%s.cert_secret", getenv ("SAMSKAB_VAR"), name);
    snprintf (server, sizeof server, "%s/keys/%s.cert", getenv ("SAMSKAB_VAR"), service);
    snprintf (key, sizeof key, "%s/endpoint", service);
    char *endpoint = s_setting (key);
    zsock_t *sock = zsock_new (ZMQ_DEALER);
    zsock_set_linger (sock, 0);
    if (once)
        zsock_set_reconnect_ivl (sock, -1);
    //  libzmq's "tcp://SOURCE:0;ADDRESS:PORT" connects from SOURCE
    int rc = sk_auth_client (sock, cert, server);
    if (rc == 0 && source)
        rc = zsock_connect (sock, "tcp://%s:0;%s", source, endpoint + strlen ("tcp://"));
    else if (rc == 0)
        rc = zsock_connect (sock, "%s", endpoint);
    if (rc)
        zsock_destroy (&sock);
    free (endpoint);
    return sock;
}

static zsock_t *
s_raw (const char *name)
{
    return s_raw_from ("registry", name, NULL, false);
}

//  The registry's TCP port.
static int
s_port (void)
{
    char *endpoint = s_setting ("registry/endpoint");
    const char *colon = strrchr (endpoint, ':');
    int port = colon ? atoi (colon + 1) : 0;
    free (endpoint);
    return port;
}

//  Open file descriptors of pid.
static int
s_fds (pid_t pid)
{
    char path[64];
    snprintf (path, sizeof path, "/proc/%d/fd", (int)pid);
    int count = 0;
    DIR *d = opendir (path);
    while (d && readdir (d))
        count++;
    if (d)
        closedir (d);
    return count - 2;
}

//  A ping request of service's
static void
s_ping_of (sk_pack_t *p, const char *service, int i)
{
    char id[32], op[64];
    snprintf (id, sizeof id, "flood-%d", i);
    snprintf (op, sizeof op, "%s.service.ping", service);
    sk_pack_init (p);
    sk_pack_request (p, id, op, "0730", NULL, 0);
}

static void
s_ping_request (sk_pack_t *p, int i)
{
    s_ping_of (p, "registry", i);
}

//  --------------------------------------------------------------------------
//  Cases

//  Each attack runs in a process of its own (this program with --attack
//  NAME), so that the probe's pings do not queue behind the attacker's own
//  encryption in this process. Its exit status: 0 if it saw what it should.

//  8 connections send pings as fast as they can for 4 s and never read a
//  reply.
static int
s_attack_never_read (void)
{
    zsock_t *socks[8];
    for (int k = 0; k < 8; k++) {
        socks[k] = s_raw (S_ATTACKER);
        zsock_set_rcvhwm (socks[k], 1);
        zsock_set_rcvbuf (socks[k], 4096);
        zsock_set_sndhwm (socks[k], 100000);
    }
    sk_pack_t p;
    s_ping_request (&p, 0);
    int sent = 0;
    for (int64_t until = zclock_mono () + 4000; zclock_mono () < until;) {
        for (int k = 0; k < 8; k++)
            for (int i = 0; socks[k] && i < 200; i++)
                if (zmq_send (zsock_resolve (socks[k]), p.buf.data, p.buf.size, ZMQ_DONTWAIT) > 0)
                    sent++;
        zclock_sleep (10);
    }
    sk_pack_release (&p);
    for (int k = 0; k < 8; k++)
        zsock_destroy (&socks[k]);
    printf ("#   %d pings sent unread\n", sent);
    return 0;
}

//  Not an attack: the control's load for never_read. 8 connections to
//  match send pings as fast as they can for 4 s, 32 in flight each, and
//  read every reply: as busy as the registry serving the never-read pings,
//  by callers that keep to the rules.
static int
s_attack_busy_match (void)
{
    zsock_t *socks[8];
    int in_flight[8] = { 0 }, answered = 0;
    sk_pack_t p;
    s_ping_of (&p, "match", 0);
    for (int k = 0; k < 8; k++)
        socks[k] = s_raw_from ("match", S_ATTACKER, NULL, false);
    for (int64_t until = zclock_mono () + 4000; zclock_mono () < until;) {
        for (int k = 0; k < 8; k++) {
            while (socks[k] && in_flight[k] < 32
                   && zmq_send (zsock_resolve (socks[k]), p.buf.data, p.buf.size, ZMQ_DONTWAIT) > 0)
                in_flight[k]++;
            zframe_t *reply;
            while (socks[k] && (zsock_events (socks[k]) & ZMQ_POLLIN)
                   && (reply = zframe_recv (socks[k]))) {
                zframe_destroy (&reply);
                in_flight[k]--;
                answered++;
            }
        }
        zclock_sleep (1);
    }
    sk_pack_release (&p);
    for (int k = 0; k < 8; k++)
        zsock_destroy (&socks[k]);
    printf ("#   control load: %d pings to match answered\n", answered);
    return answered > 0 ? 0 : 1;
}

//  500 connections that finish the handshake and send nothing, for 6 s.
#define S_IDLE 500
static int
s_attack_idle (void)
{
    zsock_t **socks = calloc (S_IDLE, sizeof (zsock_t *));
    for (int k = 0; k < S_IDLE; k++)
        socks[k] = s_raw (S_ATTACKER);
    zclock_sleep (6000);
    for (int k = 0; k < S_IDLE; k++)
        zsock_destroy (&socks[k]);
    free (socks);
    return 0;
}

//  3,000 connections that finish the handshake and send nothing, for 6 s,
//  from loopback addresses of their own (the probe's and the other suites'
//  127.0.0.1 is not one of them): 1,000 from 127.0.0.2, beyond its
//  max_connections_per_address (512), and 500 from each of 127.0.0.3-6,
//  beyond max_connections (1,024) in all. They do not connect again once
//  closed: one that does costs the service a handshake each time (CPU,
//  not memory; see README "Limits").
#define S_IDLE_MANY 3000
static const char *
s_idle_source (int k)
{
    static const char *sources[] = { "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6" };
    return k < 1000 ? "127.0.0.2" : sources[(k - 1000) / 500];
}

static int
s_attack_idle_many (void)
{
    zsock_t **socks = calloc (S_IDLE_MANY, sizeof (zsock_t *));
    int made = 0;
    for (int k = 0; k < S_IDLE_MANY; k++) {
        socks[k] = s_raw_from ("registry", S_ATTACKER, s_idle_source (k), true);
        made += socks[k] != NULL;
    }
    //  Tell the test they are all made (niced on a loaded machine, that
    //  can take seconds), and hold them
    char ready[512];
    snprintf (ready, sizeof ready, "%s/bounds-idle-many.ready", getenv ("SAMSKAB_VAR"));
    FILE *f = fopen (ready, "w");
    if (f)
        fclose (f);
    zclock_sleep (6000);
    for (int k = 0; k < S_IDLE_MANY; k++)
        zsock_destroy (&socks[k]);
    free (socks);
    printf ("#   %d idle connections made\n", made);
    return made == S_IDLE_MANY ? 0 : 1;
}

//  Two requests of 300 frames of 1 MB each (a frame may hold 1 MiB less
//  CURVE's framing): each is refused as more than one frame.
#define S_MB 1000000
static int
s_attack_multi_frame (void)
{
    zsock_t *sock = s_raw (S_ATTACKER);
    byte *mb = calloc (1, S_MB);
    sk_pack_t p;
    s_ping_request (&p, 1);
    int refused = 0;
    for (int round = 0; sock && round < 2; round++) {
        zmq_send (zsock_resolve (sock), p.buf.data, p.buf.size, ZMQ_SNDMORE);
        for (int i = 0; i < 299; i++)
            zmq_send (zsock_resolve (sock), mb, S_MB, i < 298 ? ZMQ_SNDMORE : 0);
        zsock_set_rcvtimeo (sock, 20000);
        zframe_t *f = zframe_recv (sock);
        sk_frame_t reply;
        sk_error_t err = { 0 };
        if (f && sk_frame_decode_copy (&reply, zframe_data (f), zframe_size (f), &err) == 0) {
            sk_reply_error (&reply, &err);
            printf ("#   answer: %s: %s\n", err.code, err.message);
            refused += streq (err.code, "invalid_argument")
                       && streq (err.message, "a request must be a single frame");
            sk_frame_release (&reply);
        } else
            printf ("#   no answer\n");
        zframe_destroy (&f);
    }
    sk_pack_release (&p);
    free (mb);
    zsock_destroy (&sock);
    return refused == 2 ? 0 : 1;
}

//  300 plain TCP connections, two thirds sending 256 KiB of garbage, and 50
//  ZeroMQ connections without CURVE sending 20 pings each: none answered.
static int
s_attack_garbage (void)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons ((uint16_t)s_port ()) };
    inet_pton (AF_INET, "127.0.0.1", &addr.sin_addr);
    byte junk[65536];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (byte)random ();
    int fds[300];
    for (int k = 0; k < 300; k++) {
        fds[k] = socket (AF_INET, SOCK_STREAM, 0);
        if (connect (fds[k], (struct sockaddr *)&addr, sizeof addr) == 0 && k % 3)
            for (int i = 0; i < 4; i++)
                if (send (fds[k], junk, sizeof junk, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
                    break;
    }
    char *endpoint = s_setting ("registry/endpoint");
    zsock_t *plain[50];
    sk_pack_t p;
    s_ping_request (&p, 2);
    for (int k = 0; k < 50; k++) {
        plain[k] = zsock_new (ZMQ_DEALER);
        zsock_set_linger (plain[k], 0);
        zsock_connect (plain[k], "%s", endpoint);
        for (int i = 0; i < 20; i++)
            zmq_send (zsock_resolve (plain[k]), p.buf.data, p.buf.size, ZMQ_DONTWAIT);
    }
    sk_pack_release (&p);
    free (endpoint);
    zclock_sleep (2000);
    int answered = 0;
    for (int k = 0; k < 50; k++) {
        if (zsock_events (plain[k]) & ZMQ_POLLIN)
            answered++;
        zsock_destroy (&plain[k]);
    }
    for (int k = 0; k < 300; k++)
        close (fds[k]);
    printf ("#   %d plaintext connections answered\n", answered);
    return answered ? 1 : 0;
}

static const struct {
    const char *name;
    int (*run) (void);
} s_attacks[] = { { "never_read", s_attack_never_read },
                  { "idle", s_attack_idle },
                  { "idle_many", s_attack_idle_many },
                  { "busy_match", s_attack_busy_match },
                  { "multi_frame", s_attack_multi_frame },
                  { "garbage", s_attack_garbage },
                  { NULL, NULL } };

static char s_self[4096]; //  this program

//  CPU time pid used so far, in ms.
static long
s_cpu_ms (pid_t pid)
{
    char path[64], buf[1024];
    snprintf (path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen (path, "r");
    size_t n = f ? fread (buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose (f);
    buf[n] = 0;
    const char *p = strrchr (buf, ')');
    unsigned long utime = 0, stime = 0;
    if (p)
        sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime);
    return (long)((utime + stime) * 1000 / (unsigned long)sysconf (_SC_CLK_TCK));
}

//  Run attack name in a child process; while it runs, also call during
//  (may be NULL) once. Its exit status.
static pid_t
s_spawn (const char *name)
{
    pid_t child = fork ();
    if (child == 0) {
        //  The attacker would be another machine: its own work (encryption,
        //  handshakes) yields to the service's and the probe's here
        if (nice (19) < 0)
            _exit (126);
        execl (s_self, s_self, "--attack", name, (char *)NULL);
        _exit (127);
    }
    return child;
}

static int
s_reap (pid_t child)
{
    int status = -1;
    waitpid (child, &status, 0);
    return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

//  Run attack name in a child process, and control_load (NULL: none)
//  against match in another; while they run, also call during (may be
//  NULL) once. The attack's exit status.
static int
s_attack (const char *name, const char *control_load, void (*during) (pid_t), pid_t pid)
{
    pid_t load = control_load ? s_spawn (control_load) : 0;
    pid_t child = s_spawn (name);
    if (during)
        during (pid);
    int status = s_reap (child);
    if (load)
        CHECK_INT_EQ (s_reap (load), 0);
    return status;
}

//  An attack against the registry under the probe, and its checks; the
//  control's service under control_load meanwhile (NULL: none).
static void
s_case (const char *name, const char *control_load, const char *what, void (*during) (pid_t),
        bool bounded)
{
    pid_t pid = itest_pid ("registry");
    CHECK_INT_GT (pid, 0);
    if (pid <= 0)
        return;
    long base = s_rss_kb (pid), after;
    s_probe_t probe, control;
    int64_t p99, control_p99;
    //  On a loaded machine a burst of other work can land on the attacked
    //  service's busy threads and not on the control's idle ones: a p99
    //  over the bound is measured once more, and only two misses fail
    for (int attempt = 1;; attempt++) {
        s_probe_start (&probe, "registry", pid);
        s_probe_start (&control, "match", 0);
        long cpu = s_cpu_ms (pid);
        int64_t start = zclock_mono ();
        CHECK_INT_EQ (s_attack (name, control_load, during, pid), 0);
        printf ("#   the service used %ld ms of CPU in the attack's %lld ms\n",
                s_cpu_ms (pid) - cpu, (long long)(zclock_mono () - start));
        p99 = s_probe_stop (&probe);
        control_p99 = s_probe_stop (&control);
        CHECK_INT_EQ (control.failed, 0);
        after = s_settled_kb (pid, base + S_NEAR_KB / 2, 8000);
        if (!bounded || getenv ("SAMSKAB_SANITIZED") || s_prompt (p99, control_p99) || attempt == 2)
            break;
        printf ("#   p99 %.1f ms, over the bound (the control's %.1f ms): once more\n",
                (double)p99 / 1000.0, (double)control_p99 / 1000.0);
    }
    s_report (what, base, &probe, control_p99, p99, after, bounded);
}

static void
test_never_read (void)
{
    SK_CASE_BEGIN ();
    //  The never-read pings are served (their replies pile up unread): the
    //  registry is as busy as under 8 flooding clients. What must not
    //  happen is more than that: so the control is match under such a
    //  flood of callers that read
    s_case ("never_read", "busy_match", "never-read", NULL, true);
    SK_CASE_END ("registry: 8 connections that send and never read leave its memory bounded "
                 "and its pings prompt");
}

static int s_fds_before;

//  While the idle connections are open: the service holds them all.
static void
s_idle_held (pid_t pid)
{
    for (int i = 0; i < 110 && s_fds (pid) < s_fds_before + S_IDLE; i++)
        zclock_sleep (50);
    int held = s_fds (pid) - s_fds_before;
    printf ("#   %d connections held, rss %ld KiB with them\n", held, s_rss_kb (pid));
    CHECK_INT_GE (held, S_IDLE);
}

static void
test_idle (void)
{
    SK_CASE_BEGIN ();
    s_fds_before = s_fds (itest_pid ("registry"));
    s_case ("idle", NULL, "idle", s_idle_held, true);
    SK_CASE_END ("registry: 500 idle connections leave its memory bounded and its pings prompt");
}

//  The service's established connections from each remote address, as
//  /proc/net/tcp shows them: into counts[] by the last octet of
//  127.0.0.x; their total is returned.
static int
s_established (int port, int counts[256])
{
    memset (counts, 0, 256 * sizeof (int));
    FILE *f = fopen ("/proc/net/tcp", "r");
    char line[512];
    int total = 0;
    while (f && fgets (line, sizeof line, f)) {
        unsigned local_ip, local_port, remote_ip, remote_port, state;
        if (sscanf (line, " %*d: %x:%x %x:%x %x", &local_ip, &local_port, &remote_ip, &remote_port,
                    &state)
                == 5
            && (int)local_port == port && state == 1) {
            counts[(remote_ip >> 24) & 0xff]++; //  little-endian: 127.0.0.x is x00007F
            total++;
        }
    }
    if (f)
        fclose (f);
    return total;
}

#define S_MAX_CONNS    1024
#define S_MAX_PER_ADDR 512
//  While the idle connections are open: the service holds no more than its
//  caps, in all and from 127.0.0.2, once their connects settled.
static void
s_idle_capped (pid_t pid)
{
    char ready[512];
    snprintf (ready, sizeof ready, "%s/bounds-idle-many.ready", getenv ("SAMSKAB_VAR"));
    for (int i = 0; i < 300 && !zsys_file_exists (ready); i++)
        zclock_sleep (100);
    CHECK_TRUE (zsys_file_exists (ready), "the attacker made its connections");
    zsys_file_delete (ready);
    //  Then until the count held stays the same for a second
    int counts[256], total = s_established (s_port (), counts);
    for (int i = 0, same = 0; i < 20 && same < 4; i++) {
        zclock_sleep (250);
        int was = total;
        total = s_established (s_port (), counts);
        same = total == was ? same + 1 : 0;
    }
    printf ("#   %d connections held (%d from 127.0.0.2, %d from 127.0.0.3-6, %d else), %d "
            "fds, rss %ld KiB with them\n",
            total, counts[2], counts[3] + counts[4] + counts[5] + counts[6],
            total - counts[2] - counts[3] - counts[4] - counts[5] - counts[6], s_fds (pid),
            s_rss_kb (pid));
    CHECK_INT_LE (counts[2], S_MAX_PER_ADDR);
    CHECK_INT_GE (counts[2], S_MAX_PER_ADDR - 20);
    CHECK_INT_LE (total, S_MAX_CONNS);
    CHECK_INT_GE (total, S_MAX_CONNS - 100);
    CHECK_INT_LE (s_fds (pid), s_fds_before + S_MAX_CONNS);
}

static void
test_idle_many (void)
{
    SK_CASE_BEGIN ();
    char ready[512];
    snprintf (ready, sizeof ready, "%s/bounds-idle-many.ready", getenv ("SAMSKAB_VAR"));
    zsys_file_delete (ready);
    s_fds_before = s_fds (itest_pid ("registry"));
    s_case ("idle_many", NULL, "3,000 idle", s_idle_capped, true);
    //  Once they closed, new connections are served
    sk_client_t *staff = itest_client ("registry", "staff-0730");
    sk_client_set_timeout (staff, 2000, 0);
    sk_frame_t r;
    CHECK_STR_EQ (itest_call (staff, "registry.service.ping", "0730", NULL, NULL, &r), "ok");
    sk_frame_release (&r);
    sk_client_destroy (&staff);
    SK_CASE_END ("registry: 3,000 idle connections are capped at 1,024, 512 of one address; its "
                 "memory stays bounded and its pings prompt");
}

static void
test_multi_frame (void)
{
    SK_CASE_BEGIN ();
    //  ZeroMQ assembles (and decrypts) a message whole before the service
    //  sees its first frame: the peak is the flood's size and the pings
    //  wait behind its decryption; both reported, not bounded
    s_case ("multi_frame", NULL, "multi-frame", NULL, false);
    SK_CASE_END ("registry: requests of 300 frames of 1 MB are refused, its memory comes back "
                 "and its pings stay prompt");
}

static void
test_garbage (void)
{
    SK_CASE_BEGIN ();
    s_case ("garbage", NULL, "garbage", NULL, true);
    SK_CASE_END ("registry: garbage and plaintext connections get nothing and leave its memory "
                 "bounded and its pings prompt");
}

//  Read one reply from sock within ms: its error code ("ok" if none) and
//  message into the buffers; false if none came.
static bool
s_answer (zsock_t *sock, int ms, char *code, char *message, size_t size)
{
    zsock_set_rcvtimeo (sock, ms);
    zframe_t *f = zframe_recv (sock);
    sk_frame_t reply;
    sk_error_t err = { 0 };
    bool got = f && sk_frame_decode_copy (&reply, zframe_data (f), zframe_size (f), &err) == 0;
    if (got) {
        snprintf (code, 32, "%s", sk_reply_error (&reply, &err) ? err.code : "ok");
        snprintf (message, size, "%s", err.message);
        sk_frame_release (&reply);
    }
    zframe_destroy (&f);
    return got;
}

//  One connection that sends 100 requests at once (the protocol says one
//  at a time): what waits beyond its share is answered unavailable at
//  once, and every request is answered once.
static void
test_pipelined (void)
{
    SK_CASE_BEGIN ();
    zsock_t *sock = s_raw (S_ATTACKER);
    CHECK (sock);
    for (int i = 0; sock && i < 100; i++) {
        sk_pack_t p;
        s_ping_request (&p, i);
        zmq_send (zsock_resolve (sock), p.buf.data, p.buf.size, 0);
        sk_pack_release (&p);
    }
    int ok = 0, refused = 0, other = 0;
    char code[32], message[300], said[300] = "";
    while (sock && s_answer (sock, 5000, code, message, sizeof message)) {
        if (streq (code, "ok"))
            ok++;
        else if (streq (code, "unavailable") && strstr (message, "wait for a worker")) {
            refused++;
            snprintf (said, sizeof said, "%s", message);
        } else
            other++;
    }
    printf ("#   %d ok, %d refused (%s), %d else\n", ok, refused, said, other);
    CHECK_INT_EQ (ok + refused, 100);
    CHECK_INT_GT (refused, 0);
    CHECK_INT_GE (ok, 4);
    CHECK_INT_EQ (other, 0);
    zsock_destroy (&sock);
    SK_CASE_END ("registry: requests of one connection beyond its share of the queue are "
                 "answered unavailable at once; every one is answered");
}

//  260 connections of one key, each sending a ping: 256 are served, the
//  others refused, saying why.
#define S_MANY 260
static void
test_per_key (void)
{
    SK_CASE_BEGIN ();
    s_cert_make ("bounds-many", "staff", "0730");
    zclock_sleep (1200); //  the folder is read again within a second
    zsock_t **socks = calloc (S_MANY, sizeof (zsock_t *));
    int ok = 0, refused = 0;
    char code[32], message[300], said[300] = "";
    for (int k = 0; k < S_MANY; k++) {
        socks[k] = s_raw ("bounds-many");
        sk_pack_t p;
        s_ping_request (&p, k);
        if (socks[k])
            zmq_send (zsock_resolve (socks[k]), p.buf.data, p.buf.size, 0);
        sk_pack_release (&p);
        //  One at a time, so that the first 256 are those served
        if (socks[k] && s_answer (socks[k], 10000, code, message, sizeof message)) {
            ok += streq (code, "ok");
            if (streq (code, "unavailable") && strstr (message, "connections sending requests")) {
                refused++;
                snprintf (said, sizeof said, "%s", message);
            }
        }
    }
    printf ("#   %d ok, %d refused: %s\n", ok, refused, said);
    CHECK_INT_EQ (ok, 256);
    CHECK_INT_EQ (refused, S_MANY - 256);
    for (int k = 0; k < S_MANY; k++)
        zsock_destroy (&socks[k]);
    //  Once they closed, the key is served again
    zclock_sleep (500);
    zsock_t *again = s_raw ("bounds-many");
    sk_pack_t p;
    s_ping_request (&p, 0);
    zmq_send (zsock_resolve (again), p.buf.data, p.buf.size, 0);
    sk_pack_release (&p);
    CHECK (s_answer (again, 5000, code, message, sizeof message));
    CHECK_STR_EQ (code, "ok");
    zsock_destroy (&again);
    free (socks);
    SK_CASE_END ("registry: one key's connections beyond 256 are refused, saying why, and "
                 "served again once others closed");
}

//  Ping as name until the answer's code is want, for at most ms: how long
//  it took, or -1.
static int64_t
s_until (sk_client_t *client, const char *want, int ms, char *message, size_t size)
{
    int64_t start = zclock_mono ();
    while (zclock_mono () - start < ms) {
        sk_frame_t r;
        const char *code = itest_call (client, "registry.service.ping", "0730", NULL, NULL, &r);
        bool got = streq (code, want);
        if (got && message)
            snprintf (message, size, "%s", itest_message (&r));
        sk_frame_release (&r);
        if (got)
            return zclock_mono () - start;
        zclock_sleep (100);
    }
    return -1;
}

//  Requests of a client that closed its connections are dropped before
//  they run: 4 connections send 12 association creates each while the
//  test holds a lock that blocks their insert, so the workers each hold
//  one and the rest wait in the broker; the client closes and the lock
//  goes: only the creates a worker had taken are made.
#define S_GONE_CONNS 4
#define S_GONE_EACH  12
static void
test_gone (void)
{
    SK_CASE_BEGIN ();
    char run[37], pattern[64];
    itest_uuid (run);
    snprintf (pattern, sizeof pattern, "Forladt %.8s %%", run);
    PGconn *pg = itest_superuser ();
    PGresult *r = PQexec (pg, "BEGIN; LOCK TABLE registry.party IN SHARE ROW EXCLUSIVE MODE");
    CHECK_INT_EQ (PQresultStatus (r), PGRES_COMMAND_OK);
    PQclear (r);
    zsock_t *socks[S_GONE_CONNS];
    for (int k = 0; k < S_GONE_CONNS; k++) {
        socks[k] = s_raw (S_ATTACKER);
        for (int i = 0; socks[k] && i < S_GONE_EACH; i++) {
            sk_pack_t body, p;
            sk_pack_init (&body);
            sk_pack_map (&body, 1);
            char name[64], id[64];
            snprintf (name, sizeof name, "Forladt %.8s %d-%d", run, k, i);
            sk_pack_kstr (&body, "name", name);
            snprintf (id, sizeof id, "gone-%.8s-%d-%d", run, k, i);
            sk_pack_init (&p);
            sk_pack_request (&p, id, "registry.association.create", "0730", body.buf.data,
                             body.buf.size);
            zmq_send (zsock_resolve (socks[k]), p.buf.data, p.buf.size, 0);
            sk_pack_release (&p);
            sk_pack_release (&body);
        }
    }
    //  The workers' inserts wait for the lock: one per worker
    char *setting = s_setting ("registry/workers");
    int64_t workers = *setting ? atoi (setting) : 4, running = 0;
    free (setting);
    for (int i = 0; i < 100 && running < workers; i++) {
        zclock_sleep (200);
        running = itest_count ("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                               "'Lock' AND query LIKE 'INSERT INTO party%'",
                               NULL, NULL);
    }
    zclock_sleep (200); //  and the rest are read
    for (int k = 0; k < S_GONE_CONNS; k++)
        zsock_destroy (&socks[k]);
    zclock_sleep (1000); //  the broker saw the closes
    r = PQexec (pg, "COMMIT");
    PQclear (r);
    PQfinish (pg);
    //  What ran is done within a second or two
    int64_t made = -1, was = -2;
    for (int i = 0; i < 10 && made != was; i++) {
        was = made;
        zclock_sleep (300);
        made =
            itest_count ("SELECT count(*) FROM registry.party WHERE name LIKE $1", pattern, NULL);
    }
    printf ("#   %d creates sent, %lld running when the client closed, %lld made\n",
            S_GONE_CONNS * S_GONE_EACH, (long long)running, (long long)made);
    CHECK_INT_EQ (running, workers);
    CHECK_INT_LT (running, S_GONE_CONNS * S_GONE_EACH);
    CHECK_INT_EQ (made, running);
    //  The service goes on
    sk_client_t *staff = itest_client ("registry", "staff-0730");
    CHECK_INT_GE (s_until (staff, "ok", 2000, NULL, 0), 0);
    sk_client_destroy (&staff);
    SK_CASE_END ("registry: requests of a client that closed its connections are dropped "
                 "before they run; only those already running finish");
}

//  A client's certificate removed from the clients folder: its live
//  connection is refused within seconds, and works again once it is back.
static void
test_revoke (void)
{
    SK_CASE_BEGIN ();
    s_cert_make ("bounds-revoked", "staff", "0730");
    char *clients = s_setting ("clients");
    char pub[512], kept[512];
    snprintf (pub, sizeof pub, "%s/bounds-revoked.cert", clients);
    snprintf (kept, sizeof kept, "%s/keys/bounds-revoked.kept", getenv ("SAMSKAB_VAR"));
    free (clients);
    sk_client_t *client = itest_client ("registry", "bounds-revoked");
    sk_client_set_timeout (client, 1000, 0);
    //  The folder is read again within a second of the new certificate
    CHECK_INT_GE (s_until (client, "ok", 5000, NULL, 0), 0);
    CHECK_INT_EQ (rename (pub, kept), 0);
    char message[256] = "";
    int64_t took = s_until (client, "unauthenticated", 5000, message, sizeof message);
    printf ("#   refused %lld ms after the certificate was removed: %s\n", (long long)took,
            message);
    CHECK_INT_GE (took, 0);
    CHECK_INT_LT (took, 3000);
    CHECK_STR_CONTAINS (message, "is no longer in the service's clients folder");
    //  Another caller is not affected
    sk_client_t *staff = itest_client ("registry", "staff-0730");
    CHECK_INT_GE (s_until (staff, "ok", 2000, NULL, 0), 0);
    sk_client_destroy (&staff);
    //  Back: the same connection works again
    CHECK_INT_EQ (rename (kept, pub), 0);
    took = s_until (client, "ok", 5000, NULL, 0);
    printf ("#   served again %lld ms after the certificate came back\n", (long long)took);
    CHECK_INT_GE (took, 0);
    sk_client_destroy (&client);
    SK_CASE_END ("registry: a certificate removed from the clients folder ends its caller's "
                 "live session within seconds; put back, it works again");
}

int
main (int argc, char **argv)
{
    sk_log_init ("bounds_test", SK_ERROR);
    if (argc == 3 && streq (argv[1], "--attack")) {
        zsys_init ();
        zsys_set_max_sockets (0);
        for (int i = 0; s_attacks[i].name; i++)
            if (streq (s_attacks[i].name, argv[2]))
                return s_attacks[i].run ();
        return 2;
    }
    ssize_t len = readlink ("/proc/self/exe", s_self, sizeof s_self - 1);
    s_self[len > 0 ? len : 0] = 0;
    zsys_init ();
    s_cert_make (S_ATTACKER, "staff", "0730");
    zclock_sleep (1200); //  the folder is read again within a second
    static const itest_case_t cases[] = { { "revoke", test_revoke },
                                          { "never_read", test_never_read },
                                          { "idle", test_idle },
                                          { "idle_many", test_idle_many },
                                          { "multi_frame", test_multi_frame },
                                          { "garbage", test_garbage },
                                          { "pipelined", test_pipelined },
                                          { "per_key", test_per_key },
                                          { "gone", test_gone },
                                          { NULL } };
    return itest_cases (cases, argc, argv);
}
