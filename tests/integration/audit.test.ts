import { eq, sql } from "drizzle-orm";
import { db } from "../../db/client";
import { auditLog } from "../../db/schema/audit";
import { user } from "../../db/schema/auth";
import { audit, auditActions, auditTargetTypes, listAudit } from "~/models/audit/audit-log.server";
import { useTestDatabase } from "../db";
import { makeUser } from "../factories";

useTestDatabase();

describe("the audit log", () => {
  it("is append-only: the database refuses UPDATE and DELETE", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    await audit(db(), { actorId: admin.id, action: "user.suspend", targetType: "user", targetId: "someone", reason: "original" });

    await expect(db().execute(sql`update audit_log set reason = 'rewritten'`)).rejects.toThrow();
    await expect(db().update(auditLog).set({ reason: "rewritten" }).where(eq(auditLog.action, "user.suspend"))).rejects.toThrow();
    await expect(db().execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(db().delete(auditLog)).rejects.toThrow();

    const rows = await db().select().from(auditLog);
    expect(rows).toHaveLength(1);
    expect(rows[0].reason).toBe("original");
  });

  it("filters by action, person and target, and pages back with `before`", async () => {
    const sam = await makeUser(db(), { role: "moderator", name: "Moderator Sam" });
    const kit = await makeUser(db(), { role: "admin", name: "Admin Kit" });
    for (let i = 1; i <= 5; i++) {
      await audit(db(), { actorId: sam.id, action: "post.approve", targetType: "post", targetId: `p${i}` });
    }
    await audit(db(), { actorId: kit.id, action: "user.role-change", targetType: "user", targetId: sam.id, reason: "Promoted" });

    const approvals = await listAudit({ action: "post.approve" });
    expect(approvals.entries.map((e) => e.targetId)).toEqual(["p5", "p4", "p3", "p2", "p1"]);
    expect(approvals.nextBefore).toBeUndefined();

    const first = await listAudit({ action: "post.approve", limit: 2 });
    expect(first.entries.map((e) => e.targetId)).toEqual(["p5", "p4"]);
    expect(first.nextBefore).toBe(first.entries[1].id);
    const second = await listAudit({ action: "post.approve", limit: 2, before: first.nextBefore });
    expect(second.entries.map((e) => e.targetId)).toEqual(["p3", "p2"]);
    const third = await listAudit({ action: "post.approve", limit: 2, before: second.nextBefore });
    expect(third.entries.map((e) => e.targetId)).toEqual(["p1"]);
    expect(third.nextBefore).toBeUndefined();

    const byKit = await listAudit({ actorName: "kit" });
    expect(byKit.entries).toHaveLength(1);
    expect(byKit.entries[0]).toMatchObject({ action: "user.role-change", actorName: "Admin Kit", actorRole: "admin", reason: "Promoted", targetName: "Moderator Sam" });
    expect((await listAudit({ targetType: "user" })).entries).toHaveLength(1);

    const future = new Date(Date.now() + 60_000);
    expect((await listAudit({ from: future })).entries).toHaveLength(0);
    expect((await listAudit({ to: future })).entries).toHaveLength(6);

    expect(await auditActions()).toEqual(["post.approve", "user.role-change"]);
    expect(await auditTargetTypes()).toEqual(["post", "user"]);
  });

  it("shows the role the actor had when they acted, not the one they have now", async () => {
    const sam = await makeUser(db(), { role: "moderator", name: "Moderator Sam" });
    await audit(db(), { actorId: sam.id, action: "post.approve", targetType: "post", targetId: "before" });
    // Sam is promoted later (the role change itself is written as an admin would).
    await db().update(user).set({ role: "admin" }).where(eq(user.id, sam.id));
    await audit(db(), { actorId: sam.id, action: "post.approve", targetType: "post", targetId: "after" });
    const { entries } = await listAudit({ action: "post.approve" });
    expect(entries.map((e) => [e.targetId, e.actorRole])).toEqual([
      ["after", "admin"],
      ["before", "moderator"],
    ]);
  });
});
