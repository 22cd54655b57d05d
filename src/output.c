/*
 * output.c - atomic output files: bytes go to a temporary file beside the
 * target, which is renamed over it only when everything was written, so a
 * failed render never leaves a half-written feed or diagram behind.
 */
#define _POSIX_C_SOURCE 200809L
#include "private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct tl_out {
	int fd;
	int direct;   /* writing straight to a device or pipe: no rename */
	int failed; /* errno of the first failed write, 0 if none */
	char *path;
	char *tmp;
};

tl_out *tl_out_open(const char *path)
{
	size_t n = strlen(path);
	tl_out *o = tl_xcalloc(1, sizeof(*o));
	o->path = tl_xstrdup(path);

	/* A device or a pipe (/dev/stdout, /dev/full, a FIFO) cannot be
	 * replaced by rename; it is written in place. */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			free(o->path);
			free(o);
			errno = EISDIR;
			return NULL;
		}
		o->direct = 1;
		o->fd = open(path, O_WRONLY | O_TRUNC);
		if (o->fd < 0) {
			int e = errno;
			free(o->path);
			free(o);
			errno = e;
			return NULL;
		}
		return o;
	}

	o->tmp = tl_xmalloc(n + sizeof(".tmpXXXXXX"));
	memcpy(o->tmp, path, n);
	memcpy(o->tmp + n, ".tmpXXXXXX", sizeof(".tmpXXXXXX"));
	o->fd = mkstemp(o->tmp);
	if (o->fd < 0) {
		int e = errno;
		free(o->tmp);
		free(o->path);
		free(o);
		errno = e;
		return NULL;
	}
	/* mkstemp makes the file 0600; an output is an ordinary file that
	 * others may read, as if created by open() under the umask. */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(o->fd, 0666 & ~mask);
	return o;
}

int tl_out_write(void *ctx, const char *data, size_t len)
{
	tl_out *o = ctx;
	if (o->failed)
		return -1;
	while (len) {
		ssize_t w = write(o->fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			o->failed = errno;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

static void out_free(tl_out *o)
{
	free(o->tmp); /* NULL when direct */
	free(o->path);
	free(o);
}

int tl_out_commit(tl_out *o)
{
	int err = o->failed;
	if (o->direct) {
		if (close(o->fd) < 0 && !err)
			err = errno;
		out_free(o);
		errno = err;
		return err ? -1 : 0;
	}
	if (!err && fsync(o->fd) < 0 && errno != EINVAL)
		err = errno;
	if (close(o->fd) < 0 && !err)
		err = errno;
	if (!err && rename(o->tmp, o->path) < 0)
		err = errno;
	if (err)
		unlink(o->tmp);
	out_free(o);
	errno = err;
	return err ? -1 : 0;
}

void tl_out_abort(tl_out *o)
{
	if (!o)
		return;
	close(o->fd);
	if (!o->direct)
		unlink(o->tmp);
	out_free(o);
}
