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
import { invitation } from "../../db/schema/invitations";
import { makeUser } from "../factories";
import { hashToken } from "../../app/models/people/invitations.server";
import { eq } from "drizzle-orm";
import type { E2EFixtures } from "./fixtures";

const DAY = 24 * 60 * 60 * 1000;

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
    // proper-lockfile refreshes the lock's mtime every few seconds while a server runs.
    const lock = path.join(full, "data", "pglite.lock");
    const fresh = fs.existsSync(lock) && Date.now() - fs.statSync(lock).mtimeMs < 60_000;
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
