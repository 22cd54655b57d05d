/*
 * cli_serve.c - `dateline serve FILE...`: publishes the site of cli_site.c
 * (feeds, diagrams, pages) over HTTP/1.1 with libmicrohttpd.  This file
 * has the listening socket, the watcher thread that re-reads and
 * re-renders changed files in the background and publishes each new
 * version as a snapshot (cli_http.c answers from it), and a clean stop on
 * SIGINT or SIGTERM; main.c parses the options.  Fairness: connections
 * per client address are limited, and every request is bounded in time
 * (cli_conn.c).
 */
#include "cli_serve.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CONNECTION_LIMIT CLI_SERVE_CONNECTIONS
#define PER_CLIENT_LIMIT 100     /* open connections from one address */
#define IDLE_TIMEOUT 10          /* seconds a connection may idle */
#define REQUEST_TIMEOUT 20       /* seconds for a whole request */
#define REQUEST_MEMORY (32 * 1024) /* bytes for one request's headers */
#define LISTEN_BACKLOG 1024
#define THREADS 4
#define DEFAULT_SETTLE_MS 500
#define POLL_MS 100              /* how often files are looked at */

/* What the watcher thread needs. */
typedef struct watcher {
	server *srv;
	site *site;
	cli_state *state;
	const char *state_path;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stopping;
} watcher;

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The watcher thread: every POLL_MS looks at the files (site_poll waits
 * for a change to settle, reads it, renders it), and when anything
 * changed publishes a new snapshot and saves the state file.  Requests
 * keep being answered from the previous snapshot meanwhile. */
static void *watch_files(void *arg)
{
	watcher *w = arg;
	pthread_mutex_lock(&w->lock);
	while (!w->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += POLL_MS * 1000000L;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&w->wake, &w->lock, &until);
		if (w->stopping)
			break;
		pthread_mutex_unlock(&w->lock);
		if (site_poll(w->site, monotonic_ms())) {
			server_publish(w->srv, http_pub_new(w->site));
			if (w->state_path)
				cli_state_save(w->state, w->state_path);
		}
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* ---- the listening socket ---- */

/* Splits "HOST:PORT" or "[V6]:PORT" and resolves it without DNS surprises
 * (numeric addresses, or names like localhost).  Returns 0 and fills *ss,
 * or CLI_EXIT_USAGE after printing why. */
static int parse_listen(const char *arg, struct sockaddr_storage *ss,
                        socklen_t *len)
{
	char host[256];
	const char *port;
	if (arg[0] == '[') {
		const char *end = strchr(arg, ']');
		if (!end || end[1] != ':' || (size_t)(end - arg - 1) >= sizeof(host))
			goto bad;
		memcpy(host, arg + 1, (size_t)(end - arg - 1));
		host[end - arg - 1] = '\0';
		port = end + 2;
	} else {
		const char *colon = strrchr(arg, ':');
		if (!colon || colon == arg || (size_t)(colon - arg) >= sizeof(host) ||
		    memchr(arg, ':', (size_t)(colon - arg)))
			goto bad;
		memcpy(host, arg, (size_t)(colon - arg));
		host[colon - arg] = '\0';
		port = colon + 1;
	}
	long number = 0;
	for (const char *p = port; *p; p++) {
		if (*p < '0' || *p > '9' || number > 65535)
			goto bad;
		number = number * 10 + (*p - '0');
	}
	if (!*port || number > 65535)
		goto bad;
	struct addrinfo hints = {0}, *res;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	int rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		cli_error("--listen %s: %s (try 'dateline --help')", arg,
		          gai_strerror(rc));
		return CLI_EXIT_USAGE;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
bad:
	cli_error("--listen must be HOST:PORT or [IPV6]:PORT with a port from 0 "
	          "to 65535, not '%s' (try 'dateline --help')", arg);
	return CLI_EXIT_USAGE;
}

/* Opens a listening socket on addr.  Returns the socket, or -1 after
 * printing why. */
static int open_listener(const struct sockaddr_storage *addr, socklen_t len,
                         const char *arg)
{
	int fd = socket(addr->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (addr->ss_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		if (bind(fd, (const struct sockaddr *)addr, len) == 0 &&
		    listen(fd, LISTEN_BACKLOG) == 0 &&
		    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0)
			return fd;
	}
	cli_error("cannot listen on %s: %s", arg, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

/* "http://HOST:PORT/" of the bound socket, into buf.  Returns whether the
 * address is a wildcard (0.0.0.0, ::), which is no address to publish. */
static int bound_url(int fd, char *buf, size_t n)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[INET6_ADDRSTRLEN] = "?", port[8] = "?";
	getsockname(fd, (struct sockaddr *)&ss, &len);
	getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), port,
	            sizeof(port), NI_NUMERICHOST | NI_NUMERICSERV);
	int v6 = ss.ss_family == AF_INET6;
	snprintf(buf, n, "http://%s%s%s:%s/", v6 ? "[" : "", host, v6 ? "]" : "",
	         port);
	return strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0;
}

/* ---- the command ---- */

/* Waits for SIGINT or SIGTERM, which every thread blocks. */
static void wait_for_stop(const sigset_t *stop)
{
	int sig;
	while (sigwait(stop, &sig) != 0)
		;
	cli_error("stopping on %s", sig == SIGINT ? "SIGINT" : "SIGTERM");
}

/* Limits of the server, from the options. */
typedef struct limits {
	unsigned per_client, request_timeout;
} limits;

/* Starts libmicrohttpd on the listening socket fd and the watcher; runs
 * until a stop signal.  Returns a cli_exit. */
static int run(server *srv, watcher *w, int fd, const char *url,
               const sigset_t *stop, const limits *lim)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	                 MHD_USE_ERROR_LOG;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0 &&
	    ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (conn_watch_start(lim->request_timeout) != 0) {
		cli_error("cannot start a thread: %s", strerror(errno));
		close(fd);
		return CLI_EXIT_IO;
	}
	struct MHD_Daemon *d = MHD_start_daemon(
	    flags, 0, NULL, NULL, http_handle, srv,
	    MHD_OPTION_EXTERNAL_LOGGER, http_log, NULL,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)THREADS,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, lim->per_client,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)REQUEST_MEMORY,
	    MHD_OPTION_NOTIFY_CONNECTION, conn_notify, NULL,
	    MHD_OPTION_URI_LOG_CALLBACK, http_request_begin, srv,
	    MHD_OPTION_NOTIFY_COMPLETED, http_request_end, srv,
	    MHD_OPTION_END);
	if (!d) {
		cli_error("cannot start the HTTP server on %s", url);
		conn_watch_stop();
		close(fd);
		return CLI_EXIT_IO;
	}
	int rc = pthread_create(&w->thread, NULL, watch_files, w);
	if (rc == 0) {
		cli_error("serving %s", url);
		wait_for_stop(stop);
		pthread_mutex_lock(&w->lock);
		w->stopping = 1;
		pthread_cond_signal(&w->wake);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
	} else {
		cli_error("cannot start a thread: %s", strerror(rc));
	}
	MHD_stop_daemon(d); /* closes fd */
	conn_watch_stop();
	return rc ? CLI_EXIT_IO : CLI_EXIT_OK;
}

/* The default state file: .NAME.dateline-state beside path.  The caller
 * frees the result with free(). */
static char *default_state(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t dir = (size_t)(base - path);
	size_t name = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	char *s = tl_xmalloc(dir + name + sizeof(".dateline-state") + 1);
	memcpy(s, path, dir);
	s[dir] = '.';
	memcpy(s + dir + 1, base, name);
	strcpy(s + dir + 1 + name, ".dateline-state");
	return s;
}

int cli_serve(const cli_site_args *a)
{
	const char *listen_at = a->listen ? a->listen : CLI_SERVE_LISTEN;
	long settle_ms = a->settle_ms >= 0 ? a->settle_ms : DEFAULT_SETTLE_MS;
	limits lim = {a->client_limit ? (unsigned)a->client_limit
	                              : PER_CLIENT_LIMIT,
	              a->request_timeout ? (unsigned)a->request_timeout
	                                 : REQUEST_TIMEOUT};
	struct sockaddr_storage addr;
	socklen_t addr_len;
	char *base = NULL;
	int rc = parse_listen(listen_at, &addr, &addr_len);
	if (rc == 0 && a->base_url && !(base = site_base_url(a->base_url)))
		rc = CLI_EXIT_USAGE;
	if (rc)
		return rc;
	int fd = open_listener(&addr, addr_len, listen_at);
	if (fd < 0) {
		free(base);
		return CLI_EXIT_IO;
	}
	char url[128];
	int wildcard = bound_url(fd, url, sizeof(url));
	char *state_path = a->state ? NULL : default_state(a->files[0]);
	const char *sp = a->state ? a->state : state_path;
	watcher w = {0};
	w.state = cli_state_load(sp, 0);
	w.state_path = sp;
	site_config cfg = {base ? base : wildcard ? NULL : url,
	                   a->fixed_time, a->filter, a->input_format, w.state,
	                   settle_ms, settle_ms * 10, NULL, NULL};
	rc = site_open(&w.site, a->files, a->nfiles, &cfg);
	free(base);
	if (rc == CLI_EXIT_OK)
		cli_state_save(w.state, sp);
	if (rc != CLI_EXIT_OK) {
		close(fd);
		cli_state_free(w.state);
		free(state_path);
		return rc;
	}
	/* Every thread started from here inherits this mask, so the signals
	 * wait for sigwait() in this one. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	server srv = {0};
	srv.quiet = a->quiet;
	pthread_mutex_init(&srv.lock, NULL);
	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.wake, NULL);
	w.srv = &srv;
	srv.pub = http_pub_new(w.site);
	rc = run(&srv, &w, fd, url, &stop, &lim);
	http_pub_unref(srv.pub);
	pthread_cond_destroy(&w.wake);
	pthread_mutex_destroy(&w.lock);
	pthread_mutex_destroy(&srv.lock);
	site_free(w.site);
	cli_state_free(w.state);
	free(state_path);
	return rc;
}
