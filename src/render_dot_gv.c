/*
 * render_dot_gv.c - the diagram's graph through Graphviz's renderers:
 * the contexts (one with every plugin, for PNG and PDF; one with only the
 * core renderers, for SVG and image maps), Graphviz's messages turned
 * into diagnostics, and the output streamed to the caller's writer.
 */
#define _GNU_SOURCE /* dladdr, fopencookie */
#include "render_dot.h"

#include <gvc.h>
#include <gvplugin.h>
#include <cgraph.h>

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* ---- Graphviz's messages become diagnostics ---- */

/* Graphviz reports through a process-wide callback; the library never
 * prints, so messages are kept here and turned into diagnostics. */
static tl_buf gv_msgs;

int tl_dot_gv_error(char *msg)
{
	tl_buf_puts(&gv_msgs, msg);
	return 0;
}

void tl_dot_gv_report(tl_diags *diags, tl_severity sev)
{
	const char *s = gv_msgs.data;
	const char *end = s ? s + gv_msgs.len : NULL;
	while (s && s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (n)
			tl_diags_add(diags, sev, TL_BACKEND_FAILED, 0, 0, 0,
			             "graphviz: %.*s", (int)n, s);
		s += n + (nl ? 1 : 0);
	}
	gv_msgs.len = 0;
}

/* ---- rendering ---- */

/* Plugin library name ("core") of the Graphviz that is linked: it lives
 * in "graphviz/" beside libgvc, where Graphviz itself looks, and its
 * version is that of the config6 file it reads.  NULL when it cannot be
 * loaded.  The library stays loaded for the process. */
static void *plugin_library(const char *name)
{
	Dl_info info;
	if (!dladdr((void *)gvContext, &info) || !info.dli_fname)
		return NULL;
	const char *slash = strrchr(info.dli_fname, '/');
	if (!slash)
		return NULL;
	char file[4096], sym[64];
	snprintf(file, sizeof(file), "%.*s/graphviz/libgvplugin_%s.so.6",
	         (int)(slash - info.dli_fname), info.dli_fname, name);
	void *h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return NULL;
	snprintf(sym, sizeof(sym), "gvplugin_%s_LTX_library", name);
	return dlsym(h, sym);
}

/* The Graphviz contexts, made on first use and kept for the process.
 * Graphviz 2.43's pango plugin keeps a pointer to the last font name,
 * which lives in the context: after gvFreeContext() a later render in the
 * same process (a test run, dateline serve) reads freed memory.
 *
 * The full context has every plugin installed; PNG and PDF need its cairo
 * renderer, which draws text with pango.  The plain context has only the
 * core renderers (svg, cmapx) and neato's layouts: with no text layout
 * plugin Graphviz estimates text sizes instead of laying every text out
 * with pango, which SVG, whose viewer sets the text, does not need, and
 * which took most of the time of a large render.  *centerline is set for
 * the context returned; plain falls back to full when its plugins cannot
 * be loaded. */
GVC_t *tl_dot_context(int plain, double *centerline)
{
	static GVC_t *full, *lean;
	static int tried;
	static lt_symlist_t builtins[3];
	if (plain && !tried) {
		tried = 1;
		builtins[0].name = "gvplugin_core_LTX_library";
		builtins[0].address = plugin_library("core");
		builtins[1].name = "gvplugin_neato_layout_LTX_library";
		builtins[1].address = plugin_library("neato_layout");
		if (builtins[0].address && builtins[1].address)
			lean = gvContextPlugins(builtins, 0);
	}
	if (plain && lean) {
		*centerline = TL_DOT_CENTERLINE_NONE;
		return lean;
	}
	if (!full)
		full = gvContext();
	*centerline = TL_DOT_CENTERLINE_PANGO;
	return full;
}

/* Where Graphviz's output goes: straight to the caller's writer, through
 * a stdio stream, rather than into one buffer that Graphviz grows a page
 * at a time (which costs time quadratic in the size of a large SVG).
 * Graphviz ends the process when a write fails, so a failure is only
 * remembered, and the rest of the output dropped. */
typedef struct sink {
	tl_write_fn write;
	void *ctx;
	int failed;
} sink;

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
	sink *s = cookie;
	if (!s->failed && s->write(s->ctx, buf, n) < 0)
		s->failed = 1;
	return (ssize_t)n;
}

int tl_dot_render_gv(GVC_t *gvc, Agraph_t *g, const char *format,
                     const tl_options *o, tl_write_fn write, void *ctx,
                     tl_diags *diags)
{
	if (strcmp(format, "png") == 0 || strcmp(format, "cmapx") == 0) {
		char dpi[16];
		snprintf(dpi, sizeof(dpi), "%d", o->dpi > 0 ? o->dpi : 144);
		agattr(g, AGRAPH, "dpi", dpi);
	}
	if (gvLayout(gvc, g, "nop2") != 0) {
		tl_dot_gv_report(diags, TL_SEV_ERROR);
		tl_diags_add(diags, TL_SEV_ERROR, TL_BACKEND_FAILED, 0, 0, 0,
		             "graphviz could not lay out the diagram");
		return TL_BACKEND_FAILED;
	}
	int rc = TL_OK;
	sink s = {write, ctx, 0};
	cookie_io_functions_t io = {NULL, sink_write, NULL, NULL};
	FILE *out = fopencookie(&s, "w", io);
	if (!out) {
		tl_diags_add(diags, TL_SEV_ERROR, TL_WRITE_FAILED, 0, 0, 0,
		             "could not open an output stream");
		rc = TL_WRITE_FAILED;
	} else {
		setvbuf(out, NULL, _IOFBF, 1 << 16);
		if (gvRender(gvc, g, format, out) != 0) {
			tl_dot_gv_report(diags, TL_SEV_ERROR);
			tl_diags_add(diags, TL_SEV_ERROR, TL_BACKEND_FAILED, 0, 0,
			             0, "graphviz could not render %s", format);
			rc = TL_BACKEND_FAILED;
		}
		fclose(out); /* writes what is left in the buffer */
		if (rc == TL_OK && s.failed)
			rc = TL_WRITE_FAILED;
	}
	gvFreeLayout(gvc, g);
	return rc;
}
