/*
 * cli_http.c - answering `dateline serve`'s requests: exact paths only,
 * GET and HEAD only, from an immutable snapshot of the site (http_pub)
 * whose responses are built once per version, so a request never waits
 * for a render; strong ETags, 304s without a body, gzip for clients that
 * accept it, /healthz, and a common-log-format line per request.
 */
#include "cli_serve.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <zlib.h>

#define LOG_URI_MAX 1024

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

/* One output of the snapshot. */
typedef struct pub_output {
	char *path;
	char etag[24], etag_gz[28]; /* the gzip body is another representation */
	char date[40], cache[64];
	const char *type;
	size_t len, gz_len;
	struct MHD_Response *plain, *gz; /* gz NULL: not compressed */
	int absent; /* not published: answered as not found */
} pub_output;

struct http_pub {
	pub_output *o;
	size_t n;
	char *health;   /* "ok\n", or one line per file not current */
	size_t unwell;  /* files not current */
	int refs;       /* guarded by the server's lock */
};

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

/* ---- the snapshot ---- */

/* A copy of len bytes that libmicrohttpd frees with the response. */
static struct MHD_Response *owned_response(const void *data, size_t len)
{
	char *copy = tl_xmalloc(len);
	if (len) /* an absent output has no body at all */
		memcpy(copy, data, len);
	return MHD_create_response_from_buffer_with_free_callback_cls(
	    len, copy, free, copy);
}

/* The gzip of data[0..len), or NULL when it would not be smaller.  The
 * caller frees the result with free(). */
static char *gzip(const char *data, size_t len, size_t *out_len)
{
	z_stream z = {0};
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return NULL;
	size_t cap = deflateBound(&z, (uLong)len);
	char *out = tl_xmalloc(cap);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	*out_len = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END || *out_len >= len) {
		free(out);
		return NULL;
	}
	return out;
}

/* The headers every answer for o carries. */
static void add_headers(struct MHD_Response *r, const pub_output *o,
                        const char *etag)
{
	MHD_add_response_header(r, "ETag", etag);
	MHD_add_response_header(r, "Last-Modified", o->date);
	MHD_add_response_header(r, "Cache-Control", o->cache);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (o->gz || o->etag_gz[0])
		MHD_add_response_header(r, "Vary", "Accept-Encoding");
}

/* Builds o from the site's output so; gzip for text. */
static void pub_output_init(pub_output *o, const site_output *so)
{
	memset(o, 0, sizeof(*o));
	size_t n = strlen(so->path);
	o->path = tl_xmalloc(n + 1);
	memcpy(o->path, so->path, n + 1);
	o->type = so->type;
	o->absent = so->absent;
	o->len = so->len;
	memcpy(o->etag, so->etag, sizeof(o->etag));
	http_date(so->modified, o->date, sizeof(o->date));
	snprintf(o->cache, sizeof(o->cache), "public, max-age=%lld",
	         (long long)so->max_age);
	int text = strncmp(so->type, "text/", 5) == 0 ||
	           strcmp(so->type, "image/svg+xml") == 0;
	char *z = text ? gzip(so->body, so->len, &o->gz_len) : NULL;
	if (text) /* "\"hex\"" -> "\"hex-gz\"" */
		snprintf(o->etag_gz, sizeof(o->etag_gz), "%.17s-gz\"", so->etag);
	o->plain = owned_response(so->body, so->len);
	add_headers(o->plain, o, o->etag);
	MHD_add_response_header(o->plain, "Content-Type", o->type);
	if (z) {
		o->gz = MHD_create_response_from_buffer_with_free_callback_cls(
		    o->gz_len, z, free, z);
		add_headers(o->gz, o, o->etag_gz);
		MHD_add_response_header(o->gz, "Content-Type", o->type);
		MHD_add_response_header(o->gz, "Content-Encoding", "gzip");
	}
}

http_pub *http_pub_new(const site *s)
{
	http_pub *p = tl_xmalloc(sizeof(*p));
	p->n = site_count(s);
	p->o = tl_xmalloc(p->n * sizeof(*p->o));
	for (size_t i = 0; i < p->n; i++)
		pub_output_init(&p->o[i], site_get(s, i));
	char *why;
	p->unwell = site_health(s, &why);
	if (p->unwell) {
		p->health = why;
	} else {
		free(why);
		p->health = tl_xmalloc(4);
		memcpy(p->health, "ok\n", 4);
	}
	p->refs = 1;
	return p;
}

/* Frees p; its responses live on in connections still sending them. */
static void pub_free(http_pub *p)
{
	for (size_t i = 0; i < p->n; i++) {
		MHD_destroy_response(p->o[i].plain);
		if (p->o[i].gz)
			MHD_destroy_response(p->o[i].gz);
		free(p->o[i].path);
	}
	free(p->o);
	free(p->health);
	free(p);
}

void http_pub_unref(http_pub *p)
{
	if (p && --p->refs == 0)
		pub_free(p);
}

void server_publish(server *srv, http_pub *p)
{
	pthread_mutex_lock(&srv->lock);
	http_pub *old = srv->pub;
	srv->pub = p;
	http_pub_unref(old);
	pthread_mutex_unlock(&srv->lock);
}

/* The current snapshot, with a reference for the caller. */
static http_pub *pub_get(server *srv)
{
	pthread_mutex_lock(&srv->lock);
	http_pub *p = srv->pub;
	p->refs++;
	pthread_mutex_unlock(&srv->lock);
	return p;
}

static void pub_put(server *srv, http_pub *p)
{
	pthread_mutex_lock(&srv->lock);
	http_pub_unref(p);
	pthread_mutex_unlock(&srv->lock);
}

static const pub_output *pub_find(const http_pub *p, const char *path)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->o[i].path, path) == 0)
			return p->o[i].absent ? NULL : &p->o[i];
	return NULL;
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
void *http_request_begin(void *cls, const char *uri,
                           struct MHD_Connection *c)
{
	request *r = tl_xcalloc(1, sizeof(*r));
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
void http_request_end(void *cls, struct MHD_Connection *c, void **req_cls,
                      enum MHD_RequestTerminationCode toe)
{
	server *srv = cls;
	request *r = *req_cls;
	conn_request_done(c);
	if (!r)
		return;
	if (!srv->quiet)
		log_request(r);
	free(r);
	*req_cls = NULL;
}

/* MHD_OPTION_EXTERNAL_LOGGER: libmicrohttpd's own errors, our prefix. */
void http_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	cli_error("http: %s", msg);
}

/* ---- answering ---- */

/* Queues resp with status and records both for the log. */
static enum MHD_Result respond(struct MHD_Connection *c, request *r,
                               unsigned status, struct MHD_Response *resp,
                               size_t body)
{
	enum MHD_Result ok = MHD_queue_response(c, status, resp);
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
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (header)
		MHD_add_response_header(resp, header, value);
	enum MHD_Result ok = respond(c, r, status, resp, len);
	MHD_destroy_response(resp);
	return ok;
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

/* Whether the client's copy of o is current: If-None-Match (either
 * representation's ETag) when given, else If-Modified-Since. */
static int not_modified(struct MHD_Connection *c, const pub_output *o)
{
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                              "If-None-Match");
	if (inm)
		return etag_listed(inm, o->etag) ||
		       (o->etag_gz[0] && etag_listed(inm, o->etag_gz));
	const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                              "If-Modified-Since");
	int64_t since, modified;
	return ims && parse_http_date(ims, &since) == 0 &&
	       parse_http_date(o->date, &modified) == 0 && modified <= since;
}

/* Whether the client takes gzip: "gzip" in Accept-Encoding, not with
 * q=0. */
static int accepts_gzip(struct MHD_Connection *c)
{
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                             "Accept-Encoding");
	for (const char *p = ae; p && *p;) {
		p += strspn(p, " \t,");
		size_t n = strcspn(p, ",;");
		int named = (n == 4 && strncasecmp(p, "gzip", 4) == 0) ||
		            (n == 1 && *p == '*');
		const char *q = p + n;
		int zero = 0;
		if (*q == ';') {
			q += strspn(q + 1, " \t") + 1;
			if (strncmp(q, "q=0", 3) == 0 &&
			    strspn(q + 3, ".0") == strcspn(q + 3, ","))
				zero = 1;
		}
		if (named && !zero)
			return 1;
		p += strcspn(p, ",");
	}
	return 0;
}

/* The body reader of a 304: never called, since a 304 has no body; if it
 * were, it ends the response rather than send anything. */
static ssize_t no_body(void *cls, uint64_t pos, char *buf, size_t max)
{
	return MHD_CONTENT_READER_END_WITH_ERROR;
}

/* Answers with output o: 200 with its body, plain or gzip (none for
 * HEAD, which libmicrohttpd leaves out), or a 304 with no body at all.
 * A Range header is ignored: the whole body with 200 is an answer RFC
 * 9110 (14.2) allows, and no Accept-Ranges is sent. */
static enum MHD_Result send_output(struct MHD_Connection *c, request *r,
                                   const pub_output *o)
{
	int gz = o->gz && accepts_gzip(c);
	if (!not_modified(c, o))
		return respond(c, r, 200, gz ? o->gz : o->plain,
		               gz ? o->gz_len : o->len);
	/* A 304 must not say "Content-Length: 0" (RFC 9110 8.6), which is
	 * what libmicrohttpd 0.9.75 writes for an empty response; given the
	 * 200's length it writes that, which RFC 9110 allows, and reads no
	 * body, as for every 304. */
	struct MHD_Response *resp = MHD_create_response_from_callback(
	    gz ? o->gz_len : o->len, 4096, no_body, NULL, NULL);
	if (!resp)
		return MHD_NO;
	add_headers(resp, o, gz ? o->etag_gz : o->etag);
	enum MHD_Result ok = respond(c, r, 304, resp, 0);
	MHD_destroy_response(resp);
	return ok;
}

/* /NAME for a site that has /NAME/: a redirect, else 404. */
static enum MHD_Result send_missing(struct MHD_Connection *c, request *r,
                                    const http_pub *p, const char *url)
{
	size_t n = strlen(url);
	char *dir = tl_xmalloc(n + 2);
	memcpy(dir, url, n);
	memcpy(dir + n, "/", 2);
	enum MHD_Result ok =
	    n > 1 && url[n - 1] != '/' && pub_find(p, dir)
	        ? send_text(c, r, 301, "moved\n", "Location", dir)
	        : send_text(c, r, 404, "not found\n", NULL, NULL);
	free(dir);
	return ok;
}

/* The request handler: GET and HEAD of the site's exact paths, /healthz,
 * and /NAME redirected to /NAME/.  Nothing else, and never the file
 * system: url (already unescaped by MHD) is only compared with names.
 * Never waits for a render: it answers from the snapshot published
 * last. */
enum MHD_Result http_handle(void *cls, struct MHD_Connection *c,
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
	http_pub *p = pub_get(srv);
	enum MHD_Result ok;
	const pub_output *o;
	if (strcmp(url, "/healthz") == 0)
		ok = send_text(c, r, p->unwell ? 503 : 200, p->health, NULL, NULL);
	else if ((o = pub_find(p, url)))
		ok = send_output(c, r, o);
	else
		ok = send_missing(c, r, p, url);
	pub_put(srv, p);
	return ok;
}
