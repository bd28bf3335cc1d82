// Builders shared by the tests and the demo seed (db/seed.ts), so both make data the same way
// the app does.
import crypto from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { Secret } from "otpauth";
import type { Queryable } from "../db/client";
import { account, twoFactor, user } from "../db/schema/auth";
import { officer } from "../db/schema/feedback";
import { forum, forumMembership } from "../db/schema/forums";
import { mustUseTwoFactor, type Organisation, type Role } from "../app/utils/permissions";
import { storedTwoFactor } from "../app/services/two-factor.server";

const hashes = new Map<string, Promise<string>>();
/** Hashing is deliberately slow; the same password is hashed once per process. */
function hashOnce(password: string) {
  let hash = hashes.get(password);
  if (!hash) {
    hash = hashPassword(password);
    hashes.set(password, hash);
  }
  return hash;
}

let counter = 0;
const next = () => `${Date.now().toString(36)}${(++counter).toString(36)}`;

export type MadeUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisation: Organisation | null;
  password: string;
  /** The authenticator app's secret in base32 (as the set-up page shows it), when set up. */
  totpSecret: string | null;
  /** Single-use backup codes, when set up. */
  backupCodes: string[];
};

/** Ten backup codes shaped as better-auth makes them (abcde-12345). */
function backupCodes(): string[] {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return Array.from({ length: 10 }, () => {
    const chars = Array.from(crypto.randomBytes(10), (b) => alphabet[b % alphabet.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/**
 * A person, with a password and a verified email. Staff roles (which must use two-factor) are
 * set up with an authenticator app unless `twoFactor: false` says otherwise; a member only with
 * `twoFactor: true`. `totpSecret` (base32) fixes the app's secret (the demo seed does).
 */
export async function makeUser(
  q: Queryable,
  input: {
    name?: string;
    email?: string;
    role?: Role;
    organisation?: Organisation | null;
    password?: string;
    forumIds?: string[];
    status?: "active" | "suspended";
    twoFactor?: boolean;
    totpSecret?: string;
    /** The auth secret of the server that will read this account, when not this process's. */
    authSecret?: string;
  } = {},
): Promise<MadeUser> {
  const id = crypto.randomUUID();
  const n = next();
  const role = input.role ?? "member";
  const made: MadeUser = {
    id,
    name: input.name ?? `Person ${n}`,
    email: (input.email ?? `person-${n}@example.test`).toLowerCase(),
    role,
    organisation: role === "responder" ? (input.organisation ?? "met") : role === "officer" ? "met" : null,
    password: input.password ?? "correct horse battery staple",
    totpSecret: null,
    backupCodes: [],
  };
  const withTwoFactor = input.twoFactor ?? mustUseTwoFactor(role);
  await q.insert(user).values({
    id,
    name: made.name,
    email: made.email,
    emailVerified: true,
    role,
    organisation: made.organisation,
    status: input.status ?? "active",
    twoFactorEnabled: withTwoFactor,
  });
  await q.insert(account).values({
    id: crypto.randomUUID(),
    accountId: id,
    providerId: "credential",
    userId: id,
    password: await hashOnce(made.password),
  });
  if (withTwoFactor) {
    made.totpSecret = input.totpSecret ?? new Secret({ size: 20 }).base32;
    made.backupCodes = backupCodes();
    const stored = await storedTwoFactor({ secretBase32: made.totpSecret, backupCodes: made.backupCodes, authSecret: input.authSecret });
    await q.insert(twoFactor).values({ id: crypto.randomUUID(), userId: id, verified: true, ...stored });
  }
  if (input.forumIds?.length) {
    await q.insert(forumMembership).values(input.forumIds.map((forumId) => ({ forumId, userId: id })));
  }
  return made;
}

export async function makeForum(q: Queryable, input: { name?: string; slug?: string; description?: string } = {}) {
  const n = next();
  const [row] = await q
    .insert(forum)
    .values({
      name: input.name ?? `Forum ${n}`,
      slug: input.slug ?? `forum-${n}`,
      description: input.description ?? "A forum for testing.",
    })
    .returning();
  return row;
}

/** The signed-in person as guards return them, for calling models directly. */
export function asCurrentUser(u: MadeUser) {
  return { id: u.id, name: u.name, email: u.email, role: u.role, organisation: u.organisation };
}

let shoulder = 100000;
/** A police officer (role `officer`) with a shoulder number and a borough (a slug of app/utils/boroughs.ts). */
export async function makeOfficer(
  q: Queryable,
  input: { borough?: string; shoulderNumber?: string; name?: string; email?: string; password?: string; twoFactor?: boolean; totpSecret?: string } = {},
): Promise<MadeUser & { shoulderNumber: string; borough: string }> {
  const made = await makeUser(q, {
    role: "officer",
    name: input.name,
    email: input.email,
    password: input.password,
    twoFactor: input.twoFactor,
    totpSecret: input.totpSecret,
  });
  const shoulderNumber = input.shoulderNumber ?? String(++shoulder + (Date.now() % 800000));
  const borough = input.borough ?? "hackney";
  await q.insert(officer).values({ userId: made.id, shoulderNumber, borough });
  return { ...made, shoulderNumber, borough };
}
