/*
 * test_cli_output.c - atomic output files (src/cli_output.c): nothing is
 * visible before commit, an abort leaves the old file and no temporary, a
 * replaced file keeps its mode, a symbolic link is written through, devices
 * are written in place.  cli_output.c is application code, outside the
 * library these tests link, and uses nothing but libc, so it is compiled
 * into this test directly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../src/cli_output.c"

#include <stdio.h>

static char dir[] = "/tmp/dateline-test-XXXXXX";

static int setup(void **state)
{
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[256];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* How many entries dir has (a temporary file left behind shows here). */
static int entries(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "ls -A %s | wc -l", dir);
	FILE *p = popen(cmd, "r");
	int n = -1;
	if (p && fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p)
		pclose(p);
	return n;
}

static void test_commit_and_abort(void **state)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/out.txt", dir);

	cli_out *o = cli_out_open(path);
	assert_non_null(o);
	assert_int_equal(cli_out_write(o, "new", 3), 0);
	assert_null(slurp(path)); /* nothing visible before commit */
	assert_int_equal(temps[o->slot] == o->tmp, 1); /* listed for signals */
	int slot = o->slot;
	assert_int_equal(cli_out_commit(o), 0);
	assert_null(temps[slot]);
	assert_string_equal(slurp(path), "new");

	/* An aborted write leaves the old file and no temporary behind. */
	o = cli_out_open(path);
	assert_int_equal(cli_out_write(o, "partial", 7), 0);
	cli_out_abort(o);
	assert_string_equal(slurp(path), "new");
	assert_int_equal(entries(), 1);
	cli_out_abort(NULL);
	unlink(path);
}

static void test_mode_kept(void **state)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/mode.txt", dir);
	mode_t mask = umask(022);
	cli_out *o = cli_out_open(path);
	assert_int_equal(cli_out_commit(o), 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644); /* new: 0666 & ~umask */

	assert_int_equal(chmod(path, 0640), 0);
	o = cli_out_open(path);
	cli_out_write(o, "x", 1);
	assert_int_equal(cli_out_commit(o), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640); /* replaced: kept */
	umask(mask);
	unlink(path);
}

static void test_symlink_followed(void **state)
{
	char target[256], link[256], link2[256];
	snprintf(target, sizeof(target), "%s/target.txt", dir);
	snprintf(link, sizeof(link), "%s/link.txt", dir);
	snprintf(link2, sizeof(link2), "%s/link2.txt", dir);
	assert_int_equal(symlink("target.txt", link), 0); /* dangling, relative */
	assert_int_equal(symlink(link, link2), 0);        /* a chain, absolute */

	cli_out *o = cli_out_open(link2);
	assert_non_null(o);
	assert_string_equal(o->path, target);
	cli_out_write(o, "one", 3);
	assert_int_equal(cli_out_commit(o), 0);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(lstat(link2, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(slurp(target), "one");

	o = cli_out_open(link);
	cli_out_write(o, "two", 3);
	assert_int_equal(cli_out_commit(o), 0);
	assert_string_equal(slurp(target), "two");
	assert_int_equal(entries(), 3);

	/* A loop of links is an error, not a hang. */
	char a[256], b[256];
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	assert_int_equal(symlink("b", a), 0);
	assert_int_equal(symlink("a", b), 0);
	assert_null(cli_out_open(a));
	assert_int_equal(errno, ELOOP);
	unlink(a);
	unlink(b);
	unlink(link);
	unlink(link2);
	unlink(target);
}

static void test_devices_and_errors(void **state)
{
	/* Devices are written in place and their errors come back. */
	cli_out *o = cli_out_open("/dev/full");
	assert_non_null(o);
	assert_int_equal(cli_out_write(o, "x", 1), -1);
	assert_int_equal(cli_out_commit(o), -1);
	assert_int_equal(errno, ENOSPC);

	/* A directory cannot be an output; a missing directory neither. */
	assert_null(cli_out_open(dir));
	assert_int_equal(errno, EISDIR);
	char path[256];
	snprintf(path, sizeof(path), "%s/no/such/file", dir);
	assert_null(cli_out_open(path));
	assert_int_equal(errno, ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_commit_and_abort),
	    cmocka_unit_test(test_mode_kept),
	    cmocka_unit_test(test_symlink_followed),
	    cmocka_unit_test(test_devices_and_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
