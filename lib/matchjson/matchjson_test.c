/*  matchjson_test: lib/matchjson's usage example: a solver file and a
    planner file solved, their answers read through the accessors and
    written as JSON, and a malformed file refused with the field at fault.
    tests/unit/match_test.c checks every message and the engines against
    brute force.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "matchjson/matchjson.h"
#include "sk_check.h"

//  Write text to a new temporary file; its path in path.
static void
s_write (char *path, const char *text)
{
    strcpy (path, "/tmp/matchjson_test.XXXXXX");
    int fd = mkstemp (path);
    if (fd < 0 || write (fd, text, strlen (text)) != (ssize_t)strlen (text))
        abort ();
    close (fd);
}

static void
s_test_solve (void)
{
    SK_CASE_BEGIN ();
    char path[32];
    s_write (path, "{\"left\":[{\"id\":\"a\",\"capacity\":1},{\"id\":\"b\",\"capacity\":1}],"
                   "\"right\":[{\"id\":\"x\",\"capacity\":1},{\"id\":\"y\",\"capacity\":1}],"
                   "\"edges\":[[\"a\",\"x\",10],[\"a\",\"y\",9],[\"b\",\"x\",8]]}");
    matchjson_timing_t timing;
    char *err = NULL;
    matchjson_answer_t *answer = matchjson_solve (path, &timing, &err);
    CHECK (answer != NULL);
    if (answer) {
        //  a-x alone scores 10; a-y and b-x together 17
        CHECK_INT_EQ (matchjson_answer_objective (answer), 17);
        CHECK_INT_EQ (matchjson_answer_groups (answer), 1);
        CHECK_INT_EQ (matchjson_answer_group_size (answer, 0), 2);
        const char *left, *right;
        CHECK_INT_EQ (matchjson_answer_pair (answer, 0, 0, &left, &right), 9);
        CHECK_STR_EQ (left, "a");
        CHECK_STR_EQ (right, "y");
        CHECK (timing.solve_ms >= 0);
    }
    matchjson_answer_destroy (&answer);
    CHECK (answer == NULL);
    free (err);
    unlink (path);
    SK_CASE_END ("matchjson: a solver file solved, pairs in input order");
}

static void
s_test_plan (void)
{
    SK_CASE_BEGIN ();
    char path[32];
    s_write (path, "{\"rounds\":2,\"tables\":1,"
                   "\"associations\":[{\"id\":\"a\",\"max_meetings\":2}],"
                   "\"companies\":[{\"id\":\"x\",\"max_meetings\":2},"
                   "{\"id\":\"y\",\"max_meetings\":2}],"
                   "\"interests\":[[\"a\",\"x\",3],[\"a\",\"y\",4]]}");
    char *text = NULL, *err = NULL;
    size_t size = 0;
    FILE *out = open_memstream (&text, &size);
    CHECK_INT_EQ (matchjson_plan_file (path, out, &err), 0);
    fclose (out);
    CHECK_STR_EQ (text, "{\n  \"objective\": 7,\n  \"rounds\": [\n"
                        "    [[\"a\", \"x\"]],\n    [[\"a\", \"y\"]]\n  ]\n}\n");
    free (text);
    free (err);
    unlink (path);

    s_write (path, "{\"left\":[],\"right\":[],\"edges\":[[\"a\",\"x\",1]]}");
    err = NULL;
    out = fopen ("/dev/null", "w");
    CHECK_INT_EQ (matchjson_solve_file (path, out, &err), -1);
    fclose (out);
    CHECK_STR_CONTAINS (err, "edges[0][0]: unknown left id \"a\"");
    free (err);
    unlink (path);
    SK_CASE_END ("matchjson: a planner file written as JSON, a bad edge refused");
}

int
main (int argc, char **argv)
{
    (void)argc;
    (void)argv;
    s_test_solve ();
    s_test_plan ();
    return sk_check_cases_failed ? 1 : 0;
}
