/* fuzz_read_json.c - libFuzzer target for the json reader (fuzz_read.h). */
#include "fuzz_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_read(data, size, TL_FORMAT_TIMELINEJS_JSON);
}
