// Issue 12, "race losers see the truth", without JavaScript: the refused form is an ordinary
// POST of the page, and the page that comes back (409) is the item as it now is — published,
// who approved it and when, the queue's count without it, no Approve or Reject — against the
// real server (app/server.ts, after `npm run build`).
import { describe, expect, it } from "vitest";
import { transitionPost } from "../../app/models/threads/post-lifecycle.server";
import { useTestDatabase } from "../db";
import { makeCast, publishedThread, reply } from "../support/threads";
import { fromSite, signIn, useTestServer } from "../support/server";

useTestDatabase();

const server = useTestServer();

const queueCount = (html: string) => Number(/Review queue \((\d+)\)/.exec(html)?.[1]);

describe("a refused decision without JavaScript", () => {
  it("answers 409 with the page showing the post as it now is", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const p = await reply(thread.id, cast.member);
    const kit = await signIn(server.url, cast.made.moderator2);
    const url = `${server.url}/moderation/items/${p.id}`;
    const opened = await (await fromSite(url, { headers: { cookie: kit } })).text();
    expect(opened).toContain("Waiting for review");
    const countBefore = queueCount(opened);

    await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "approve" }, expectedVersion: p.version });
    const res = await fromSite(url, {
      method: "POST",
      headers: { cookie: kit, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "reject", version: String(p.version), reason: "off-topic" }),
    });
    expect(res.status).toBe(409);
    const html = (await res.text()).replace(/<!-- -->/g, "");
    expect(html).toMatch(new RegExp(`already been approved by ${cast.moderator.name} at \\d{2}:\\d{2} (GMT|BST) on \\d{1,2} [A-Z][a-z]+\\. Nothing was changed\\.`));
    expect(html).toContain(">Published<");
    expect(html).not.toContain("Waiting for review");
    expect(html).toMatch(new RegExp(`${cast.moderator.name} approved this post at \\d{2}:\\d{2} (GMT|BST) on`));
    expect(html).not.toContain('data-testid="decision-approve"');
    expect(html).not.toContain('data-testid="decision-reject"');
    expect(queueCount(html)).toBe(countBefore - 1);
  });
});
