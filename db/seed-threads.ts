// Demo threads, made through the same model functions the pages use, so the demo shows every
// state a newcomer should see: public and members-only threads with replies in both forums,
// items waiting for review (one with a content warning, one with identifying details), a
// reported post, a thread answered by the Met and one overdue without a response.
import type { Db } from "./client";
import { user } from "./schema/auth";
import { forum } from "./schema/forums";
import { transitionPost } from "../app/models/threads/post-lifecycle.server";
import { replyToThread, startThread } from "../app/models/threads/threads.server";
import type { CurrentUser } from "../app/services/session.server";
import type { Organisation, Role } from "../app/utils/permissions";
import { reportPost } from "../app/models/threads/reports.server";
import { markForResponse, publishThreadResponse } from "../app/models/threads/official-responses.server";
import { DAY } from "../app/utils/time";


export async function seedDemoThreads(db: Db, now = new Date()) {
  const people = await db.select().from(user);
  const byEmail = (email: string): CurrentUser => {
    const u = people.find((p) => p.email === email);
    if (!u) throw new Error(`demo person ${email} missing`);
    return { id: u.id, name: u.name, email: u.email, role: u.role as Role, organisation: u.organisation as Organisation | null };
  };
  const forums = await db.select().from(forum);
  const london = forums.find((f) => f.slug === "london")!;
  const black = forums.find((f) => f.slug === "black-communities")!;
  const mod = byEmail("moderator1@demo.vvf.test");
  const met = byEmail("met@demo.vvf.test");
  const m = (n: number) => byEmail(`member${n}@demo.vvf.test`);
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  const approve = (postId: string, at: Date) => transitionPost({ postId, actor: mod, transition: { kind: "approve" }, now: at });

  // A public thread in London, answered by the Met.
  const updates = await startThread(
    m(1),
    {
      forumId: london.id,
      title: "Nobody told me my case had been closed",
      body: "I reported a burglary last spring. I only found out the case was closed when I rang to ask, months later.\n\nUnder the Victims' Code I should have been told. Has this happened to others?",
      contentWarnings: [],
      visibility: "public",
      atRisk: false,
    },
    ago(40),
  );
  await approve(updates.post.id, ago(39));
  for (const [n, text, day] of [
    [2, "The same happened to me. I had to chase three times before anyone called me back.", 38],
    [3, "I was told by letter, which was something, but it gave no reason and no name to contact.", 37],
    [5, "It would help if the officer in the case had to confirm each update was sent, like a checklist.", 36],
  ] as const) {
    const r = await replyToThread(m(n), { threadId: updates.thread.id, body: text, contentWarnings: [], atRisk: false }, ago(day));
    await approve(r.id, ago(day - 0.5));
  }
  await markForResponse(mod, { threadId: updates.thread.id, organisation: "met" }, ago(35));
  await publishThreadResponse(
    met,
    {
      threadId: updates.thread.id,
      responderTitle: "Reform lead, Victim Care",
      body: "Thank you for raising this. From January every case closure will trigger a letter **and** a named contact, and we will report monthly on how many victims were told within five working days.",
    },
    ago(20),
  );

  // A members-only thread with a content warning, marked for MOPAC and now overdue.
  const court = await startThread(
    m(4),
    {
      forumId: london.id,
      title: "Support at court after domestic abuse",
      body: "Going to court was harder than the abuse itself in some ways. I was in the same waiting area as him.",
      contentWarnings: ["domestic-abuse"],
      visibility: "members",
      atRisk: false,
    },
    ago(60),
  );
  await approve(court.post.id, ago(59));
  const courtReply = await replyToThread(
    m(6),
    { threadId: court.thread.id, body: "Ask for a separate waiting room in advance. It made a real difference for me.", contentWarnings: [], atRisk: false },
    ago(58),
  );
  await approve(courtReply.id, ago(57));
  await markForResponse(
    mod,
    {
      threadId: court.thread.id,
      organisation: "mopac",
      publicSummary: "Members described sharing court waiting areas with the person who harmed them, and asked how separate waiting rooms are arranged.",
    },
    ago(56),
  );

  // The Black communities forum: a public thread with a reply, and one members-only thread.
  const stop = await startThread(
    m(9),
    {
      forumId: black.id,
      title: "Being treated as a suspect when I was the victim",
      body: "When I reported being attacked, the first questions were about me, not about what happened. I want officers to understand how that feels.",
      contentWarnings: ["violence"],
      visibility: "public",
      atRisk: false,
    },
    ago(15),
  );
  await approve(stop.post.id, ago(14));
  const stopReply = await replyToThread(m(10), { threadId: stop.thread.id, body: "This is exactly what happened to my brother. Thank you for saying it.", contentWarnings: [], atRisk: false }, ago(13));
  await approve(stopReply.id, ago(12));
  const reported = await replyToThread(m(11), { threadId: stop.thread.id, body: "Some of the people posting here are exaggerating, frankly.", contentWarnings: [], atRisk: false }, ago(11));
  await approve(reported.id, ago(10));
  await reportPost(m(12), { postId: reported.id, reason: "This dismisses what people have been through and feels hostile." }, ago(9));

  const family = await startThread(
    m(7),
    {
      forumId: black.id,
      title: "Family liaison after a bereavement",
      body: "Our family liaison officer changed three times in a year. Each time we had to tell the story again.",
      contentWarnings: ["bereavement"],
      visibility: "members",
      atRisk: false,
    },
    ago(9),
  );
  await approve(family.post.id, ago(8));

  // Waiting in the review queue: one with a content warning, one with identifying details.
  await replyToThread(
    m(8),
    {
      threadId: court.thread.id,
      body: "My ex followed me out of court and nobody stopped him. I still think about it every day.",
      contentWarnings: ["domestic-abuse"],
      atRisk: false,
    },
    ago(1),
  );
  await startThread(
    m(2),
    {
      forumId: london.id,
      title: "Still waiting for my phone to be returned",
      body: "They took my phone as evidence in March. My crime reference is CRIS 4412345/25. You can reach me on 07700 900123 if anyone knows who to ask.",
      contentWarnings: [],
      visibility: "members",
      atRisk: false,
    },
    ago(0.5),
  );
}

