/*
 * test_cli_exit.c - the command's exit statuses (src/cli_exit.c): each
 * library status maps to the exit status dateline(1) documents, and a list
 * of diagnostics leads to the worst of its errors' statuses.  cli_exit.c
 * is application code, outside the library these tests link, so it is
 * compiled into this test directly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../src/cli_exit.c"

/* The numbers are the manual's, not the enum's order. */
static void test_status_map(void **state)
{
	assert_int_equal(cli_exit_status(TL_OK), 0);
	assert_int_equal(cli_exit_status(TL_INVALID), 1);
	assert_int_equal(cli_exit_status(TL_BAD_OPTIONS), 2);
	assert_int_equal(cli_exit_status(TL_WRITE_FAILED), 3);
	assert_int_equal(cli_exit_status(TL_BACKEND_FAILED), 4);
	assert_int_equal(CLI_EXIT_OK, 0);
	assert_int_equal(CLI_EXIT_INVALID, 1);
	assert_int_equal(CLI_EXIT_USAGE, 2);
	assert_int_equal(CLI_EXIT_IO, 3);
	assert_int_equal(CLI_EXIT_BACKEND, 4);
	/* A status from a newer library is a failure, never success. */
	assert_int_equal(cli_exit_status((tl_status)99), CLI_EXIT_BACKEND);
}

static void test_diags_worst(void **state)
{
	tl_diags *d = tl_diags_new(0);
	assert_int_equal(cli_diags_status(d), CLI_EXIT_OK);
	/* Warnings never change the status, whatever they carry. */
	tl_diags_add(d, TL_SEV_WARNING, TL_BACKEND_FAILED, 1, 1, 1, "w");
	assert_int_equal(cli_diags_status(d), CLI_EXIT_OK);
	tl_diags_add(d, TL_SEV_ERROR, TL_INVALID, 2, 1, 1, "e");
	assert_int_equal(cli_diags_status(d), CLI_EXIT_INVALID);
	tl_diags_add(d, TL_SEV_ERROR, TL_WRITE_FAILED, 0, 0, 0, "io");
	assert_int_equal(cli_diags_status(d), CLI_EXIT_IO);
	tl_diags_add(d, TL_SEV_ERROR, TL_BAD_OPTIONS, 0, 0, 0, "opt");
	assert_int_equal(cli_diags_status(d), CLI_EXIT_IO);
	tl_diags_add(d, TL_SEV_ERROR, TL_BACKEND_FAILED, 0, 0, 0, "gv");
	assert_int_equal(cli_diags_status(d), CLI_EXIT_BACKEND);
	tl_diags_free(d);

	d = tl_diags_new(0);
	tl_diags_add(d, TL_SEV_ERROR, TL_BAD_OPTIONS, 0, 0, 0, "opt");
	assert_int_equal(cli_diags_status(d), CLI_EXIT_USAGE);
	tl_diags_free(d);
}

/* An error is never success: one that says TL_OK, or one past the cap
 * that is counted but not kept, is still invalid input. */
static void test_diags_errors_fail(void **state)
{
	tl_diags *d = tl_diags_new(0);
	tl_diags_add(d, TL_SEV_ERROR, TL_OK, 1, 1, 1, "e");
	assert_int_equal(cli_diags_status(d), CLI_EXIT_INVALID);
	tl_diags_free(d);

	d = tl_diags_new(1);
	tl_diags_add(d, TL_SEV_WARNING, TL_OK, 1, 1, 1, "w");
	tl_diags_add(d, TL_SEV_ERROR, TL_OK, 2, 1, 1, "kept");
	tl_diags_add(d, TL_SEV_ERROR, TL_INVALID, 3, 1, 1, "dropped");
	assert_int_equal(tl_diags_count(d), 2);
	assert_int_equal(cli_diags_status(d), CLI_EXIT_INVALID);
	tl_diags_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status_map),
	    cmocka_unit_test(test_diags_worst),
	    cmocka_unit_test(test_diags_errors_fail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
