// The demo dataset: clearly labelled (a banner on every page), seeded on first start of an
// empty embedded database, and into PostgreSQL only when SEED_DEMO=1 is set.
import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { user } from "./schema/auth";
import { makeForum, makeUser } from "../tests/factories";
import { transaction } from "../app/models/database.server";
import { markDemoSite } from "../app/models/site/demo-site.server";
import { audit } from "../app/models/audit/audit-log.server";
import { seedDemoThreads } from "./seed-threads";
import { seedDemoMeetings } from "./seed-meetings";
import { seedDemoConsultations } from "./seed-consultations";
import { seedDemoFeedback, seedDemoOfficers } from "./seed-feedback";

import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from "./demo-credentials";

export { DEMO_PASSWORD, DEMO_TOTP_SECRET };

export const DEMO_PEOPLE = {
  admin: { name: "Site Admin", email: "admin@demo.vvf.test" },
  moderators: [
    { name: "Moderator Sam", email: "moderator1@demo.vvf.test" },
    { name: "Moderator Kit", email: "moderator2@demo.vvf.test" },
  ],
  met: { name: "Met Reform Lead", email: "met@demo.vvf.test" },
  mopac: { name: "MOPAC Officer", email: "mopac@demo.vvf.test" },
  members: [
    "Quiet Heron", "Blue Lantern", "Oak Leaf", "Silver Birch", "Morning Tide", "River Stone",
    "Willow Path", "North Star", "Amber Field", "Cedar Light", "Harbour Bell", "Meadow Lark",
  ].map((name, i) => ({ name, email: `member${i + 1}@demo.vvf.test` })),
};

export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(user);
  if (count > 0) return false;
  await seedDemo(db);
  return true;
}

export async function seedDemo(db: Db) {
  await seedPeopleAndForums();
  await seedDemoThreads(db);
  await seedDemoMeetings(db);
  await seedDemoConsultations(db);
  await seedDemoFeedback();
}

async function seedPeopleAndForums() {
  // Models called inside (markDemoSite) join this transaction through its scope.
  await transaction(async (tx) => {
    const london = await makeForum(tx, {
      name: "London Victim Voice Forum",
      slug: "london",
      description: "The forum for anyone in London who has been a victim of crime and wants to shape how the Met treats victims.",
    });
    const black = await makeForum(tx, {
      name: "Victim Voice Forum for London's Black Communities",
      slug: "black-communities",
      description: "A forum led by and for Black Londoners who have been victims of crime.",
    });
    const password = DEMO_PASSWORD;
    // Staff are set up with two-factor already, all with the published demo secret.
    const totpSecret = DEMO_TOTP_SECRET;
    const admin = await makeUser(tx, { ...DEMO_PEOPLE.admin, role: "admin", password, totpSecret });
    for (const m of DEMO_PEOPLE.moderators) {
      await makeUser(tx, { ...m, role: "moderator", password, totpSecret, forumIds: [london.id, black.id] });
    }
    await makeUser(tx, { ...DEMO_PEOPLE.met, role: "responder", organisation: "met", password, totpSecret });
    await makeUser(tx, { ...DEMO_PEOPLE.mopac, role: "responder", organisation: "mopac", password, totpSecret });
    await seedDemoOfficers(tx, password);
    for (const [i, m] of DEMO_PEOPLE.members.entries()) {
      // Eight in London, four in the Black communities forum, two of them in both.
      const forumIds = i < 8 ? [london.id] : [black.id];
      if (i === 6 || i === 7) forumIds.push(black.id);
      await makeUser(tx, { ...m, role: "member", password, forumIds });
    }
    await markDemoSite();
    await audit(tx, { actorId: admin.id, action: "site.seed-demo", targetType: "site", targetId: "demo", reason: "Demo dataset created on first start" });
  });
}
