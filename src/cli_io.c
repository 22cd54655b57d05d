/*
 * cli_io.c - reading the input whole (a file or standard input) and writing
 * to standard output with every error noticed.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_input_read(cli_input *in, const char *path)
{
	memset(in, 0, sizeof(*in));
	in->path = path;
	in->mtime = -1;
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
	if (fd < 0) {
		cli_error("%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			cli_error("%s: %s", path, strerror(EISDIR));
			close(fd);
			return -1;
		}
		if (S_ISREG(st.st_mode)) {
			in->mtime = (int64_t)st.st_mtime;
			in->dev = (unsigned long long)st.st_dev;
			in->ino = (unsigned long long)st.st_ino;
			in->has_id = 1;
		}
	}
	/* A regular file's size is known: one allocation, no regrowth. */
	size_t cap = in->has_id && st.st_size > 0 ? (size_t)st.st_size + 2 : 65536;
	size_t len = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			cli_error("out of memory reading %s", path);
			abort();
		}
		if (cap - len < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
			continue;
		}
		ssize_t r = read(fd, buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			cli_error("%s: %s", path, strerror(errno));
			free(buf);
			if (fd != STDIN_FILENO)
				close(fd);
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	buf[len] = '\0';
	in->data = buf;
	in->len = len;
	return 0;
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
