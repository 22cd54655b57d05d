/*
 * cli_serve.c - `dateline serve FILE...`: publishes the site of cli_site.c
 * (feeds, diagrams, pages) over HTTP/1.1 with libmicrohttpd, the only file
 * that includes it.  Exact paths only, GET and HEAD only, strong ETags and
 * 304s, files re-read on change under one mutex, a common-log-format line
 * per request, and a clean stop on SIGINT or SIGTERM.
 */
#include "cli_site.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_LISTEN "127.0.0.1:8080"
#define CONNECTION_LIMIT 256     /* open connections at once */
#define CONNECTION_TIMEOUT 30    /* seconds a connection may idle */
#define REQUEST_MEMORY (32 * 1024) /* bytes for one request's headers */
#define THREADS 4
#define LOG_URI_MAX 1024

/* The server's state, shared by every connection thread. */
typedef struct server {
	site *site;
	pthread_mutex_t lock; /* guards site: refresh and reads */
	int quiet;
} server;

/* One request, from the URI log callback to the completion callback. */
typedef struct request {
	char uri[LOG_URI_MAX + 1]; /* as received, before unescaping */
	char method[16];
	char version[16];
	char client[INET6_ADDRSTRLEN];
	int headers_seen;          /* the handler has been called once */
	unsigned status;           /* 0 until a response is queued */
	size_t bytes;              /* body bytes sent */
} request;

/* ---- dates (our own arithmetic: no gmtime, no TZ) ---- */

static const char *const wdays[] = {"Sun", "Mon", "Tue", "Wed",
                                    "Thu", "Fri", "Sat"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
                                     "May", "Jun", "Jul", "Aug",
                                     "Sep", "Oct", "Nov", "Dec"};

/* Splits t (seconds since the epoch, UTC) into civil fields. */
static void civil(int64_t t, int64_t *y, int *mo, int *d, int *wd, int *h,
                  int *mi, int *s)
{
	int64_t days = t / 86400, rem = t % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	tl_civil_from_days(days, y, mo, d);
	*wd = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
	*h = (int)(rem / 3600);
	*mi = (int)(rem / 60 % 60);
	*s = (int)(rem % 60);
}

/* An IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT", into buf[30]. */
static void http_date(int64_t t, char *buf, size_t n)
{
	int64_t y;
	int mo, d, wd, h, mi, s;
	civil(t, &y, &mo, &d, &wd, &h, &mi, &s);
	snprintf(buf, n, "%s, %02d %s %04lld %02d:%02d:%02d GMT", wdays[wd], d,
	         months[mo - 1], (long long)y, h, mi, s);
}

/* Reads exactly width digits at p into *v. */
static int digits(const char *p, int width, int *v)
{
	*v = 0;
	for (int i = 0; i < width; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		*v = *v * 10 + (p[i] - '0');
	}
	return 0;
}

/* Parses an IMF-fixdate strictly.  Returns 0 and sets *t, or -1 (a
 * recipient then ignores the header). */
static int parse_http_date(const char *s, int64_t *t)
{
	int d, y, h, mi, sec, mo = -1;
	if (strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' ||
	    s[11] != ' ' || s[16] != ' ' || s[19] != ':' || s[22] != ':' ||
	    strcmp(s + 25, " GMT") != 0)
		return -1;
	for (int i = 0; i < 12; i++)
		if (strncmp(s + 8, months[i], 3) == 0)
			mo = i + 1;
	if (mo < 0 || digits(s + 5, 2, &d) || digits(s + 12, 4, &y) ||
	    digits(s + 17, 2, &h) || digits(s + 20, 2, &mi) ||
	    digits(s + 23, 2, &sec) || d < 1 || d > tl_days_in_month(y, mo) ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	*t = tl_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	return 0;
}

/* ---- the access log ---- */

/* Copies s into buf, bytes that could forge a log line shown as \xHH. */
static void log_escape(char *buf, size_t n, const char *s)
{
	size_t o = 0;
	for (; *s && o + 5 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
			o += (size_t)snprintf(buf + o, n - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o] = '\0';
}

/* One line in the common log format:
 *   127.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "GET /x.ics HTTP/1.1" 200 2326 */
static void log_request(const request *r)
{
	char uri[LOG_URI_MAX * 4 + 1], method[64], version[64];
	int64_t y;
	int mo, d, wd, h, mi, s;
	civil((int64_t)time(NULL), &y, &mo, &d, &wd, &h, &mi, &s);
	log_escape(uri, sizeof(uri), r->uri);
	log_escape(method, sizeof(method), r->method);
	log_escape(version, sizeof(version), r->version);
	char status[12] = "-", bytes[24] = "-";
	if (r->status)
		snprintf(status, sizeof(status), "%u", r->status);
	if (r->bytes)
		snprintf(bytes, sizeof(bytes), "%zu", r->bytes);
	fprintf(stderr,
	        "%s - - [%02d/%s/%04lld:%02d:%02d:%02d +0000] \"%s %s %s\" %s %s\n",
	        r->client[0] ? r->client : "-", d, months[mo - 1], (long long)y,
	        h, mi, s, method, uri, version, status, bytes);
}

/* MHD_OPTION_URI_LOG_CALLBACK: starts a request record with the raw URI.
 * The completion callback frees it. */
static void *request_begin(void *cls, const char *uri,
                           struct MHD_Connection *c)
{
	request *r = calloc(1, sizeof(*r));
	if (!r) {
		cli_error("out of memory");
		abort();
	}
	snprintf(r->uri, sizeof(r->uri), "%s", uri);
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		socklen_t len = ci->client_addr->sa_family == AF_INET6
		                    ? sizeof(struct sockaddr_in6)
		                    : sizeof(struct sockaddr_in);
		if (getnameinfo(ci->client_addr, len, r->client,
		                sizeof(r->client), NULL, 0, NI_NUMERICHOST) != 0)
			r->client[0] = '\0';
	}
	return r;
}

/* MHD_OPTION_NOTIFY_COMPLETED: logs the request and frees its record. */
static void request_end(void *cls, struct MHD_Connection *c, void **req_cls,
                        enum MHD_RequestTerminationCode toe)
{
	server *srv = cls;
	request *r = *req_cls;
	if (!r)
		return;
	if (!srv->quiet)
		log_request(r);
	free(r);
	*req_cls = NULL;
}

/* MHD_OPTION_EXTERNAL_LOGGER: libmicrohttpd's own errors, our prefix. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	cli_error("http: %s", msg);
}

/* ---- answering ---- */

/* Queues resp with status and records both for the log; frees resp (MHD
 * keeps its own reference). */
static enum MHD_Result respond(struct MHD_Connection *c, request *r,
                            unsigned status, struct MHD_Response *resp,
                            size_t body)
{
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ok = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	r->status = status;
	r->bytes = strcmp(r->method, "HEAD") == 0 || status == 304 ? 0 : body;
	return ok;
}

/* A short plain-text answer (errors, /healthz). */
static enum MHD_Result send_text(struct MHD_Connection *c, request *r,
                                 unsigned status, const char *text,
                                 const char *header, const char *value)
{
	size_t len = strlen(text);
	struct MHD_Response *resp = MHD_create_response_from_buffer(
	    len, (void *)text, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (header)
		MHD_add_response_header(resp, header, value);
	return respond(c, r, status, resp, len);
}

/* Whether an If-None-Match list names etag (weak comparison, as RFC 9110
 * asks for this header, or "*"). */
static int etag_listed(const char *list, const char *etag)
{
	size_t n = strlen(etag);
	const char *p = list;
	while (*p) {
		p += strspn(p, " \t,");
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 &&
		    (p[n] == '\0' || p[n] == ',' || p[n] == ' ' || p[n] == '\t'))
			return 1;
		p += strcspn(p, ",");
	}
	return 0;
}

/* Whether the client's copy of o is current: If-None-Match when given,
 * else If-Modified-Since. */
static int not_modified(struct MHD_Connection *c, const site_output *o)
{
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                              "If-None-Match");
	if (inm)
		return etag_listed(inm, o->etag);
	const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                              "If-Modified-Since");
	int64_t since;
	return ims && parse_http_date(ims, &since) == 0 && o->modified <= since;
}

/* The body reader of a 304: never called, since a 304 has no body; if it
 * were, it ends the response rather than send anything. */
static ssize_t no_body(void *cls, uint64_t pos, char *buf, size_t max)
{
	return MHD_CONTENT_READER_END_WITH_ERROR;
}

/* Answers with output o: 200 with its body (none for HEAD, which MHD
 * handles) or 304.  Called with the site locked: the body is copied.
 * A 304 must not say "Content-Length: 0" (RFC 9110 8.6), which is what
 * libmicrohttpd 0.9.75 writes for an empty response, and the 200's length
 * makes load generators built on the old http-parser (wrk, ab) wait for a
 * body; an unknown length makes it write "Transfer-Encoding: chunked",
 * which RFC 7230 3.3.1 allows on a 304 and every client tried accepts. */
static enum MHD_Result send_output(struct MHD_Connection *c, request *r,
                                   const site_output *o)
{
	int fresh = not_modified(c, o);
	struct MHD_Response *resp =
	    fresh ? MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
	                                              no_body, NULL, NULL)
	          : MHD_create_response_from_buffer(o->len, o->body,
	                                            MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	char date[40], cache[64];
	http_date(o->modified, date, sizeof(date));
	snprintf(cache, sizeof(cache), "public, max-age=%lld",
	         (long long)o->max_age);
	MHD_add_response_header(resp, "ETag", o->etag);
	MHD_add_response_header(resp, "Last-Modified", date);
	MHD_add_response_header(resp, "Cache-Control", cache);
	if (!fresh)
		MHD_add_response_header(resp, "Content-Type", o->type);
	return respond(c, r, fresh ? 304 : 200, resp, o->len);
}

/* The request handler: GET and HEAD of the site's exact paths, /healthz,
 * and /NAME redirected to /NAME/.  Nothing else, and never the file
 * system: url (already unescaped by MHD) is only compared with names. */
static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload_data,
                              size_t *upload_size, void **req_cls)
{
	server *srv = cls;
	request *r = *req_cls;
	int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	int body = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                       "Content-Length") ||
	           MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                       "Transfer-Encoding");
	/* A plain GET or HEAD is answered on the second call, once MHD has
	 * read the whole request, so the connection can stay open.  Anything
	 * with a body is answered at once, which makes MHD close the
	 * connection instead of reading a body nobody wants. */
	if (get && !body && !r->headers_seen) {
		r->headers_seen = 1;
		return MHD_YES;
	}
	snprintf(r->method, sizeof(r->method), "%s", method);
	snprintf(r->version, sizeof(r->version), "%s", version);
	if (!get)
		return send_text(c, r, 405, "method not allowed\n", "Allow",
		                 "GET, HEAD");
	if (strcmp(url, "/healthz") == 0) {
		pthread_mutex_lock(&srv->lock);
		site_refresh(srv->site);
		size_t stale = site_stale(srv->site);
		pthread_mutex_unlock(&srv->lock);
		char text[128] = "ok\n";
		if (stale)
			snprintf(text, sizeof(text),
			         "ok; %zu file(s) with errors, serving their last "
			         "good version\n", stale);
		return send_text(c, r, 200, text, NULL, NULL);
	}
	pthread_mutex_lock(&srv->lock);
	site_refresh(srv->site);
	const site_output *o = site_find(srv->site, url);
	enum MHD_Result ok;
	if (o) {
		ok = send_output(c, r, o);
	} else {
		size_t n = strlen(url);
		char *dir = malloc(n + 2);
		if (!dir) {
			cli_error("out of memory");
			abort();
		}
		memcpy(dir, url, n);
		memcpy(dir + n, "/", 2);
		if (n > 1 && url[n - 1] != '/' && site_find(srv->site, dir))
			ok = send_text(c, r, 301, "moved\n", "Location", dir);
		else
			ok = send_text(c, r, 404, "not found\n", NULL, NULL);
		free(dir);
	}
	pthread_mutex_unlock(&srv->lock);
	return ok;
}

/* ---- the listening socket ---- */

/* Splits "HOST:PORT" or "[V6]:PORT" and resolves it without DNS surprises
 * (numeric addresses, or names like localhost).  Returns 0 and fills *ss,
 * or TL_EXIT_USAGE after printing why. */
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
		return TL_EXIT_USAGE;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
bad:
	cli_error("--listen must be HOST:PORT or [IPV6]:PORT with a port from 0 "
	          "to 65535, not '%s' (try 'dateline --help')", arg);
	return TL_EXIT_USAGE;
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
		    listen(fd, 128) == 0 &&
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
	      "[--quiet] [filters] FILE...\n\n"
	      "Publish each event file NAME.mw over HTTP: /NAME.ics (the feed),\n"
	      "/NAME.svg, /NAME.png, /NAME.pdf, /NAME.dot (the diagram), /NAME/\n"
	      "(the page), / (the page, or an index of several files) and\n"
	      "/healthz.  Files are re-read when they change; a version with\n"
	      "errors is reported and the last good one stays published.\n"
	      "  --listen ADDR      HOST:PORT or [IPV6]:PORT to listen on\n"
	      "                     (default " DEFAULT_LISTEN "; port 0 picks a free one)\n"
	      "  --base-url URL     public address of the site, for the pages'\n"
	      "                     webcal:// links (default: the listen address)\n"
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

/* Starts libmicrohttpd on the listening socket fd; runs until a stop
 * signal.  Returns a tl_exit. */
static int run(server *srv, int fd, const char *url, const sigset_t *stop)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	                 MHD_USE_ERROR_LOG;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0 &&
	    ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *d = MHD_start_daemon(
	    flags, 0, NULL, NULL, handle, srv,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)THREADS,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)REQUEST_MEMORY,
	    MHD_OPTION_URI_LOG_CALLBACK, request_begin, srv,
	    MHD_OPTION_NOTIFY_COMPLETED, request_end, srv,
	    MHD_OPTION_END);
	if (!d) {
		cli_error("cannot start the HTTP server on %s", url);
		close(fd);
		return TL_EXIT_IO;
	}
	cli_error("serving %s", url);
	wait_for_stop(stop);
	MHD_stop_daemon(d); /* closes fd */
	return TL_EXIT_OK;
}

enum { OPT_LISTEN = 256, OPT_BASE_URL, OPT_QUIET };

int cli_serve(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"listen", required_argument, NULL, OPT_LISTEN},
	    {"base-url", required_argument, NULL, OPT_BASE_URL},
	    {"quiet", no_argument, NULL, OPT_QUIET},
	    {"help", no_argument, NULL, 'h'},
	    CLI_FILTER_OPTIONS,
    CLI_LIMIT_OPTIONS,
	    {NULL, 0, NULL, 0}};
	const char *listen_at = DEFAULT_LISTEN, *base_arg = NULL;
	server srv = {0};
	cli_filter filter = {0};
	int opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		int lim = cli_limit_option(opt, optarg);
		if (lim > 0)
			return lim;
		if (lim == 0)
			continue;
		if (cli_filter_name(opt)) {
			if (cli_filter_set(&filter, cli_filter_name(opt), optarg))
				return TL_EXIT_USAGE;
			continue;
		}
		switch (opt) {
		case 'h': print_help(); return TL_EXIT_OK;
		case OPT_LISTEN: listen_at = optarg; break;
		case OPT_BASE_URL: base_arg = optarg; break;
		case OPT_QUIET: srv.quiet = 1; break;
		case ':':
			return cli_usage("serve: option '%s' needs a value",
			                 argv[optind - 1]);
		default:
			return cli_usage("serve: unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind == argc)
		return cli_usage("serve: no input file");
	struct sockaddr_storage addr;
	socklen_t addr_len;
	int64_t fixed_time;
	char *base = NULL;
	int rc = parse_listen(listen_at, &addr, &addr_len);
	if (rc == 0)
		rc = cli_source_date_epoch(&fixed_time);
	if (rc == 0 && base_arg && !(base = site_base_url(base_arg)))
		rc = TL_EXIT_USAGE;
	if (rc)
		return rc;
	int fd = open_listener(&addr, addr_len, listen_at);
	if (fd < 0) {
		free(base);
		return TL_EXIT_IO;
	}
	char url[128];
	int wildcard = bound_url(fd, url, sizeof(url));
	rc = site_open(&srv.site, argv + optind, argc - optind,
	               base ? base : wildcard ? NULL : url, fixed_time, &filter);
	free(base);
	if (rc != TL_EXIT_OK) {
		close(fd);
		return rc;
	}
	/* Every thread MHD starts inherits this mask, so the signals wait for
	 * sigwait() in this one. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	pthread_mutex_init(&srv.lock, NULL);
	rc = run(&srv, fd, url, &stop);
	pthread_mutex_destroy(&srv.lock);
	site_free(srv.site);
	return rc;
}
