#include "read_int.h"
void tl_read_timelinejs_csv(tl_timeline *tl, const char *buf, size_t len, tl_diags *diags) { (void)buf; (void)len; tl_read_lanes l = {0}; tl_read_finish(tl, &l, diags); }
void tl_read_timelinejs_json(tl_timeline *tl, const char *buf, size_t len, tl_diags *diags) { (void)buf; (void)len; tl_read_lanes l = {0}; tl_read_finish(tl, &l, diags); }
