/*
 * fuzz_ics_check.c - libFuzzer target for tl_ics_check(): any bytes, as a
 * user's .ics would be, must give a status and diagnostics, never a crash,
 * a leak or an out-of-bounds read.  Seeds: tests/fuzz/corpus/ics_check/.
 */
#include "dateline.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks one input; the status must be one tl_ics_check documents. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tl_diags *d = tl_diags_new(0);
	int rc = tl_ics_check((const char *)data, size, d);
	if (rc != TL_OK && rc != TL_INVALID)
		__builtin_trap();
	if ((rc == TL_OK) != (tl_diags_errors(d) == 0))
		__builtin_trap();
	tl_diags_free(d);
	return 0;
}
