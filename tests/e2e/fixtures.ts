// What the journeys know about the data that tests/e2e/prepare-data.ts seeded before the
// server started: the demo accounts (db/seed.ts) and the e2e fixtures written to a JSON file.
import fs from "node:fs";
export { DEMO_PASSWORD, DEMO_TOTP_SECRET } from "../../db/demo-credentials";

export type E2EFixtures = {
  /** An invitation that expired days ago. */
  expiredToken: string;
  /** An invitation that was accepted already (by `reader`). */
  usedToken: string;
  /** A member that only the journeys use (in no forum). */
  reader: { name: string; email: string; password: string };
  /** A member with a published public thread, who deletes their account (member-data.spec.ts). */
  leaver: { name: string; email: string; password: string; threadId: string; postText: string };
  /** A moderator without two-factor yet: staff-two-factor.spec.ts sets it up (and only it). */
  newStaff: { name: string; email: string; password: string };
  /** A meeting with published minutes and its action for the Met, unanswered: responses-meetings-actions.spec.ts answers them. */
  answerable: { meetingId: string; meetingTitle: string; actionId: string; actionTitle: string };
  /** A responder with two-factor whom the admin deletes (staff-deletion.spec.ts, and only it). */
  leavingStaff: { name: string; email: string; password: string; totpSecret: string };
};

let cached: E2EFixtures | undefined;

export function fixtures(): E2EFixtures {
  if (cached) return cached;
  const file = process.env.E2E_FIXTURES;
  if (!file) throw new Error("E2E_FIXTURES is not set: run the journeys with `npx playwright test` (playwright.config.ts sets it).");
  cached = JSON.parse(fs.readFileSync(file, "utf8")) as E2EFixtures;
  return cached;
}

/**
 * The demo sign-ins (db/seed.ts; README lists them). The staff among them have two-factor set up
 * with DEMO_TOTP_SECRET: helpers.ts's signIn answers the code step with it. Journeys run in parallel against one
 * server, so an account a journey CHANGES belongs to that journey alone:
 *   member2  – password-reset.spec.ts changes the password
 *   member12 (Meadow Lark) – admin-role.spec.ts makes them a moderator
 *   member3, member4, member5 – wrong-password.spec.ts (failed sign-ins, nothing changed)
 *   mopac – staff-two-factor.spec.ts (the code step without JavaScript, a wrong code first)
 * Failed sign-ins count per account (5 per 15 minutes) and per address (RATE_LIMIT_SIGN_IN,
 * 50 per 15 minutes); the journeys make 5, on four accounts.
 * The threads-*.spec.ts journeys sign in (never changing the accounts) and post threads with
 * titles unique to each run, asserting only on their own posts and notifications about them:
 *   threads-live-approval      member7 (author), member8 (reads), moderator1
 *   threads-reject-resubmit    member3 (author), moderator2
 *   threads-report-hide        member11 (starts), member9 (author), member10 (reports), moderator1
 *   threads-safeguarding       member4 (author), member5 (reads), moderator2
 *   threads-official-response  member6 (author), moderator1, met
 *   threads-no-javascript      member1 (author), member8 (reads), moderator2
 *   threads-two-moderators     member8 (author), moderator1, moderator2
 *   my-met-service             officer7 (asks for feedback), moderator1 (reviews the comment)
 */
export const DEMO = {
  admin: "admin@demo.vvf.test",
  moderator: "moderator1@demo.vvf.test",
  moderator2: "moderator2@demo.vvf.test",
  met: "met@demo.vvf.test",
  mopac: "mopac@demo.vvf.test",
  member: (n: number) => `member${n}@demo.vvf.test`,
};
