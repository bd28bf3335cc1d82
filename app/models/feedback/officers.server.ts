// Officers of the force and their places (shoulder number, borough). An officer's row is made
// when they accept their invitation (app/models/people/invitations.server.ts).
import { asc, eq } from "drizzle-orm";
import { user } from "../../../db/schema/auth";
import { officer } from "../../../db/schema/feedback";
import { database } from "../database.server";
import { findBorough, type Borough } from "~/utils/boroughs";

export type OfficerPlace = { userId: string; name: string; shoulderNumber: string; borough: Borough };

/** The officer's own place, or null when the account is not (or no longer) an officer. */
export async function findOfficer(userId: string): Promise<OfficerPlace | null> {
  const [row] = await database()
    .select({ userId: officer.userId, name: user.name, shoulderNumber: officer.shoulderNumber, borough: officer.borough, role: user.role })
    .from(officer)
    .innerJoin(user, eq(user.id, officer.userId))
    .where(eq(officer.userId, userId));
  const borough = findBorough(row?.borough);
  if (!row || row.role !== "officer" || !borough) return null;
  return { userId: row.userId, name: row.name, shoulderNumber: row.shoulderNumber, borough };
}

/** Every active officer, by borough then number (for supervisors and the demo data). */
export async function listOfficers(): Promise<OfficerPlace[]> {
  const rows = await database()
    .select({ userId: officer.userId, name: user.name, shoulderNumber: officer.shoulderNumber, borough: officer.borough, role: user.role, status: user.status })
    .from(officer)
    .innerJoin(user, eq(user.id, officer.userId))
    .orderBy(asc(officer.borough), asc(officer.shoulderNumber));
  return rows.flatMap((r) => {
    const borough = findBorough(r.borough);
    return r.role === "officer" && r.status === "active" && borough ? [{ userId: r.userId, name: r.name, shoulderNumber: r.shoulderNumber, borough }] : [];
  });
}
