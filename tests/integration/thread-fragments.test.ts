// Approved posts are rendered once and shared by every reader (app/services/post-fragments.server.tsx).
// These tests hold the shared markup to the rule that a reader sees exactly what they may see
// now: through the real server (app/server.ts and the production build), a change to a post, to
// its author's name, to the reader's role or forum shows on the very next request, however many
// readers had the page before; the reader's own controls never reach anyone else; and the
// post bodies travel once per page load, in the HTML, not again in the hydration data.
import { eq } from "drizzle-orm";
import { db } from "../../db/client";
import { user } from "../../db/schema/auth";
import { transitionPost } from "../../app/models/threads/post-lifecycle.server";
import { renamePerson, changeRole, setSuspended } from "../../app/models/people/people.server";
import { removeForumMember } from "../../app/models/people/forums.server";
import { editThreadResponse, markForResponse, publishThreadResponse } from "../../app/models/threads/official-responses.server";
import { getThreadPageForViewer } from "../../app/models/threads/threads.server";
import { clearPostFragments, madePostFragment, sharedPostFragments, sharedPostMarkup } from "../../app/services/post-fragments.server";
import { useTestDatabase } from "../db";
import { signIn, useTestServer } from "../support/server";
import { makeCast, publishedThread, reply, type Cast } from "../support/threads";

useTestDatabase();

const server = useTestServer();

let cast: Cast;
let threadId: string;
let memberPostId: string;
let authorPostId: string;
const cookies: Record<string, string> = {};

const MEMBER_WORDS = "the member's own account of the station visit";
const AUTHOR_WORDS = "the author's reply about the liaison officer";

beforeEach(async () => {
  cast = await makeCast();
  const { thread } = await publishedThread(cast, { visibility: "members" });
  threadId = thread.id;
  const fromMember = await reply(thread.id, cast.member, { body: `I want to share ${MEMBER_WORDS}.` });
  await transitionPost({ postId: fromMember.id, actor: cast.moderator, transition: { kind: "approve" } });
  const fromAuthor = await reply(thread.id, cast.author, { body: `I want to share ${AUTHOR_WORDS}.` });
  await transitionPost({ postId: fromAuthor.id, actor: cast.moderator, transition: { kind: "approve" } });
  memberPostId = fromMember.id;
  authorPostId = fromAuthor.id;
  for (const who of ["member", "author", "outsider", "moderator"] as const) cookies[who] = await signIn(server.url, cast.made[who]);
});

async function get(path: string, cookie?: string) {
  const res = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  return { status: res.status, text: await res.text() };
}

const page = (cookie?: string) => get(`/threads/${threadId}`, cookie);

/** The markup of one post's <article> on a page, or null when the page does not show it. */
function article(html: string, postId: string): string | null {
  const m = html.match(new RegExp(`<article[^>]*id="post-${postId}"[^>]*>([\\s\\S]*?)</article>`));
  return m ? m[1] : null;
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe("a thread page's shared posts", () => {
  it("carries each post body once on a page load, in the HTML, and in the loader data when asked for data", async () => {
    const { status, text } = await page(cookies.member);
    expect(status).toBe(200);
    expect(article(text, authorPostId)).toContain(AUTHOR_WORDS);
    expect(count(text, AUTHOR_WORDS)).toBe(1);
    const data = await get(`/threads/${threadId}.data`, cookies.member);
    expect(data.status).toBe(200);
    expect(data.text).toContain(AUTHOR_WORDS);
  });

  it("shows the reader's own controls on their own post only, and report forms on other people's posts", async () => {
    // The member reads first, so the author's post is already rendered and kept when the author reads.
    const member = (await page(cookies.member)).text;
    const author = (await page(cookies.author)).text;

    const authorsPostToMember = article(member, authorPostId)!;
    expect(authorsPostToMember).toContain("Report this post");
    expect(authorsPostToMember).not.toContain("(you)");
    expect(authorsPostToMember).not.toContain("Withdraw");

    const authorsPostToAuthor = article(author, authorPostId)!;
    expect(authorsPostToAuthor).toContain("(you)");
    expect(authorsPostToAuthor).not.toContain("Report this post");

    const membersPostToAuthor = article(author, memberPostId)!;
    expect(membersPostToAuthor).toContain("Report this post");
    expect(membersPostToAuthor).not.toContain("(you)");
    // Each report form names its own post.
    expect(membersPostToAuthor).toContain(`value="${memberPostId}"`);
    expect(authorsPostToMember).toContain(`value="${authorPostId}"`);
  });

  it("shows a redaction, new content warnings and a hidden post on the next request", async () => {
    expect(article((await page(cookies.member)).text, authorPostId)).toContain(AUTHOR_WORDS);

    await transitionPost({ postId: authorPostId, actor: cast.moderator, transition: { kind: "redact", body: "A moderator took the name out of this reply.", note: "A name." } });
    let html = (await page(cookies.member)).text;
    expect(article(html, authorPostId)).toContain("A moderator took the name out of this reply.");
    expect(html).not.toContain(AUTHOR_WORDS);

    await transitionPost({ postId: authorPostId, actor: cast.moderator, transition: { kind: "set-warnings", warnings: ["violence"] } });
    html = (await page(cookies.member)).text;
    expect(article(html, authorPostId)).toContain("Content warning: Violence");

    await transitionPost({ postId: authorPostId, actor: cast.moderator, transition: { kind: "hide", note: "Upheld." } });
    html = (await page(cookies.member)).text;
    expect(article(html, authorPostId)).toBeNull();
    expect(html).not.toContain("A moderator took the name out of this reply.");
    const data = await get(`/threads/${threadId}.data`, cookies.member);
    expect(data.text).not.toContain("A moderator took the name out of this reply.");
  });

  it("shows a newly approved reply on the next request", async () => {
    await page(cookies.member);
    const later = await reply(threadId, cast.author, { body: "I want to share a later reply that was just approved." });
    expect((await page(cookies.member)).text).not.toContain("a later reply that was just approved");
    await transitionPost({ postId: later.id, actor: cast.moderator, transition: { kind: "approve" } });
    expect(article((await page(cookies.member)).text, later.id)).toContain("a later reply that was just approved");
  });

  it("shows an official response, and its edit, on the next request, with the day it was published", async () => {
    await markForResponse(cast.moderator, { threadId, organisation: "met", publicSummary: "Members asked about call-backs." });
    let html = (await page(cookies.member)).text;
    expect(html).not.toContain("Official responses");
    const published = await publishThreadResponse(cast.met, { threadId, body: "We have changed how officers call back.", responderTitle: "Reform lead" });
    html = (await page(cookies.member)).text;
    expect(html).toContain("Official responses");
    expect(html).toContain("We have changed how officers call back.");
    expect(html).toContain("Reform lead");
    expect(html).toMatch(/Reform lead(<!-- -->)? · (<!-- -->)?\d{1,2} [A-Z][a-z]+ \d{4}/);
    await editThreadResponse(cast.met, { responseId: published.id, body: "We have changed how officers call you back." });
    html = (await page(cookies.member)).text;
    expect(html).toContain("We have changed how officers call you back.");
    expect(html).toContain("Edited on");
  });

  it("shows an author's new display name on the next request, also when the name was changed outside this process", async () => {
    const before = (await page(cookies.member)).text;
    expect(article(before, authorPostId)).toContain(cast.made.author.name);

    await renamePerson(cast.admin, { userId: cast.made.author.id, name: "Renamed Author" });
    let html = (await page(cookies.member)).text;
    expect(article(html, authorPostId)).toContain("Renamed Author");
    expect(html).not.toContain(cast.made.author.name);

    // Another server process (or a script) changing the row sends this process no event at all.
    await db().update(user).set({ name: "Renamed Directly" }).where(eq(user.id, cast.made.author.id));
    html = (await page(cookies.member)).text;
    expect(article(html, authorPostId)).toContain("Renamed Directly");
    expect(html).not.toContain("Renamed Author");
  });

  it("never shows a members-only forum's posts to someone outside it, however often members read them", async () => {
    await page(cookies.member);
    await page(cookies.author);
    for (const [label, cookie] of [["outsider", cookies.outsider], ["signed out", undefined]] as const) {
      const html = await page(cookie);
      expect(html.status, label).toBe(404);
      expect(html.text, label).not.toContain(AUTHOR_WORDS);
      expect(html.text, label).not.toContain(MEMBER_WORDS);
      const data = await get(`/threads/${threadId}.data`, cookie);
      expect(data.text, label).not.toContain(AUTHOR_WORDS);
    }
  });

  it("stops showing the forum's posts to a member removed from it, on the next request", async () => {
    expect((await page(cookies.member)).text).toContain(AUTHOR_WORDS);
    await removeForumMember(cast.admin, cast.forum.id, cast.made.member.id);
    const after = await page(cookies.member);
    expect(after.status).toBe(404);
    expect(after.text).not.toContain(AUTHOR_WORDS);
  });

  it("stops showing a members-only forum to a moderator made a member of no forum, on the next request", async () => {
    // Staff read every forum: the moderator's page is the shared posts plus their report forms.
    const before = await page(cookies.moderator);
    expect(article(before.text, authorPostId)).toContain("Report this post");
    await changeRole(cast.admin, { userId: cast.made.moderator.id, role: "member", organisation: null });
    const after = await page(cookies.moderator);
    expect(after.status).toBe(404);
    expect(after.text).not.toContain(AUTHOR_WORDS);
  });

  it("shows nothing of the forum to a member suspended since their last page", async () => {
    expect((await page(cookies.member)).text).toContain(AUTHOR_WORDS);
    await setSuspended(cast.admin, { userId: cast.made.member.id, suspended: true, reason: "Test." });
    const after = await page(cookies.member);
    expect(after.text).not.toContain(AUTHOR_WORDS);
    expect(after.text).not.toContain("Report this post");
  });

  it("shows a failed report's error under that post's form, the rest of the post unchanged", async () => {
    const res = await fetch(`${server.url}/threads/${threadId}`, {
      method: "POST",
      headers: { cookie: cookies.member, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "report", postId: authorPostId, reason: "x".repeat(2001) }).toString(),
      redirect: "manual",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    const post = article(html, authorPostId)!;
    expect(post).toContain(AUTHOR_WORDS);
    expect(post).toContain("Your reason must be 2,000 characters or fewer");
    expect(count(post, "Report this post")).toBe(1);
    // The other post's form is its plain shared one.
    expect(article(html, memberPostId)).not.toContain("2,000 characters");
  });
});

// The page's statement leaves shared posts' bodies out; the bodies of posts whose markup is not
// made yet are read just after (sharedPostFragments, in this process). A post that changes
// between the two reads must not show the wrong thing, now or later.
describe("bodies read after the page's statement", () => {
  async function pageRow(postId: string) {
    const found = await getThreadPageForViewer(threadId, cast.member);
    const row = found?.posts.find((p) => p.id === postId);
    if (!row) throw new Error("the post is not on the page");
    return row;
  }

  it("leave the shared posts' bodies out of the page's statement and read them when the markup is not made", async () => {
    const row = await pageRow(authorPostId);
    expect(row.bodyHtml).toBeNull();
    clearPostFragments();
    const made = await sharedPostFragments(threadId, [row]);
    expect(made.get(authorPostId)?.html).toContain(AUTHOR_WORDS);
    expect(madePostFragment(row)?.html).toContain(AUTHOR_WORDS);
  });

  it("show a body changed in between, but do not keep it under the version the page read", async () => {
    const row = await pageRow(authorPostId);
    clearPostFragments();
    await transitionPost({ postId: authorPostId, actor: cast.moderator, transition: { kind: "redact", body: "Redacted by the moderators.", note: "Named a person" } });
    const made = await sharedPostFragments(threadId, [row]);
    expect(made.get(authorPostId)?.html).toContain("Redacted by the moderators.");
    expect(made.get(authorPostId)?.html).not.toContain(AUTHOR_WORDS);
    expect(madePostFragment(row)).toBeUndefined();
    // Nor with a report form: the next reader of that version gets the markup made afresh.
    const fragment = made.get(authorPostId)!;
    expect(sharedPostMarkup(fragment, authorPostId, "<form>first</form>").html).toContain("first");
    expect(sharedPostMarkup(fragment, authorPostId, "<form>second</form>").html).toContain("second");
  });

  it("leave out a post hidden in between", async () => {
    const row = await pageRow(authorPostId);
    clearPostFragments();
    await transitionPost({ postId: authorPostId, actor: cast.moderator, transition: { kind: "hide", note: "Reported" } });
    const made = await sharedPostFragments(threadId, [row]);
    expect(made.has(authorPostId)).toBe(false);
  });
});
