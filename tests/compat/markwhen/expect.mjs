// Writes NAME.expect beside every NAME.mw given on the command line, from
// what the reference Markwhen parser (@markwhen/parser, from the npm
// registry) reads in it.  The parser is not part of this tree: install it
// anywhere and point MARKWHEN_DIR at the directory holding node_modules/.
//
//   mkdir -p /tmp/mw && (cd /tmp/mw && npm install @markwhen/parser@1.2.0)
//   TZ=UTC MARKWHEN_DIR=/tmp/mw node tests/compat/markwhen/expect.mjs \
//       tests/compat/markwhen/*.mw
//
// The format of the result is described in tests/compat/README.md.  Every
// file is parsed twice, with the clock fixed at two instants a year and a
// half apart; when the results differ the file depends on the clock, and
// the .expect records the first instant on a "now" line.

import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const NOW_A = "2026-01-15T12:00:00.000Z";
const NOW_B = "2027-07-20T06:30:00.000Z";

const dir = process.env.MARKWHEN_DIR;
if (!dir) {
	console.error("expect.mjs: set MARKWHEN_DIR to where @markwhen/parser is installed");
	process.exit(2);
}
if (process.env.TZ !== "UTC") {
	console.error("expect.mjs: run with TZ=UTC so that results do not depend on the machine");
	process.exit(2);
}
const req = createRequire(path.join(path.resolve(dir), "package.json"));
const mw = req("@markwhen/parser");
const version = JSON.parse(readFileSync(path.join(path.resolve(dir),
	"node_modules/@markwhen/parser/package.json"), "utf8")).version;

// Collapses tabs and newlines so that a field never breaks the line format.
function field(s) {
	return String(s ?? "").replace(/[\t\r\n]+/g, " ").trim();
}

// Normalises an ISO date-time to UTC, without milliseconds when they are 0;
// years outside 0000-9999 keep the six-digit signed form of ISO 8601.
function iso(s) {
	const t = Date.parse(s);
	if (Number.isNaN(t))
		return "invalid";
	return new Date(t).toISOString().replace(".000Z", "Z");
}

// Walks the section tree, calling fn(event, lanes) in document order.
function walk(group, lanes, fn) {
	for (const child of group.children) {
		if (mw.isEvent(child))
			fn(child, lanes);
		else
			walk(child, lanes.concat(field(child.title)), fn);
	}
}

// Returns the .expect body (everything but the comment lines) for text
// parsed with the clock at now.
function describe(text, now) {
	// The parser bundles its own copy of luxon, whose clock is Date.now.
	const ms = Date.parse(now);
	Date.now = () => ms;
	const r = mw.parse(text);
	const out = [];
	const events = [];
	walk(r.events, [], (e, lanes) => events.push([e, lanes]));
	out.push(`events\t${events.length}`);
	const h = r.header;
	if (h && typeof h === "object" && !Array.isArray(h)) {
		for (const key of Object.keys(h).sort())
			out.push(`header\t${field(key)}\t${field(JSON.stringify(h[key]))}`);
	} else if (h !== undefined && h !== null) {
		out.push(`header\t-\t${field(JSON.stringify(h))}`);
	}
	for (const [e, lanes] of events) {
		const extra = [];
		if (e.id)
			extra.push(`id=${e.id}`);
		if (e.tags && e.tags.length)
			extra.push(`tags=${e.tags.join(",")}`);
		if (e.recurrence)
			extra.push(`recur=${JSON.stringify(e.recurrence)}`);
		if (e.completed !== undefined)
			extra.push(`completed=${e.completed}`);
		if (e.percent !== undefined)
			extra.push(`percent=${e.percent}`);
		const line = [
			"event",
			iso(e.dateRangeIso.fromDateTimeIso),
			iso(e.dateRangeIso.toDateTimeIso),
			lanes.length ? lanes.join(" > ") : "-",
			field(e.firstLine.restTrimmed) || "-",
			extra.join(" ") || "-",
		];
		out.push(line.join("\t"));
		// A recurrence as Markwhen itself expands it (its expand(), the
		// same bound as dateline's per-series bound): one line per
		// occurrence, first included, with the event's lanes and title.
		if (e.recurrence) {
			for (const r of mw.expand(mw.toDateRange(e.dateRangeIso),
			                          e.recurrence, 10000))
				out.push(["occurrence", iso(r.fromDateTime.toISO()),
				          iso(r.toDateTime.toISO()), line[3], line[4]].join("\t"));
		}
	}
	for (const m of r.parseMessages ?? [])
		out.push(`message\t${field(m.type)}\t${field(m.message)}`);
	return out;
}

for (const file of process.argv.slice(2)) {
	const text = readFileSync(file, "utf8");
	const a = describe(text, NOW_A);
	const b = describe(text, NOW_B);
	const same = a.join("\n") === b.join("\n");
	const lines = [
		`# ${path.basename(file)} as read by @markwhen/parser ${version}, TZ=UTC`,
	];
	if (!same)
		lines.push(`now\t${NOW_A}`);
	lines.push(...a);
	const out = file.replace(/\.mw$/, ".expect");
	writeFileSync(out, lines.join("\n") + "\n");
	console.log(`${out}: ${a[0].split("\t")[1]} events${same ? "" : ", depends on the clock"}`);
}
