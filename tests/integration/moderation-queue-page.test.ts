// The review queue as the moderator's browser receives it (the real server, signed in): a post
// behind a content warning shows nothing of itself until the moderator chooses to open it — its
// text is blurred and its identifying details, which quote it, are inside the same "Show this
// post" (they were listed in clear above the blurred text, issue 16).
import { useTestDatabase } from "../db";
import { signIn, useTestServer } from "../support/server";
import { makeCast, publishedThread, reply } from "../support/threads";

useTestDatabase();

const server = useTestServer();

const PHONE = "07700 900321";

/** The queue item that quotes `marker`, as HTML. */
async function queueItem(cookie: string, marker: string) {
  const html = await (await fetch(`${server.url}/moderation`, { headers: { cookie } })).text();
  const items = html.split('class="vvf-queue-item').slice(1);
  const item = items.find((i) => i.includes(marker));
  expect(item, `a queue item with ${marker}`).toBeDefined();
  return item!;
}

describe("identifying details in the review queue", () => {
  it("behind a content warning: listed only inside 'Show this post', never above the blurred text", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const marker = `warned-${Date.now()}`;
    await reply(thread.id, cast.member, { body: `He hit me in front of the children. Ring me on ${PHONE}. ${marker}`, contentWarnings: ["violence"] });
    const item = await queueItem(await signIn(server.url, cast.made.moderator), marker);
    const opened = item.indexOf("<details");
    expect(opened).toBeGreaterThan(-1);
    // Before the moderator opens it: the post only as blurred text, no list of what it quotes.
    const before = item.slice(0, opened);
    expect(before).not.toContain("Possible identifying details:");
    const blurred = /<p class="[^"]*vvf-blur[^"]*"[^>]*>[\s\S]*?<\/p>/.exec(before)?.[0] ?? "";
    expect(blurred).toContain('aria-hidden="true"');
    expect(before.replace(blurred, "")).not.toContain(PHONE);
    expect(item.slice(opened)).toContain(`<mark class="vvf-pii">${PHONE}</mark>`);
    expect(item.slice(opened)).toContain("Possible identifying details:");
  });

  it("without a content warning: listed in clear above the post, as before", async () => {
    const cast = await makeCast();
    const { thread } = await publishedThread(cast);
    const marker = `plain-${Date.now()}`;
    await reply(thread.id, cast.member, { body: `Ring me on ${PHONE} about the meeting. ${marker}` });
    const item = await queueItem(await signIn(server.url, cast.made.moderator), marker);
    expect(item).not.toContain("<details");
    expect(item).toContain(`<mark class="vvf-pii">${PHONE}</mark>`);
  });
});
