import { eq } from "drizzle-orm";
import type { Queryable } from "../../../db/client";
import { siteSetting } from "../../../db/schema/site";
import { database } from "../database.server";

export async function isDemoSite(): Promise<boolean> {
    const q = database();
  const [row] = await q.select({ value: siteSetting.value }).from(siteSetting).where(eq(siteSetting.key, "demo"));
  return row?.value === true;
}

export async function markDemoSite() {
    const q = database();
  await q.insert(siteSetting).values({ key: "demo", value: true }).onConflictDoNothing();
}
