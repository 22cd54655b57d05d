/*
 * ics_text.c - text for the iCalendar feed, without libical: cleaning user
 * text so nothing in it can end a line, RFC 5545 TEXT escaping for the
 * values libical leaves unescaped, CSS3 colour names for COLOR, and the
 * names the feed checks: UID domains and time zones.
 */
#include "private.h"
#include "ics.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Appends s as feed text: CR LF and lone CR become LF, the other control
 * characters (except TAB) are dropped, and bytes that are not UTF-8
 * become U+FFFD.  libical escapes what is left; nothing it is handed can
 * end a line. */
void tl_ics_put_clean(tl_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned c = p[i];
		if (c == '\r') {
			tl_buf_putc(b, '\n');
			i += p[i + 1] == '\n' ? 2 : 1;
		} else if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)) {
			size_t j = i + 1; /* copy the whole plain run at once */
			while (j < n && (p[j] == '\n' || p[j] == '\t' ||
			                 (p[j] >= 0x20 && p[j] < 0x7f)))
				j++;
			tl_buf_put(b, (const char *)p + i, j - i);
			i = j;
		} else if (c < 0x80) {
			i++; /* other C0 controls and DEL */
		} else {
			size_t l = tl_utf8_seq_len(p + i, n - i);
			if (l) {
				tl_buf_put(b, (const char *)p + i, l);
				i += l;
			} else {
				tl_buf_puts(b, "\xEF\xBF\xBD");
				i++;
			}
		}
	}
}

/* Appends s cleaned and escaped by the RFC 5545 TEXT rules (backslash,
 * semicolon, comma, newline), for the values libical does not escape
 * fully itself: CATEGORIES items and X- properties.  Cleans into b, then
 * widens the appended text in place, from its end, one escape at a
 * time. */
void tl_ics_put_escaped(tl_buf *b, const char *s)
{
	size_t start = b->len;
	tl_ics_put_clean(b, s);
	size_t extra = 0;
	for (size_t i = start; i < b->len; i++) {
		char c = b->data[i];
		extra += c == '\\' || c == ';' || c == ',' || c == '\n';
	}
	if (!extra)
		return;
	size_t from = b->len;
	for (size_t k = 0; k < extra; k++)
		tl_buf_putc(b, '\\'); /* room for the escapes */
	size_t to = b->len;
	while (from > start) {
		char c = b->data[--from];
		if (c == '\n') {
			b->data[--to] = 'n';
			b->data[--to] = '\\';
			continue;
		}
		b->data[--to] = c;
		if (c == '\\' || c == ';' || c == ',')
			b->data[--to] = '\\';
	}
}

/* The 147 CSS3 colour names (CSS Color Module Level 3, 4.3), in
 * alphabetical order, so of two names for one colour the first wins. */
static const struct css_color {
	const char *name;
	unsigned char r, g, b;
} css_colors[] = {
    {"aliceblue", 0xf0, 0xf8, 0xff}, {"antiquewhite", 0xfa, 0xeb, 0xd7}, {"aqua", 0x00, 0xff, 0xff},
    {"aquamarine", 0x7f, 0xff, 0xd4}, {"azure", 0xf0, 0xff, 0xff}, {"beige", 0xf5, 0xf5, 0xdc},
    {"bisque", 0xff, 0xe4, 0xc4}, {"black", 0x00, 0x00, 0x00}, {"blanchedalmond", 0xff, 0xeb, 0xcd},
    {"blue", 0x00, 0x00, 0xff}, {"blueviolet", 0x8a, 0x2b, 0xe2}, {"brown", 0xa5, 0x2a, 0x2a},
    {"burlywood", 0xde, 0xb8, 0x87}, {"cadetblue", 0x5f, 0x9e, 0xa0}, {"chartreuse", 0x7f, 0xff, 0x00},
    {"chocolate", 0xd2, 0x69, 0x1e}, {"coral", 0xff, 0x7f, 0x50}, {"cornflowerblue", 0x64, 0x95, 0xed},
    {"cornsilk", 0xff, 0xf8, 0xdc}, {"crimson", 0xdc, 0x14, 0x3c}, {"cyan", 0x00, 0xff, 0xff},
    {"darkblue", 0x00, 0x00, 0x8b}, {"darkcyan", 0x00, 0x8b, 0x8b}, {"darkgoldenrod", 0xb8, 0x86, 0x0b},
    {"darkgray", 0xa9, 0xa9, 0xa9}, {"darkgreen", 0x00, 0x64, 0x00}, {"darkgrey", 0xa9, 0xa9, 0xa9},
    {"darkkhaki", 0xbd, 0xb7, 0x6b}, {"darkmagenta", 0x8b, 0x00, 0x8b}, {"darkolivegreen", 0x55, 0x6b, 0x2f},
    {"darkorange", 0xff, 0x8c, 0x00}, {"darkorchid", 0x99, 0x32, 0xcc}, {"darkred", 0x8b, 0x00, 0x00},
    {"darksalmon", 0xe9, 0x96, 0x7a}, {"darkseagreen", 0x8f, 0xbc, 0x8f}, {"darkslateblue", 0x48, 0x3d, 0x8b},
    {"darkslategray", 0x2f, 0x4f, 0x4f}, {"darkslategrey", 0x2f, 0x4f, 0x4f}, {"darkturquoise", 0x00, 0xce, 0xd1},
    {"darkviolet", 0x94, 0x00, 0xd3}, {"deeppink", 0xff, 0x14, 0x93}, {"deepskyblue", 0x00, 0xbf, 0xff},
    {"dimgray", 0x69, 0x69, 0x69}, {"dimgrey", 0x69, 0x69, 0x69}, {"dodgerblue", 0x1e, 0x90, 0xff},
    {"firebrick", 0xb2, 0x22, 0x22}, {"floralwhite", 0xff, 0xfa, 0xf0}, {"forestgreen", 0x22, 0x8b, 0x22},
    {"fuchsia", 0xff, 0x00, 0xff}, {"gainsboro", 0xdc, 0xdc, 0xdc}, {"ghostwhite", 0xf8, 0xf8, 0xff},
    {"gold", 0xff, 0xd7, 0x00}, {"goldenrod", 0xda, 0xa5, 0x20}, {"gray", 0x80, 0x80, 0x80},
    {"green", 0x00, 0x80, 0x00}, {"greenyellow", 0xad, 0xff, 0x2f}, {"grey", 0x80, 0x80, 0x80},
    {"honeydew", 0xf0, 0xff, 0xf0}, {"hotpink", 0xff, 0x69, 0xb4}, {"indianred", 0xcd, 0x5c, 0x5c},
    {"indigo", 0x4b, 0x00, 0x82}, {"ivory", 0xff, 0xff, 0xf0}, {"khaki", 0xf0, 0xe6, 0x8c},
    {"lavender", 0xe6, 0xe6, 0xfa}, {"lavenderblush", 0xff, 0xf0, 0xf5}, {"lawngreen", 0x7c, 0xfc, 0x00},
    {"lemonchiffon", 0xff, 0xfa, 0xcd}, {"lightblue", 0xad, 0xd8, 0xe6}, {"lightcoral", 0xf0, 0x80, 0x80},
    {"lightcyan", 0xe0, 0xff, 0xff}, {"lightgoldenrodyellow", 0xfa, 0xfa, 0xd2}, {"lightgray", 0xd3, 0xd3, 0xd3},
    {"lightgreen", 0x90, 0xee, 0x90}, {"lightgrey", 0xd3, 0xd3, 0xd3}, {"lightpink", 0xff, 0xb6, 0xc1},
    {"lightsalmon", 0xff, 0xa0, 0x7a}, {"lightseagreen", 0x20, 0xb2, 0xaa}, {"lightskyblue", 0x87, 0xce, 0xfa},
    {"lightslategray", 0x77, 0x88, 0x99}, {"lightslategrey", 0x77, 0x88, 0x99}, {"lightsteelblue", 0xb0, 0xc4, 0xde},
    {"lightyellow", 0xff, 0xff, 0xe0}, {"lime", 0x00, 0xff, 0x00}, {"limegreen", 0x32, 0xcd, 0x32},
    {"linen", 0xfa, 0xf0, 0xe6}, {"magenta", 0xff, 0x00, 0xff}, {"maroon", 0x80, 0x00, 0x00},
    {"mediumaquamarine", 0x66, 0xcd, 0xaa}, {"mediumblue", 0x00, 0x00, 0xcd}, {"mediumorchid", 0xba, 0x55, 0xd3},
    {"mediumpurple", 0x93, 0x70, 0xdb}, {"mediumseagreen", 0x3c, 0xb3, 0x71}, {"mediumslateblue", 0x7b, 0x68, 0xee},
    {"mediumspringgreen", 0x00, 0xfa, 0x9a}, {"mediumturquoise", 0x48, 0xd1, 0xcc}, {"mediumvioletred", 0xc7, 0x15, 0x85},
    {"midnightblue", 0x19, 0x19, 0x70}, {"mintcream", 0xf5, 0xff, 0xfa}, {"mistyrose", 0xff, 0xe4, 0xe1},
    {"moccasin", 0xff, 0xe4, 0xb5}, {"navajowhite", 0xff, 0xde, 0xad}, {"navy", 0x00, 0x00, 0x80},
    {"oldlace", 0xfd, 0xf5, 0xe6}, {"olive", 0x80, 0x80, 0x00}, {"olivedrab", 0x6b, 0x8e, 0x23},
    {"orange", 0xff, 0xa5, 0x00}, {"orangered", 0xff, 0x45, 0x00}, {"orchid", 0xda, 0x70, 0xd6},
    {"palegoldenrod", 0xee, 0xe8, 0xaa}, {"palegreen", 0x98, 0xfb, 0x98}, {"paleturquoise", 0xaf, 0xee, 0xee},
    {"palevioletred", 0xdb, 0x70, 0x93}, {"papayawhip", 0xff, 0xef, 0xd5}, {"peachpuff", 0xff, 0xda, 0xb9},
    {"peru", 0xcd, 0x85, 0x3f}, {"pink", 0xff, 0xc0, 0xcb}, {"plum", 0xdd, 0xa0, 0xdd},
    {"powderblue", 0xb0, 0xe0, 0xe6}, {"purple", 0x80, 0x00, 0x80}, {"red", 0xff, 0x00, 0x00},
    {"rosybrown", 0xbc, 0x8f, 0x8f}, {"royalblue", 0x41, 0x69, 0xe1}, {"saddlebrown", 0x8b, 0x45, 0x13},
    {"salmon", 0xfa, 0x80, 0x72}, {"sandybrown", 0xf4, 0xa4, 0x60}, {"seagreen", 0x2e, 0x8b, 0x57},
    {"seashell", 0xff, 0xf5, 0xee}, {"sienna", 0xa0, 0x52, 0x2d}, {"silver", 0xc0, 0xc0, 0xc0},
    {"skyblue", 0x87, 0xce, 0xeb}, {"slateblue", 0x6a, 0x5a, 0xcd}, {"slategray", 0x70, 0x80, 0x90},
    {"slategrey", 0x70, 0x80, 0x90}, {"snow", 0xff, 0xfa, 0xfa}, {"springgreen", 0x00, 0xff, 0x7f},
    {"steelblue", 0x46, 0x82, 0xb4}, {"tan", 0xd2, 0xb4, 0x8c}, {"teal", 0x00, 0x80, 0x80},
    {"thistle", 0xd8, 0xbf, 0xd8}, {"tomato", 0xff, 0x63, 0x47}, {"turquoise", 0x40, 0xe0, 0xd0},
    {"violet", 0xee, 0x82, 0xee}, {"wheat", 0xf5, 0xde, 0xb3}, {"white", 0xff, 0xff, 0xff},
    {"whitesmoke", 0xf5, 0xf5, 0xf5}, {"yellow", 0xff, 0xff, 0x00}, {"yellowgreen", 0x9a, 0xcd, 0x32},
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The CSS3 colour name for color: the name itself when it is one (any
 * case), the nearest name by RGB distance for #rgb or #rrggbb, else NULL. */
const char *tl_ics_css_color(const char *color)
{
	size_t n = strlen(color);
	for (size_t i = 0; i < sizeof(css_colors) / sizeof(*css_colors); i++)
		if (strcasecmp(color, css_colors[i].name) == 0)
			return css_colors[i].name;
	if (color[0] != '#' || (n != 4 && n != 7))
		return NULL;
	int rgb[3];
	for (int k = 0; k < 3; k++) {
		int hi = hexval(color[n == 4 ? 1 + k : 1 + 2 * k]);
		int lo = hexval(color[n == 4 ? 1 + k : 2 + 2 * k]);
		if (hi < 0 || lo < 0)
			return NULL;
		rgb[k] = hi * 16 + lo;
	}
	const char *best = NULL;
	long best_d = 0;
	for (size_t i = 0; i < sizeof(css_colors) / sizeof(*css_colors); i++) {
		long dr = rgb[0] - css_colors[i].r, dg = rgb[1] - css_colors[i].g,
		     db = rgb[2] - css_colors[i].b;
		long dist = dr * dr + dg * dg + db * db;
		if (!best || dist < best_d) {
			best = css_colors[i].name;
			best_d = dist;
		}
	}
	return best;
}

/* True when s is a plain host name: letters, digits, '-' and '.', not
 * starting with '.' or '-', at most 200 bytes. */
int tl_ics_is_hostname(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 200 || s[0] == '.' || s[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.'))
			return 0;
	}
	return 1;
}

/* The default UID domain for a file (contract in ics.h).  The caller
 * frees the result with free(). */
char *tl_ics_file_domain(const char *name)
{
	const char *base = name ? strrchr(name, '/') : NULL;
	base = base ? base + 1 : (name ? name : "");
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	tl_buf b = {0};
	for (size_t i = 0; i < n; i++) {
		char c = base[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			tl_buf_putc(&b, c);
		else if (b.len && b.data[b.len - 1] != '-')
			tl_buf_putc(&b, '-');
	}
	while (b.len && b.data[b.len - 1] == '-')
		b.len--;
	if (!b.len)
		tl_buf_puts(&b, "timeline");
	b.data[b.len] = '\0';
	tl_buf_puts(&b, ".dateline.invalid");
	return b.data;
}

/* True when zone names UTC itself: no VTIMEZONE, times with Z. */
int tl_ics_zone_is_utc(const char *zone)
{
	static const char *const utc[] = {"UTC", "Etc/UTC", "GMT", "Etc/GMT",
	                                  "Z", "Zulu", "Etc/Zulu"};
	for (size_t i = 0; i < sizeof(utc) / sizeof(*utc); i++)
		if (strcasecmp(zone, utc[i]) == 0)
			return 1;
	return 0;
}

/* True when zone can only name a file of the tz database. */
int tl_ics_zone_name_ok(const char *zone)
{
	size_t n = strlen(zone);
	if (n == 0 || n > 64 || zone[0] == '/' || strstr(zone, ".."))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = zone[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '+' ||
		      c == '-' || c == '/'))
			return 0;
	}
	return 1;
}
