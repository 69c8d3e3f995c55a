/*  samskab-web [-c CONFIG_FILE] [--check]: the public web front end
    (issue 14). See web.h. --check loads everything, answers, and exits.

    Configuration (samskab.cfg, section web): listen (HOST:PORT), cert (its
    service certificate's secret file), token_key_file, templates (the
    folder of *.html), static (the folder of web.css, ballot.js and
    favicon.svg), timeout (ms per call to a service), connections (at most at once), secure_cookies (1
    behind a TLS proxy), code_attempts (refused voter codes per client
    address and minute), idea_attempts (idea POSTs per client address and
    minute), login_attempts (login requests per client
    address and minute), public_url (the site as login mails link to it;
    default http:// and listen), trusted_proxy (the proxy's address, whose
    X-Forwarded-For then names the client). The services'
    endpoints and public certificates come from their own sections.
*/
#include <czmq.h>
#include <signal.h>

#include "sk_log.h"
#include "sk_mem.h"
#include "web.h"

//  The whole file at path into *text and *len; 0, or -1 logged.
static int
s_slurp (const char *path, char **text, size_t *len)
{
    zchunk_t *chunk = zsys_file_exists (path) ? zchunk_slurp (path, 1024 * 1024) : NULL;
    if (!chunk) {
        sk_error ("could not read \"%s\"", path);
        return -1;
    }
    *len = zchunk_size (chunk);
    *text = sk_malloc (*len + 1);
    memcpy (*text, zchunk_data (chunk), *len);
    (*text)[*len] = 0;
    zchunk_destroy (&chunk);
    return 0;
}

//  Everything a request reads, from the configuration; 0 or -1 logged.
static int
s_web_load (web_t *web)
{
    char why[256] = "", *css_path = NULL;
    const char *templates = sk_config_get (web->config, "web/templates", NULL);
    const char *assets = sk_config_get (web->config, "web/static", NULL);
    if (!templates || !assets) {
        sk_error ("web/templates and web/static must be configured");
        return -1;
    }
    if (web_text_check (why, sizeof why)) {
        sk_error ("the pages' strings are inconsistent: %s", why);
        return -1;
    }
    //  Read as every key file is: a regular file no other user can read
    _Static_assert(TOKEN_KEY_BYTES == SK_CONFIG_KEY_BYTES, "one key size");
    if (sk_config_key (web->config, "web/token_key_file",
                       "32 random bytes as 64 hexadecimal digits, mode 600; "
                       "deploy/local/stack.sh writes one to keys/web.token_key",
                       web->token_key))
        return -1;
    if (!(web->templates = html_set_load (templates, why, sizeof why))) {
        sk_error ("could not load the templates: %s", why);
        return -1;
    }
    css_path = sk_asprintf ("%s/web.css", assets);
    int rc = s_slurp (css_path, &web->css, &web->css_len);
    free (css_path);
    css_path = sk_asprintf ("%s/ballot.js", assets);
    rc = rc ? rc : s_slurp (css_path, &web->js, &web->js_len);
    free (css_path);
    css_path = sk_asprintf ("%s/favicon.svg", assets);
    rc = rc ? rc : s_slurp (css_path, &web->icon, &web->icon_len);
    free (css_path);
    int secure = 0;
    if (rc || sk_config_int (web->config, "web/timeout", 3000, 100, 60000, &web->timeout_ms)
        || sk_config_int (web->config, "web/secure_cookies", 0, 0, 1, &secure)
        || sk_config_int (web->config, "web/code_attempts", 20, 1, 100000, &web->code_attempts)
        || sk_config_int (web->config, "web/idea_attempts", 30, 1, 100000, &web->idea_attempts)
        || sk_config_int (web->config, "web/login_attempts", 10, 1, 100000, &web->login_attempts))
        return -1;
    web->public_url = sk_config_public_url (web->config);
    web->secure_cookies = secure;
    web->trusted_proxy = sk_config_get (web->config, "web/trusted_proxy", NULL);
    web_limit_init ();
    return web_municipalities_load (web);
}

int
main (int argc, char **argv)
{
    const char *path = getenv ("SAMSKAB_CONFIG");
    bool check = false;
    for (int i = 1; i < argc; i++) {
        if (streq (argv[i], "-c") && i + 1 < argc)
            path = argv[++i];
        else if (streq (argv[i], "--check"))
            check = true;
        else {
            fprintf (stderr, "usage: samskab-web [-c CONFIG_FILE] [--check]\n");
            return 2;
        }
    }
    sk_log_init ("web", SK_LOG);
    //  Every thread, the server's too, inherits the blocked signals:
    //  only sigwait below takes them
    zsys_handler_set (NULL);
    sigset_t stop;
    sigemptyset (&stop);
    sigaddset (&stop, SIGINT);
    sigaddset (&stop, SIGTERM);
    pthread_sigmask (SIG_BLOCK, &stop, NULL);
    web_t web = { 0 };
    web.config = sk_config_new (path);
    if (web.config) {
        int level = sk_log_level_parse (sk_config_get (web.config, "log/level", "log"));
        sk_log_init ("web", level < 0 ? SK_LOG : (sk_level_t)level);
    }
    int rc = web.config && s_web_load (&web) == 0 ? 0 : 1;
    web_http_t *http = NULL;
    if (rc == 0 && check)
        printf ("samskab-web: configuration, templates and services are fine\n");
    else if (rc == 0 && !(http = web_http_start (&web)))
        rc = 1;
    if (http) {
        int sig = 0;
        sigwait (&stop, &sig);
        sk_info ("stopping on signal %d", sig);
    }
    web_http_stop (&http);
    web_call_close ();
    html_set_destroy (&web.templates);
    free (web.css);
    free (web.icon);
    free (web.js);
    free (web.municipalities);
    free (web.public_url);
    sk_config_destroy (&web.config);
    return rc;
}
