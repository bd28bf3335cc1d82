// Two members who have done everything a member can (issue 11, items 2 and 3): posts in every
// state, reports, meeting replies, minutes comments and consents, consultation answers,
// notifications and preferences. Every piece of text each of them wrote carries their own
// marker ("ZEBRA…" for Zara, "OTTER…" for Otto), so a test can check that an export or a
// deletion touches one person's data and nobody else's by searching for the other's marker.
import { sql } from "drizzle-orm";
import { db } from "../../db/client";
import { meeting, meetingAgendaItem, meetingNamingConsent, meetingQuote, meetingReviewComment, meetingRsvp } from "../../db/schema/meetings";
import { savePreferences } from "~/models/notifications/notifications.server";
import { transitionPost } from "~/models/threads/post-lifecycle.server";
import { reportPost } from "~/models/threads/reports.server";
import { startThread } from "~/models/threads/threads.server";
import { DAY, HOUR } from "~/utils/time";
import { asCurrentUser, makeForum, makeUser } from "../factories";
import { answer, openConsultation, type ConsultationCast } from "./consultations-fixtures";
import { reply } from "../support/threads";

export type Person = ReturnType<typeof asCurrentUser>;

/** Everything one member wrote, by kind, so tests can look for it. */
export type Writing = {
  marker: string;
  threadTitle: string;
  posts: Record<"approved" | "pending" | "rejected" | "withdrawn" | "hidden" | "safeguarding" | "redacted", { id: string; text: string }>;
  reportReason: string;
  minutesComment: string;
  quote: string;
  consultationText: string;
};

export async function makeMembersWithData() {
  const q = db();
  const forum = await makeForum(q, { name: "Members data forum" });
  const zaraMade = await makeUser(q, { name: "Zara Zebrafinch", email: "zara.zebrafinch@example.test", password: "zara's own long passphrase", forumIds: [forum.id] });
  const ottoMade = await makeUser(q, { name: "Otto Otterlantern", email: "otto.otterlantern@example.test", forumIds: [forum.id] });
  const moderator = asCurrentUser(await makeUser(q, { name: "Moderator Mae", role: "moderator" }));
  const met = asCurrentUser(await makeUser(q, { name: "Met Lead Lou", role: "responder", organisation: "met" }));
  const zara = asCurrentUser(zaraMade);
  const otto = asCurrentUser(ottoMade);

  async function writeAll(me: Person, marker: string, threadTitle: string, otherThreadId?: string) {
    const { thread: t, post: opening } = await startThread(me, {
      forumId: forum.id,
      title: threadTitle,
      visibility: "public",
      body: `${marker} opening post text`,
      contentWarnings: [],
      atRisk: false,
    });
    await transitionPost({ postId: opening.id, actor: moderator, transition: { kind: "approve" } });
    const where = otherThreadId ?? t.id;
    const make = async (label: string, atRisk = false) => {
      const text = `${marker} ${label} reply text`;
      const p = await reply(where, me, { body: text, atRisk });
      return { id: p.id, text };
    };
    const pending = await make("pending");
    const rejected = await make("rejected");
    await transitionPost({ postId: rejected.id, actor: moderator, transition: { kind: "reject", reason: "identifying", note: `${marker} rejection note shown to the author` } });
    const withdrawn = await make("withdrawn");
    await transitionPost({ postId: withdrawn.id, actor: me, transition: { kind: "withdraw" } });
    const hidden = await make("hidden");
    await transitionPost({ postId: hidden.id, actor: moderator, transition: { kind: "approve" } });
    await transitionPost({ postId: hidden.id, actor: moderator, transition: { kind: "hide", note: `${marker} PRIVATE HIDE NOTE` } });
    const safeguarding = await make("safeguarding");
    await transitionPost({ postId: safeguarding.id, actor: moderator, transition: { kind: "escalate", note: `${marker} PRIVATE ESCALATION NOTE` } });
    const redacted = await make("redacted");
    const redactedText = `${marker} redacted reply text [removed]`;
    await transitionPost({ postId: redacted.id, actor: moderator, transition: { kind: "redact", body: redactedText, note: `${marker} redaction note shown to the author` } });
    return {
      thread: t,
      writing: {
        marker,
        threadTitle,
        posts: {
          approved: { id: opening.id, text: `${marker} opening post text` },
          pending,
          rejected,
          withdrawn,
          hidden,
          safeguarding,
          redacted: { id: redacted.id, text: redactedText },
        },
      },
    };
  }

  // Otto's thread has a plain title: Zara replies in it, and the notifications she was sent
  // (hers to download) name the thread she replied in.
  const ottoAll = await writeAll(otto, "OTTER", "Waiting for news after reporting");
  const zaraAll = await writeAll(zara, "ZEBRA", "ZEBRA THREAD TITLE", ottoAll.thread.id);

  // Each reports one of the other's published posts.
  const zaraReport = "ZEBRA report reason";
  const ottoReport = "OTTER report reason";
  await reportPost(zara, { postId: ottoAll.writing.posts.approved.id, reason: zaraReport });
  await reportPost(otto, { postId: zaraAll.writing.posts.approved.id, reason: ottoReport });

  // A meeting both replied to, commented on in review, and one consented to be named in.
  const now = new Date();
  const [m] = await q
    .insert(meeting)
    .values({ forumId: forum.id, title: "Quarterly meeting", startsAt: new Date(now.getTime() - DAY), endsAt: new Date(now.getTime() - 22 * HOUR), status: "minutes-review", createdById: moderator.id })
    .returning();
  const [item] = await q.insert(meetingAgendaItem).values({ meetingId: m.id, position: 1, title: "Support at court" }).returning();
  await q.insert(meetingRsvp).values([
    { meetingId: m.id, userId: zara.id, response: "going" },
    { meetingId: m.id, userId: otto.id, response: "maybe" },
  ]);
  await q.insert(meetingReviewComment).values([
    { meetingId: m.id, agendaItemId: item.id, authorId: zara.id, body: "ZEBRA minutes comment" },
    { meetingId: m.id, agendaItemId: item.id, authorId: otto.id, body: "OTTER minutes comment" },
  ]);
  await q.insert(meetingNamingConsent).values({ meetingId: m.id, userId: zara.id });
  await q.insert(meetingQuote).values([
    { meetingId: m.id, agendaItemId: item.id, memberId: zara.id, text: "ZEBRA said this at the meeting", createdById: moderator.id },
    { meetingId: m.id, agendaItemId: item.id, memberId: otto.id, text: "OTTER said this at the meeting", createdById: moderator.id },
  ]);

  // A consultation both answered.
  const drafted = await openConsultation({} as ConsultationCast, { forumIds: [forum.id], by: met });
  await answer(zara, drafted, ["Yes", ["Arrest", "Charge"], 5, "ZEBRA consultation answer"]);
  await answer(otto, drafted, ["No", ["Court date"], 1, "OTTER consultation answer"]);

  await savePreferences(zara.id, [{ kind: "post-decision", inSite: true, email: false }]);
  await savePreferences(otto.id, [{ kind: "post-decision", inSite: false, email: false }]);

  const complete = (w: (typeof zaraAll)["writing"], report: string): Writing => ({
    ...w,
    reportReason: report,
    minutesComment: `${w.marker} minutes comment`,
    quote: `${w.marker} said this at the meeting`,
    consultationText: `${w.marker} consultation answer`,
  });
  return {
    forum,
    moderator,
    met,
    zara,
    otto,
    zaraMade,
    ottoMade,
    zaraWrote: complete(zaraAll.writing, zaraReport),
    ottoWrote: complete(ottoAll.writing, ottoReport),
    ottoThreadId: ottoAll.thread.id,
    zaraThreadId: zaraAll.thread.id,
    meetingId: m.id,
    consultation: drafted,
  };
}

/** Every row of every table in the public schema, as text, where it contains `needle` (any case). */
export async function rowsContaining(needle: string): Promise<{ table: string; row: string }[]> {
  const q = db();
  const tables = (await q.execute<{ tablename: string }>(sql.raw("select tablename from pg_tables where schemaname = 'public' order by 1"))) as unknown as
    | { rows: { tablename: string }[] }
    | { tablename: string }[];
  const names = ("rows" in tables ? tables.rows : tables).map((t) => t.tablename);
  const found: { table: string; row: string }[] = [];
  for (const table of names) {
    const result = (await q.execute(sql`select t::text as row from ${sql.identifier(table)} t where position(lower(${needle}) in lower(t::text)) > 0`)) as unknown as
      | { rows: { row: string }[] }
      | { row: string }[];
    for (const r of "rows" in result ? result.rows : result) found.push({ table, row: r.row });
  }
  return found;
}
