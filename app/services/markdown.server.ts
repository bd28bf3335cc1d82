/**
 * The one place where untrusted Markdown becomes HTML.
 *
 * Two layers, so that a mistake in either is caught by the other:
 * 1. marked renders GFM with raw HTML switched off: `<b>`, `<script>` and friends are not
 *    passed through but shown as the literal text the member typed. Markdown images are
 *    rendered as their alt text (we never load images from elsewhere).
 * 2. sanitize-html then filters the result through SANITIZE_OPTIONS, a strict allow-list of
 *    tags, attributes and URL schemes. Whatever marked emits that is not on the list is
 *    dropped, keeping its text; the contents of script-like elements are dropped entirely.
 *
 * Only the output of renderMarkdown / sanitizeHtml may reach `dangerouslySetInnerHTML`.
 */
import type { Marked, Tokens } from "marked";
import type sanitize from "sanitize-html";
import { lazyModule } from "~/utils/lazy-module";

// marked and sanitize-html (with postcss and htmlparser2) are needed when a text is written,
// never to show a page: loaded at the first use, not at start (issue 13).
const markedPackage = lazyModule<typeof import("marked")>("marked");
const sanitizePackage = lazyModule<typeof import("sanitize-html")>("sanitize-html");

const LINK_REL = "nofollow noopener noreferrer ugc";

export const SANITIZE_OPTIONS: Readonly<sanitize.IOptions> = {
  allowedTags: [
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "del",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  // No style, class, id, event handlers or anything else. `rel` is listed only so that the
  // value set by transformTags below survives; whatever the author wrote is overwritten.
  allowedAttributes: {
    a: ["href", "rel"],
    ol: ["start"],
    th: [{ name: "align", multiple: false, values: ["left", "center", "right"] }],
    td: [{ name: "align", multiple: false, values: ["left", "center", "right"] }],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  // "//evil.example" would otherwise count as a relative URL.
  allowProtocolRelative: false,
  allowVulnerableTags: false,
  disallowedTagsMode: "discard",
  // Elements whose contents are code, markup or form state rather than prose: drop them whole.
  nonTextTags: [
    "script",
    "style",
    "textarea",
    "option",
    "select",
    "xmp",
    "noscript",
    "noembed",
    "noframes",
    "iframe",
    "template",
    "title",
    "plaintext",
    "object",
  ],
  transformTags: {
    h1: "h2",
    h5: "h4",
    h6: "h4",
    // What sanitize.simpleTransform("a", { rel: LINK_REL }, true) makes, without loading the package here.
    a: (_tagName: string, attribs: sanitize.Attributes) => ({ tagName: "a", attribs: { ...attribs, rel: LINK_REL } }),
  },
};

function escapeText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

let parser: Marked | undefined;
function markdown(): Marked {
  if (parser) return parser;
  parser = new (markedPackage().Marked)({ gfm: true, breaks: true, async: false });
  parser.use({
    // Returning undefined (not false) disables a tokenizer outright, so raw HTML, block or
    // inline, is read as ordinary text and escaped by marked's text renderer.
    tokenizer: {
      html: () => undefined,
      tag: () => undefined,
    },
    renderer: {
      image: (token: Tokens.Image) => escapeText(token.text),
      // A disabled <input> would be dropped by the sanitizer; keep the tick as text instead.
      checkbox: (token: Tokens.Checkbox) => (token.checked ? "[x] " : "[ ] "),
    },
  });
  return parser;
}

/** Sanitizes HTML that already exists with the same allow-list as renderMarkdown. */
export function sanitizeHtml(html: string): string {
  return sanitizePackage()(html, SANITIZE_OPTIONS);
}

/**
 * Renders a post's Markdown to safe HTML. Line breaks follow GitHub comments: a single
 * newline becomes <br>, a blank line starts a new paragraph.
 */
export function renderMarkdown(source: string): string {
  const html = markdown().parse(source, { async: false });
  return sanitizeHtml(html).trim();
}
