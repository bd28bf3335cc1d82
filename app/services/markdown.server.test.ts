import { renderMarkdown, sanitizeHtml, SANITIZE_OPTIONS } from "./markdown.server";

const ALLOWED_TAGS = new Set(SANITIZE_OPTIONS.allowedTags as string[]);
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ["href", "rel"],
  ol: ["start"],
  th: ["align"],
  td: ["align"],
};

type Tag = { name: string; closing: boolean; attributes: { name: string; value: string }[] };

/**
 * Lists the tags in sanitized output. Sanitized output escapes every `<` in text, so every
 * `<` that remains opens a real tag.
 */
function tagsIn(html: string): Tag[] {
  const tags: Tag[] = [];
  for (const match of html.matchAll(/<(\/?)([^\s/>]+)([^>]*)>/g)) {
    const attributes: Tag["attributes"] = [];
    for (const attr of match[3].matchAll(/([^\s"'=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      attributes.push({ name: attr[1], value: attr[2] ?? attr[3] ?? attr[4] ?? "" });
    }
    tags.push({ name: match[2], closing: match[1] === "/", attributes });
  }
  return tags;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&colon;/gi, ":")
    .replace(/&tab;/gi, "\t")
    .replace(/&newline;/gi, "\n")
    .replace(/&amp;/g, "&");
}

function expectSafe(html: string) {
  expect(html).not.toMatch(/<script/i);
  for (const tag of ["img", "iframe", "svg", "math", "style", "form", "input", "base", "meta", "link", "object", "embed", "noscript"]) {
    expect(html, `<${tag}> in ${html}`).not.toMatch(new RegExp(`<${tag}[\\s/>]`, "i"));
  }
  for (const tag of tagsIn(html)) {
    expect(ALLOWED_TAGS.has(tag.name), `<${tag.name}> is not allowed in ${html}`).toBe(true);
    for (const attr of tag.attributes) {
      expect(attr.name, `event handler in ${html}`).not.toMatch(/^on/i);
      expect(ALLOWED_ATTRIBUTES[tag.name] ?? [], `${tag.name}[${attr.name}] in ${html}`).toContain(
        attr.name,
      );
      if (attr.name === "href" || attr.name === "src") {
        const url = decodeEntities(attr.value).replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
        expect(url, `dangerous URL in ${html}`).not.toMatch(/^(javascript|data|vbscript|file):/i);
        expect(url, `protocol-relative URL in ${html}`).not.toMatch(/^[/\\]{2}/);
      }
    }
  }
}

describe("renderMarkdown: ordinary Markdown", () => {
  it("renders paragraphs and emphasis", () => {
    expect(renderMarkdown("I felt *unheard* and **angry**.\n\nThen it got better.")).toBe(
      "<p>I felt <em>unheard</em> and <strong>angry</strong>.</p>\n<p>Then it got better.</p>",
    );
  });

  it("turns single newlines into line breaks, as GitHub comments do", () => {
    expect(renderMarkdown("first line\nsecond line")).toBe("<p>first line<br />second line</p>");
  });

  it("renders lists", () => {
    expect(renderMarkdown("- one\n- two")).toBe("<ul>\n<li>one</li>\n<li>two</li>\n</ul>");
    expect(renderMarkdown("1. one\n2. two")).toBe("<ol>\n<li>one</li>\n<li>two</li>\n</ol>");
    expect(renderMarkdown("3. three\n4. four")).toContain('<ol start="3">');
  });

  it("gives links rel=nofollow noopener noreferrer ugc and no target", () => {
    const html = renderMarkdown("See [Victim Support](https://www.victimsupport.org.uk/).");
    expect(html).toBe(
      '<p>See <a href="https://www.victimsupport.org.uk/" rel="nofollow noopener noreferrer ugc">Victim Support</a>.</p>',
    );
    expect(html).not.toContain("target");
  });

  it("overrides a rel the author wrote", () => {
    expect(sanitizeHtml('<a href="https://a.example" rel="opener" target="_blank">x</a>')).toBe(
      '<a href="https://a.example" rel="nofollow noopener noreferrer ugc">x</a>',
    );
  });

  it("links bare URLs, www. addresses and emails", () => {
    const html = renderMarkdown("https://www.met.police.uk and www.gov.uk and help@example.org");
    expect(html).toContain('<a href="https://www.met.police.uk" rel="nofollow noopener noreferrer ugc">');
    expect(html).toContain('<a href="http://www.gov.uk" rel="nofollow noopener noreferrer ugc">');
    expect(html).toContain('<a href="mailto:help@example.org" rel="nofollow noopener noreferrer ugc">');
  });

  it("keeps relative links", () => {
    expect(renderMarkdown("[rights](/rights)")).toContain('<a href="/rights"');
  });

  it("demotes h1 to h2 and h5/h6 to h4, keeping h2–h4", () => {
    expect(renderMarkdown("# One")).toBe("<h2>One</h2>");
    expect(renderMarkdown("## Two")).toBe("<h2>Two</h2>");
    expect(renderMarkdown("### Three")).toBe("<h3>Three</h3>");
    expect(renderMarkdown("#### Four")).toBe("<h4>Four</h4>");
    expect(renderMarkdown("##### Five")).toBe("<h4>Five</h4>");
    expect(renderMarkdown("###### Six")).toBe("<h4>Six</h4>");
  });

  it("renders quotes, code, rules and strikethrough without classes", () => {
    expect(renderMarkdown("> quoted")).toBe("<blockquote>\n<p>quoted</p>\n</blockquote>");
    expect(renderMarkdown("`a < b`")).toBe("<p><code>a &lt; b</code></p>");
    expect(renderMarkdown("```js\nlet x = 1;\n```")).toBe("<pre><code>let x = 1;\n</code></pre>");
    expect(renderMarkdown("---")).toBe("<hr />");
    expect(renderMarkdown("~~struck~~")).toBe("<p><del>struck</del></p>");
  });

  it("renders tables, keeping only the align attribute", () => {
    const html = renderMarkdown("| When | What |\n|:-:|---|\n| 2023 | Reported |");
    expect(html).toContain("<table>");
    expect(html).toContain('<th align="center">When</th>');
    expect(html).toContain("<td>Reported</td>");
    expectSafe(html);
  });

  it("shows raw HTML as the text the member typed", () => {
    expect(renderMarkdown("I <3 this & <b>that</b>")).toBe(
      "<p>I &lt;3 this &amp; &lt;b&gt;that&lt;/b&gt;</p>",
    );
  });

  it("shows a Markdown image as its alt text and never as an image", () => {
    expect(renderMarkdown("![my street](https://evil.example/x.png)")).toBe("<p>my street</p>");
  });

  it("shows task-list checkboxes as text, never as form inputs", () => {
    expect(renderMarkdown("- [x] reported it\n- [ ] heard back")).toBe(
      "<ul>\n<li>[x] reported it</li>\n<li>[ ] heard back</li>\n</ul>",
    );
  });

  it("returns an empty string for empty input", () => {
    expect(renderMarkdown("")).toBe("");
  });
});

describe("sanitizeHtml on existing HTML", () => {
  it("keeps allowed markup", () => {
    expect(sanitizeHtml("<p>Hello <strong>there</strong></p>")).toBe("<p>Hello <strong>there</strong></p>");
  });

  it("discards disallowed tags but keeps harmless text", () => {
    expect(sanitizeHtml("<div><span>kept</span></div>")).toBe("kept");
    expect(sanitizeHtml("<svg><text>inside</text></svg>")).toBe("inside");
  });

  it("drops script and style contents entirely", () => {
    expect(sanitizeHtml("a<script>alert(1)</script>b<style>p{}</style>c")).toBe("abc");
  });

  it("strips style, class and id attributes", () => {
    expect(sanitizeHtml('<p style="color:red" class="x" id="y">t</p>')).toBe("<p>t</p>");
  });
});

// Each hostile input goes through renderMarkdown (as a post body) and through sanitizeHtml
// directly (as if it were already HTML), since both are exported.
const HOSTILE: [string, string][] = [
  ["script tag", "<script>alert(1)</script>"],
  ["script tag, upper case", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>"],
  ["script split across lines", "<scr\nipt>alert(1)</script>"],
  ["img onerror", '<img src=x onerror="alert(1)">'],
  ["img onerror without quotes", "<img src=x onerror=alert(1)//>"],
  ["svg onload", "<svg onload=alert(1)>"],
  ["svg with script", "<svg><script>alert(1)</script></svg>"],
  ["iframe javascript src", '<iframe src="javascript:alert(1)"></iframe>'],
  ["iframe srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ["markdown link javascript:", "[click](javascript:alert(1))"],
  ["markdown link JaVaScRiPt:", "[click](JaVaScRiPt:alert(1))"],
  ["markdown link with entity-obfuscated scheme", "[click](jav&#x09;ascript:alert(1))"],
  ["markdown link with encoded colon", "[click](javascript&colon;alert(1))"],
  ["markdown link with numeric entities", "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))"],
  ["markdown link, whitespace-prefixed", "[click]( javascript:alert(1))"],
  ["markdown link in angle brackets", "[click](<javascript:alert(1)>)"],
  ["markdown link data:", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
  ["markdown link vbscript:", "[click](vbscript:msgbox(1))"],
  ["markdown link protocol-relative", "[click](//evil.example/)"],
  ["reference link javascript:", "[click][x]\n\n[x]: javascript:alert(1)"],
  ["reference link with title", '[click][x]\n\n[x]: javascript:alert(1) "title"'],
  ["autolink javascript:", "<javascript:alert(1)>"],
  ["autolink data:", "<data:text/html,<script>alert(1)</script>>"],
  ["raw a href javascript:", '<a href="javascript:alert(1)">x</a>'],
  ["raw a href with leading spaces", '<a href="  javascript:alert(1)">x</a>'],
  ["raw a href with tab inside scheme", '<a href="jav\tascript:alert(1)">x</a>'],
  ["raw a href with entity tab", '<a href="jav&#x09;ascript:alert(1)">x</a>'],
  ["raw a href with newline entity", '<a href="java&#10;script:alert(1)">x</a>'],
  ["raw a href mixed case", '<a href="JaVaScRiPt:alert(1)">x</a>'],
  ["raw a href control char prefix", '<a href="&#0001;javascript:alert(1)">x</a>'],
  ["raw a href with onclick", '<a href="https://ok.example" onclick="alert(1)">x</a>'],
  ["raw a href target and style", '<a href="https://ok.example" target="_blank" style="x">x</a>'],
  ["style attribute with expression()", '<p style="width: expression(alert(1))">x</p>'],
  ["style element", "<style>body{background:url(javascript:alert(1))}</style>"],
  ["link stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">'],
  ["math trick", '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>'],
  ["math href", '<math href="javascript:alert(1)"><mi>x</mi></math>'],
  ["form action", '<form action="https://evil.example"><input name="password"><button>Go</button></form>'],
  ["input autofocus onfocus", "<input autofocus onfocus=alert(1)>"],
  ["base href", '<base href="https://evil.example/">'],
  ["meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ["object data", '<object data="javascript:alert(1)"></object>'],
  ["embed src", '<embed src="javascript:alert(1)">'],
  ["markdown image", "![x](http://evil.example/x.png)"],
  ["markdown image with onerror in title", '![x](x "onerror=alert(1)")'],
  ["markdown image javascript:", "![x](javascript:alert(1))"],
  ["conditional comment", "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->"],
  ["comment closing early", "<!--><img src=x onerror=alert(1)>-->"],
  ["noscript mutation XSS", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ["unclosed tag", '<img src=x onerror=alert(1)//'],
  ["nested broken tags", "<<script>script>alert(1)<</script>/script>"],
  ["attribute breaking out of quotes", '<a href="https://ok.example/" title="x"onmouseover="alert(1)">x</a>'],
  ["details ontoggle", "<details open ontoggle=alert(1)>"],
  ["body onload", "<body onload=alert(1)>"],
  ["video poster", '<video poster="javascript:alert(1)"><source onerror=alert(1)></video>'],
  ["textarea breakout", "<textarea></textarea><script>alert(1)</script>"],
  ["template content", "<template><img src=x onerror=alert(1)></template>"],
  ["xmp breakout", "<xmp><img src=x onerror=alert(1)></xmp>"],
  ["markdown link title breakout", '[x](https://ok.example "a\\" onmouseover=\\"alert(1)")'],
  ["emphasis around raw tag", "**<img src=x onerror=alert(1)>**"],
  ["code span does not protect raw tag in HTML", "`x`<img src=x onerror=alert(1)>"],
  ["html inside a list", "- <svg/onload=alert(1)>\n- [a](javascript:alert(1))"],
  ["html inside a table cell", "| a |\n|---|\n| <img src=x onerror=alert(1)> |"],
];

describe("XSS", () => {
  it("the safety check itself catches unsafe output", () => {
    expect(() => expectSafe('<a href="javascript:alert(1)">x</a>')).toThrow();
    expect(() => expectSafe('<a href="java&#x09;script:alert(1)">x</a>')).toThrow();
    expect(() => expectSafe('<p onclick="alert(1)">x</p>')).toThrow();
    expect(() => expectSafe("<img src=x>")).toThrow();
    expect(() => expectSafe("<span>x</span>")).toThrow();
    expect(() => expectSafe('<p class="x">x</p>')).toThrow();
    expect(() => expectSafe("<p>&lt;script&gt; as text is fine</p>")).not.toThrow();
  });

  it("has a substantial table of hostile inputs", () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(30);
  });

  describe.each(HOSTILE)("%s", (_name, input) => {
    it("renderMarkdown output is safe", () => {
      expectSafe(renderMarkdown(input));
    });

    it("sanitizeHtml output is safe", () => {
      expectSafe(sanitizeHtml(input));
    });
  });

  it("keeps the visible text of a neutralised javascript: link", () => {
    expect(renderMarkdown("[click me](javascript:alert(1))")).toBe(
      '<p><a rel="nofollow noopener noreferrer ugc">click me</a></p>',
    );
  });
});
