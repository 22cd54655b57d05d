/*
 * ics_batch.c - batches filled on every core and drained in order: worker
 * threads fill numbered batches of output while the calling thread writes
 * the finished ones in batch order, so the bytes never depend on the
 * number of threads.  Knows nothing of iCalendar; render_ics.c decides
 * what a batch holds.  Memory: two batch buffers per worker.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "private.h"
#include "ics.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#define MAX_WORKERS 8

/* One buffer.  Batch b always goes to slot b % (2 * workers), so worker
 * w uses slots w and w + workers in turn and is at most one batch ahead
 * of the writer. */
typedef struct slot {
	tl_buf out;
	int full; /* filled and not yet drained */
	int rc;   /* fill's result */
} slot;

typedef struct batches {
	size_t nbatches;
	unsigned workers;
	tl_ics_fill_fn fill;
	void *ctx;
	slot *slots;
	pthread_mutex_t lock;
	pthread_cond_t filled;  /* some slot became full */
	pthread_cond_t drained; /* some slot became empty, or stop was set */
	int stop;               /* the writer gave up: fill nothing more */
} batches;

typedef struct worker {
	batches *q;
	unsigned index;
} worker;

/* The CPUs this process may run on (taskset counts), 1 to MAX_WORKERS. */
unsigned tl_ics_workers(void)
{
	cpu_set_t set;
	int n = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set)
	                                                     : 1;
	return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (unsigned)n;
}

/* A worker thread: fills its batches w, w + workers, ... each into its
 * slot once the writer has emptied it. */
static void *work(void *arg)
{
	const worker *me = arg;
	batches *q = me->q;
	size_t nslots = 2 * (size_t)q->workers;
	for (size_t b = me->index; b < q->nbatches; b += q->workers) {
		slot *s = &q->slots[b % nslots];
		pthread_mutex_lock(&q->lock);
		while (s->full && !q->stop)
			pthread_cond_wait(&q->drained, &q->lock);
		int stop = q->stop;
		pthread_mutex_unlock(&q->lock);
		if (stop)
			break;
		/* The slot is ours until it is marked full: the writer only
		 * reads full slots. */
		s->out.len = 0;
		int rc = q->fill(q->ctx, me->index, b, &s->out);
		pthread_mutex_lock(&q->lock);
		s->rc = rc;
		s->full = 1;
		pthread_cond_broadcast(&q->filled);
		pthread_mutex_unlock(&q->lock);
	}
	return NULL;
}

/* Everything in the calling thread: no threads for one worker or one
 * batch. */
static int run_here(size_t nbatches, tl_ics_fill_fn fill,
                    tl_ics_drain_fn drain, void *ctx)
{
	tl_buf out = {0};
	int rc = 0;
	for (size_t b = 0; b < nbatches && !rc; b++) {
		out.len = 0;
		rc = fill(ctx, 0, b, &out);
		if (!rc)
			rc = drain(ctx, &out);
	}
	free(out.data);
	return rc;
}

/* Fills batches on worker threads, drains them here in order (contract
 * in ics.h). */
int tl_ics_batches(size_t nbatches, unsigned workers, tl_ics_fill_fn fill,
                   tl_ics_drain_fn drain, void *ctx)
{
	if (workers > nbatches)
		workers = (unsigned)nbatches;
	if (workers <= 1)
		return run_here(nbatches, fill, drain, ctx);

	batches q = {.nbatches = nbatches, .workers = workers, .fill = fill,
	             .ctx = ctx};
	size_t nslots = 2 * (size_t)workers;
	q.slots = tl_xcalloc(nslots, sizeof(*q.slots));
	pthread_mutex_init(&q.lock, NULL);
	pthread_cond_init(&q.filled, NULL);
	pthread_cond_init(&q.drained, NULL);
	worker *ws = tl_xcalloc(workers, sizeof(*ws));
	pthread_t *tids = tl_xcalloc(workers, sizeof(*tids));
	unsigned started = 0;
	for (; started < workers; started++) {
		ws[started] = (worker){&q, started};
		if (pthread_create(&tids[started], NULL, work, &ws[started]))
			break;
	}

	int rc = 0;
	if (started < workers) {
		/* No thread, no worker: the batches it owns would never be
		 * filled.  Stop the others and do it all here instead. */
		pthread_mutex_lock(&q.lock);
		q.stop = 1;
		pthread_cond_broadcast(&q.drained);
		pthread_mutex_unlock(&q.lock);
	} else {
		for (size_t b = 0; b < nbatches && !rc; b++) {
			slot *s = &q.slots[b % nslots];
			pthread_mutex_lock(&q.lock);
			while (!s->full)
				pthread_cond_wait(&q.filled, &q.lock);
			pthread_mutex_unlock(&q.lock);
			rc = s->rc ? s->rc : drain(ctx, &s->out);
			pthread_mutex_lock(&q.lock);
			s->full = 0;
			if (rc)
				q.stop = 1;
			pthread_cond_broadcast(&q.drained);
			pthread_mutex_unlock(&q.lock);
		}
	}
	for (unsigned i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	if (started < workers)
		rc = run_here(nbatches, fill, drain, ctx);

	for (size_t i = 0; i < nslots; i++)
		free(q.slots[i].out.data);
	free(q.slots);
	free(ws);
	free(tids);
	pthread_cond_destroy(&q.filled);
	pthread_cond_destroy(&q.drained);
	pthread_mutex_destroy(&q.lock);
	return rc;
}
