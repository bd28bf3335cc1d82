// Builders shared by the tests and the demo seed (db/seed.ts), so both make data the same way
// the app does.
import crypto from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { Queryable } from "../db/client";
import { account, user } from "../db/schema/auth";
import { forum, forumMembership } from "../db/schema/forums";
import type { Organisation, Role } from "../app/utils/permissions";

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

export type MadeUser = { id: string; name: string; email: string; role: Role; organisation: Organisation | null; password: string };

export async function makeUser(
  q: Queryable,
  input: { name?: string; email?: string; role?: Role; organisation?: Organisation | null; password?: string; forumIds?: string[]; status?: "active" | "suspended" } = {},
): Promise<MadeUser> {
  const id = crypto.randomUUID();
  const n = next();
  const role = input.role ?? "member";
  const made: MadeUser = {
    id,
    name: input.name ?? `Person ${n}`,
    email: (input.email ?? `person-${n}@example.test`).toLowerCase(),
    role,
    organisation: role === "responder" ? (input.organisation ?? "met") : null,
    password: input.password ?? "correct horse battery staple",
  };
  await q.insert(user).values({
    id,
    name: made.name,
    email: made.email,
    emailVerified: true,
    role,
    organisation: made.organisation,
    status: input.status ?? "active",
  });
  await q.insert(account).values({
    id: crypto.randomUUID(),
    accountId: id,
    providerId: "credential",
    userId: id,
    password: await hashOnce(made.password),
  });
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
