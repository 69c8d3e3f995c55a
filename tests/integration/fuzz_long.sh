#!/usr/bin/env bash
# make fuzz: the random-request test at length (20,000 requests a service).
exec "$SAMSKAB_TOP/build/tests/fuzz_test" "${SAMSKAB_FUZZ_REQUESTS:-20000}"
