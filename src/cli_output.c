/*
 * cli_output.c - atomic output files: bytes go to a temporary file beside
 * the target, which is renamed over it only when everything was written, so
 * a failed or interrupted run never leaves a half-written feed or diagram
 * behind, nor a stray temporary file.  Application code: the library never
 * touches files or signals.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct cli_out {
	int fd;
	int direct; /* writing straight to a device or pipe: no rename */
	int failed; /* errno of the first failed write, 0 if none */
	int slot;   /* in the temporary files' list, or -1 */
	char *path; /* the target, symbolic links followed */
	char *tmp;
};

/* ---- removing temporary files on a signal ----
 *
 * The temporary files being written are listed where a signal handler can
 * reach them; on SIGINT, SIGTERM or SIGHUP it unlinks each (unlink() is
 * async-signal-safe) and then dies of the signal as it would have. */

#define MAX_TEMPS 16

static char *volatile temps[MAX_TEMPS];
static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NSTOP (sizeof(stop_signals) / sizeof(*stop_signals))

static void remove_temps(int sig)
{
	for (int i = 0; i < MAX_TEMPS; i++) {
		char *p = temps[i];
		if (p)
			unlink(p);
	}
	/* The default action, once this handler returns and the signal is
	 * unblocked: the exit status still says which signal it was. */
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Installs remove_temps() for the stop signals, once; a signal that was
 * ignored when the program started (nohup) stays ignored. */
static void install_handlers(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	for (size_t i = 0; i < NSTOP; i++) {
		struct sigaction old, sa;
		if (sigaction(stop_signals[i], NULL, &old) != 0 ||
		    old.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = remove_temps;
		sigfillset(&sa.sa_mask); /* one handler at a time */
		sigaction(stop_signals[i], &sa, NULL);
	}
}

/* Blocks the stop signals (how = SIG_BLOCK) or restores *saved. */
static void stop_signals_mask(int how, sigset_t *saved)
{
	if (how == SIG_BLOCK) {
		sigset_t set;
		sigemptyset(&set);
		for (size_t i = 0; i < NSTOP; i++)
			sigaddset(&set, stop_signals[i]);
		sigprocmask(SIG_BLOCK, &set, saved);
	} else {
		sigprocmask(SIG_SETMASK, saved, NULL);
	}
}

/* Lists path; returns its slot, or -1 when the list is full (the file is
 * then only removed on ordinary failures).  Call with the stop signals
 * blocked. */
static int temp_add(char *path)
{
	for (int i = 0; i < MAX_TEMPS; i++) {
		if (!temps[i]) {
			temps[i] = path;
			return i;
		}
	}
	return -1;
}

static void temp_remove(int slot)
{
	if (slot >= 0)
		temps[slot] = NULL;
}

/* ---- the target ---- */

/* The file that writing to path really replaces: path with every
 * symbolic link in its last component followed (dangling links too, so a
 * link to a file not yet written creates that file).  Returns NULL with
 * errno set on failure.  The caller frees the result with free(). */
static char *follow_links(const char *path)
{
	char *cur = tl_xstrdup(path);
	for (int hops = 0;; hops++) {
		struct stat st;
		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur; /* a missing file is created where it is */
		if (hops == 40) {
			free(cur);
			errno = ELOOP;
			return NULL;
		}
		char link[PATH_MAX];
		ssize_t n = readlink(cur, link, sizeof(link) - 1);
		if (n < 0 || n == (ssize_t)sizeof(link) - 1) {
			int e = n < 0 ? errno : ENAMETOOLONG;
			free(cur);
			errno = e;
			return NULL;
		}
		link[n] = '\0';
		/* A relative link is relative to the link's directory. */
		const char *slash = strrchr(cur, '/');
		size_t dir = link[0] != '/' && slash ? (size_t)(slash - cur) + 1 : 0;
		char *next = tl_xmalloc(dir + (size_t)n + 1);
		memcpy(next, cur, dir);
		memcpy(next + dir, link, (size_t)n + 1);
		free(cur);
		cur = next;
	}
}

static void out_free(cli_out *o)
{
	free(o->tmp); /* NULL when direct */
	free(o->path);
	free(o);
}

/* Opens a device or pipe target for writing in place. */
static cli_out *open_direct(cli_out *o)
{
	o->direct = 1;
	o->fd = open(o->path, O_WRONLY | O_TRUNC);
	if (o->fd < 0) {
		int e = errno;
		out_free(o);
		errno = e;
		return NULL;
	}
	return o;
}

cli_out *cli_out_open(const char *path)
{
	cli_out *o = tl_xcalloc(1, sizeof(*o));
	if (!(o->path = follow_links(path))) {
		int e = errno;
		free(o);
		errno = e;
		return NULL;
	}
	o->slot = -1;

	/* A device or a pipe (/dev/stdout, /dev/full, a FIFO) cannot be
	 * replaced by rename; it is written in place. */
	struct stat st;
	int exists = stat(o->path, &st) == 0;
	if (exists && S_ISDIR(st.st_mode)) {
		out_free(o);
		errno = EISDIR;
		return NULL;
	}
	if (exists && !S_ISREG(st.st_mode))
		return open_direct(o);

	size_t n = strlen(o->path);
	o->tmp = tl_xmalloc(n + sizeof(".tmpXXXXXX"));
	memcpy(o->tmp, o->path, n);
	memcpy(o->tmp + n, ".tmpXXXXXX", sizeof(".tmpXXXXXX"));
	install_handlers();
	sigset_t saved;
	stop_signals_mask(SIG_BLOCK, &saved);
	o->fd = mkstemp(o->tmp);
	int e = errno;
	if (o->fd >= 0)
		o->slot = temp_add(o->tmp);
	stop_signals_mask(SIG_SETMASK, &saved);
	if (o->fd < 0) {
		out_free(o);
		errno = e;
		return NULL;
	}
	/* mkstemp makes the file 0600.  Replacing a file keeps its mode (and
	 * its group, where we may set it); a new one is an ordinary file as if
	 * created by open() under the umask. */
	if (exists) {
		if (fchown(o->fd, (uid_t)-1, st.st_gid) != 0) {
			/* not in that group: the file gets ours */
		}
		fchmod(o->fd, st.st_mode & 07777);
	} else {
		mode_t mask = umask(0);
		umask(mask);
		fchmod(o->fd, 0666 & ~mask);
	}
	return o;
}

int cli_out_write(void *ctx, const char *data, size_t len)
{
	cli_out *o = ctx;
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

int cli_out_commit(cli_out *o)
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
	sigset_t saved;
	stop_signals_mask(SIG_BLOCK, &saved);
	if (!err && rename(o->tmp, o->path) < 0)
		err = errno;
	if (err)
		unlink(o->tmp);
	temp_remove(o->slot);
	stop_signals_mask(SIG_SETMASK, &saved);
	out_free(o);
	errno = err;
	return err ? -1 : 0;
}

void cli_out_abort(cli_out *o)
{
	if (!o)
		return;
	close(o->fd);
	if (!o->direct) {
		sigset_t saved;
		stop_signals_mask(SIG_BLOCK, &saved);
		unlink(o->tmp);
		temp_remove(o->slot);
		stop_signals_mask(SIG_SETMASK, &saved);
	}
	out_free(o);
}
