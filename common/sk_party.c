/*  sk_party.c: the catalogue of party fields and their value checks. */
#include <string.h>

#include "sk_check.h"
#include "sk_party.h"
#include "sk_utf8.h"

#define A SK_KIND_ASSOCIATION
#define C SK_KIND_COMPANY
#define I SK_KIND_INSTITUTION
#define V SK_KIND_VOLUNTEER

const sk_field_t sk_party_fields[] = {
    { "name", SK_FIELD_TEXT, SK_KIND_ALL, SK_KIND_ALL, V, 1, 200, NULL,
      "name (for a volunteer: the person's name)" },
    { "description", SK_FIELD_TEXT, SK_KIND_ALL, 0, 0, 0, 4000, NULL,
      "what it does, in its own words" },
    { "area", SK_FIELD_INT, SK_KIND_ALL, 0, 0, 1, INT32_MAX, NULL,
      "area within the municipality, by id or name (samskab area list)" },
    { "address", SK_FIELD_TEXT, SK_KIND_ORGS, 0, 0, 0, 200, NULL, "street address" },
    { "website", SK_FIELD_TEXT, SK_KIND_ORGS, 0, 0, 0, 200, NULL, "web address" },
    { "contact_name", SK_FIELD_TEXT, SK_KIND_ORGS, 0, SK_KIND_ORGS, 0, 200, NULL,
      "contact person" },
    { "email", SK_FIELD_EMAIL, SK_KIND_ALL, 0, SK_KIND_ALL, 3, 200, NULL, "contact e-mail" },
    { "phone", SK_FIELD_TEXT, SK_KIND_ALL, 0, SK_KIND_ALL, 0, 40, NULL, "contact phone" },
    { "publish", SK_FIELD_BOOL, SK_KIND_ORGS, 0, 0, 0, 0, NULL,
      "agrees to appear in the public offer" },
    { "ethnic_minority", SK_FIELD_BOOL, A, 0, 0, 0, 0, NULL,
      "describes itself as an ethnic-minority association" },
    { "folkeoplysende", SK_FIELD_BOOL, A, 0, 0, 0, 0, NULL, "approved as folkeoplysende forening" },
    { "members", SK_FIELD_INT, A, 0, 0, 0, 10000000, NULL, "number of members" },
    { "active_volunteers", SK_FIELD_INT, A, 0, 0, 0, 1000000, NULL, "number of active volunteers" },
    { "cvr", SK_FIELD_CVR, C, C, 0, 8, 8, NULL, "CVR number (8 digits)" },
    { "employees", SK_FIELD_INT, C, 0, 0, 0, 10000000, NULL, "number of employees" },
    { "csr_capacity", SK_FIELD_INT, C, 0, 0, 0, 1000, NULL,
      "partnerships the company can take on" },
    { "institution_type", SK_FIELD_ENUM, I, I, 0, 0, 0,
      "school|youth_club|social_institution|housing_association", "the kind of institution" },
    { "consent", SK_FIELD_BOOL, V, V, 0, 0, 0, NULL, "the volunteer agreed to be registered" },
    { "availability", SK_FIELD_TEXT, V, 0, 0, 0, 200, NULL,
      "when the volunteer can help, e.g. \"weekday evenings\"" },
    { "capacity", SK_FIELD_INT, V | I, 0, 0, 0, 100, NULL,
      "how many people or tasks it can take on" },
    { NULL, 0, 0, 0, 0, 0, 0, NULL, NULL }
};

const sk_relation_t sk_party_relations[] = {
    { "has", "competence",
      "competence it has, TERM[:LEVEL], level 1 (a little) to 3 (a lot), 2 if not given" },
    { "needs", "competence", "competence it lacks, TERM[:LEVEL], level 1-3, 2 if not given" },
    { "serves", "target_group",
      "target group it reaches, TERM[:LEVEL], level 1-3, 2 if not given" },
    { "speaks", "language", "language it works in, TERM" },
    { NULL, NULL, NULL }
};

static const char *s_kinds[] = { "association", "company", "institution", "volunteer" };

sk_kind_t
sk_kind_parse (const char *name)
{
    for (int i = 0; i < 4; i++)
        if (name && strcmp (name, s_kinds[i]) == 0)
            return (sk_kind_t)(1 << i);
    return 0;
}

const char *
sk_kind_name (sk_kind_t kind)
{
    for (int i = 0; i < 4; i++)
        if ((int)kind == (1 << i))
            return s_kinds[i];
    return "?";
}

bool
sk_cvr_valid (const char *cvr)
{
    static const int weights[8] = { 2, 7, 6, 5, 4, 3, 2, 1 };
    if (strlen (cvr) != 8 || strspn (cvr, "0123456789") != 8 || cvr[0] == '0')
        return false;
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += (cvr[i] - '0') * weights[i];
    return sum % 11 == 0;
}

const char *
sk_field_check_text (const sk_field_t *field, const char *value)
{
    size_t len = sk_utf8_chars (value, strlen (value));
    switch (field->type) {
        case SK_FIELD_CVR: return sk_cvr_valid (value) ? NULL : "is not a valid CVR number";
        case SK_FIELD_EMAIL: {
            const char *at = strchr (value, '@');
            if (!at || at == value || strchr (at + 1, '@') || !strchr (at, '.')
                || strpbrk (value, " \t\r\n<>,;"))
                return "is not a valid e-mail address";
            return len > (size_t)field->max ? "is too long" : NULL;
        }
        case SK_FIELD_ENUM: {
            const char *p = field->values;
            while (p) {
                const char *bar = strchr (p, '|');
                size_t n = bar ? (size_t)(bar - p) : strlen (p);
                if (n == len && strncmp (p, value, n) == 0)
                    return NULL;
                p = bar ? bar + 1 : NULL;
            }
            return "is not one of the allowed values";
        }
        case SK_FIELD_TEXT:
            if ((int64_t)len < field->min)
                return "is empty";
            return len > (size_t)field->max ? "is too long" : NULL;
        default: return "is not text";
    }
}

void
sk_party_test (bool verbose)
{
    (void)verbose;
    SK_CASE_BEGIN ();
    CHECK (sk_cvr_valid ("10150817")); //  a real, valid CVR number
    CHECK (!sk_cvr_valid ("10150818"));
    CHECK (!sk_cvr_valid ("1015081"));
    CHECK (!sk_cvr_valid ("0150817x"));
    CHECK_INT_EQ (sk_kind_parse ("company"), SK_KIND_COMPANY);
    CHECK_STR_EQ (sk_kind_name (SK_KIND_VOLUNTEER), "volunteer");
    CHECK_INT_EQ (sk_kind_parse ("club"), 0);
    const sk_field_t *type = NULL, *email = NULL;
    for (const sk_field_t *f = sk_party_fields; f->name; f++) {
        if (strcmp (f->name, "institution_type") == 0)
            type = f;
        if (strcmp (f->name, "email") == 0)
            email = f;
        //  Every field belongs to some kind and is required only where it is
        CHECK_INT_NE (f->kinds, 0);
        CHECK_INT_EQ ((f->required & ~f->kinds), 0);
    }
    CHECK_NOT_NULL (type);
    CHECK_NOT_NULL (email);
    if (type && email) {
        CHECK_NULL (sk_field_check_text (type, "school"));
        CHECK_NULL (sk_field_check_text (type, "housing_association"));
        CHECK_NOT_NULL (sk_field_check_text (type, "schoo"));
        CHECK_NULL (sk_field_check_text (email, "ida@b73.dk"));
        CHECK_NOT_NULL (sk_field_check_text (email, "ida.b73.dk"));
        CHECK_NOT_NULL (sk_field_check_text (email, "a@b@c.dk"));
    }
    SK_CASE_END ("sk_party");
}
