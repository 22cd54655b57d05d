/*
 * cli_serve.c - `dateline serve FILE...`: publishes the site of cli_site.c
 * (feeds, diagrams, pages) over HTTP/1.1 with libmicrohttpd.  This file
 * has the options, the listening socket, the watcher thread that re-reads
 * and re-renders changed files in the background and publishes each new
 * version as a snapshot (cli_http.c answers from it), and a clean stop on
 * SIGINT or SIGTERM.  Fairness: connections per client address are
 * limited, and every request is bounded in time (cli_conn.c).
 */
#include "cli_serve.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_LISTEN "127.0.0.1:8080"
#define CONNECTION_LIMIT 1000    /* open connections at once */
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

static void print_help(void)
{
	fputs("usage: dateline serve [--listen HOST:PORT] [--base-url URL] "
	      "[--state PATH]\n"
	      "                      [--settle MS] [--quiet] [filters] FILE...\n\n"
	      "Publish each event file NAME.mw over HTTP: /NAME.ics (the feed),\n"
	      "/NAME.svg, /NAME.png, /NAME.pdf, /NAME.dot (the diagram), /NAME/\n"
	      "(the page), / (the page, or an index of several files) and\n"
	      "/healthz.  A changed file is read once it has stayed unchanged\n"
	      "for the settle time and rendered in the background; a version\n"
	      "with errors, or one that empties the file or drops most of its\n"
	      "events, is reported and the last good one stays published.\n"
	      "  --listen ADDR      HOST:PORT or [IPV6]:PORT to listen on\n"
	      "                     (default " DEFAULT_LISTEN "; port 0 picks a free one)\n"
	      "  --base-url URL     public address of the site, for the pages'\n"
	      "                     webcal:// links and the feeds' SOURCE\n"
	      "                     (default: the listen address)\n"
	      "  --state PATH       the state file of SEQUENCE and LAST-MODIFIED\n"
	      "                     (default: .NAME.dateline-state beside the\n"
	      "                     first FILE)\n"
	      "  --settle MS        how long a changed file must stay unchanged\n"
	      "                     before it is read (default 500; 10 times\n"
	      "                     that for a suspect edit)\n"
	      "  --request-timeout SECS\n                     the longest a request may take, headers\n"
	      "                     included (default 20)\n"
	      "  --client-limit N   connections at once from one address\n"
	      "                     (default 100)\n"
	      "  --quiet            no access log on standard error\n"
	      "  -h, --help         show this help\n"
	      CLI_FILTER_HELP
	      CLI_LIMIT_HELP
	      "SOURCE_DATE_EPOCH, when set, stamps the feeds instead of the "
	      "files' times.\nStop with Ctrl-C (SIGINT) or SIGTERM.\n",
	      stdout);
}

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

/* Parses a whole decimal number from lo to hi for option name.  Returns
 * 0, or CLI_EXIT_USAGE after printing why. */
static int whole(const char *name, const char *arg, long lo, long hi,
                 long *v)
{
	char *end;
	errno = 0;
	long n = strtol(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || arg[0] == '+' ||
	    arg[0] == ' ' || n < lo || n > hi)
		return cli_usage("serve: %s must be a whole number from %ld to %ld, "
		                 "not '%s'", name, lo, hi, arg);
	*v = n;
	return 0;
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

enum {
	OPT_LISTEN = 256, OPT_BASE_URL, OPT_QUIET, OPT_STATE, OPT_SETTLE,
	OPT_TIMEOUT, OPT_PER_CLIENT
};

/* Everything the command line says. */
typedef struct serve_args {
	const char *listen_at, *base_arg, *state_arg;
	long settle_ms;
	limits lim;
	int quiet;
	cli_filter filter;
} serve_args;

/* Parses argv into *a.  Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, serve_args *a)
{
	static const struct option opts[] = {
	    {"listen", required_argument, NULL, OPT_LISTEN},
	    {"base-url", required_argument, NULL, OPT_BASE_URL},
	    {"state", required_argument, NULL, OPT_STATE},
	    {"settle", required_argument, NULL, OPT_SETTLE},
	    {"request-timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"client-limit", required_argument, NULL, OPT_PER_CLIENT},
	    {"quiet", no_argument, NULL, OPT_QUIET},
	    {"help", no_argument, NULL, 'h'},
	    CLI_FILTER_OPTIONS,
	    CLI_LIMIT_OPTIONS,
	    {NULL, 0, NULL, 0}};
	int opt;
	long v;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		int lim = cli_limit_option(opt, optarg);
		if (lim > 0)
			return lim;
		if (lim == 0)
			continue;
		if (cli_filter_name(opt)) {
			if (cli_filter_set(&a->filter, cli_filter_name(opt), optarg))
				return CLI_EXIT_USAGE;
			continue;
		}
		switch (opt) {
		case 'h': print_help(); return CLI_EXIT_OK;
		case OPT_LISTEN: a->listen_at = optarg; break;
		case OPT_BASE_URL: a->base_arg = optarg; break;
		case OPT_STATE: a->state_arg = optarg; break;
		case OPT_QUIET: a->quiet = 1; break;
		case OPT_SETTLE:
			if (whole("--settle", optarg, 0, 60000, &a->settle_ms))
				return CLI_EXIT_USAGE;
			break;
		case OPT_TIMEOUT:
			if (whole("--request-timeout", optarg, 1, 3600, &v))
				return CLI_EXIT_USAGE;
			a->lim.request_timeout = (unsigned)v;
			break;
		case OPT_PER_CLIENT:
			if (whole("--client-limit", optarg, 1, CONNECTION_LIMIT, &v))
				return CLI_EXIT_USAGE;
			a->lim.per_client = (unsigned)v;
			break;
		case ':':
			return cli_usage("serve: option '%s' needs a value",
			                 argv[optind - 1]);
		default:
			return cli_usage("serve: unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind == argc)
		return cli_usage("serve: no input file");
	return -1;
}

int cli_serve(int argc, char **argv)
{
	serve_args a = {DEFAULT_LISTEN, NULL, NULL, DEFAULT_SETTLE_MS,
	                {PER_CLIENT_LIMIT, REQUEST_TIMEOUT}, 0, {0}};
	int rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	struct sockaddr_storage addr;
	socklen_t addr_len;
	int64_t fixed_time;
	char *base = NULL;
	rc = parse_listen(a.listen_at, &addr, &addr_len);
	if (rc == 0)
		rc = cli_source_date_epoch(&fixed_time);
	if (rc == 0 && a.base_arg && !(base = site_base_url(a.base_arg)))
		rc = CLI_EXIT_USAGE;
	if (rc)
		return rc;
	int fd = open_listener(&addr, addr_len, a.listen_at);
	if (fd < 0) {
		free(base);
		return CLI_EXIT_IO;
	}
	char url[128];
	int wildcard = bound_url(fd, url, sizeof(url));
	char *state_path = a.state_arg ? NULL : default_state(argv[optind]);
	const char *sp = a.state_arg ? a.state_arg : state_path;
	watcher w = {0};
	w.state = cli_state_load(sp, 0);
	w.state_path = sp;
	site_config cfg = {base ? base : wildcard ? NULL : url, fixed_time,
	                   &a.filter, w.state, a.settle_ms, a.settle_ms * 10,
	                   NULL, NULL};
	rc = site_open(&w.site, argv + optind, argc - optind, &cfg);
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
	srv.quiet = a.quiet;
	pthread_mutex_init(&srv.lock, NULL);
	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.wake, NULL);
	w.srv = &srv;
	srv.pub = http_pub_new(w.site);
	rc = run(&srv, &w, fd, url, &stop, &a.lim);
	http_pub_unref(srv.pub);
	pthread_cond_destroy(&w.wake);
	pthread_mutex_destroy(&w.lock);
	pthread_mutex_destroy(&srv.lock);
	site_free(w.site);
	cli_state_free(w.state);
	free(state_path);
	return rc;
}
