// Issue 12, "race losers see the truth": the moderator whose decision loses to another's is
// told who decided what and when, and the page then shows the item as it now is — its status,
// the last decision with who, what and when, the queue's count without it, and no decision that
// no longer applies. The loaders run again after the refusal (shouldRevalidate), which Remix
// does not do by default after a 4xx answer.
import { describe, expect, it } from "vitest";
import { transitionPost } from "~/models/threads/post-lifecycle.server";
import * as layout from "~/routes/moderation";
import * as reviewPage from "~/routes/moderation.items.$postId";
import { useTestDatabase } from "../db";
import { cookieFor, run } from "../support/routes";
import { makeCast, publishedThread, reply } from "../support/threads";
import { answer, makeConsultationCast, openConsultation, textAnswers } from "./consultations-fixtures";
import { decideConsultationAnswer } from "~/models/consultations/answer-review.server";

useTestDatabase();

const revalidates = (mod: { shouldRevalidate?: (args: never) => boolean }, actionResult: unknown) =>
  mod.shouldRevalidate!({ actionResult, defaultShouldRevalidate: false, actionStatus: 409 } as never);

describe("the moderator who loses a race", () => {
  it("is refused naming who approved it, then sees it published, decided by them, off the queue's count, with nothing left to approve or reject", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const p = await reply(thread.id, cast.member);
    const kit = await cookieFor(cast.made.moderator2);
    const path = `/moderation/items/${p.id}`;
    const load = () => run(reviewPage.loader, path, { cookie: kit, params: { postId: p.id } });
    const queueCount = async () => (await run(layout.loader, "/moderation", { cookie: kit })).data.queue as number;

    // Kit opens the item while it waits.
    const before = await load();
    expect(before.data.item.status).toBe("pending");
    expect(before.data.allowed).toMatchObject({ approve: true, reject: true });
    expect(before.data.lastDecision).toBeNull();
    const countBefore = await queueCount();

    // Sam approves first; Kit, on the page as it was, rejects.
    await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "approve" }, expectedVersion: p.version });
    const refused = await run(reviewPage.action, path, { cookie: kit, params: { postId: p.id }, form: { intent: "reject", version: String(before.data.item.version), reason: "off-topic" } });
    expect(refused.status).toBe(409);
    expect(refused.data.conflict).toBe(true);
    expect(JSON.stringify(refused.data.result)).toMatch(new RegExp(`already been approved by ${cast.moderator.name} at \\d{2}:\\d{2} (GMT|BST) on \\d{1,2} [A-Z][a-z]+\\. Nothing was changed\\.`));

    // The page and the layout read their data again after this refusal (not after any 4xx).
    expect(revalidates(reviewPage, refused.data)).toBe(true);
    expect(revalidates(layout, refused.data)).toBe(true);
    expect(revalidates(reviewPage, { intent: "reject", conflict: false, result: {} })).toBe(false);
    expect(revalidates(layout, { intent: "reject", conflict: false, result: {} })).toBe(false);

    // What they read then is the item as it now is.
    const after = await load();
    expect(after.data.item.status).toBe("approved");
    expect(after.data.lastDecision).toMatchObject({ byId: cast.moderator.id, sentence: `${cast.moderator.name} approved this post` });
    expect(after.data.lastDecision.time).toMatch(/^\d{2}:\d{2} (GMT|BST)$/);
    expect(refused.text).toContain(`at ${after.data.lastDecision.time} on`);
    expect(after.data.allowed).toMatchObject({ approve: false, reject: false });
    expect(await queueCount()).toBe(countBefore - 1);
  });

  it("a written consultation answer: refused naming the moderator, then shown as rejected by them", async () => {
    const cast = await makeConsultationCast();
    const drafted = await openConsultation(cast);
    await answer(cast.a1, drafted, ["Yes", ["Arrest"], 4, "The letter came three months late."]);
    const [written] = await textAnswers(drafted.consultation.id);
    const second = await cookieFor(cast.made.moderator2);
    const path = `/moderation/items/${written.id}`;
    await decideConsultationAnswer(cast.moderator, written.id, { intent: "reject", version: written.version, reason: "off-topic" });
    const refused = await run(reviewPage.action, path, { cookie: second, params: { postId: written.id }, form: { intent: "approve", version: String(written.version) } });
    expect(refused.status).toBe(409);
    expect(revalidates(reviewPage, refused.data)).toBe(true);
    expect(JSON.stringify(refused.data.result)).toContain(`already been rejected by ${cast.moderator.name}`);
    const page = await run(reviewPage.loader, path, { cookie: second, params: { postId: written.id } });
    expect(page.data.item.status).toBe("rejected");
    expect(page.data.lastDecision).toMatchObject({ byId: cast.moderator.id, sentence: `${cast.moderator.name} rejected this answer` });
    expect(page.data.allowed).toMatchObject({ approve: false, reject: false });
  });
});
