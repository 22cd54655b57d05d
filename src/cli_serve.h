/*
 * cli_serve.h - what the files of `dateline serve` share: cli_serve.c
 * (options, the listening socket, the watcher thread, the stop),
 * cli_http.c (answering requests from a published snapshot) and
 * cli_conn.c (fairness: the time bound of every request).  Application
 * code; the only files that include libmicrohttpd.
 */
#ifndef DATELINE_CLI_SERVE_H
#define DATELINE_CLI_SERVE_H

#include "cli_site.h"

#include <microhttpd.h>
#include <pthread.h>

/* An immutable copy of every output of a site, ready to answer with:
 * prebuilt libmicrohttpd responses (plain and gzip) and the /healthz
 * text.  Requests hold a reference while they answer. */
typedef struct http_pub http_pub;

/* Builds the snapshot of site s as it stands (compressing what is
 * text).  The caller drops it with http_pub_unref(). */
http_pub *http_pub_new(const site *s);
void http_pub_unref(http_pub *p);

/* The server's state, shared by every connection thread. */
typedef struct server {
	pthread_mutex_t lock; /* guards pub and its reference counts */
	http_pub *pub;        /* what requests are answered from */
	int quiet;
} server;

/* Publishes p (the server takes the reference) in place of the one
 * before. */
void server_publish(server *srv, http_pub *p);

/* The libmicrohttpd callbacks (cls is the server). */
enum MHD_Result http_handle(void *cls, struct MHD_Connection *c,
                            const char *url, const char *method,
                            const char *version, const char *upload_data,
                            size_t *upload_size, void **req_cls);
void *http_request_begin(void *cls, const char *uri,
                         struct MHD_Connection *c);
void http_request_end(void *cls, struct MHD_Connection *c, void **req_cls,
                      enum MHD_RequestTerminationCode toe);
void http_log(void *cls, const char *fmt, va_list ap);

/* ---- the time bound of a request (cli_conn.c) ---- */

/* Starts the thread that closes any connection whose request (from the
 * connection's start or the end of its previous request, headers
 * included) has taken more than `seconds`.  Returns 0 or -1. */
int conn_watch_start(unsigned seconds);
void conn_watch_stop(void);
/* MHD_OPTION_NOTIFY_CONNECTION. */
void conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                 enum MHD_ConnectionNotificationCode toe);
/* Called when a request on c ends: its connection's clock starts over. */
void conn_request_done(struct MHD_Connection *c);

#endif
