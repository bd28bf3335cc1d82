// A page rendered whole before it is sent (app/entry.server.tsx, decision 037): what a member
// receives is the whole page with its data handed to the browser once and the stream closed,
// nothing left for the browser to render, and text outside Latin-1 (curly quotes, dashes,
// accents, emoji) exactly as written, in the page and in its data. A change to how pages are
// rendered (another React renderer, another way of handing the data over) must keep all of it.
import { useTestDatabase } from "../db";
import { fromSite, signIn, useTestServer } from "../support/server";
import { publishedThread, reply, useCast } from "../support/threads";
import { transitionPost } from "../../app/models/threads/post-lifecycle.server";

useTestDatabase();

const server = useTestServer();
const cast = useCast();

/** The text Remix hands to the browser in each `streamController.enqueue(…)` script, decoded. */
function handedOff(html: string): string[] {
  return [...html.matchAll(/streamController\.enqueue\(("(?:[^"\\]|\\.)*")\);<\/script>/g)].map((m) => JSON.parse(m[1]) as string);
}

describe("a page rendered for a signed-in member", () => {
  it("hands its data to the browser once, closes the stream and leaves nothing for the browser to render", async () => {
    const { thread } = await publishedThread(cast, { title: "Waiting to hear about my case" });
    const cookie = await signIn(server.url, cast.made.member);
    const res = await fromSite(`${server.url}/threads/${thread.id}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html><html/);
    const data = handedOff(html);
    expect(data).toHaveLength(1);
    expect(data[0]).toContain("Waiting to hear about my case");
    expect(html.indexOf("streamController.close();")).toBeGreaterThan(html.indexOf("streamController.enqueue("));
    expect(html.match(/streamController\.close\(\);/g)).toHaveLength(1);
    // React's mark for a part it could not render on the server.
    expect(html).not.toContain("<!--$!-->");
  });

  it("shows text outside Latin-1 as written, in the page and in the data the browser gets", async () => {
    const title = "Don’t close my case – café 😀";
    const words = "the officer’s “update” — naïve 🙏";
    const { thread } = await publishedThread(cast, { title });
    const p = await reply(thread.id, cast.member, { body: `I want to share ${words}.` });
    await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "approve" } });
    const cookie = await signIn(server.url, cast.made.author);
    const res = await fromSite(`${server.url}/threads/${thread.id}`, { headers: { cookie, "accept-encoding": "br" } });
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    expect(html).toContain(`<h1 class="govuk-heading-l">${title}</h1>`);
    expect(html).toContain(`<title>${title} – Victim Voice Forum</title>`);
    expect(html).toContain(words);
    expect(handedOff(html)[0]).toContain(title);
    expect(html).not.toContain("\uFFFD");
  });
});
