/*
 * test_util.c - the helpers under everything: the arena, the growable
 * buffer, UTF-8 checks and the diagnostics list.  (Atomic output files
 * are the application's: tests/unit/test_cli_output.c.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

static void test_arena(void **state)
{
	tl_arena a;
	tl_arena_init(&a);
	char *s = tl_arena_strndup(&a, "abc", 3);
	assert_string_equal(s, "abc");
	/* Strings are packed; other allocations are aligned for any type. */
	for (int i = 0; i < 1000; i++) {
		tl_arena_strndup(&a, "x", 1);
		void *p = tl_arena_alloc(&a, 24);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		memset(p, 0xAB, 24);
	}
	/* A block bigger than a chunk gets a chunk of its own. */
	char *big = tl_arena_alloc(&a, 10 * 1024 * 1024);
	memset(big, 1, 10 * 1024 * 1024);
	assert_string_equal(s, "abc");
	assert_true(a.used_total >= 10 * 1024 * 1024);
	tl_arena_release(&a);
	assert_null(a.head);
}

static void test_buf(void **state)
{
	tl_buf b = {0};
	tl_buf_puts(&b, "a");
	tl_buf_putc(&b, 'b');
	tl_buf_printf(&b, "%d-%s", 42, "x");
	for (int i = 0; i < 1000; i++)
		tl_buf_putc(&b, 'z');
	assert_int_equal(b.len, 1006);
	assert_memory_equal(b.data, "ab42-xzz", 8);
	assert_int_equal(b.data[b.len], '\0');
	free(b.data);
}

static void test_utf8(void **state)
{
	const unsigned char ok2[] = {0xC3, 0xA9};
	const unsigned char ok4[] = {0xF0, 0x9F, 0x98, 0x80};
	const unsigned char overlong[] = {0xC0, 0xAF};
	const unsigned char surrogate[] = {0xED, 0xA0, 0x80};
	const unsigned char too_big[] = {0xF4, 0x90, 0x80, 0x80};
	assert_int_equal(tl_utf8_seq_len((const unsigned char *)"a", 1), 1);
	assert_int_equal(tl_utf8_seq_len(ok2, 2), 2);
	assert_int_equal(tl_utf8_seq_len(ok4, 4), 4);
	assert_int_equal(tl_utf8_seq_len(ok4, 3), 0); /* cut short */
	assert_int_equal(tl_utf8_seq_len(overlong, 2), 0);
	assert_int_equal(tl_utf8_seq_len(surrogate, 3), 0);
	assert_int_equal(tl_utf8_seq_len(too_big, 4), 0);
	assert_int_equal(tl_utf8_check("caf\xC3\xA9", 5), 5);
	assert_int_equal(tl_utf8_check("caf\xE9!", 5), 3);
	assert_int_equal(tl_utf8_check("ab\x80", 3), 2);
}

static void test_diags(void **state)
{
	tl_diags *d = tl_diags_new(2);
	tl_diags_add(d, TL_SEV_WARNING, TL_EXIT_INVALID, 1, 2, 0, "w%d", 1);
	for (int i = 0; i < 5; i++)
		tl_diags_add(d, TL_SEV_ERROR, TL_EXIT_INVALID, 3, 4, 5, "e%d", i);
	assert_int_equal(tl_diags_errors(d), 5);
	assert_int_equal(tl_diags_warnings(d), 1);
	assert_int_equal(tl_diags_count(d), 3);
	assert_true(tl_diags_truncated(d));
	const tl_diag *w = tl_diags_get(d, 0);
	assert_string_equal(w->message, "w1");
	assert_int_equal(w->len, 1); /* a place always underlines a byte */
	assert_string_equal(tl_diags_get(d, 2)->message, "e1");
	assert_null(tl_diags_get(d, 3));
	tl_diags_free(d);
	tl_diags_free(NULL);

	char longmsg[400];
	memset(longmsg, 'm', sizeof(longmsg) - 1);
	longmsg[sizeof(longmsg) - 1] = '\0';
	d = tl_diags_new(0); /* no cap */
	for (int i = 0; i < 30; i++)
		tl_diags_add(d, TL_SEV_WARNING, TL_EXIT_INVALID, 1, 1, 1, "w");
	assert_int_equal(tl_diags_count(d), 30);
	assert_false(tl_diags_truncated(d));
	tl_diags_free(d);
	d = tl_diags_new(0);
	tl_diags_add(d, TL_SEV_ERROR, TL_EXIT_IO, 0, 0, 0, "%s", longmsg);
	assert_int_equal(strlen(tl_diags_get(d, 0)->message), TL_DIAG_MSG_MAX - 1);
	assert_int_equal(tl_diags_get(d, 0)->len, 0);
	tl_diags_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_arena),
	    cmocka_unit_test(test_buf),
	    cmocka_unit_test(test_utf8),
	    cmocka_unit_test(test_diags),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
