/*
 * test_util.c - the helpers under everything: the arena, the growable
 * buffer, UTF-8 and text checks, the hash and its index and the
 * diagnostics list.  (Atomic output files are the application's:
 * tests/unit/test_cli_output.c.)
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

/* Which characters text drops, and where tl_text_check finds the first,
 * whether it is in the eight-byte fast path or not. */
static void test_text_check(void **state)
{
	assert_false(tl_text_drops('\t'));
	assert_false(tl_text_drops('\n'));
	assert_false(tl_text_drops(' '));
	assert_false(tl_text_drops('~'));
	assert_true(tl_text_drops(0x00));
	assert_true(tl_text_drops(0x07));
	assert_true(tl_text_drops('\r'));
	assert_true(tl_text_drops(0x1B));
	assert_true(tl_text_drops(0x1F));
	assert_true(tl_text_drops(0x7F));
	assert_true(tl_text_drops(0x80));
	assert_true(tl_text_drops(0x9F));
	assert_false(tl_text_drops(0xA0));
	assert_false(tl_text_drops(0xFFFD));
	assert_true(tl_text_drops(0xFFFE));
	assert_true(tl_text_drops(0xFFFF));
	assert_false(tl_text_drops(0x10000));

	size_t drop;
	const char *clean = "plain ASCII text, long enough\tfor the fast path";
	assert_int_equal(tl_text_check(clean, strlen(clean), &drop),
	                 strlen(clean));
	assert_int_equal(drop, strlen(clean));
	/* Each kind of dropped character, at every offset of a word. */
	const char *bad[] = {"\x01", "\x1b", "\x7f", "\r", "\xC2\x85",
	                     "\xC2\x9F", "\xEF\xBF\xBE", "\xEF\xBF\xBF"};
	for (size_t k = 0; k < sizeof(bad) / sizeof(*bad); k++) {
		for (size_t at = 0; at < 20; at++) {
			char line[64];
			memset(line, 'x', at);
			strcpy(line + at, bad[k]);
			strcat(line, "tail of the line");
			size_t n = strlen(line);
			assert_int_equal(tl_text_check(line, n, &drop), n);
			assert_int_equal(drop, at);
		}
	}
	/* Allowed neighbours of the dropped ranges. */
	const char *fine = "\xC2\xA0 \xEF\xBF\xBD \xEF\xBF\xBC ~ \xE2\x80\xA8";
	assert_int_equal(tl_text_check(fine, strlen(fine), &drop), strlen(fine));
	assert_int_equal(drop, strlen(fine));
	/* Invalid UTF-8 wins; a drop before it is still reported. */
	assert_int_equal(tl_text_check("ab\x1b" "cd\xE9", 6, &drop), 5);
	assert_int_equal(drop, 2);
	assert_int_equal(tl_utf8_decode((const unsigned char *)"\xC2\x85", 2),
	                 0x85);
	assert_int_equal(tl_utf8_decode(
	                     (const unsigned char *)"\xF0\x9F\x98\x80", 4),
	                 0x1F600);
}

/* FNV-1a's published vectors, and continuing a hash equals hashing the
 * concatenation. */
static void test_hash(void **state)
{
	assert_true(tl_hash(TL_HASH_SEED, "", 0) == 0xcbf29ce484222325ull);
	assert_true(tl_hash(TL_HASH_SEED, "a", 1) == 0xaf63dc4c8601ec8cull);
	assert_true(tl_hash(TL_HASH_SEED, "foobar", 6) == 0x85944171f73967e8ull);
	assert_true(tl_hash(tl_hash(TL_HASH_SEED, "foo", 3), "bar", 3) ==
	            0x85944171f73967e8ull);
}

static const char *name_key(const void *ctx, uint32_t i)
{
	return ((const char *const *)ctx)[i];
}

static void test_index(void **state)
{
	enum { N = 20000 };
	static char names[N][16];
	static const char *keys[N];
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "k%d", i);
		keys[i] = names[i];
	}
	tl_index x = {0};
	assert_int_equal(tl_index_find(&x, "k1", 2, name_key, keys), -1);
	for (uint32_t i = 0; i < N; i++)
		assert_int_equal(tl_index_add(&x, i, name_key, keys), 1);
	assert_int_equal(x.n, N);
	assert_true(x.mask + 1 >= 2 * N); /* at most half full */
	for (int i = 0; i < N; i += 7)
		assert_int_equal(tl_index_find(&x, names[i], strlen(names[i]),
		                               name_key, keys), i);
	/* Lengths count: "k1" is not "k12" nor "k". */
	assert_int_equal(tl_index_find(&x, "k12", 2, name_key, keys), 1);
	assert_int_equal(tl_index_find(&x, "k", 1, name_key, keys), -1);
	assert_int_equal(tl_index_find(&x, "", 0, name_key, keys), -1);
	assert_int_equal(tl_index_find(&x, "nope", 4, name_key, keys), -1);

	/* An equal key is refused and the first item stays. */
	static const char *dups[] = {"a", "b", "a"};
	tl_index y = {0};
	tl_index_reserve(&y, 3, name_key, dups);
	size_t cap = y.mask + 1;
	assert_int_equal(tl_index_add(&y, 0, name_key, dups), 1);
	assert_int_equal(tl_index_add(&y, 1, name_key, dups), 1);
	assert_int_equal(tl_index_add(&y, 2, name_key, dups), 0);
	assert_int_equal(y.mask + 1, cap); /* reserved: no rehash */
	assert_int_equal(tl_index_find(&y, "a", 1, name_key, dups), 0);
	tl_index_clear(&x);
	tl_index_clear(&y);
	assert_null(x.slot);
	tl_index_clear(&x); /* twice is fine */
}

static void test_diags(void **state)
{
	tl_diags *d = tl_diags_new(2);
	tl_diags_add(d, TL_SEV_WARNING, TL_INVALID, 1, 2, 0, "w%d", 1);
	for (int i = 0; i < 5; i++)
		tl_diags_add(d, TL_SEV_ERROR, TL_INVALID, 3, 4, 5, "e%d", i);
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
		tl_diags_add(d, TL_SEV_WARNING, TL_INVALID, 1, 1, 1, "w");
	assert_int_equal(tl_diags_count(d), 30);
	assert_false(tl_diags_truncated(d));
	tl_diags_free(d);
	d = tl_diags_new(0);
	tl_diags_add(d, TL_SEV_ERROR, TL_WRITE_FAILED, 0, 0, 0, "%s", longmsg);
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
	    cmocka_unit_test(test_text_check),
	    cmocka_unit_test(test_hash),
	    cmocka_unit_test(test_index),
	    cmocka_unit_test(test_diags),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
