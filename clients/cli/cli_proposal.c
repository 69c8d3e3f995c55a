/*  cli_proposal.c: samskab match ... on the match service: partner
    suggestions with their reasons, the optimal proposals of a run and the
    sides' answers to them, and citizens waiting for a mentor (the offline
    match solve on files is cli_match.c). */
#include <czmq.h>

#include "cli.h"

//  True if map is of a kind of partnership whose left side is a volunteer,
//  whose name match does not hold (the registry has it: cli_names.c)
static bool
s_volunteer_left (const msgpack_object *map)
{
    char kind[48];
    return strncmp (cli_get_str (map, "kind", kind, sizeof kind), "volunteer-", 10) == 0;
}

//  A party of a contribution as people read it: "Name (14)", or "14" for
//  a volunteer whose name the registry did not give
static const char *
s_party (const msgpack_object *c, const char *key, cli_names_t *names, char *buf, size_t size)
{
    char name[256], name_key[16];
    snprintf (name_key, sizeof name_key, "%s_name", key);
    int64_t id = cli_get_int (c, key);
    const char *looked_up = cli_names_get (names, id);
    if (*cli_get_str (c, name_key, name, sizeof name) || looked_up)
        snprintf (buf, size, "%s (%lld)", *name ? name : looked_up, (long long)id);
    else
        snprintf (buf, size, "%lld", (long long)id);
    return buf;
}

//  One line per contribution of an explanation.
static void
s_print_explanation (const msgpack_object *ex, cli_names_t *names)
{
    for (uint32_t i = 0; ex && ex->type == MSGPACK_OBJECT_ARRAY && i < ex->via.array.size; i++) {
        const msgpack_object *c = &ex->via.array.ptr[i];
        char reason[32], term[80], from[300], to[300];
        cli_get_str (c, "reason", reason, sizeof reason);
        cli_get_str (c, "term", term, sizeof term);
        int64_t points = cli_get_int (c, "points");
        s_party (c, "from", names, from, sizeof from);
        s_party (c, "to", names, to, sizeof to);
        if (streq (reason, "competence"))
            printf ("    %+6lld  %s: %s has it (level %lld), %s needs it (level %lld); "
                    "%lld in the municipality have it, weight %lld\n",
                    (long long)points, term, from, (long long)cli_get_int (c, "has_level"), to,
                    (long long)cli_get_int (c, "needs_level"),
                    (long long)cli_get_int (c, "holders"), (long long)cli_get_int (c, "weight"));
        else if (streq (reason, "two_way"))
            printf ("    %+6lld  both give something the other needs\n", (long long)points);
        else if (streq (reason, "target_group"))
            printf ("    %+6lld  both serve %s\n", (long long)points, term);
        else if (streq (reason, "language"))
            printf ("    %+6lld  both speak %s\n", (long long)points, term);
        else if (streq (reason, "volunteers"))
            printf ("    %+6lld  %s has the volunteers (%lld active), %s the target group\n",
                    (long long)points, from, (long long)cli_get_int (c, "active_volunteers"), to);
        else if (streq (reason, "mentor"))
            printf ("    %+6lld  %s (%lld members) can mentor %s, a new association\n",
                    (long long)points, from, (long long)cli_get_int (c, "members"), to);
        else if (streq (reason, "area")) {
            char area[256];
            if (*cli_get_str (c, "area_name", area, sizeof area))
                printf ("    %+6lld  same area (%s)\n", (long long)points, area);
            else
                printf ("    %+6lld  same area (%lld)\n", (long long)points,
                        (long long)cli_get_int (c, "area"));
        } else
            printf ("    %+6lld  %s %s\n", (long long)points, reason, term);
    }
}

static int
s_print_suggestions (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    (void)args;
    if (cli_print_if_json (cli, body))
        return CLI_OK;
    const msgpack_object *items = sk_obj_get (body, "items");
    //  The volunteers among the partners, and the party itself if one
    cli_names_t *names = cli_names_new ();
    char kind[32];
    for (uint32_t i = 0; items && i < items->via.array.size; i++)
        if (streq (cli_get_str (&items->via.array.ptr[i], "kind", kind, sizeof kind), "volunteer"))
            cli_names_want (names, &items->via.array.ptr[i], "id", "name");
    if (streq (cli_get_str (body, "kind", kind, sizeof kind), "volunteer"))
        cli_names_want (names, body, "id", "name");
    cli_names_fetch (names, cli);
    const char *own = cli_names_get (names, cli_get_int (body, "id"));
    printf ("partners for %s %lld%s%s (room for %lld more):\n", kind,
            (long long)cli_get_int (body, "id"), own ? " " : "", own ? own : "",
            (long long)cli_get_int (body, "capacity_left"));
    if (!items || items->via.array.size == 0)
        printf ("  none\n");
    for (uint32_t i = 0; items && i < items->via.array.size; i++) {
        const msgpack_object *it = cli_names_fill (names, &items->via.array.ptr[i], "id", "name");
        char name[256], partnership[48];
        cli_get_str (it, "name", name, sizeof name);
        printf ("  %lld %s (%s, %s): score %lld\n", (long long)cli_get_int (it, "id"),
                *name ? name : "(volunteer)", cli_get_str (it, "kind", kind, sizeof kind),
                cli_get_str (it, "partnership", partnership, sizeof partnership),
                (long long)cli_get_int (it, "score"));
        s_print_explanation (sk_obj_get (it, "explanation"), names);
    }
    cli_names_destroy (&names);
    return CLI_OK;
}


//  Why a run left candidates out, the reasons it counted (not zero)
static void
s_print_left_out (const msgpack_object *left_out)
{
    //  Each reason's key, then its words for many and for one
    static const char *const why[][3] = {
        { "no_room", "parties without room for another partnership of this kind",
          "party without room for another partnership of this kind" },
        { "declined", "pairs declined before", "pair declined before" },
        { "proposed", "pairs proposed already", "pair proposed already" },
        { "times", "pairs whose times never meet", "pair whose times never meet" },
        { "institution_type", "pairs with an institution that is not a school or youth club",
          "pair with an institution that is not a school or youth club" },
        { "nothing_in_common", "pairs with nothing in common", "pair with nothing in common" },
        { "not_chosen", "candidate pairs that lost to better ones",
          "candidate pair that lost to better ones" }
    };
    if (!left_out || left_out->type != MSGPACK_OBJECT_MAP)
        return;
    printf ("left out:\n");
    int shown = 0;
    for (size_t k = 0; k < sizeof why / sizeof why[0]; k++) {
        int64_t n = cli_get_int (left_out, why[k][0]);
        if (n > 0 && ++shown)
            printf ("  %lld %s (%s)\n", (long long)n, why[k][n == 1 ? 2 : 1], why[k][0]);
    }
    if (!shown)
        printf ("  none\n");
}

//  A run: how many proposals of how many candidates, and each proposal
//  made with both parties by name (a volunteer's from the registry) and
//  its score
static int
s_print_run (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    (void)args;
    if (cli_print_if_json (cli, body))
        return CLI_OK;
    const msgpack_object *items = sk_obj_get (body, "items");
    uint32_t listed = items && items->via.array.size ? items->via.array.size : 0;
    int64_t count = cli_get_int (body, "count");
    int64_t candidates = cli_get_int (body, "candidates");
    printf ("run %lld of %s: %lld proposal%s from %lld candidate pair%s, total score %lld\n",
            (long long)cli_get_int (body, "run"), cli_get_str (body, "kind", (char[48]){ 0 }, 48),
            (long long)count, count == 1 ? "" : "s", (long long)candidates,
            candidates == 1 ? "" : "s", (long long)cli_get_int (body, "objective"));
    cli_names_t *names = cli_names_new ();
    for (uint32_t i = 0; s_volunteer_left (body) && i < listed; i++)
        cli_names_want (names, &items->via.array.ptr[i], "left", "left_name");
    cli_names_fetch (names, cli);
    for (uint32_t i = 0; i < listed; i++) {
        const msgpack_object *it =
            cli_names_fill (names, &items->via.array.ptr[i], "left", "left_name");
        char left[256], right[256];
        cli_get_str (it, "left_name", left, sizeof left);
        cli_get_str (it, "right_name", right, sizeof right);
        printf ("  proposal %lld: %lld %s + %lld %s, score %lld\n",
                (long long)cli_get_int (it, "id"), (long long)cli_get_int (it, "left"),
                *left ? left : "(volunteer)", (long long)cli_get_int (it, "right"),
                *right ? right : "(volunteer)", (long long)cli_get_int (it, "score"));
    }
    if (count > (int64_t)listed)
        printf ("  ... and %lld more: samskab match proposals --state proposed\n",
                (long long)(count - (int64_t)listed));
    cli_names_destroy (&names);
    s_print_left_out (sk_obj_get (body, "left_out"));
    return CLI_OK;
}

static int
s_print_proposal (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    (void)args;
    if (cli->json || !body || body->type != MSGPACK_OBJECT_MAP) {
        cli_print_record (cli, body);
        return CLI_OK;
    }
    cli_names_t *names = cli_names_new ();
    if (s_volunteer_left (body))
        cli_names_want (names, body, "left_id", "left_name");
    cli_names_fetch (names, cli);
    body = cli_names_fill (names, body, "left_id", "left_name");
    //  The record without its explanation, which follows in words
    msgpack_object_kv kvs[64];
    msgpack_object rest = { .type = MSGPACK_OBJECT_MAP };
    rest.via.map.ptr = kvs;
    for (uint32_t i = 0; i < body->via.map.size && rest.via.map.size < 64; i++) {
        const msgpack_object_kv *kv = &body->via.map.ptr[i];
        if (!(kv->key.type == MSGPACK_OBJECT_STR && kv->key.via.str.size == 11
              && memcmp (kv->key.via.str.ptr, "explanation", 11) == 0))
            kvs[rest.via.map.size++] = *kv;
    }
    cli_print_record (cli, &rest);
    {
        printf ("explanation:\n");
        s_print_explanation (sk_obj_get (body, "explanation"), names);
    }
    cli_names_destroy (&names);
    return CLI_OK;
}

static const char *const s_proposal_cols[] = {
    "id",    "kind",  "left_id",    "left_name",      "right_id", "right_name",
    "score", "state", "expires_at", "decline_reason", NULL
};

//  The list as a table, volunteers by name (from the registry)
static int
s_print_proposals (cli_t *cli, const cli_args_t *args, const msgpack_object *body)
{
    (void)args;
    const msgpack_object *items = sk_obj_get (body, "items");
    if (cli_print_if_json (cli, items))
        return CLI_OK;
    cli_names_t *names = cli_names_new ();
    for (uint32_t i = 0; items && items->type == MSGPACK_OBJECT_ARRAY && i < items->via.array.size;
         i++)
        if (s_volunteer_left (&items->via.array.ptr[i]))
            cli_names_want (names, &items->via.array.ptr[i], "left_id", "left_name");
    cli_names_fetch (names, cli);
    cli_print_items (cli, cli_names_fill_items (names, items, "left_id", "left_name"),
                     s_proposal_cols);
    cli_names_destroy (&names);
    return CLI_OK;
}

static const char *const s_citizen_cols[] = { "id",     "ref",          "area", "needs",
                                              "speaks", "availability", NULL };

#define S_KINDS                                                                                    \
    "association-association|company-association|volunteer-institution|"                           \
    "association-institution|volunteer-citizen"

static const cli_opt_t s_suggest_opts[] = { { .name = "for",
                                              .type = CLI_ID,
                                              .key = "id",
                                              .required = true,
                                              .help = "the party to find partners for" },
                                            { .name = "kind",
                                              .key = "kind",
                                              .meta = "KIND",
                                              .choices = S_KINDS,
                                              .help = "the kind of partnership" },
                                            CLI_OPT_LIMIT (100, "at most N"),
                                            { 0 } };
static const cli_opt_t s_run_args[] = { { .name = "KIND",
                                          .key = "kind",
                                          .required = true,
                                          .meta = "KIND",
                                          .choices = S_KINDS,
                                          .help = "a kind of partnership" },
                                        { 0 } };
static const cli_opt_t s_run_opts[] = { CLI_OPT_LIMIT (100000, "make at most N proposals"), { 0 } };
static const cli_opt_t s_proposals_opts[] = {
    { .name = "state",
      .key = "state",
      .choices = "proposed|accepted_by_left|accepted_by_right|accepted|declined|expired",
      .help = "only proposals in this state" },
    { .name = "party", .type = CLI_ID, .key = "party", .help = "only proposals for this party" },
    { .name = "kind",
      .key = "kind",
      .meta = "KIND",
      .choices = S_KINDS,
      .help = "only proposals of this kind" },
    CLI_OPT_LIMIT (1000, "at most N (default 100)"),
    CLI_AFTER_ID,
    { 0 }
};
static const cli_opt_t s_id_arg[] = { CLI_ANY_ID, { 0 } };
static const cli_opt_t s_accept_opts[] = { { .name = "party",
                                             .type = CLI_ID,
                                             .key = "party",
                                             .required = true,
                                             .help = "the side that accepts" },
                                           { 0 } };
static const cli_opt_t s_decline_opts[] = {
    { .name = "party",
      .type = CLI_ID,
      .key = "party",
      .required = true,
      .help = "the side that declines" },
    { .name = "reason", .key = "reason", .help = "why (up to 1000 characters)" },
    { 0 }
};
static const cli_opt_t s_citizen_opts[] = {
    { .name = "ref",
      .key = "ref",
      .required = true,
      .meta = "CASE-REF",
      .help = "the case reference (no name)" },
    { .name = "needs",
      .type = CLI_LIST,
      .key = "needs",
      .required = true,
      .meta = "TERM[:LEVEL]",
      .help = "what the citizen needs help with" },
    { .name = "speaks",
      .type = CLI_LIST,
      .key = "speaks",
      .meta = "LANG",
      .help = "languages the citizen speaks" },
    { .name = "area", .type = CLI_ID, .key = "area", .help = "the area the citizen lives in" },
    { .name = "availability", .key = "availability", .help = "when the citizen is free, in words" },
    { 0 }
};

const cli_command_t cli_proposal_commands[] = {
    { .noun = "match",
      .verb = "suggest",
      .run = cli_run_op,
      .op = "match.party.suggest",
      .print = s_print_suggestions,
      .opts = s_suggest_opts,
      .help = "best partners of a party with the reasons (from the match service)" },
    { .noun = "match",
      .verb = "run",
      .run = cli_run_op,
      .op = "match.proposal.run",
      .print = s_print_run,
      .args = s_run_args,
      .opts = s_run_opts,
      .help = "optimal assignment under capacities for the municipality, written as proposals" },
    { .noun = "match",
      .verb = "proposals",
      .run = cli_run_op,
      .op = "match.proposal.list",
      .print = s_print_proposals,
      .opts = s_proposals_opts,
      .help = "list proposals" },
    { .noun = "match",
      .verb = "proposal",
      .run = cli_run_op,
      .op = "match.proposal.get",
      .print = s_print_proposal,
      .args = s_id_arg,
      .help = "show a proposal with its explanation" },
    { .noun = "match",
      .verb = "accept",
      .run = cli_run_op,
      .op = "match.proposal.accept",
      .args = s_id_arg,
      .opts = s_accept_opts,
      .help = "accept a proposal for one side (both: a draft agreement)" },
    { .noun = "match",
      .verb = "decline",
      .run = cli_run_op,
      .op = "match.proposal.decline",
      .args = s_id_arg,
      .opts = s_decline_opts,
      .help = "decline a proposal for one side: the pair is never proposed again" },
    { .noun = "match",
      .verb = "citizen",
      .run = cli_run_op,
      .op = "match.citizen.add",
      .opts = s_citizen_opts,
      .help = "register a citizen who wants a mentor (no name: a case reference)" },
    { .noun = "match",
      .verb = "citizens",
      .run = cli_run_op,
      .op = "match.citizen.list",
      .columns = s_citizen_cols,
      .help = "citizens waiting for or having a mentor" },
    { .noun = "match",
      .verb = "forget",
      .run = cli_run_op,
      .op = "match.citizen.erase",
      .args = s_id_arg,
      .help = "erase a citizen and everything matching knows of them" },
    { .noun = "match",
      .verb = "feed",
      .run = cli_run_op,
      .op = "match.feed.status",
      .help = "how far the match service's copy of the registry is" },
    { .noun = "match",
      .verb = "sweep",
      .run = cli_run_op,
      .op = "match.sweep.run",
      .help = "expire proposals and emit meeting events now (admin)" },
    { 0 }
};
