/*
 * cli_state.h - the state file of `build` and `serve`: for every event of
 * every feed, keyed by feed NAME and UID, a hash of what the event says,
 * its SEQUENCE and its LAST-MODIFIED, so that a changed event's SEQUENCE
 * goes up by one and an unchanged one keeps its values across builds and
 * restarts.  Application code; docs/publish.md describes the file.
 */
#ifndef DATELINE_CLI_STATE_H
#define DATELINE_CLI_STATE_H

#include "cli.h"

typedef struct cli_state cli_state;

/* Reads the state file at path.  A missing file is an empty state (with a
 * warning when warn_missing); a file that is not one is an empty state
 * with a warning that sequences restart at 0.  Never fails.  The caller
 * frees the result with cli_state_free(). */
cli_state *cli_state_load(const char *path, int warn_missing);
void cli_state_free(cli_state *st);

/* Writes st to path atomically (cli_out).  Returns 0, or CLI_EXIT_IO after
 * printing why. */
int cli_state_save(const cli_state *st, const char *path);

/* One render of feed NAME's events: hands SEQUENCE and LAST-MODIFIED to
 * tl_render_ics() through tl_options.event_stamp and records what it
 * handed out. */
typedef struct cli_stamper cli_stamper;

/* Starts stamping the events of tl, published as feed name, against the
 * entries st has for name; `now` is the LAST-MODIFIED of a changed or new
 * event.  st, name and tl must outlive it.  Sets o->event_stamp and
 * o->event_stamp_ctx.  The caller frees the result with
 * cli_stamper_free(). */
cli_stamper *cli_stamper_new(const cli_state *st, const char *name,
                             const tl_timeline *tl, int64_t now,
                             tl_options *o);
void cli_stamper_free(cli_stamper *sp);
/* Replaces the entries st has for the stamper's feed with what the render
 * handed out (events no longer in the feed are forgotten). */
void cli_stamper_commit(cli_stamper *sp, cli_state *st);
/* How many events of the render changed or are new. */
size_t cli_stamper_changed(const cli_stamper *sp);

#endif
