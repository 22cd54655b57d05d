/* fuzz_read_csv.c - libFuzzer target for the csv reader (fuzz_read.h). */
#include "fuzz_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_read(data, size, TL_FORMAT_TIMELINEJS_CSV);
}
