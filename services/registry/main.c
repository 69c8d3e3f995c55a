/*  samskab-registry: the registry service, read as its table of ops. */
#include "reg_advice.h"
#include "reg_catalog.h"
#include "reg_history.h"
#include "reg_import.h"
#include "reg_login.h"
#include "reg_own.h"
#include "reg_party.h"
#include "reg_person.h"
#include "reg_search.h"
#include "reg_story.h"
#include "reg_visit.h"
#include "sk_erase.h"
#include "sk_service.h"

static const sk_kind_t s_association = SK_KIND_ASSOCIATION;
static const sk_kind_t s_company = SK_KIND_COMPANY;
static const sk_kind_t s_institution = SK_KIND_INSTITUTION;
static const sk_kind_t s_volunteer = SK_KIND_VOLUNTEER;

//  Writes go through reg_history, which names the caller for the history
#define PARTY_OPS(noun, kind)                                                                      \
    { .name = "registry." noun ".create",                                                          \
      .handler = reg_history_create,                                                               \
      .roles = SK_WRITERS,                                                                         \
      .mutating = true,                                                                            \
      .arg = &kind },                                                                              \
        { .name = "registry." noun ".get",                                                         \
          .handler = reg_party_get,                                                                \
          .roles = SK_READERS,                                                                     \
          .arg = &kind },                                                                          \
        { .name = "registry." noun ".update",                                                      \
          .handler = reg_history_update,                                                           \
          .roles = SK_WRITERS,                                                                     \
          .mutating = true,                                                                        \
          .arg = &kind },                                                                          \
        { .name = "registry." noun ".archive",                                                     \
          .handler = reg_history_archive,                                                          \
          .roles = SK_WRITERS,                                                                     \
          .mutating = true,                                                                        \
          .arg = &kind },                                                                          \
        { .name = "registry." noun ".list",                                                        \
          .handler = reg_party_list,                                                               \
          .roles = SK_READERS,                                                                     \
          .arg = &kind },                                                                          \
    {                                                                                              \
        .name = "registry." noun ".history", .handler = reg_history_list, .roles = SK_READERS,     \
        .arg = &kind                                                                               \
    }

static const sk_op_t s_ops[] = {
    PARTY_OPS ("association", s_association),
    PARTY_OPS ("company", s_company),
    PARTY_OPS ("institution", s_institution),
    PARTY_OPS ("volunteer", s_volunteer),
    { .name = "registry.municipality.list", .handler = reg_municipality_list, .roles = SK_READERS },
    { .name = "registry.area.create",
      .handler = reg_area_create,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "registry.area.list", .handler = reg_area_list, .roles = SK_READERS },
    { .name = "registry.term.list", .handler = reg_term_list, .roles = SK_READERS },
    { .name = "registry.term.create",
      .handler = reg_term_create,
      .roles = SK_ADMINS,
      .mutating = true },
    { .name = "registry.visit.create",
      .handler = reg_visit_create,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "registry.visit.list", .handler = reg_visit_list, .roles = SK_READERS },
    { .name = "registry.party.search", .handler = reg_party_search, .roles = SK_READERS },
    { .name = "registry.party.names", .handler = reg_party_names, .roles = SK_READERS },
    { .name = "registry.import.begin",
      .handler = reg_import_begin,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "registry.import.rows",
      .handler = reg_import_rows,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "registry.import.commit",
      .handler = reg_import_commit,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "registry.import.abort",
      .handler = reg_import_abort,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "registry.advisor.assign",
      .handler = reg_advisor_assign,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "registry.advisor.get", .handler = reg_advisor_get, .roles = SK_READERS },
    { .name = "registry.session.create",
      .handler = reg_session_create,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "registry.session.list", .handler = reg_session_list, .roles = SK_READERS },
    { .name = "registry.step.done",
      .handler = reg_step_done,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "registry.step.overdue", .handler = reg_step_overdue, .roles = SK_READERS },
    { .name = "registry.story.create",
      .handler = reg_story_create,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "registry.story.consent",
      .handler = reg_story_consent,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = "registry.story.list", .handler = reg_story_list, .roles = SK_READERS },
    { .name = "registry.story.feed", .handler = reg_story_feed, .roles = SK_READERS },
    { .name = "registry.party.public", .handler = reg_party_public, .roles = SK_READERS },
    //  samskab-web acting for a party (role P: reg_login_caller)
    { .name = "registry.login.find",
      .handler = reg_login_find,
      .roles = SK_ROLE_BIT (SK_ROLE_SERVICE) },
    { .name = "registry.login.use",
      .handler = reg_login_use,
      .roles = SK_ROLE_BIT (SK_ROLE_SERVICE),
      .mutating = true },
    { .name = "registry.login.end",
      .handler = reg_login_end,
      .roles = SK_ROLE_BIT (SK_ROLE_SERVICE),
      .mutating = true },
    { .name = "registry.login.ended",
      .handler = reg_login_ended,
      .roles = SK_ROLE_BIT (SK_ROLE_SERVICE) },
    { .name = "registry.own.get", .handler = reg_own_get, .roles = SK_ROLE_BIT (SK_ROLE_SERVICE) },
    { .name = "registry.own.update",
      .handler = reg_own_update,
      .roles = SK_ROLE_BIT (SK_ROLE_SERVICE),
      .mutating = true },
    { .name = "registry.person.export", .handler = reg_person_export, .roles = SK_WRITERS },
    { .name = "registry.person.erase",
      .handler = reg_person_erase,
      .roles = SK_WRITERS,
      .mutating = true },
    { .name = NULL }
};

//  The erase key (sk_erase.h) and the party catalogue's lookup tables,
//  both once before serving.
static int
s_start (sk_service_t *service, sk_config_t *config)
{
    (void)service;
    if (sk_erase_key_load (config, "registry"))
        return -1;
    reg_party_init ();
    return 0;
}

int
main (int argc, char **argv)
{
    static const sk_service_def_t def = { .name = "registry", .ops = s_ops, .start = s_start };
    return sk_service_main (&def, argc, argv);
}
