/*  sk_party.h: the registry's parties as the wire carries them.

    One catalogue of the fields of associations, companies, institutions and
    volunteers, shared by the registry (which validates and stores them; a
    field's name is its column) and by clients (which turn it into command
    line options and table columns). A field is added here once.
*/
#ifndef SK_PARTY_H_INCLUDED
#define SK_PARTY_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    SK_KIND_ASSOCIATION = 1,
    SK_KIND_COMPANY = 2,
    SK_KIND_INSTITUTION = 4,
    SK_KIND_VOLUNTEER = 8
} sk_kind_t;
#define SK_KIND_ORGS (SK_KIND_ASSOCIATION | SK_KIND_COMPANY | SK_KIND_INSTITUTION)
#define SK_KIND_ALL  (SK_KIND_ORGS | SK_KIND_VOLUNTEER)

typedef enum {
    SK_FIELD_TEXT, //  string up to max bytes
    SK_FIELD_INT,  //  integer in [min, max]
    SK_FIELD_BOOL,
    SK_FIELD_CVR,   //  Danish CVR number: 8 digits, modulus 11
    SK_FIELD_EMAIL, //  text with one @ and a dot after it
    SK_FIELD_ENUM   //  one of the "|"-separated words in values
} sk_field_type_t;

typedef struct {
    const char *name; //  wire name and column
    sk_field_type_t type;
    unsigned kinds;     //  kinds that have this field
    unsigned required;  //  kinds for which create must give it
    unsigned personal;  //  kinds for which it is personal data (not in events)
    int64_t min, max;   //  INT range; TEXT maximum length in bytes
    const char *values; //  ENUM words, "|"-separated
    const char *help;   //  one line for --help
} sk_field_t;

//  The catalogue, terminated by a row with name NULL.
extern const sk_field_t sk_party_fields[];

//  Declarations a party makes about itself: relation name, taxonomy of its
//  terms, help. "has" and "needs" competences, "serves" target groups,
//  "speaks" languages.
typedef struct {
    const char *relation; //  wire name of the array and stored relation
    const char *taxonomy; //  terms must come from this taxonomy
    const char *help;
} sk_relation_t;
extern const sk_relation_t sk_party_relations[];

//  "association" -> SK_KIND_ASSOCIATION; 0 if unknown.
sk_kind_t sk_kind_parse (const char *name);
const char *sk_kind_name (sk_kind_t kind);
//  Validate a value of a TEXT/CVR/EMAIL/ENUM field; NULL if fine, else a
//  static reason ("is not a valid CVR number").
const char *sk_field_check_text (const sk_field_t *field, const char *value);
bool sk_cvr_valid (const char *cvr);

void sk_party_test (bool verbose);

#endif
