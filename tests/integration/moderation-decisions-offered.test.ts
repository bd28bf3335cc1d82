// Which decisions a moderator is offered on a review item, as the review queue model decides
// it from the item's status: every post status, reports waiting on a published post, and a
// written consultation answer (which takes only the decisions that need no author to talk to).
import { describe, expect, it } from "vitest";
import { decideConsultationAnswer } from "~/models/consultations/answer-review.server";
import type { PostStatus } from "~/models/threads/post-lifecycle.server";
import { decisionsOffered, getReviewItem, type ReviewIntent } from "~/models/threads/review-queue.server";
import { decideReports, reportPost } from "~/models/threads/reports.server";
import * as reviewPage from "~/routes/moderation.items.$postId";
import { useTestDatabase } from "../db";
import { cookieFor, run } from "../support/routes";
import { makeCast, publishedThread, replyIn } from "../support/threads";
import { answer, makeConsultationCast, openConsultation, textAnswers } from "./consultations-fixtures";

useTestDatabase();

/** The decisions offered, by name. */
async function offered(id: string): Promise<ReviewIntent[]> {
  const item = await getReviewItem(id);
  if (!item) throw new Error(`no review item ${id}`);
  const decisions = decisionsOffered(item);
  return (Object.keys(decisions) as ReviewIntent[]).filter((d) => decisions[d]).sort();
}

const POSTS: [PostStatus, ReviewIntent[]][] = [
  ["pending", ["approve", "escalate", "redact", "reject", "set-warnings"]],
  ["approved", ["escalate", "hide", "redact", "set-warnings"]],
  ["rejected", ["reopen", "set-warnings"]],
  ["withdrawn", []],
  ["hidden", ["reopen", "set-warnings"]],
  ["safeguarding", ["redact", "reject", "set-warnings"]],
];

describe("decisions offered on a post", () => {
  it("follow the post's status: nothing for a post its author withdrew, never publishing a safeguarding post as written", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    for (const [status, expected] of POSTS) {
      const p = await replyIn(cast, thread.id, status);
      expect(await offered(p.id), status).toEqual(expected);
    }
  });

  it("reports on a published post can be dismissed while they are open", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast, { visibility: "public" });
    const p = await replyIn(cast, thread.id, "approved");
    expect(await offered(p.id)).not.toContain("dismiss-reports");
    await reportPost(cast.author, { postId: p.id, reason: "It names someone." });
    expect(await offered(p.id)).toEqual(["dismiss-reports", "escalate", "hide", "redact", "set-warnings"]);
    // The review page offers what the model decided.
    const page = await run(reviewPage.loader, `/moderation/items/${p.id}`, { cookie: await cookieFor(cast.made.moderator), params: { postId: p.id } });
    expect(page.data.allowed).toMatchObject({ "dismiss-reports": true, hide: true, approve: false, reopen: false });
    await decideReports(cast.moderator, { postId: p.id, decision: "dismiss" });
    expect(await offered(p.id)).not.toContain("dismiss-reports");
  });
});

describe("decisions offered on a written consultation answer", () => {
  it("are only approve, reject, redact, hide and reopen, as its status allows: no warnings, escalation or reports", async () => {
    const cast = await makeConsultationCast();
    const drafted = await openConsultation(cast);
    await answer(cast.a1, drafted, ["Yes", ["Arrest"], 4, "Letters come too late."]);
    let [written] = await textAnswers(drafted.consultation.id);
    expect(await offered(written.id)).toEqual(["approve", "redact", "reject"]);
    await decideConsultationAnswer(cast.moderator, written.id, { intent: "approve", version: written.version });
    [written] = await textAnswers(drafted.consultation.id);
    expect(await offered(written.id)).toEqual(["hide", "redact"]);
    await decideConsultationAnswer(cast.moderator, written.id, { intent: "hide", version: written.version });
    [written] = await textAnswers(drafted.consultation.id);
    expect(await offered(written.id)).toEqual(["reopen"]);
  });
});
