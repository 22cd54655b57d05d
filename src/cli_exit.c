/*
 * cli_exit.c - the one place where what the library says (a tl_status, a
 * diagnostic's status) becomes the command's exit status (cli_exit,
 * documented in dateline(1)).  The library knows nothing of exit statuses.
 */
#include "cli.h"

int cli_exit_status(tl_status s)
{
	switch (s) {
	case TL_OK: return CLI_EXIT_OK;
	case TL_INVALID: return CLI_EXIT_INVALID;
	case TL_BAD_OPTIONS: return CLI_EXIT_USAGE;
	case TL_WRITE_FAILED: return CLI_EXIT_IO;
	case TL_BACKEND_FAILED: return CLI_EXIT_BACKEND;
	}
	return CLI_EXIT_BACKEND; /* a status this command does not know */
}

int cli_diags_status(const tl_diags *d)
{
	int worst = CLI_EXIT_OK;
	for (size_t i = 0; i < tl_diags_count(d); i++) {
		const tl_diag *g = tl_diags_get(d, i);
		int status = cli_exit_status(g->status);
		if (g->severity == TL_SEV_ERROR && status > worst)
			worst = status;
	}
	if (worst == CLI_EXIT_OK && tl_diags_errors(d))
		worst = CLI_EXIT_INVALID;
	return worst;
}
