/*  samskab-keygen: make a CURVE certificate for a service, a person or an
    external system.

    samskab-keygen DIR NAME [--role ROLE --municipality KODE|all]
                   [--topics PREFIX,...]

    Writes DIR/NAME.cert (public) and DIR/NAME.cert_secret. With a role, the
    public certificate, carrying role and municipality as metadata, is also
    put in DIR/clients/, the directory services accept clients from.
    --topics limits an external publisher (role service) to event topics
    starting with one of the comma-separated prefixes (notify.event.publish).
*/
#include <czmq.h>

#include "sk_auth.h"

//  The usage, on out: stdout when asked for (--help, exit 0), stderr for
//  a usage error (exit 2)
static int
s_usage (FILE *out, int rc)
{
    fprintf (out, "usage: samskab-keygen DIR NAME [--role admin|staff|auditor|service "
                  "--municipality KODE|all] [--topics PREFIX,...]\n");
    if (rc == 0)
        fprintf (out, "Make a CURVE certificate: DIR/NAME.cert (public) and DIR/NAME.cert_secret.\n"
                      "With --role and --municipality the public certificate carries them and is\n"
                      "also put in DIR/clients/, the folder services accept clients from.\n"
                      "--topics limits an external publisher (role service) to event topics\n"
                      "starting with one of the prefixes.\n");
    return rc;
}

int
main (int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (streq (argv[i], "--help") || streq (argv[i], "-h"))
            return s_usage (stdout, 0);
    if (argc < 3)
        return s_usage (stderr, 2);
    const char *dir = argv[1], *name = argv[2], *role = NULL, *municipality = NULL, *topics = NULL;
    for (int i = 3; i < argc; i++) {
        if (streq (argv[i], "--role") && i + 1 < argc)
            role = argv[++i];
        else if (streq (argv[i], "--municipality") && i + 1 < argc)
            municipality = argv[++i];
        else if (streq (argv[i], "--topics") && i + 1 < argc)
            topics = argv[++i];
        else
            return s_usage (stderr, 2);
    }
    if (strspn (name, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen (name) || !*name) {
        fprintf (stderr, "samskab-keygen: invalid name \"%s\"\n", name);
        fprintf (stderr, "HINT: use lower-case letters, digits, - and _\n");
        return 2;
    }
    if ((role == NULL) != (municipality == NULL))
        return s_usage (stderr, 2);
    if (role && sk_role_parse (role) == SK_ROLE_NONE) {
        fprintf (stderr, "samskab-keygen: unknown role \"%s\"\n", role);
        return 2;
    }
    if (municipality && !streq (municipality, "all")
        && (strlen (municipality) != 4 || strspn (municipality, "0123456789") != 4)) {
        fprintf (stderr, "samskab-keygen: invalid municipality \"%s\"\n", municipality);
        fprintf (stderr, "HINT: a four-digit kommunekode, or all\n");
        return 2;
    }
    if (topics
        && (!role || !*topics
            || strspn (topics, "abcdefghijklmnopqrstuvwxyz0123456789._-,") != strlen (topics))) {
        fprintf (stderr, "samskab-keygen: invalid topics \"%s\"\n", topics);
        fprintf (stderr, "HINT: comma-separated topic prefixes such as "
                         "jobcenter., with a role\n");
        return 2;
    }
    char path[1024];
    snprintf (path, sizeof path, "%s/clients", dir);
    if (zsys_dir_create (path)) {
        fprintf (stderr, "samskab-keygen: could not create directory \"%s\"\n", path);
        return 1;
    }
    zcert_t *cert = zcert_new ();
    zcert_set_meta (cert, "name", "%s", name);
    if (role) {
        zcert_set_meta (cert, "role", "%s", role);
        zcert_set_meta (cert, "municipality", "%s", municipality);
        if (topics)
            zcert_set_meta (cert, "topics", "%s", topics);
    }
    snprintf (path, sizeof path, "%s/%s.cert", dir, name);
    int rc = zcert_save (cert, path);
    if (rc == 0 && role) {
        snprintf (path, sizeof path, "%s/clients/%s.cert", dir, name);
        rc = zcert_save_public (cert, path);
    }
    zcert_destroy (&cert);
    if (rc) {
        fprintf (stderr, "samskab-keygen: could not write \"%s\"\n", path);
        return 1;
    }
    return 0;
}
