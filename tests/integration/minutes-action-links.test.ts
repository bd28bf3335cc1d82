// An action agreed in a meeting has its own page only once the minutes are published. Before that
// (minutes being written, under review) the minutes show its title without a link: the link led
// to "Page not found", even for the moderators reviewing them (issue 16).
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { StaticRouter } from "react-router-dom/server";
import { MinutesView } from "~/components/meeting-minutes";
import { getMinutes, presentMinutes } from "~/models/meetings/minutes.server";
import { getActionForViewer } from "~/models/actions/action-items.server";
import { useTestDatabase } from "../db";
import { makeMeetingCast, meetingIn } from "./meetings-fixtures";

useTestDatabase();

/** The minutes as the page draws them, and the links in them. */
function linksIn(items: ReturnType<typeof presentMinutes>) {
  const html = renderToStaticMarkup(createElement(StaticRouter, { location: "/" }, createElement(MinutesView, { items })));
  return { html, links: [...html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map(([, href, text]) => ({ href, text })) };
}

const ACTION = { title: "Name the officer in every closure letter", organisation: "met" as const, dueDate: "2027-02-01" };

async function minutesOf(status: "minutes-review" | "minutes-published") {
  const cast = await makeMeetingCast();
  const m = await meetingIn(cast, status, { actions: [ACTION] });
  const items = await getMinutes(m.id, { viewerId: cast.moderator.id });
  const action = items.flatMap((i) => i.actions)[0];
  return { cast, m, items, action };
}

describe("actions in minutes", () => {
  it("under review: the moderator sees the action's title, not a link to a page that does not exist yet", async () => {
    const { cast, items, action } = await minutesOf("minutes-review");
    expect(action.title).toBe(ACTION.title);
    expect(await getActionForViewer(action.id, cast.moderator)).toBeNull();
    const shown = presentMinutes(items);
    const { html, links } = linksIn(shown);
    expect(html).toContain(ACTION.title);
    expect(links.filter((l) => l.href.startsWith("/actions/"))).toEqual([]);
  });

  it("published: the title links to the action's page, which opens", async () => {
    const { cast, items, action } = await minutesOf("minutes-published");
    expect(await getActionForViewer(action.id, cast.moderator)).not.toBeNull();
    const shown = presentMinutes(items, new Date(), { published: true });
    expect(linksIn(shown).links).toContainEqual({ href: `/actions/${action.id}`, text: ACTION.title });
  });
});
