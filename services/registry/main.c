/*  samskab-registry: the registry service, read as its table of ops. */
#include "reg_advice.h"
#include "reg_catalog.h"
#include "reg_history.h"
#include "reg_import.h"
#include "reg_party.h"
#include "reg_person.h"
#include "reg_story.h"
#include "reg_visit.h"

static const sk_kind_t s_association = SK_KIND_ASSOCIATION;
static const sk_kind_t s_company = SK_KIND_COMPANY;
static const sk_kind_t s_institution = SK_KIND_INSTITUTION;
static const sk_kind_t s_volunteer = SK_KIND_VOLUNTEER;

//  Writes go through reg_history, which names the caller for the history
#define PARTY_OPS(noun, kind)                                                                      \
    { "registry." noun ".create", reg_history_create, SK_WRITERS, true, &kind },                   \
        { "registry." noun ".get", reg_party_get, SK_READERS, false, &kind },                      \
        { "registry." noun ".update", reg_history_update, SK_WRITERS, true, &kind },               \
        { "registry." noun ".archive", reg_history_archive, SK_WRITERS, true, &kind },             \
        { "registry." noun ".list", reg_party_list, SK_READERS, false, &kind },                    \
    {                                                                                              \
        "registry." noun ".history", reg_history_list, SK_READERS, false, &kind                    \
    }

static const sk_op_t s_ops[] = {
    PARTY_OPS ("association", s_association),
    PARTY_OPS ("company", s_company),
    PARTY_OPS ("institution", s_institution),
    PARTY_OPS ("volunteer", s_volunteer),
    { "registry.municipality.list", reg_municipality_list, SK_READERS, false, NULL },
    { "registry.area.create", reg_area_create, SK_WRITERS, true, NULL },
    { "registry.area.list", reg_area_list, SK_READERS, false, NULL },
    { "registry.term.list", reg_term_list, SK_READERS, false, NULL },
    { "registry.term.create", reg_term_create, SK_ADMINS, true, NULL },
    { "registry.visit.create", reg_visit_create, SK_WRITERS, true, NULL },
    { "registry.visit.list", reg_visit_list, SK_READERS, false, NULL },
    { "registry.party.search", reg_party_search, SK_READERS, false, NULL },
    { "registry.import.begin", reg_import_begin, SK_WRITERS, true, NULL },
    { "registry.import.rows", reg_import_rows, SK_WRITERS, true, NULL },
    { "registry.import.commit", reg_import_commit, SK_WRITERS, true, NULL },
    { "registry.import.abort", reg_import_abort, SK_WRITERS, true, NULL },
    { "registry.advisor.assign", reg_advisor_assign, SK_WRITERS, true, NULL },
    { "registry.advisor.get", reg_advisor_get, SK_READERS, false, NULL },
    { "registry.session.create", reg_session_create, SK_WRITERS, true, NULL },
    { "registry.session.list", reg_session_list, SK_READERS, false, NULL },
    { "registry.step.done", reg_step_done, SK_WRITERS, true, NULL },
    { "registry.step.overdue", reg_step_overdue, SK_READERS, false, NULL },
    { "registry.story.create", reg_story_create, SK_WRITERS, true, NULL },
    { "registry.story.consent", reg_story_consent, SK_WRITERS, true, NULL },
    { "registry.story.list", reg_story_list, SK_READERS, false, NULL },
    { "registry.story.feed", reg_story_feed, SK_READERS, false, NULL },
    { "registry.party.public", reg_party_public, SK_READERS, false, NULL },
    { "registry.person.export", reg_person_export, SK_WRITERS, false, NULL },
    { "registry.person.erase", reg_person_erase, SK_WRITERS, true, NULL },
    { NULL, NULL, 0, false, NULL }
};

int
main (int argc, char **argv)
{
    reg_party_init ();
    return sk_service_main ("registry", s_ops, argc, argv);
}
