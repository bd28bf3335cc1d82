// My Met Service demo data: four officers in each pilot borough (Havering, Barking and Dagenham,
// Redbridge, Waltham Forest, Newham, Hackney, Tower Hamlets), built with the tests' factories,
// and a few hundred answers over the last six months, made through the models themselves
// (issueFeedbackLink, answerFeedbackLink, answerStandingForm, decideComment) so that whatever
// they keep up to date is kept here too. Every link is a QR code: the demo sends no email and no
// text message. Each answer is dated when it would have happened: the link issued on the day of
// the contact, answered 1 hour to 5 days later, always before now.
//
// The figures are meant to show something under the small-number rule (decision 034): answers
// come in groups of five alike (same officer, month, kind of contact and rating), so most
// figures can be shown; the newest officers have fewer than 5 ratings (their own page waits),
// and two officers' ratings are split across kinds of contact so that their pages (and London's
// figures by kind) hide some figures.
import { eq } from "drizzle-orm";
import type { Queryable } from "./client";
import { user } from "./schema/auth";
import { asCurrentUser, makeOfficer, type MadeUser } from "../tests/factories";
import { boroughName, PILOT_BOROUGHS } from "../app/utils/boroughs";
import { DEMO_TOTP_SECRET } from "./demo-credentials";
import { answerFeedbackLink, answerStandingForm } from "../app/models/feedback/answers.server";
import { decideComment, listPendingComments } from "../app/models/feedback/comments.server";
import { issueFeedbackLink } from "../app/models/feedback/links.server";
import { database } from "../app/models/database.server";
import type { ContactKind, YesPartlyNo } from "../app/utils/feedback";
import type { Organisation, Role } from "../app/utils/permissions";
import { londonDate, londonWallTime } from "../app/utils/london-clock";
import { DAY } from "../app/utils/time";

const EXTRA_NAMES = [
  ["PC Okafor", "PC Byrne", "PC Shah"],
  ["PS Adeyemi", "PC Novak", "PC Hughes"],
  ["PC Kaur", "PC Mensah", "PC Doyle"],
  ["PC Ahmed", "PS Walsh", "PC Fernandes"],
  ["PC Osei", "PC Kowalski", "PC Patel"],
  ["PS Clarke", "PC Yilmaz", "PC Reid"],
  ["PC Begum", "PC O'Neill", "PC Hassan"],
];

/** officer1…officer7 (one per pilot borough, as before), then officer8…officer28. */
export const DEMO_OFFICERS = [
  ...PILOT_BOROUGHS.map((borough, i) => ({
    name: `PC ${boroughName(borough).split(" ")[0]}`,
    email: `officer${i + 1}@demo.vvf.test`,
    borough,
    shoulderNumber: String(210100 + i * 7),
  })),
  ...PILOT_BOROUGHS.flatMap((borough, b) =>
    EXTRA_NAMES[b].map((name, k) => ({
      name,
      email: `officer${8 + b * 3 + k}@demo.vvf.test`,
      borough,
      shoulderNumber: String(220100 + b * 10 + k),
    })),
  ),
];

export async function seedDemoOfficers(q: Queryable, password: string) {
  // Officers must use two-factor: set up with the demo staff's published secret.
  for (const o of DEMO_OFFICERS) await makeOfficer(q, { ...o, password, totpSecret: DEMO_TOTP_SECRET });
}

// ---------------------------------------------------------------------------------------------
// Answers

/** A group of answers alike: `count` ratings of `rating` for one officer (or a leaflet), in one month, for one kind of contact. */
type Batch = { officer: string | null; borough: string; monthsAgo: number; kind: ContactKind; rating: number; count: number };

const COMMENTS: Record<number, string[]> = {
  5: [
    "The officer stayed with me until my sister arrived and explained every step.",
    "She called me back when she said she would. I felt believed for the first time.",
    "Patient, kind and clear about what would happen next.",
    "He gave me the Victim Support number and checked I was safe before leaving.",
  ],
  4: ["Helpful and polite, though I waited a long time for the visit.", "Kept me informed, which I did not expect."],
  3: ["It was fine, but nobody told me about my rights until I asked."],
  2: ["I felt rushed and I still do not know what happens next."],
  1: ["The officer did not seem to believe me and did not write down what I said."],
};

/** The batches of one borough: b is its place in PILOT_BOROUGHS, emails its officers' (steady, second, newest two). */
function boroughBatches(b: number, borough: string, emails: string[]): Batch[] {
  const [steady, second, newA, newB] = emails;
  const batches: Batch[] = [];
  const add = (officer: string | null, monthsAgo: number, kind: ContactKind, rating: number, count = 5) => batches.push({ officer, borough, monthsAgo, kind, rating, count });
  // The borough's longest-serving officer: a group each month, their rating varying.
  const cycle = [5, 4, 5, 3, 4, 5];
  const kinds: ContactKind[] = ["attended-report", "took-statement", "gave-update", "attended-report", "other", "took-statement"];
  for (let m = 1; m <= 6; m++) add(steady, m, kinds[(m + b) % kinds.length], cycle[(m + b) % cycle.length]);
  add(steady, 1 + (b % 3), "attended-report", 5);
  add(steady, 0, "gave-update", 4);
  if (b < 3) {
    // Much praised.
    for (let m = 1; m <= 4; m++) add(second, m, "attended-report", 5);
    add(second, 2, "took-statement", 4);
  } else if (b < 5) {
    // Struggling: low ratings, which the supervisors see.
    add(second, 1, "attended-report", 2);
    add(second, 2, "attended-report", 1);
    add(second, 3, "took-statement", 2);
    add(second, 4, "gave-update", 3);
  } else {
    // Ten ratings, five of them over two kinds of contact (3 and 2): their page hides those kinds.
    add(second, 3, "attended-report", 5);
    add(second, 1, "gave-update", 4, 3);
    add(second, 1, "other", 4, 2);
  }
  // The newest two: fewer than 5 ratings each (their pages wait), together a group of five.
  add(newA, 1, "took-statement", 4, 3);
  add(newB, 1, "took-statement", 4, 2);
  // A leaflet's QR code: no officer, no contact.
  if (b % 2 === 0) add(null, 2 + (b % 3), "other", 4);
  return batches;
}

const answersToQuestions = (rating: number): [YesPartlyNo, YesPartlyNo, YesPartlyNo] =>
  rating >= 4 ? ["yes", "yes", rating === 5 ? "yes" : "partly"] : rating === 3 ? ["partly", "yes", "no"] : ["no", "partly", "no"];

/** When the i-th answer of a batch was given: a weekday of the month `monthsAgo` before now's, always before now. */
function answerTimes(monthsAgo: number, i: number, salt: number, now: Date): { issuedAt: Date; answeredAt: Date } | null {
  const today = londonDate(now);
  const [y, m] = today.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1 - monthsAgo, 1));
  const month = first.toISOString().slice(0, 7);
  // Days 2 to 20, answered within 5 days: the answer stays in the same month.
  const day = 2 + ((i * 4 + salt * 3) % 19);
  const issuedAt = londonWallTime(`${month}-${String(day).padStart(2, "0")}`, `${String(9 + ((i + salt) % 9)).padStart(2, "0")}:${String((salt * 7) % 60).padStart(2, "0")}`)!;
  const answeredAt = new Date(issuedAt.getTime() + (1 + ((i * 17 + salt) % 96)) * 60 * 60 * 1000);
  if (answeredAt.getTime() >= now.getTime() - 60 * 1000) {
    // This month: squeeze the group into the days before now, or leave it out.
    if (monthsAgo !== 0) return null;
    const span = now.getTime() - first.getTime();
    if (span < 2 * DAY) return null;
    const at = new Date(first.getTime() + span * ((i + 1) / 8));
    return { issuedAt: at, answeredAt: new Date(at.getTime() + 30 * 60 * 1000) };
  }
  return { issuedAt, answeredAt };
}

const actorOf = (row: typeof user.$inferSelect) => ({ id: row.id, name: row.name, email: row.email, role: row.role as Role, organisation: row.organisation as Organisation | null });

/**
 * Officers' answers for the last six months (and a few this month), leaflet answers, some links
 * that were never answered, and comments in every state: approved, approved for recognition,
 * redacted, rejected and still waiting for a moderator.
 */
export async function seedDemoFeedback(now = new Date()) {
  const db = database();
  const officers = new Map<string, MadeUser>();
  for (const o of DEMO_OFFICERS) {
    const [row] = await db.select().from(user).where(eq(user.email, o.email));
    officers.set(o.email, { ...actorOf(row), password: "", totpSecret: null, backupCodes: [] });
  }
  const batches = PILOT_BOROUGHS.flatMap((borough, b) =>
    boroughBatches(
      b,
      borough,
      DEMO_OFFICERS.filter((o) => o.borough === borough).map((o) => o.email),
    ),
  );
  let salt = 0;
  let standing = 0;
  for (const batch of batches) {
    salt++;
    for (let i = 0; i < batch.count; i++) {
      const when = answerTimes(batch.monthsAgo, i, salt, now);
      if (!when) continue;
      const [keptInformed, treatedWithRespect, toldRights] = answersToQuestions(batch.rating);
      const pool = COMMENTS[batch.rating];
      // About one answer in four leaves a comment.
      const comment = (i + salt) % 4 === 0 ? pool[(i + salt) % pool.length] : null;
      const input = { rating: batch.rating, keptInformed, treatedWithRespect, toldRights, comment };
      if (batch.officer === null) {
        standing++;
        await answerStandingForm(batch.borough, input, { address: `198.51.100.${standing}` }, when.answeredAt);
        continue;
      }
      const officer = officers.get(batch.officer)!;
      const issued = await issueFeedbackLink(asCurrentUser(officer), { contactDate: londonDate(when.issuedAt), contactKind: batch.kind, channel: "qr" }, when.issuedAt);
      await answerFeedbackLink(issued.token, input, when.answeredAt);
    }
  }
  // Links that were never answered: most expired, a few still open (the share that led to feedback).
  for (const [n, o] of DEMO_OFFICERS.entries()) {
    for (const daysAgo of [40 + n, 75 + n, 3 + (n % 5)]) {
      const at = new Date(now.getTime() - daysAgo * DAY);
      await issueFeedbackLink(asCurrentUser(officers.get(o.email)!), { contactDate: londonDate(at), contactKind: "gave-update", channel: "qr" }, at);
    }
  }
  // The moderators' decisions, each a little after the answer; the newest comments still wait.
  const [moderatorRow] = await db.select().from(user).where(eq(user.email, "moderator1@demo.vvf.test"));
  const moderator = actorOf(moderatorRow);
  const pending = await listPendingComments(moderator);
  const waitFrom = new Date(now.getTime() - 10 * DAY);
  for (const [n, c] of pending.entries()) {
    if (c.answeredAt >= waitFrom) continue;
    const at = new Date(c.answeredAt.getTime() + 20 * 60 * 60 * 1000);
    if (c.rating === 5 && n % 3 !== 2) await decideComment(moderator, c.id, { intent: "commend" }, at);
    else if (c.rating === 1 && n % 2 === 0) await decideComment(moderator, c.id, { intent: "redact", text: c.comment.replace("did not write down what I said", "[removed by a moderator]") }, at);
    else if (c.rating === 2 && n % 2 === 0) await decideComment(moderator, c.id, { intent: "reject" }, at);
    else await decideComment(moderator, c.id, { intent: "approve" }, at);
  }
}
