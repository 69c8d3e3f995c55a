/*  reg_import.h: CSV import of associations and companies in batches.

    The client reads the file (RFC 4180, UTF-8 or Windows-1252) and sends
    registry.import.begin with the columns, then the rows in batches of
    registry.import.rows (each within the frame limit), then
    registry.import.commit or registry.import.abort. Every row is validated
    here as registry.KIND.create would; the answer to each batch names every
    bad row, column and reason. Commit moves all staged rows into the
    registry in one transaction, and only if no row was bad unless the
    caller asks for the good rows alone.
*/
#ifndef REG_IMPORT_H_INCLUDED
#define REG_IMPORT_H_INCLUDED

#include "sk_call.h"

int reg_import_begin (sk_call_t *call);
int reg_import_rows (sk_call_t *call);
int reg_import_commit (sk_call_t *call);
int reg_import_abort (sk_call_t *call);

#endif
