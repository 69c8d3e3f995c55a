/*  cli_export.h: what the export commands share. */
#ifndef CLI_EXPORT_H_INCLUDED
#define CLI_EXPORT_H_INCLUDED

#include "cli.h"

//  A list op's item, handed to the exporter.
typedef void (cli_export_item_fn) (const msgpack_object *item, void *arg);

//  Call op page by page (limit 500, after), handing each item to fn;
//  CLI_OK, or the failed call's status (its reason printed).
int cli_export_pages (cli_t *cli, const char *op, cli_export_item_fn *fn, void *arg);

//  samskab export hsds (cli_hsds.c).
int cli_export_hsds (cli_t *cli, const cli_args_t *args);

#endif
