// Identifying details of every kind, end to end through the route modules: the author is
// warned before sending (each finding named in plain English), the post is stored with its
// findings, the moderator's queue and item page highlight them with their labels, and a
// redaction through the item page replaces the text and recomputes the findings.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { post } from "../../db/schema/threads";
import * as threadPage from "~/routes/threads.$id";
import * as queue from "~/routes/moderation._index";
import * as itemPage from "~/routes/moderation.items.$postId";
import { PII_LABELS, type PiiFinding } from "~/utils/pii";
import { useTestDatabase } from "../db";
import { cookieFor, run } from "../support/routes";
import { auditFor, makeCast, postRow, publishedThread } from "../support/threads";

useTestDatabase();

const location = (o: { headers: Headers }) => o.headers.get("location");

// One reply carrying a detail of each new kind, some of them disguised.
const details = {
  vehicle: "AB12 CDE",
  "ni-number": "JK 12 34 56 C",
  "nhs-number": "943 476 5919",
  "date-of-birth": "12/03/1985",
  "person-name": "DS Patel",
  "social-handle": "@jd_1990",
  bank: "20-00-00",
  phone: "oh seven seven double oh nine oh oh one two three",
  email: "jane dot doe at gmail dot com",
  address: "Flat 12 Peabody Buildings, Cable Street",
} as const;
const body = [
  `He drives ${details.vehicle} and knows my NI number, ${details["ni-number"]}.`,
  `The hospital letter had my NHS number ${details["nhs-number"]} and DOB ${details["date-of-birth"]} on it.`,
  `${details["person-name"]} said to message him at ${details["social-handle"]}.`,
  `He took money from sort code ${details.bank}. Ring me on ${details.phone} or write to ${details.email}.`,
  `I live at ${details.address}.`,
].join("\n");

async function sendReply(threadId: string, cookie: string, text = body, confirmed?: string) {
  const form: Record<string, string> = { intent: "reply", body: text };
  if (confirmed) form.piiConfirmed = confirmed;
  return run(threadPage.action, `/threads/${threadId}`, { cookie, params: { id: threadId }, form });
}

describe("identifying details of every kind, from the author's warning to the moderator's redaction", () => {
  it("the author is warned about each detail, in plain English, before anything is stored", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const warned = await sendReply(thread.id, await cookieFor(cast.made.member));
    expect(warned.status).toBe(200);
    const findings = warned.data.pii.fields.flatMap((f: { findings: PiiFinding[] }) => f.findings) as PiiFinding[];
    expect(findings.map((f) => [f.kind, f.text]).sort()).toEqual(Object.entries(details).sort());
    // The warning's words: every kind has a label, and the labels are what the page prints.
    expect(findings.map((f) => PII_LABELS[f.kind])).toContain("a vehicle registration");
    expect(findings.map((f) => PII_LABELS[f.kind])).toContain("a person's name");
    expect(warned.data.result.initialValue.body).toBe(body);
    expect(await db().select().from(post).where(and(eq(post.threadId, thread.id), eq(post.authorId, cast.member.id)))).toHaveLength(0);
  });

  it("sent anyway, the moderator sees each detail highlighted with its label, then redacts them and the findings are recomputed", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const memberCookie = await cookieFor(cast.made.member);
    const warned = await sendReply(thread.id, memberCookie);
    const sent = await sendReply(thread.id, memberCookie, body, warned.data.pii.hash);
    expect(location(sent)).toBe(`/threads/${thread.id}`);
    const [stored] = await db().select().from(post).where(and(eq(post.threadId, thread.id), eq(post.authorId, cast.member.id)));
    expect(stored.status).toBe("pending");
    expect((stored.piiFindings as PiiFinding[]).map((f) => f.kind).sort()).toEqual(Object.keys(details).sort());

    const moderatorCookie = await cookieFor(cast.made.moderator);
    // The queue lists the post with its findings named.
    const listed = await run(queue.loader, "/moderation", { cookie: moderatorCookie });
    const inQueue = JSON.stringify(listed.data);
    for (const kind of Object.keys(details) as (keyof typeof details)[]) expect(inQueue).toContain(PII_LABELS[kind]);

    // The item page: each finding with its label, and the text split so each one is marked.
    const path = `/moderation/items/${stored.id}`;
    const page = await run(itemPage.loader, path, { cookie: moderatorCookie, params: { postId: stored.id } });
    expect(page.status).toBe(200);
    expect(page.data.item.findings).toEqual(
      expect.arrayContaining(Object.entries(details).map(([kind, text]) => ({ label: PII_LABELS[kind as keyof typeof details], text }))),
    );
    const marked = (page.data.item.segments as { text: string; kind?: string }[]).filter((s) => s.kind);
    expect(marked.map((s) => [s.kind, s.text]).sort()).toEqual(
      Object.entries(details).map(([kind, text]) => [PII_LABELS[kind as keyof typeof details], text]).sort(),
    );
    expect((page.data.item.segments as { text: string }[]).map((s) => s.text).join("")).toBe(body);

    // Redact: every detail replaced; the post is published with the safe text and no findings.
    let redacted = body;
    for (const text of Object.values(details)) redacted = redacted.replace(text, "[removed]");
    const done = await run(itemPage.action, path, {
      cookie: moderatorCookie,
      params: { postId: stored.id },
      form: { intent: "redact", version: String(stored.version), body: redacted, note: "We took out the details that could identify you and others." },
    });
    expect(done.status).toBe(302);
    const after = await postRow(stored.id);
    expect(after).toMatchObject({ status: "approved", bodySource: redacted, redactionNote: "We took out the details that could identify you and others." });
    expect(after.piiFindings).toEqual([]);
    expect((await auditFor(stored.id)).map((e) => e.action)).toContain("post.redact");
    const reloaded = await run(itemPage.loader, path, { cookie: moderatorCookie, params: { postId: stored.id } });
    expect(reloaded.data.item.findings).toEqual([]);
  });

  it("a redaction that leaves a detail in keeps it flagged", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const memberCookie = await cookieFor(cast.made.member);
    const text = "My ex Daniel Hughes drives AB12 CDE.";
    const warned = await sendReply(thread.id, memberCookie, text);
    await sendReply(thread.id, memberCookie, text, warned.data.pii.hash);
    const [stored] = await db().select().from(post).where(and(eq(post.threadId, thread.id), eq(post.authorId, cast.member.id)));
    const moderatorCookie = await cookieFor(cast.made.moderator);
    await run(itemPage.action, `/moderation/items/${stored.id}`, {
      cookie: moderatorCookie,
      params: { postId: stored.id },
      form: { intent: "redact", version: String(stored.version), body: "My ex Daniel Hughes drives [a car].", note: "We removed the car's registration." },
    });
    expect((await postRow(stored.id)).piiFindings).toEqual([{ kind: "person-name", text: "Daniel Hughes", start: 6, end: 19 }]);
  });
});
