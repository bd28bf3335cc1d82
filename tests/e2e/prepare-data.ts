// Runs BEFORE the e2e server starts (the webServer command in playwright.config.ts runs
// `tsx tests/e2e/prepare-data.ts && tsx app/server.ts`). It creates a fresh embedded database
// in $DATA_DIR, seeds the demo dataset and the journeys' own fixtures, closes the database
// (the server takes the folder's lock next, and PGlite must never be opened by two processes)
// and writes what the journeys need to know to $E2E_FIXTURES.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { DEMO_PEOPLE, seedDemo } from "../../db/seed";
import { user } from "../../db/schema/auth";
import { forum } from "../../db/schema/forums";
import { invitation } from "../../db/schema/invitations";
import { post, thread } from "../../db/schema/threads";
import { renderMarkdown } from "../../app/services/markdown.server";
import { makeUser } from "../factories";
import { initAuth } from "../../app/services/auth.server";
import { authSecret } from "../../app/services/config.server";
import { hashToken } from "../../app/models/people/invitations.server";
import { eq } from "drizzle-orm";
import { liveHolder } from "../../db/pglite-lock";
import type { E2EFixtures } from "./fixtures";
import { DAY, HOUR } from "../../app/utils/time";
import { listAgenda, recordAttendance, scheduleMeeting, transitionMeeting } from "../../app/models/meetings/meetings.server";
import { addMeetingAction, saveAgendaMinutes } from "../../app/models/meetings/minutes.server";
import { addLondonDays, londonDate } from "../../app/utils/london-clock";
import type { Role } from "../../app/utils/permissions";


function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set (playwright.config.ts sets it for the webServer command).`);
  return value;
}

/** Removes e2e folders left by earlier runs whose server is no longer running. */
function removeStaleRuns(current: string) {
  const prefix = "vvf-e2e-";
  if (!path.basename(current).startsWith(prefix)) return;
  const parent = path.dirname(current);
  for (const name of fs.readdirSync(parent)) {
    const full = path.join(parent, name);
    if (!name.startsWith(prefix) || full === current) continue;
    // A server still running on it holds its lock.
    const fresh = liveHolder(path.join(full, "data", "pglite.pid")) !== null;
    // A run still seeding has no lock yet: leave anything touched in the last half hour.
    const recent = Date.now() - fs.statSync(full).mtimeMs < 30 * 60_000;
    if (!fresh && !recent) fs.rmSync(full, { recursive: true, force: true });
  }
}

async function main() {
  const dataDir = path.resolve(required("DATA_DIR"));
  const fixturesFile = path.resolve(required("E2E_FIXTURES"));
  const runDir = path.dirname(dataDir);

  removeStaleRuns(runDir);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });

  const handle = await openDatabase({ dataDir });
  // The same secret the server reads from this folder next: the demo staff's authenticator
  // secrets are encrypted with it.
  initAuth(authSecret({ dataDir, kind: "pglite" }));
  try {
    await migrateDatabase(handle);
    await seedDemo(handle.db);

    const [admin] = await handle.db.select({ id: user.id }).from(user).where(eq(user.email, DEMO_PEOPLE.admin.email));
    if (!admin) throw new Error("The demo seed did not create the admin");

    // A member only the journeys use, so scans of signed-in pages do not depend on demo
    // accounts that other journeys change (member2's password, Meadow Lark's role).
    const reader = await makeUser(handle.db, {
      name: "E2E Reader",
      email: "e2e-reader@e2e.vvf.test",
      password: "e2e reader password 2026",
      role: "member",
    });

    // A member who downloads their data and deletes their account (member-data.spec.ts), with a
    // published thread of their own in a public thread, so the journey sees it become a former
    // member's.
    const [london] = await handle.db.select({ id: forum.id }).from(forum).where(eq(forum.slug, "london"));
    const leaver = await makeUser(handle.db, {
      name: "E2E Leaver",
      email: "e2e-leaver@e2e.vvf.test",
      password: "e2e leaver password 2026",
      role: "member",
      forumIds: [london.id],
    });
    const leaverText = "Nobody told me when my case was closed, and I found out by chance.";
    const [leaverThread] = await handle.db
      .insert(thread)
      .values({ forumId: london.id, authorId: leaver.id, title: "Finding out a case was closed", visibility: "public", published: true })
      .returning();
    await handle.db.insert(post).values({
      threadId: leaverThread.id,
      authorId: leaver.id,
      isOpening: true,
      bodySource: leaverText,
      bodyHtml: renderMarkdown(leaverText),
      status: "approved",
      approvedAt: new Date(),
    });

    // A moderator who has not set up two-factor yet: staff-two-factor.spec.ts does it.
    const newStaff = await makeUser(handle.db, {
      name: "E2E New Moderator",
      email: "e2e-new-moderator@e2e.vvf.test",
      password: "e2e new moderator password 2026",
      role: "moderator",
      twoFactor: false,
    });

    // A London forum meeting whose minutes were published with an action for the Met, which
    // nobody has answered yet: responses-meetings-actions.spec.ts answers both (and only it).
    const [moderatorRow] = await handle.db.select().from(user).where(eq(user.email, DEMO_PEOPLE.moderators[0].email));
    const moderator = { id: moderatorRow.id, name: moderatorRow.name, email: moderatorRow.email, role: moderatorRow.role as Role, organisation: null };
    const held = new Date(Date.now() - 10 * DAY);
    const answerableMeeting = await scheduleMeeting(
      moderator,
      {
        forumId: london.id,
        title: "E2E forum meeting: updates after reporting",
        description: "",
        startsAt: held,
        endsAt: new Date(held.getTime() + 2 * HOUR),
        place: "City Hall, Committee Room 2",
        onlineUrl: null,
        agenda: [{ title: "Updates after reporting a crime", notes: "" }],
        coChairIds: [],
      },
      new Date(held.getTime() - 7 * DAY),
    );
    const afterMeeting = new Date(held.getTime() + 3 * HOUR);
    await transitionMeeting({ meetingId: answerableMeeting.id, actor: moderator, move: { kind: "mark-held" }, now: afterMeeting });
    await recordAttendance(moderator, { meetingId: answerableMeeting.id, counts: { members: 5, met: 1, mopac: 0, facilitators: 1, others: 0 }, presentIds: [], now: afterMeeting });
    await transitionMeeting({ meetingId: answerableMeeting.id, actor: moderator, move: { kind: "start-minutes" }, now: afterMeeting });
    const [agendaItem] = await listAgenda(answerableMeeting.id);
    await saveAgendaMinutes(moderator, { meetingId: answerableMeeting.id, agendaItemId: agendaItem.id, summary: "Members had waited weeks for any word after reporting.", decisions: "", now: afterMeeting });
    const answerableAction = await addMeetingAction(moderator, {
      meetingId: answerableMeeting.id,
      agendaItemId: agendaItem.id,
      title: "E2E action: send an update within five working days of every report",
      details: "",
      organisation: "met",
      dueDate: addLondonDays(londonDate(new Date()), 60),
    });
    await transitionMeeting({ meetingId: answerableMeeting.id, actor: moderator, move: { kind: "open-review" }, now: afterMeeting });
    await transitionMeeting({ meetingId: answerableMeeting.id, actor: moderator, move: { kind: "publish", early: true }, now: new Date(held.getTime() + DAY) });
    // A responder who has left: staff-deletion.spec.ts has the admin delete the account.
    const leavingStaff = await makeUser(handle.db, {
      name: "E2E Leaving Responder",
      email: "e2e-leaving-responder@e2e.vvf.test",
      password: "e2e leaving responder password 2026",
      role: "responder",
      organisation: "met",
    });

    const now = Date.now();
    const expiredToken = crypto.randomBytes(32).toString("base64url");
    const usedToken = crypto.randomBytes(32).toString("base64url");
    await handle.db.insert(invitation).values([
      {
        tokenHash: hashToken(expiredToken),
        email: "e2e-expired@e2e.vvf.test",
        role: "member",
        forumIds: [],
        invitedById: admin.id,
        createdAt: new Date(now - 20 * DAY),
        expiresAt: new Date(now - 6 * DAY),
      },
      {
        tokenHash: hashToken(usedToken),
        email: reader.email,
        role: "member",
        forumIds: [],
        invitedById: admin.id,
        createdAt: new Date(now - 3 * DAY),
        expiresAt: new Date(now + 11 * DAY),
        usedAt: new Date(now - 2 * DAY),
        acceptedUserId: reader.id,
      },
    ]);

    const fixtures: E2EFixtures = {
      expiredToken,
      usedToken,
      reader: { name: reader.name, email: reader.email, password: reader.password },
      leaver: { name: leaver.name, email: leaver.email, password: leaver.password, threadId: leaverThread.id, postText: leaverText },
      newStaff: { name: newStaff.name, email: newStaff.email, password: newStaff.password },
      answerable: { meetingId: answerableMeeting.id, meetingTitle: answerableMeeting.title, actionId: answerableAction.id, actionTitle: answerableAction.title },
      leavingStaff: { name: leavingStaff.name, email: leavingStaff.email, password: leavingStaff.password, totpSecret: leavingStaff.totpSecret! },
    };
    fs.writeFileSync(fixturesFile, JSON.stringify(fixtures, null, 2));
  } finally {
    await handle.close();
  }
  console.log(`[e2e] fresh database with demo data and fixtures in ${dataDir}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error("[e2e] preparing the database failed:", err);
    process.exit(1);
  },
);
