// Atom feeds (RFC 4287) of official responses, published minutes and published consultation
// results, written with the `feed` library. Only public records go in: the same public sources
// as /responses (accountability.server.ts), minutes of forums whose minutes are public, and
// consultations whose results are published.
//
// Entry ids are `urn:uuid:<id of the record>`, so they never change when the site moves or a
// title is edited; `updated` is when the record last changed. Links are built from PUBLIC_URL,
// never from the request's Host header (a shared cache must not keep a feed pointing elsewhere).
import { publishable, SMALL_NUMBER_THRESHOLD } from "../consultations/suppression.server";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { Feed } from "feed";
import type { Queryable } from "../../../db/client";
import { consultation, consultationResponse } from "../../../db/schema/consultations";
import { forum } from "../../../db/schema/forums";
import { meeting, meetingAgendaItem, meetingRevision } from "../../../db/schema/meetings";
import { officialResponse } from "../../../db/schema/threads";
import { database } from "../database.server";
import { formatLondonDate } from "~/utils/london-time";
import { escapeHtml } from "~/utils/html";
import {
  listAllPublicResponses,
  listResponseItems,
  ORGANISATION_NAMES,
  PUBLIC_CONSULTATION_STATUSES,
  qualified,
  RESPONSE_KIND_LABELS,
  timelinessOf,
  timelinessText,
} from "./dashboard.server";
import type { Organisation } from "~/utils/permissions";

export const FEED_LIMIT = 50;
/** A fixed `updated` for a feed with no entries yet (Atom requires one). */
const EMPTY_FEED_UPDATED = new Date("2026-01-01T00:00:00Z");

const asDate = (v: string | Date | null) => (v ? new Date(v) : null);

/** Titles are sent as type="html": escape them, so a title is read as text and never as markup. */
const htmlTitle = (s: string) => escapeHtml(s);
/** The library wraps HTML in CDATA; a "]]>" inside would end it early. */
const cdataSafe = (s: string) => s.replaceAll("]]>", "]]&gt;");

type Entry = { id: string; title: string; link: string; updated: Date; published: Date; summary: string; content: string; author: string };

function atom(input: { id: string; title: string; subtitle: string; link: string; self: string; entries: Entry[] }): string {
  const updated = input.entries.reduce<Date | null>((max, e) => (!max || e.updated > max ? e.updated : max), null) ?? EMPTY_FEED_UPDATED;
  const feed = new Feed({
    id: input.id,
    title: input.title,
    description: input.subtitle,
    link: input.link,
    feedLinks: { atom: input.self },
    updated,
    language: "en-GB",
    author: { name: "Victim Voice Forum" },
    copyright: "Published by the Victim Voice Forum. Official responses are the words of the organisations that wrote them.",
    generator: false,
  });
  for (const e of input.entries) {
    feed.addItem({
      id: e.id,
      title: htmlTitle(e.title),
      link: e.link,
      date: e.updated,
      published: e.published,
      description: cdataSafe(escapeHtml(e.summary)),
      content: cdataSafe(e.content),
      author: [{ name: e.author }],
    });
  }
  return feed.atom1();
}

/**
 * The feeds. Each feed's id is a fixed UUID, so it stays the same whatever address the site is
 * served from.
 */
export const FEEDS = {
  "responses.atom": { id: "urn:uuid:13b79422-4e34-4b39-9438-70d3ce674d07", title: "Official responses", organisation: null },
  "responses.met.atom": { id: "urn:uuid:076f98ba-e591-4108-bf13-2bc6c76b4ee2", title: "Official responses from the Metropolitan Police", organisation: "met" },
  "responses.mopac.atom": { id: "urn:uuid:36097312-d5f2-46f9-9af9-afb4ddf89eb0", title: "Official responses from MOPAC", organisation: "mopac" },
  "minutes.atom": { id: "urn:uuid:6583e82c-8f01-4b4e-b453-4e9a7ecb1841", title: "Published meeting minutes", organisation: null },
  "results.atom": { id: "urn:uuid:ab384979-47b3-4d94-bbb5-176fc6e80f65", title: "Published consultation results", organisation: null },
} as const satisfies Record<string, { id: string; title: string; organisation: Organisation | null }>;

export type FeedName = keyof typeof FEEDS;
export const isFeedName = (v: unknown): v is FeedName => typeof v === "string" && Object.hasOwn(FEEDS, v);

/** Official responses (all, or one organisation's), newest first. */
export async function responsesFeed(origin: string, organisation: Organisation | null): Promise<string> {
  const [responses, items] = await Promise.all([listAllPublicResponses(organisation ? { organisation } : {}, FEED_LIMIT), listResponseItems()]);
  const name = organisation ? (`responses.${organisation}.atom` as const) : ("responses.atom" as const);
  return atom({
    id: FEEDS[name].id,
    title: `${FEEDS[name].title} – Victim Voice Forum`,
    subtitle: "What the Metropolitan Police and MOPAC answered to victims of crime, in public.",
    link: organisation ? `${origin}/responses?org=${organisation}` : `${origin}/responses`,
    self: `${origin}/feeds/${name}`,
    entries: responses.map((r) => {
      const org = ORGANISATION_NAMES[r.organisation] ?? r.organisation;
      const what = `${RESPONSE_KIND_LABELS[r.kind]}: ${r.target.label}`;
      const context = [
        `<p><strong>${escapeHtml(org)}</strong>, ${escapeHtml(r.responderTitle)}, responded on ${escapeHtml(formatLondonDate(r.publishedAt))} to: ${escapeHtml(what)}.</p>`,
        r.target.summary ? `<p>Summary of the discussion by the forum's moderators: ${escapeHtml(r.target.summary)}</p>` : "",
        `<p>${escapeHtml(timelinessText(timelinessOf(r, items)))}.</p>`,
      ].join("");
      return {
        id: `urn:uuid:${r.id}`,
        title: `${org} responded: ${r.target.label}`,
        link: `${origin}/responses/${r.id}`,
        updated: r.editedAt ?? r.publishedAt,
        published: r.publishedAt,
        summary: `${org} (${r.responderTitle}) responded to ${what}`,
        content: `${context}${r.bodyHtml}`,
        author: org,
      };
    }),
  });
}

/** Published minutes of forums whose minutes are public, newest first. */
export async function minutesFeed(origin: string): Promise<string> {
    const q = database();
  const meetings = await q
    .select({
      id: meeting.id,
      title: meeting.title,
      startsAt: meeting.startsAt,
      publishedAt: meeting.publishedAt,
      updatedAt: meeting.updatedAt,
      forumName: forum.name,
      lastRevisionAt: sql<Date | null>`(select max(mr.created_at) from ${meetingRevision} mr where mr.meeting_id = ${qualified(meeting.id)})`.mapWith(asDate),
    })
    .from(meeting)
    .innerJoin(forum, eq(forum.id, meeting.forumId))
    .where(and(eq(meeting.status, "minutes-published"), eq(forum.minutesPublic, true)))
    .orderBy(desc(sql`coalesce(${meeting.publishedAt}, ${meeting.startsAt})`), desc(meeting.id))
    .limit(FEED_LIMIT);
  const agenda = meetings.length
    ? await q
        .select({ meetingId: meetingAgendaItem.meetingId, title: meetingAgendaItem.title, decisionsHtml: meetingAgendaItem.decisionsHtml })
        .from(meetingAgendaItem)
        .where(inArray(meetingAgendaItem.meetingId, meetings.map((m) => m.id)))
        .orderBy(asc(meetingAgendaItem.position), asc(meetingAgendaItem.createdAt))
    : [];
  return atom({
    id: FEEDS["minutes.atom"].id,
    title: `${FEEDS["minutes.atom"].title} – Victim Voice Forum`,
    subtitle: "Minutes of the forum's meetings, once members who attended have reviewed them.",
    link: `${origin}/meetings`,
    self: `${origin}/feeds/minutes.atom`,
    entries: meetings.map((m) => {
      const published = m.publishedAt ?? m.startsAt;
      const items = agenda.filter((a) => a.meetingId === m.id);
      // The agenda and the decisions: what the public minutes page shows, without the discussion's quotes.
      const content = [
        `<p>Minutes of the ${escapeHtml(m.forumName)} meeting held on ${escapeHtml(formatLondonDate(m.startsAt))}.</p>`,
        items.length ? `<ol>${items.map((a) => `<li><strong>${escapeHtml(a.title)}</strong>${a.decisionsHtml ? a.decisionsHtml : ""}</li>`).join("")}</ol>` : "",
      ].join("");
      return {
        id: `urn:uuid:${m.id}`,
        title: `Minutes: ${m.title}, ${formatLondonDate(m.startsAt)}`,
        link: `${origin}/meetings/${m.id}`,
        updated: m.lastRevisionAt && m.lastRevisionAt > published ? m.lastRevisionAt : published,
        published,
        summary: `Minutes of the ${m.forumName} meeting held on ${formatLondonDate(m.startsAt)}: ${items.map((a) => a.title).join("; ") || "no agenda items"}.`,
        content,
        author: "Victim Voice Forum moderators",
      };
    }),
  });
}

/** Consultations whose results are published, with "You said, we did" once it exists. */
export async function resultsFeed(origin: string): Promise<string> {
    const q = database();
  const rows = await q
    .select({
      id: consultation.id,
      title: consultation.title,
      summary: consultation.summary,
      organisation: consultation.organisation,
      closedAt: consultation.closedAt,
      resultsPublishedAt: consultation.resultsPublishedAt,
      respondedAt: consultation.respondedAt,
      updatedAt: consultation.updatedAt,
      respondents: sql<number>`(select count(*)::int from ${consultationResponse} cr where cr.consultation_id = ${qualified(consultation.id)})`,
      responseEditedAt: sql<Date | null>`(select max(orx.edited_at) from ${officialResponse} orx where orx.target_type = 'consultation' and orx.target_id = ${qualified(consultation.id)})`.mapWith(asDate),
    })
    .from(consultation)
    .where(inArray(consultation.status, [...PUBLIC_CONSULTATION_STATUSES]))
    .orderBy(desc(sql`coalesce(${consultation.resultsPublishedAt}, ${consultation.closedAt})`), desc(consultation.id))
    .limit(FEED_LIMIT);
  return atom({
    id: FEEDS["results.atom"].id,
    title: `${FEEDS["results.atom"].title} – Victim Voice Forum`,
    subtitle: "What members said in consultations on proposed reforms, and what the Met and MOPAC did about it.",
    link: `${origin}/consultations`,
    self: `${origin}/feeds/results.atom`,
    entries: rows.map((c) => {
      const published = c.resultsPublishedAt ?? c.closedAt ?? c.updatedAt;
      const updated = [published, c.respondedAt, c.responseEditedAt].filter((d): d is Date => !!d).reduce((a, b) => (b > a ? b : a));
      const org = ORGANISATION_NAMES[c.organisation] ?? c.organisation;
      return {
        id: `urn:uuid:${c.id}`,
        title: `Results: ${c.title}`,
        link: `${origin}/consultations/${c.id}`,
        updated,
        published,
        summary: c.summary,
        content: [
          `<p>${escapeHtml(c.summary)}</p>`,
          `<p>${publishable(c.respondents) ? `${c.respondents} ${c.respondents === 1 ? "member" : "members"}` : `Fewer than ${SMALL_NUMBER_THRESHOLD} members`} answered. The consultation closed on ${escapeHtml(formatLondonDate(c.closedAt))}.</p>`,
          c.respondedAt
            ? `<p>${escapeHtml(org)} published its response ("You said, we did") on ${escapeHtml(formatLondonDate(c.respondedAt))}.</p>`
            : `<p>${escapeHtml(org)} has not yet published its response ("You said, we did").</p>`,
        ].join(""),
        author: org,
      };
    }),
  });
}

export async function buildFeed(name: FeedName, origin: string): Promise<string> {
  if (name === "minutes.atom") return minutesFeed(origin);
  if (name === "results.atom") return resultsFeed(origin);
  return responsesFeed(origin, FEEDS[name].organisation);
}
