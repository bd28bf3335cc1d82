// The Atom feeds: well-formed XML with every element RFC 4287 requires (checked by parsing the
// XML with fast-xml-parser), stable ids, and nothing members-only in them.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import * as feedRoute from "~/routes/feeds.$feed";
import { FEEDS } from "~/models/accountability/feeds.server";
import { isUuid } from "~/utils/uuid";
import { useTestDatabase } from "../db";
import { makeAccountabilityFixture, SECRETS, PUBLIC_SUMMARY, type AccountabilityFixture } from "./accountability-fixtures";

const isUrnUuid = (id: string) => id.startsWith("urn:uuid:") && isUuid(id.slice("urn:uuid:".length));

useTestDatabase();

const ATOM_NS = "http://www.w3.org/2005/Atom";
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", textNodeName: "#text", isArray: (name) => ["entry", "link", "author"].includes(name) });

type Text = string | { "#text"?: string; "@_type"?: string };
const text = (t: Text | undefined) => (typeof t === "string" ? t : (t?.["#text"] ?? ""));

async function fetchFeed(name: string) {
  const response = (await feedRoute.loader({ request: new Request(`http://localhost/feeds/${name}`), params: { feed: name }, context: {} })) as Response;
  return { response, xml: await response.text() };
}

/** Every element RFC 4287 requires of a feed and its entries; returns the parsed feed. */
function expectValidAtom(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml);
  const feed = doc.feed;
  expect(feed, "the root element is <feed>").toBeTruthy();
  expect(feed["@_xmlns"]).toBe(ATOM_NS);
  // atom:feed MUST contain exactly one atom:id, atom:title and atom:updated.
  for (const el of ["id", "title", "updated"]) {
    expect(feed[el], `feed <${el}>`).toBeDefined();
    expect(Array.isArray(feed[el]), `one feed <${el}>`).toBe(false);
  }
  const feedId = text(feed.id);
  expect(isUrnUuid(feedId) || /^(tag:.+|https?:\/\/.+)$/.test(feedId), `feed id is a urn:uuid, tag: or http(s) URI (${feedId})`).toBe(true);
  expect(text(feed.title).length).toBeGreaterThan(0);
  expect(text(feed.updated)).toMatch(RFC3339);
  // atom:feed MUST contain an author unless every entry does; this one always has one.
  expect(feed.author?.[0]?.name).toBeTruthy();
  // SHOULD contain a self link.
  expect(feed.link.some((l: Record<string, string>) => l["@_rel"] === "self" && l["@_href"].startsWith("http"))).toBe(true);
  const entries: Record<string, unknown>[] = feed.entry ?? [];
  const ids = new Set<string>();
  for (const entry of entries) {
    for (const el of ["id", "title", "updated"]) {
      expect(entry[el], `entry <${el}>`).toBeDefined();
      expect(Array.isArray(entry[el]), `one entry <${el}>`).toBe(false);
    }
    const id = text(entry.id as Text);
    expect(isUrnUuid(id), `entry id is a urn:uuid (${id})`).toBe(true);
    expect(ids.has(id), `entry ids are unique (${id})`).toBe(false);
    ids.add(id);
    expect(text(entry.updated as Text)).toMatch(RFC3339);
    expect(text(entry.title as Text).length).toBeGreaterThan(0);
    // An entry without content MUST have an alternate link; these have both.
    const links = entry.link as Record<string, string>[];
    expect(links.some((l) => (l["@_rel"] ?? "alternate") === "alternate" && l["@_href"].startsWith("http"))).toBe(true);
    expect(Date.parse(text(entry.updated as Text))).toBeLessThanOrEqual(Date.parse(text(feed.updated)));
  }
  return { feed, entries, ids: [...ids] };
}

let fx: AccountabilityFixture;
beforeEach(async () => {
  fx = await makeAccountabilityFixture();
});

describe("Atom feeds", () => {
  it("serves every feed as valid Atom, cacheable by anyone", async () => {
    for (const name of Object.keys(FEEDS)) {
      const { response, xml } = await fetchFeed(name);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
      expect(response.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
      const { feed } = expectValidAtom(xml);
      expect(text(feed.id)).toBe(FEEDS[name as keyof typeof FEEDS].id);
    }
  });

  it("has one entry per public response, with the response's id, and per-organisation feeds", async () => {
    const all = expectValidAtom((await fetchFeed("responses.atom")).xml);
    const r = fx.responses;
    const publicIds = [r.r1, r.r1b, r.r1c, r.r2, r.r5, r.rc1, r.rm1, r.ra1].map((x) => `urn:uuid:${x.id}`);
    expect([...all.ids].sort()).toEqual([...publicIds].sort());
    const met = expectValidAtom((await fetchFeed("responses.met.atom")).xml);
    expect([...met.ids].sort()).toEqual([r.r1, r.r1b, r.r2, r.rc1, r.rm1, r.ra1].map((x) => `urn:uuid:${x.id}`).sort());
    const mopac = expectValidAtom((await fetchFeed("responses.mopac.atom")).xml);
    expect(mopac.ids).toEqual([r.r5, r.r1c].map((x) => `urn:uuid:${x.id}`));
    // The members-only thread's entry carries the moderators' summary and says how late it was.
    const entry = all.entries.find((e) => text(e.id as Text) === `urn:uuid:${r.r2.id}`)!;
    expect(text(entry.title as Text)).toBe("Metropolitan Police responded: A members-only discussion in Riverside Forum");
    expect(text(entry.content as Text)).toContain(PUBLIC_SUMMARY);
    expect(text(entry.content as Text)).toContain("Late: due 29 September 2026");
    // Ids stay the same from one request to the next.
    expect(expectValidAtom((await fetchFeed("responses.atom")).xml).ids).toEqual(all.ids);
  });

  it("lists public minutes and published results only", async () => {
    const minutes = expectValidAtom((await fetchFeed("minutes.atom")).xml);
    expect(minutes.ids).toEqual([`urn:uuid:${fx.meetings.m1.id}`]);
    const results = expectValidAtom((await fetchFeed("results.atom")).xml);
    expect(results.ids).toEqual([`urn:uuid:${fx.consultations.c1.id}`]);
    expect(text(results.entries[0].content as Text)).toContain("6 members answered");
  });

  it("contains nothing members-only, and names nobody", async () => {
    for (const name of Object.keys(FEEDS)) {
      const { xml } = await fetchFeed(name);
      for (const [what, secret] of Object.entries(SECRETS)) expect(xml, `${what} in ${name}`).not.toContain(secret);
    }
  });

  it("escapes a title so a feed reader shows it as text", async () => {
    const { db } = await import("../../db/client");
    const { thread } = await import("../../db/schema/threads");
    const { eq } = await import("drizzle-orm");
    await db().update(thread).set({ title: "Cuts & <b>delays</b> ]]> at court" }).where(eq(thread.id, fx.threads.t1.id));
    const { xml } = await fetchFeed("responses.atom");
    const all = expectValidAtom(xml);
    const entry = all.entries.find((e) => text(e.id as Text) === `urn:uuid:${fx.responses.r1.id}`)!;
    // type="html": the HTML-escaped title reads as the literal text.
    expect(text(entry.title as Text)).toBe("Metropolitan Police responded: Cuts &amp; &lt;b&gt;delays&lt;/b&gt; ]]&gt; at court");
  });

  it("answers an unknown feed with 404", async () => {
    await expect(feedRoute.loader({ request: new Request("http://localhost/feeds/secret.atom"), params: { feed: "secret.atom" }, context: {} })).rejects.toMatchObject({ status: 404 });
  });
});
