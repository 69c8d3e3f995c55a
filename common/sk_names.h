/*  sk_names.h: names of files that more than one client writes, so that
    a citizen's download and staff's export of the same thing are named
    alike.
*/
#ifndef SK_NAMES_H_INCLUDED
#define SK_NAMES_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

//  The name of pool n (1, 2, ... in the budget's order of its pools, as
//  every page and vote.process.get list them) of citizen budget process
//  as a Pabulib file, "ID-pool-N.pb", into buf: samskab-web's download
//  (results/pool-N.pb) and samskab budget export DIR. The pool's name is
//  in the file's META subunit; a one-pool budget's pool is called "all"
//  inside the vote service, which no file name shows.
void sk_pb_name (char *buf, size_t size, int64_t process, int64_t n);

#endif
