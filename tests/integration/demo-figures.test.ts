// Issue 12, "every figure matches its records": on the demo data, every figure /accountability
// shows is the number of records /accountability/items lists behind its link (medians and
// shares worked out again from those lists), and no record in the demo is dated out of order:
// nothing done, answered or requested before the thing existed, and no notification dated at
// load time for something that happened weeks before.
import { sql } from "drizzle-orm";
import { db } from "../../db/client";
import { seedDemo } from "../../db/seed";
import { median } from "~/models/accountability/dashboard.server";
import { daysText, percentText } from "~/models/accountability/present.server";
import * as dashboard from "~/routes/accountability._index";
import * as itemsPage from "~/routes/accountability.items";
import { DAY } from "~/utils/time";
import { londonDate } from "~/utils/working-days";
import { useTestDatabase } from "../db";

useTestDatabase();

type Dashboard = Awaited<ReturnType<typeof dashboard.loader>>;
type Items = Awaited<ReturnType<typeof itemsPage.loader>>;

const listBehind = async (href: string) => (await itemsPage.loader({ request: new Request(`http://localhost${href}`), params: {}, context: {} })) as Items;

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await db().execute(query);
  return ((result as unknown as { rows?: T[] }).rows ?? (result as unknown as T[])) as T[];
}

describe("the demo data", () => {
  it("every figure on /accountability is what /accountability/items lists behind it", async () => {
    await seedDemo(db());
    const page = (await dashboard.loader({ request: new Request("http://localhost/accountability"), params: {}, context: {} })) as Dashboard;

    let checked = 0;
    for (const section of page.sections) {
      for (const row of section.responses) {
        for (const [name, cell] of Object.entries(row.cells)) {
          expect(cell.href, `${section.key} ${row.quarter} ${name} links to its records`).toBeTruthy();
          const list = await listBehind(cell.href!);
          if (name === "median") {
            const days = list.items.map((i) => i.daysToRespond).filter((d): d is number => d !== null);
            expect(days.every((d) => d >= 0)).toBe(true);
            expect(cell.text, `${section.key} ${row.quarter} median`).toBe(daysText(median(days)) ?? "none answered");
          } else if (name === "share") {
            const onTime = list.items.filter((i) => i.outcome === "on-time").length;
            expect(cell.text, `${section.key} ${row.quarter} share`).toBe(percentText(list.items.length ? onTime / list.items.length : null) ?? "nothing due yet");
          } else {
            expect(Number(cell.text), `${section.key} ${row.quarter} ${name}`).toBe(list.items.length);
          }
          checked++;
        }
      }
      for (const row of section.actions) {
        for (const [name, cell] of Object.entries(row.cells)) {
          expect(cell.href, `${section.key} ${row.quarter} ${name} links to its records`).toBeTruthy();
          const list = await listBehind(cell.href!);
          if (name === "median") {
            const days = list.actions.map((a) => a.daysToComplete).filter((d): d is number => d !== null);
            expect(days.every((d) => d >= 0)).toBe(true);
            expect(cell.text, `${section.key} ${row.quarter} actions median`).toBe(daysText(median(days)) ?? "none done");
          } else {
            expect(Number(cell.text), `${section.key} ${row.quarter} ${name}`).toBe(list.actions.length);
          }
          checked++;
        }
      }
    }
    // The headline and the charts link to their lists too.
    const h = page.headline;
    expect((await listBehind(h.links.settled)).items).toHaveLength(h.settled);
    expect((await listBehind(h.links.overdue)).items).toHaveLength(h.overdue);
    expect((await listBehind(h.links.awaiting)).items).toHaveLength(h.awaiting);
    expect((await listBehind(h.links.done)).actions).toHaveLength(h.actionsDone);
    expect((await listBehind(h.links.actions)).actions).toHaveLength(h.actions);
    expect((await listBehind(h.links.actionsOverdue)).actions).toHaveLength(h.actionsOverdue);
    for (const group of page.actionsChart) {
      for (const v of Object.values(group.values)) expect((await listBehind(v.href!)).actions).toHaveLength(v.value!);
    }
    expect(checked).toBeGreaterThan(50);

    // The demo's only completed action was agreed at the meeting (68 days ago) and done 25 days
    // ago: 42 or 43 London calendar days (by the time of day and the clock change), not the
    // "0 days" a creation stamped at load time used to give.
    const [record] = await rows<{ created_at: string | Date; completed_at: string | Date }>(sql`select created_at, completed_at from action_item where status = 'done'`);
    const londonDays = (Date.parse(londonDate(new Date(record.completed_at))) - Date.parse(londonDate(new Date(record.created_at)))) / DAY;
    expect([42, 43]).toContain(londonDays);
    const done = await listBehind("/accountability/items?measure=done");
    expect(done.actions.map((a) => [a.title, a.daysToComplete])).toEqual([["Send every closure letter with a named contact", londonDays]]);
    const all = page.sections.find((s) => s.key === "all")!.actions.find((r) => r.quarterCode === null)!;
    expect(all.cells.median.text).toBe(`${londonDays} days`);
  });

  it("dates nothing before the thing it ends or answers, and no notification at load time", async () => {
    const loadedAt = new Date();
    await seedDemo(db());
    const outOfOrder = await rows<{ what: string; id: string }>(sql`
      select 'action done before agreed' as what, id::text from action_item where completed_at < created_at
      union all select 'action update before the action', u.id::text from action_update u join action_item a on a.id = u.action_item_id where u.created_at < a.created_at
      union all select 'action agreed before its meeting was held', a.id::text from action_item a join meeting m on m.id = a.source_id where a.source_type = 'meeting' and a.created_at < m.starts_at
      union all select 'action updated before its minutes were public', u.id::text from action_update u join action_item a on a.id = u.action_item_id join meeting m on m.id = a.source_id where a.source_type = 'meeting' and u.created_at < m.published_at
      union all select 'consultation action before the response', a.id::text from action_item a join consultation c on c.id = a.source_id where a.source_type = 'consultation' and a.created_at < c.responded_at
      union all select 'response on a thread before the thread', r.id::text from official_response r join thread t on t.id = r.target_id where r.target_type = 'thread' and r.published_at < t.created_at
      union all select 'response on a consultation before its results', r.id::text from official_response r join consultation c on c.id = r.target_id where r.target_type = 'consultation' and r.published_at < coalesce(c.results_published_at, c.closed_at)
      union all select 'response on a meeting before its minutes', r.id::text from official_response r join meeting m on m.id = r.target_id where r.target_type = 'meeting' and (m.published_at is null or r.published_at < m.published_at)
      union all select 'response on an action before the action', r.id::text from official_response r join action_item a on a.id = r.target_id where r.target_type = 'action' and r.published_at < a.created_at
      union all select 'response asked for before the thread', id::text from thread where response_requested_at < created_at
      union all select 'thread response before it was asked for, counted first', t.id::text from thread t where t.response_requested_at > (select min(r.published_at) from official_response r where r.thread_id = t.id and r.organisation = t.response_organisation)
      union all select 'post approved before it was written', id::text from post where approved_at < created_at or decided_at < submitted_at
      union all select 'consultation opened before created', id::text from consultation where opened_at < created_at
      union all select 'consultation closed before it opened', id::text from consultation where closed_at < opened_at
      union all select 'results before closing', id::text from consultation where results_published_at < closed_at
      union all select 'responded before results', id::text from consultation where responded_at < results_published_at
      union all select 'minutes published before the meeting was held', id::text from meeting where published_at < ends_at or published_at < created_at
      union all select 'anything dated after the demo was loaded', id::text from official_response where published_at > ${loadedAt}
    `);
    expect(outOfOrder).toEqual([]);

    // Notifications are dated when they would have been sent: none at load time, each official
    // response's at the response, each "consultation open" at the opening.
    const notes = await rows<{ message: string; created_at: string | Date; response_at: string | Date | null; opened_at: string | Date | null }>(sql`
      select n.message, n.created_at,
        (select r.published_at from official_response r where n.url like '%#response-' || r.id::text) as response_at,
        (select c.opened_at from consultation c where n.url = '/consultations/' || c.id::text and n.message like 'A new consultation is open%') as opened_at
      from notification n`);
    expect(notes.length).toBeGreaterThan(20);
    for (const n of notes) {
      const at = new Date(n.created_at).getTime();
      expect(at, n.message).toBeLessThan(loadedAt.getTime() - 60 * 60 * 1000);
      if (n.response_at) expect(at, n.message).toBe(new Date(n.response_at).getTime());
      if (n.opened_at) expect(at, n.message).toBe(new Date(n.opened_at).getTime());
    }
    // Their emails too: the outbox dates each when the change that caused it happened.
    const mails = await rows<{ subject: string; created_at: string | Date }>(sql`select subject, created_at from outbox`);
    expect(mails.length).toBeGreaterThan(20);
    for (const m of mails) expect(new Date(m.created_at).getTime(), m.subject).toBeLessThan(loadedAt.getTime() - 60 * 60 * 1000);
    expect(notes.filter((n) => n.response_at).length).toBeGreaterThan(0);
    expect(notes.filter((n) => n.opened_at).length).toBeGreaterThan(0);
    // The action's response, written 28 days before the demo was loaded.
    const [actionResponse] = await rows<{ published_at: string | Date }>(sql`select published_at from official_response where target_type = 'action'`);
    expect(Math.round((loadedAt.getTime() - new Date(actionResponse.published_at).getTime()) / DAY)).toBe(28);
  });
});
