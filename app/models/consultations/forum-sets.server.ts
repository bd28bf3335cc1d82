// A respondent's forums, sealed. The per-forum breakdown of a consultation's results needs to
// know which of the consultation's forums each respondent belonged to; kept in clear, the one
// response from the only member of two forums would single that member out to anyone reading
// the database. So the set is encrypted (AES-256-GCM, node:crypto) under a key derived from the
// server's secret, with the consultation id as associated data (a sealed set cannot be moved to
// another consultation), and padded to one length, so without the secret the column says
// nothing — not even how many forums a respondent is in. Only computeResults opens them, and
// only to count (results.server.ts).
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { consultationResponse } from "../../../db/schema/consultations";
import { database, transaction } from "../database.server";
import { serverSecret } from "./answers.server";

/** Plaintexts are padded to a multiple of this: 16 forums' ids (36 characters each) fit in one block. */
const PAD = 640;

let derived: { secret: string; key: Buffer } | undefined;
function sealingKey(): Buffer {
  const secret = serverSecret();
  if (derived?.secret !== secret) derived = { secret, key: createHmac("sha256", secret).update("vvf consultation forum set v1").digest() };
  return derived.key;
}

export function sealForumSet(consultationId: string, forumIds: string[]): string {
  const plain = JSON.stringify([...forumIds].sort());
  const padded = plain.padEnd(Math.ceil((plain.length + 1) / PAD) * PAD, " ");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(), iv);
  cipher.setAAD(Buffer.from(consultationId));
  const body = Buffer.concat([cipher.update(padded, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

/** The forum ids sealed in `sealed`; throws if it was not sealed for this consultation with this secret. */
export function openForumSet(consultationId: string, sealed: string): string[] {
  if (!sealed) return [];
  const raw = Buffer.from(sealed, "base64");
  const decipher = createDecipheriv("aes-256-gcm", sealingKey(), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(consultationId));
  decipher.setAuthTag(raw.subarray(12, 28));
  const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  return JSON.parse(plain.trimEnd()) as string[];
}

/**
 * Seals the sets that migration 0010 copied aside from the old clear column, then drops the
 * copy, in one transaction. Run at start once the secret is known; a no-op afterwards.
 */
export async function sealUnsealedForumSets(): Promise<number> {
  if (!(await tableExists())) return 0;
  return transaction(async (tx) => {
    // Several processes may start at once on one PostgreSQL database: one seals, the others
    // wait here and then find the copy gone.
    await tx.execute(sql`select pg_advisory_xact_lock(7412010)`);
    if (!(await tableExists())) return 0;
    const rows = await rowsOf<{ id: string; consultation_id: string; forum_ids: string[] }>(
      await tx.execute(sql`select r.id, r.consultation_id, u.forum_ids::text[] as forum_ids from consultation_response_unsealed u join ${consultationResponse} r on r.id = u.response_id`),
    );
    for (const row of rows) {
      await tx.update(consultationResponse).set({ forumSet: sealForumSet(row.consultation_id, row.forum_ids) }).where(eq(consultationResponse.id, row.id));
    }
    await tx.execute(sql`drop table consultation_response_unsealed`);
    return rows.length;
  });
}

async function tableExists() {
  // pg_class read with the statement's own snapshot, not to_regclass: to_regclass answers from
  // the session's catalog cache, which (after waiting on the advisory lock, inside the same
  // transaction) can still name the table another process has just dropped.
  const rows = await rowsOf<{ found: boolean }>(
    await database().execute(sql`select exists (select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.relname = 'consultation_response_unsealed' and n.nspname = current_schema()) as found`),
  );
  return !!rows[0]?.found;
}

/** node-postgres answers { rows }, PGlite's drizzle driver the same; both handled. */
function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
