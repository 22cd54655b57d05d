/*
 * cli_io.c - reading the input whole (a file or standard input), writing
 * to standard output with every error noticed, and joining paths.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The largest input read: 1 GiB unless --max-input says otherwise. */
static size_t max_input = (size_t)1 << 30;

/* SIZE as written in messages: "1G", "512K", or bytes. */
static void format_size(char *buf, size_t n, size_t v)
{
	static const char units[] = "GMK";
	for (int i = 0; i < 3; i++) {
		size_t unit = (size_t)1 << (10 * (3 - i));
		if (v % unit == 0) {
			snprintf(buf, n, "%zu%c", v / unit, units[i]);
			return;
		}
	}
	snprintf(buf, n, "%zu bytes", v);
}

int cli_set_max_input(const char *arg)
{
	unsigned long long v = 0, limit = 1ULL << 40;
	const char *p = arg;
	for (; *p >= '0' && *p <= '9' && v <= limit; p++)
		v = v * 10 + (unsigned)(*p - '0');
	int shift = 0;
	if (p != arg && *p && !p[1]) {
		switch (*p) {
		case 'K': case 'k': shift = 10; p++; break;
		case 'M': case 'm': shift = 20; p++; break;
		case 'G': case 'g': shift = 30; p++; break;
		}
	}
	if (p == arg || *p || v == 0 || v > limit || v > (limit >> shift) ||
	    (v << shift) > SIZE_MAX - 2)
		return cli_usage("--max-input must be a size from 1 byte to 1024G "
		                 "(a whole number, with K, M or G for KiB, MiB, "
		                 "GiB), not '%s'",
		                 arg);
	max_input = (size_t)(v << shift);
	return 0;
}

int cli_limit_option(int c, const char *arg)
{
	if (c == CLI_OPT_MAX_ERRORS)
		return cli_set_max_errors(arg);
	if (c == CLI_OPT_MAX_INPUT)
		return cli_set_max_input(arg);
	return -1;
}

/* Prints that path is over the input limit. */
static int too_large(const char *path)
{
	char size[32];
	format_size(size, sizeof(size), max_input);
	cli_error("%s: larger than the input limit of %s (--max-input SIZE "
	          "raises it)", path, size);
	return CLI_EXIT_INVALID;
}

/* Reads fd to its end or past max_input into a NUL-terminated buffer;
 * cap is the first allocation.  Returns 0, -1 with errno set, or 1 when
 * the input is larger than max_input.  On 0 the caller frees *out with
 * free(). */
static int read_all(int fd, size_t cap, char **out, size_t *out_len)
{
	size_t len = 0;
	char *buf = tl_xmalloc(cap);
	for (;;) {
		if (len > max_input) {
			free(buf);
			return 1;
		}
		if (cap - len < 2) {
			/* Grow to just past the limit at most: one byte over
			 * it is enough to know the input is too large. */
			size_t most = max_input + 2;
			cap = cap > most / 2 ? most : cap * 2;
			if (cap - len < 2)
				cap = len + 2;
			buf = tl_xrealloc(buf, cap);
			continue;
		}
		ssize_t r = read(fd, buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	return 0;
}

int cli_input_read(cli_input *in, const char *path)
{
	memset(in, 0, sizeof(*in));
	in->path = path;
	in->mtime = -1;
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
	if (fd < 0) {
		cli_error("%s: %s", path, strerror(errno));
		return CLI_EXIT_IO;
	}
	struct stat st;
	int rc = CLI_EXIT_OK;
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			cli_error("%s: %s", path, strerror(EISDIR));
			rc = CLI_EXIT_IO;
		} else if (S_ISREG(st.st_mode)) {
			in->mtime = (int64_t)st.st_mtime;
			in->dev = (unsigned long long)st.st_dev;
			in->ino = (unsigned long long)st.st_ino;
			in->has_id = 1;
			if (st.st_size > 0 && (uint64_t)st.st_size > max_input)
				rc = too_large(path);
		}
	}
	/* A regular file's size is known: one allocation, no regrowth. */
	size_t cap = in->has_id && st.st_size > 0 ? (size_t)st.st_size + 2 : 65536;
	if (rc == CLI_EXIT_OK) {
		if (cap > max_input + 2)
			cap = max_input + 2;
		int r = read_all(fd, cap, &in->data, &in->len);
		if (r < 0) {
			cli_error("%s: %s", path, strerror(errno));
			rc = CLI_EXIT_IO;
		} else if (r > 0) {
			rc = too_large(path);
		}
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

void cli_input_free(cli_input *in)
{
	free(in->data);
	in->data = NULL;
}

int cli_same_file(const cli_input *in, const char *out)
{
	struct stat st;
	if (!in->has_id || stat(out, &st) != 0)
		return 0;
	return (unsigned long long)st.st_dev == in->dev &&
	       (unsigned long long)st.st_ino == in->ino;
}

int cli_stdout_errno;

int cli_write_stdio(void *ctx, const char *data, size_t len)
{
	FILE *f = ctx;
	if (fwrite(data, 1, len, f) == len && !ferror(f))
		return 0;
	if (!cli_stdout_errno)
		cli_stdout_errno = errno;
	return -1;
}

int cli_source_date_epoch(int64_t *fixed_time)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	*fixed_time = -1;
	if (!sde || !*sde)
		return 0;
	int64_t v = 0;
	for (const char *p = sde; *p; p++) {
		if (*p < '0' || *p > '9' || v > 25340230079LL)
			goto bad;
		v = v * 10 + (*p - '0');
	}
	*fixed_time = v;
	return 0;
bad:
	return cli_usage("SOURCE_DATE_EPOCH must be a whole number of seconds, "
	                 "not '%s'", sde);
}

char *cli_concat(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *s = tl_xmalloc(la + lb + lc + 1);
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc + 1);
	return s;
}
