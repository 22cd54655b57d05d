/*
 * test_parse_structure.c - the structure of a native file as Markwhen
 * writes it: a header without "---" and a front matter after blank lines,
 * "#tag: colour" lines and the colours they give, group/section blocks as
 * lanes, "!id" in the event line, images, tags in headings, section
 * properties and checkbox lists (docs/format.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "private.h"
#include "support.h"

/* Asserts that diagnostic i has this severity, place and message. */
static const char *lane_of(const parsed *p, size_t i)
{
	return tl_timeline_lane(p->tl,
	                        tl_event_lane(tl_timeline_event(p->tl, i)));
}

static void test_header_without_dashes(void **state)
{
	parsed p = parse("title: Harbour works\n"
	                 "// a comment\n"
	                 "\n"
	                 "Timezone: Europe/Paris\n"
	                 "contacts:\n"
	                 "  - pilots\n"
	                 "  - tug crews\n"
	                 "2011: Survey\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_string_equal(tl_timeline_meta(p.tl, "title"), "Harbour works");
	assert_string_equal(tl_timeline_meta(p.tl, "contacts"),
	                    "pilots, tug crews");
	/* The keys are typed as a front matter's are. */
	assert_string_equal(p.tl->front.title.value, "Harbour works");
	assert_int_equal(p.tl->front.title.line, 1);
	assert_int_equal(p.tl->front.title.col, 8);
	assert_string_equal(p.tl->front.timezone.value, "Europe/Paris");
	assert_int_equal(p.tl->front.timezone.line, 4);
	assert_int_equal(tl_timeline_count(p.tl), 1);
	assert_int_equal(tl_event_line(tl_timeline_event(p.tl, 0)), 8);
	done(&p);

	/* A bad value is reported where it was written. */
	p = parse("timezone: ../etc\n2011: Survey\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(&p, 0, TL_SEV_ERROR, 1, 11,
	            "invalid timezone '../etc': use a tz database name such as "
	            "Europe/Paris");
	done(&p);

	/* The header ends at a heading; text that is not "key: value" ends
	 * it too, and is the body's error. */
	p = parse("title: Log\n# Repairs\n2019: Lamp\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_string_equal(lane_of(&p, 0), "Repairs");
	done(&p);
	p = parse("title: Log\nnot a key\n2019: Lamp\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(
	    &p, 0, TL_SEV_ERROR, 2, 1,
	    "expected an event ('DATE: Title'), a heading or a comment");
	done(&p);
}

static void test_header_nested_map(void **state)
{
	parsed p = parse("title: Shared\nmeridiem:\n  view:\n    - a@b.org\n"
	                 "2026-04-04: Visit\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(&p, 0, TL_SEV_ERROR, 3, 3,
	            "nested header value under 'meridiem:' is not read: write "
	            "'key: value' lines, or a '- item' list");
	done(&p);
}

static void test_front_matter_after_blank_lines(void **state)
{
	parsed p = parse(
	    "\n\n---\ntitle: Choir\n---\n\n2024-09-05: Rehearsal\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_string_equal(tl_timeline_meta(p.tl, "title"), "Choir");
	assert_int_equal(p.tl->front.title.line, 4);
	assert_int_equal(tl_event_line(tl_timeline_event(p.tl, 0)), 7);
	done(&p);

	p = parse("\n---\ntitle: x\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(&p, 0, TL_SEV_ERROR, 2, 1,
	            "front matter opened here is never closed with '---'");
	done(&p);
}

static void test_tag_colours(void **state)
{
	parsed p = parse("#Rail: blue\n#Sea: #a3c\n\n2012: Tram #Rail\n"
	                 "2015: Ferry #Other #Sea #Rail\n2016: Walk #foot\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	const tl_front *fr = &p.tl->front;
	assert_int_equal(fr->ntag_colors, 2);
	assert_string_equal(fr->tag_colors[0].tag, "Rail");
	assert_int_equal(fr->tag_colors[0].color.rgb, 0x0000ff);
	assert_string_equal(fr->tag_colors[1].tag, "Sea");
	assert_int_equal(fr->tag_colors[1].color.rgb, 0xaa33cc);

	/* Events take the colour of their first tag that has one; the
	 * legend lists the declared tags first, then the palette's. */
	tl_options o;
	memset(&o, 0, sizeof(o));
	o.format = "svg";
	o.dpi = 144;
	tl_layout *l = tl_layout_new(p.tl, &o);
	assert_non_null(l);
	const char *want[] = {"#0000ff", "#aa33cc", "#0072B2"};
	for (size_t i = 0; i < l->nevents; i++) {
		size_t k = (size_t)(l->events[i].ev - &p.tl->events[0]);
		assert_string_equal(l->events[i].color, want[k]);
	}
	const char *tags[3], *colors[3];
	size_t nt = 0;
	for (size_t i = 0; i < l->nlegend; i++)
		if (l->legend[i].kind == TL_LEG_TAG && nt < 3) {
			tags[nt] = l->legend[i].label.text;
			colors[nt++] = l->legend[i].color;
		}
	assert_int_equal(nt, 3);
	assert_string_equal(colors[0], "#0000ff");
	assert_string_equal(colors[1], "#aa33cc");
	assert_string_equal(colors[2], "#0072B2");
	assert_non_null(strstr(tags[0], "Rail"));
	assert_non_null(strstr(tags[2], "foot"));
	tl_layout_free(l);
	done(&p);

	/* In a front matter too; "# text" stays a YAML comment. */
	p = parse("---\n# a comment\n#Bus: Orange\n---\n2016: Lanes #Bus\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_int_equal(p.tl->front.ntag_colors, 1);
	assert_int_equal(p.tl->front.tag_colors[0].color.rgb, 0xffa500);
	done(&p);

	/* One colour rule: a bad colour is an error at its column. */
	p = parse("#Parks:   greenish\n2019: Park #Parks\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(&p, 0, TL_SEV_ERROR, 1, 11,
	            "invalid color 'greenish' for tag '#Parks': use #rgb, "
	            "#rrggbb or a CSS colour name");
	assert_int_equal(p.tl->front.ntag_colors, 0);
	done(&p);
}

static void test_group_blocks(void **state)
{
	parsed p = parse("# Farm\n"
	                 "2014: Before\n"
	                 "group Orchard #trees\n"
	                 "2015: Planted\n"
	                 "section Market\n"
	                 "2016: Stall\n"
	                 "endSection\n"
	                 "2017: Harvest\n"
	                 "endGroup\n"
	                 "2018: After\n");
	assert_int_equal(tl_diags_errors(p.d), 0);
	assert_int_equal(tl_diags_warnings(p.d), 1);
	expect_diag(&p, 0, TL_SEV_WARNING, 3, 1,
	            "'group' blocks are read as lanes; Markwhen 1.2.0 reads "
	            "these lines as text (a heading '# Orchard #trees' is read "
	            "by both)");
	assert_int_equal(tl_timeline_count(p.tl), 5);
	/* The innermost block names the lane; then the one around it, then
	 * the heading again. */
	assert_string_equal(lane_of(&p, 0), "Farm");
	for (size_t i = 1; i < 5; i++) {
		const tl_event *e = tl_timeline_event(p.tl, i);
		const char *want = tl_event_line(e) == 6    ? "Market"
		                   : tl_event_line(e) == 10 ? "Farm"
		                                            : "Orchard";
		assert_string_equal(tl_timeline_lane(p.tl, tl_event_lane(e)),
		                    want);
	}
	done(&p);
}

static void test_group_block_errors(void **state)
{
	parsed p = parse("2014: First\nendGroup\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(&p, 0, TL_SEV_ERROR, 2, 1,
	            "'endGroup' without an open 'group' block");
	done(&p);

	p = parse("group Orchard\n2015: Planted\nsection Inner\n");
	assert_int_equal(tl_diags_errors(p.d), 2);
	expect_diag(&p, 1, TL_SEV_ERROR, 1, 1,
	            "'group Orchard' is never closed with 'endGroup'");
	expect_diag(&p, 2, TL_SEV_ERROR, 3, 1,
	            "'section Inner' is never closed with 'endSection'");
	done(&p);

	p = parse("section Market\n2015: Stall\nendGroup\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(&p, 1, TL_SEV_ERROR, 3, 1,
	            "'endGroup' closes the 'section' block opened on line 1: "
	            "write 'endSection'");
	done(&p);

	p = parse("group Orchard\n# Heading\n2015: Planted\nendGroup\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(&p, 1, TL_SEV_ERROR, 2, 1,
	            "heading inside the 'group' block opened on line 1: close "
	            "it with 'endGroup' first");
	done(&p);

	/* Indented, or capitalised, the words are description text. */
	p = parse("2015: Planted\n  group photo taken\nSection two of it\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_string_equal(tl_event_description(tl_timeline_event(p.tl, 0)),
	                    "group photo taken\nSection two of it");
	done(&p);
}

static void test_id_in_event_line(void **state)
{
	parsed p = parse("2023-01-10: !kickoff Project kickoff\n"
	                 "2023-02-01: Design review !review\n"
	                 "2023-03-01: Launch! (!not) an id\n"
	                 "2023-04-01: A !one and !two\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	const char *titles[] = {"Project kickoff", "Design review",
	                        "Launch! (!not) an id", "A and !two"};
	const char *ids[] = {"kickoff", "review", NULL, "one"};
	for (size_t i = 0; i < 4; i++) {
		const tl_event *e = tl_timeline_event(p.tl, i);
		assert_string_equal(tl_event_title(e), titles[i]);
		if (ids[i])
			assert_string_equal(tl_event_id(e), ids[i]);
		else
			assert_null(tl_event_id(e));
	}
	assert_int_equal(p.tl->events[0].id_col, 14);
	done(&p);

	p = parse("2023-01-10: Opening !show\n2023-01-11: Second !show\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(&p, 0, TL_SEV_ERROR, 2, 21,
	            "duplicate id 'show' (first used on line 1)");
	done(&p);

	p = parse("2023-01-10: Opening !show\nid: other\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(&p, 0, TL_SEV_ERROR, 2, 1,
	            "event already has an id ('show')");
	done(&p);
}

static void test_images(void **state)
{
	parsed p = parse("2010-10: Barn ![alt](https://x.org/a.png) built\n"
	                 "text ![](https://x.org/b.png)\n"
	                 "image: https://x.org/c.png\n");
	/* image: after the description is description text. */
	assert_int_equal(tl_diags_count(p.d), 0);
	const tl_event *e = tl_timeline_event(p.tl, 0);
	assert_string_equal(tl_event_title(e), "Barn built");
	assert_string_equal(tl_event_description(e),
	                    "text\nimage: https://x.org/c.png");
	assert_int_equal(e->nprops, 2);
	assert_string_equal(e->props[0].key, "image");
	assert_string_equal(e->props[0].value, "https://x.org/a.png");
	assert_string_equal(e->props[1].value, "https://x.org/b.png");
	assert_int_equal(tl_event_link_count(e), 0);
	done(&p);

	/* A line that held only an image goes with its line break. */
	p = parse(
	    "2010: A\n![](https://x.org/1.png)\npara one\n\n"
	    "![](https://x.org/2.png)\n\npara two ![](https://x.org/3.png)\n"
	    "![](https://x.org/4.png)\n2011: B\n![](https://x.org/5.png)\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_string_equal(tl_event_description(tl_timeline_event(p.tl, 0)),
	                    "para one\n\npara two");
	assert_null(tl_event_description(tl_timeline_event(p.tl, 1)));
	assert_int_equal(tl_timeline_event(p.tl, 0)->nprops, 4);
	done(&p);

	p = parse("2010: Mill\nimage: javascript:alert(1)\n");
	assert_int_equal(tl_diags_errors(p.d), 0);
	assert_int_equal(tl_diags_warnings(p.d), 1);
	expect_diag(&p, 0, TL_SEV_WARNING, 2, 8,
	            "image 'javascript:alert(1)' dropped: only http, https and "
	            "mailto links are emitted");
	assert_null(tl_event_prop(tl_timeline_event(p.tl, 0), "image"));
	done(&p);
}

static void test_heading_tags_and_properties(void **state)
{
	parsed p = parse("# Research #science\n"
	                 "style: section\n"
	                 "2019: Grant #funding\n"
	                 "## Lab [work](https://x.org) #lab\n"
	                 "2020: Samples\n");
	assert_int_equal(tl_diags_errors(p.d), 0);
	assert_int_equal(tl_diags_warnings(p.d), 1);
	expect_diag(&p, 0, TL_SEV_WARNING, 2, 1,
	            "section property 'style' is not read: a lane has no "
	            "properties");
	assert_string_equal(lane_of(&p, 0), "Research");
	assert_string_equal(lane_of(&p, 1), "Lab work");
	/* The heading's tags tag no event. */
	const tl_event *e = tl_timeline_event(p.tl, 0);
	assert_int_equal(tl_event_tag_count(e), 1);
	assert_string_equal(tl_event_tag(e, 0), "funding");
	assert_int_equal(tl_event_tag_count(tl_timeline_event(p.tl, 1)), 0);
	assert_int_equal(tl_event_link_count(tl_timeline_event(p.tl, 1)), 0);
	done(&p);
}

static void test_checkbox_lists(void **state)
{
	parsed p = parse("2024-05-01: [] Spring clean\n"
	                 "- [ ] windows\n"
	                 "- [x] gutters\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	const tl_event *e = tl_timeline_event(p.tl, 0);
	assert_string_equal(tl_event_title(e), "[] Spring clean");
	assert_string_equal(tl_event_description(e),
	                    "- [ ] windows\n- [x] gutters");
	done(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_header_without_dashes),
	    cmocka_unit_test(test_header_nested_map),
	    cmocka_unit_test(test_front_matter_after_blank_lines),
	    cmocka_unit_test(test_tag_colours),
	    cmocka_unit_test(test_group_blocks),
	    cmocka_unit_test(test_group_block_errors),
	    cmocka_unit_test(test_id_in_event_line),
	    cmocka_unit_test(test_images),
	    cmocka_unit_test(test_heading_tags_and_properties),
	    cmocka_unit_test(test_checkbox_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
