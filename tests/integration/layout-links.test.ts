// The layout's links (app/root.tsx) are plain <a href>s with one shared click handler (decision
// 050), no longer React Router's <NavLink>: these check through the real server that every page
// still says which section the reader is in, as NavLink did — `aria-current="page"` on the
// header link of the page and of the pages under it, on one link at a time — and that the
// title and footer links are there for everyone, with no current mark.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../db";
import { signIn, useTestServer } from "../support/server";
import { useCast } from "../support/threads";

useTestDatabase();

const server = useTestServer();
const cast = useCast();

type LayoutLink = { text: string; href: string; current: boolean };

/** The links of the page's <header> or <footer>, as a screen reader lists them. */
async function layoutLinks(path: string, cookie: string | null, part: "header" | "footer"): Promise<LayoutLink[]> {
  const res = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  expect(res.status, path).toBe(200);
  const html = (await res.text()).replaceAll("<!-- -->", "");
  const section = html.match(new RegExp(`<${part}[\\s>][\\s\\S]*?</${part}>`))?.[0] ?? "";
  return [...section.matchAll(/<a ([^>]*)>([\s\S]*?)<\/a>/g)].map(([, attrs, inner]) => ({
    text: inner!.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim(),
    href: attrs!.match(/href="([^"]*)"/)?.[1] ?? "",
    current: /aria-current="page"/.test(attrs!),
  }));
}

const currentOf = (links: LayoutLink[]) => links.filter((l) => l.current).map((l) => l.text);

describe("the layout's links", () => {
  it("mark the section of the page and of the pages under it, one link at a time", async () => {
    const cookie = await signIn(server.url, cast.made.member);
    expect(currentOf(await layoutLinks("/forums", cookie, "header"))).toEqual(["Your forums"]);
    // A page under a section: its forum's page is under "Your forums".
    expect(currentOf(await layoutLinks(`/forums/${cast.forum.slug}`, cookie, "header"))).toEqual(["Your forums"]);
    expect(currentOf(await layoutLinks("/consultations", cookie, "header"))).toEqual(["Consultations"]);
    // The person's own links are marked too; a page outside every section marks none.
    expect(currentOf(await layoutLinks("/notifications", cookie, "header"))).toEqual([expect.stringMatching(/^Notifications/)]);
    expect(currentOf(await layoutLinks("/account", cookie, "header"))).toEqual([expect.stringMatching(new RegExp(`^${cast.made.member.name}`))]);
    expect(currentOf(await layoutLinks("/support", cookie, "header"))).toEqual([]);
  });

  it("mark only the nearer section where one lies inside another", async () => {
    const cookie = await signIn(server.url, cast.made.met);
    // "Feedback figures" (/respond/feedback) lies under "Respond" (/respond): one current link.
    expect(currentOf(await layoutLinks("/respond/feedback", cookie, "header"))).toEqual(["Feedback figures"]);
    expect(currentOf(await layoutLinks("/respond", cookie, "header"))).toEqual(["Respond"]);
  });

  it("are plain links to the same addresses for someone signed out, the footer's never marked", async () => {
    const header = await layoutLinks("/login", null, "header");
    expect(header.map(({ text, href }) => ({ text, href }))).toEqual([
      { text: "Victim Voice Forum", href: "/" },
      { text: "Sign in", href: "/login" },
      { text: "Consultations", href: "/consultations" },
      { text: "Meetings", href: "/meetings" },
      { text: "Responses", href: "/responses" },
      { text: "Actions", href: "/actions" },
      { text: "Accountability", href: "/accountability" },
    ]);
    expect(currentOf(header)).toEqual(["Sign in"]);
    const footer = await layoutLinks("/support", null, "footer");
    expect(footer.map((l) => l.href)).toEqual(["/support", "/rights", "/my-met-service", "/open-data"]);
    expect(currentOf(footer)).toEqual([]);
  });
});
