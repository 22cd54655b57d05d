/*
 * cli_conn.c - a time bound on every request of `dateline serve`, headers
 * included.  libmicrohttpd's own timeout counts only idle time, so a
 * client that sends one byte of its headers every few seconds (slowloris)
 * would hold its connection for ever.  Every connection is noted when it
 * starts and when each request ends; a watcher thread shuts down the
 * socket of any whose request has run longer than the bound, and
 * libmicrohttpd then closes it as it would a client that went away.
 */
#include "cli_serve.h"

#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* One open connection, in a doubly linked list. */
typedef struct conn {
	struct conn *prev, *next;
	int fd;
	int64_t since; /* ms: connection start or end of the last request */
	int cut;       /* shut down already */
} conn;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static conn *head;
static int64_t bound_ms;
static int stopping;
static pthread_t thread;

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Twice a second, shuts down the connections past the bound.  The lock
 * is held while shutting down, and a connection leaves the list (in
 * conn_notify, before libmicrohttpd closes its socket) under the same
 * lock, so a descriptor is never one that was closed and reused. */
static void *watch(void *arg)
{
	pthread_mutex_lock(&lock);
	while (!stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 500000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&wake, &lock, &until);
		int64_t now = now_ms();
		for (conn *c = head; c; c = c->next)
			if (!c->cut && now - c->since > bound_ms) {
				shutdown(c->fd, SHUT_RDWR);
				c->cut = 1;
			}
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

int conn_watch_start(unsigned seconds)
{
	bound_ms = (int64_t)seconds * 1000;
	stopping = 0;
	return pthread_create(&thread, NULL, watch, NULL) == 0 ? 0 : -1;
}

void conn_watch_stop(void)
{
	pthread_mutex_lock(&lock);
	stopping = 1;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
}

void conn_notify(void *cls, struct MHD_Connection *mc, void **socket_context,
                 enum MHD_ConnectionNotificationCode toe)
{
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);
		conn *c = tl_xcalloc(1, sizeof(*c));
		c->fd = ci ? ci->connect_fd : -1;
		c->since = now_ms();
		c->cut = c->fd < 0;
		pthread_mutex_lock(&lock);
		c->next = head;
		if (head)
			head->prev = c;
		head = c;
		pthread_mutex_unlock(&lock);
		*socket_context = c;
		return;
	}
	conn *c = *socket_context;
	if (!c)
		return;
	pthread_mutex_lock(&lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&lock);
	free(c);
	*socket_context = NULL;
}

void conn_request_done(struct MHD_Connection *mc)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	conn *c = ci ? ci->socket_context : NULL;
	if (!c)
		return;
	pthread_mutex_lock(&lock);
	c->since = now_ms();
	pthread_mutex_unlock(&lock);
}
