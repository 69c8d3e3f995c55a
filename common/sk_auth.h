/*  sk_auth.h: CURVE authentication and the caller's identity.

    czmq 4.2's zauth checks client keys but answers ZAP with an empty User-Id
    and no metadata, so a service could not learn who is calling. sk_auth is
    the ZAP handler instead (RFC 27): it looks the client key up in a
    zcertstore directory of public certificates and answers with User-Id =
    the client's public key and the certificate's "role" and "municipality"
    as ZAP metadata, which libzmq attaches to every message from that peer.
    Certificates with a missing or unknown role or municipality are refused.

    The handler reads the folder again within a second of a change (a file
    added, removed or rewritten), and keeps the reading for the broker:
    sk_auth_current tells whether a live connection's certificate is still
    there as it was, so a removed certificate ends its caller's sessions
    (issue #17), not only its next handshake.
*/
#ifndef SK_AUTH_H_INCLUDED
#define SK_AUTH_H_INCLUDED

#include <czmq.h>

typedef enum {
    SK_ROLE_NONE = 0,
    SK_ROLE_AUDITOR, //  reads everything in its municipality
    SK_ROLE_SERVICE, //  another service or an external system
    SK_ROLE_STAFF,   //  reads and writes in its municipality
    SK_ROLE_ADMIN    //  everything, including taxonomies
} sk_role_t;

#define SK_HOLDER_MAX 64 //  bytes of a certificate holder's name

//  Who is calling, from the handshake, never from the message.
typedef struct {
    char key[41]; //  client public key, Z85
    sk_role_t role;
    char municipality[8];         //  kommunekode, or "*" for all
    char name[SK_HOLDER_MAX + 1]; //  the certificate's holder (its "name"), or ""
} sk_caller_t;

//  Start the ZAP handler for this process, checking clients against the
//  public certificates in dir. Start it before the first CURVE bind; keep it
//  until the last socket closes. NULL, logged, if dir cannot be read.
zactor_t *sk_auth_new (const char *dir);

//  The clients folder's reading: a number that changes when the folder
//  is read again after a change (compare, never order).
int sk_auth_generation (void);
//  Whether caller's key still has a certificate in the folder as last read,
//  with the same role and municipality as at its handshake.
bool sk_auth_current (const sk_caller_t *caller);

//  Make sock a CURVE server with the certificate in cert_path (the secret
//  file written by zcert_save). 0, or -1 logged.
int sk_auth_server (zsock_t *sock, const char *cert_path);
//  Make sock a CURVE client with its own secret certificate and the server's
//  public certificate. 0, or -1 logged.
int sk_auth_client (zsock_t *sock, const char *cert_path, const char *server_cert_path);

//  Read the caller from a frame received on an authenticated socket; -1 if
//  the frame carries no (valid) identity.
int sk_caller_from_frame (zframe_t *frame, sk_caller_t *caller);
//  The same from a message received with zmq_msg_recv.
int sk_caller_from_msg (zmq_msg_t *msg, sk_caller_t *caller);
const char *sk_role_name (sk_role_t role);
sk_role_t sk_role_parse (const char *name);

void sk_auth_test (bool verbose);

#endif
