import { renderToStaticMarkup } from "react-dom/server";
import { StaticRouter } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { Pagination } from "./pagination";

const render = (element: React.ReactElement) => renderToStaticMarkup(<StaticRouter location="/">{element}</StaticRouter>);

/** The links as a reader meets them: where each goes, its rel and its words. */
function links(html: string) {
  return [...html.matchAll(/<a ([^>]*)>(.*?)<\/a>/g)].map(([, attrs, inner]) => ({
    href: /href="([^"]*)"/.exec(attrs)?.[1],
    rel: /rel="([^"]*)"/.exec(attrs)?.[1],
    text: inner.replace(/<[^>]+>/g, ""),
  }));
}

describe("Pagination", () => {
  it("is a named navigation landmark with a link to the newest page and one to older items", () => {
    const html = render(
      <Pagination label="Pages of threads" newest={{ href: "/forums/north", text: "Newest threads" }} older={{ href: "/forums/north?after=abc", text: "Older threads" }} />,
    );
    expect(html).toMatch(/^<nav class="govuk-pagination" aria-label="Pages of threads">/);
    // Newest first, as people read the list; rel tells assistive tech and browsers the order.
    expect(links(html)).toEqual([
      { href: "/forums/north", rel: "prev", text: "Newest threads" },
      { href: "/forums/north?after=abc", rel: "next", text: "Older threads" },
    ]);
  });

  it("on the first page offers only older items, and on the last only the newest", () => {
    const first = render(<Pagination label="Pages of responses" older={{ href: "/responses?after=x", text: "Older responses" }} />);
    expect(links(first)).toEqual([{ href: "/responses?after=x", rel: "next", text: "Older responses" }]);
    expect(first).not.toContain("govuk-pagination__prev");
    const last = render(<Pagination label="Pages of responses" newest={{ href: "/responses", text: "Newest responses" }} older={null} />);
    expect(links(last)).toEqual([{ href: "/responses", rel: "prev", text: "Newest responses" }]);
    expect(last).not.toContain("govuk-pagination__next");
  });

  it("draws nothing, not even an empty landmark, when everything fits on one page", () => {
    expect(render(<Pagination label="Audit log pages" newest={null} older={null} />)).toBe("");
  });

  it("takes the Design System's block style where asked", () => {
    expect(render(<Pagination label="Pages of threads" block older={{ href: "/x", text: "Older threads" }} />)).toContain('class="govuk-pagination govuk-pagination--block"');
  });
});
