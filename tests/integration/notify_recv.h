/*  notify_recv.h: receivers for notify's tests and benchmark, on real
    sockets: an HTTP server for webhooks, an SMTP server for e-mail and a
    CURVE ROUTER for the ZeroMQ channel. Each runs in its own threads and
    records what arrives.
*/
#ifndef NOTIFY_RECV_H_INCLUDED
#define NOTIFY_RECV_H_INCLUDED

#include <czmq.h>

//  One request or message as received.
typedef struct {
    char id[64];        //  X-Samskab-Id
    char signature[80]; //  X-Samskab-Signature
    char topic[100];    //  X-Samskab-Topic, or the ZeroMQ topic frame
    //  Standard Webhooks headers: webhook-id, webhook-timestamp, webhook-signature
    char webhook_id[64], webhook_timestamp[24], webhook_signature[120];
    int attempt; //  X-Samskab-Attempt (HTTP), 0 if absent
    int status;  //  what we answered (HTTP), 250 (SMTP), 0 (ZeroMQ)
    char *body;  //  request body, message, or event (msgpack, len bytes)
    size_t len;
    char rcpt[128]; //  SMTP RCPT TO
    int64_t at;     //  zclock_usecs when received
} recv_item_t;

typedef struct _recv_t recv_t;

//  An HTTP server on 127.0.0.1:port (0 picks one) that answers 500 to the
//  first fail_first requests carrying each X-Samskab-Id, then 200.
recv_t *recv_http_new (int port, int fail_first);
//  An SMTP server on 127.0.0.1 (any port).
recv_t *recv_smtp_new (void);
//  A CURVE ROUTER on 127.0.0.1 (any port) with a fresh certificate; it
//  answers every message with its first frame.
recv_t *recv_zmq_new (void);
void recv_destroy (recv_t **self_p);
int recv_port (recv_t *self);
//  Answer each HTTP request with this status line and headers instead
//  ("302 Found\r\nLocation: http://..."; NULL: as before).
void recv_set_answer (recv_t *self, const char *answer);
//  Answer each HTTP request only after delay_us (a slow receiver).
void recv_set_delay (recv_t *self, int delay_us);
//  The ZeroMQ receiver's public key (Z85).
const char *recv_public_key (recv_t *self);

//  Items received so far (all attempts); copies under the lock.
size_t recv_count (recv_t *self);
//  Distinct ids answered with success (2xx, 250, acknowledged).
size_t recv_distinct_ok (recv_t *self);
//  Copy of item i (body owned by the receiver; valid until destroy).
recv_item_t recv_item (recv_t *self, size_t i);
//  Wait until at least n items arrived, at most timeout_ms; true if so.
bool recv_wait (recv_t *self, size_t n, int timeout_ms);
//  Wait until n distinct ids were answered with success.
bool recv_wait_ok (recv_t *self, size_t n, int timeout_ms);

#endif
