import { eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { siteSetting } from "../../db/schema/site";

export async function isDemoSite(q: Queryable): Promise<boolean> {
  const [row] = await q.select({ value: siteSetting.value }).from(siteSetting).where(eq(siteSetting.key, "demo"));
  return row?.value === true;
}

export async function markDemoSite(q: Queryable) {
  await q.insert(siteSetting).values({ key: "demo", value: true }).onConflictDoNothing();
}
