// The count beside "Notifications" in every signed-in page's header (app/root.tsx). It is read in
// the same statement as the session (app/services/session.server.ts, issue 13), so these check
// through the real server that it is the person's own count as it is now: a new notification
// shows on the next page, marking them read clears it, other people's never count, and a
// session that better-auth reads instead (once a day, to extend it) shows the same.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { session } from "../../db/schema/auth";
import { notification } from "../../db/schema/notifications";
import { useTestDatabase } from "../db";
import { fromSite, signIn, useTestServer } from "../support/server";
import { useCast } from "../support/threads";

useTestDatabase();

const server = useTestServer();
const cast = useCast();

/** What the header says, for screen readers, about unread notifications on `path`. */
async function headerCount(cookie: string, path = "/forums"): Promise<string> {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: "manual" });
  expect(res.status).toBe(200);
  // React separates adjacent text with empty comments: read the text as a screen reader would.
  const body = (await res.text()).replaceAll("<!-- -->", "");
  return body.match(/\((no unread notifications|1 unread notification|\d+ unread notifications)\)/)?.[1] ?? "(no count in the header)";
}

async function notifyOf(userId: string, message: string) {
  await db().insert(notification).values({ userId, kind: "post_approved", message, url: "/forums" });
}

describe("the unread notifications count in the header", () => {
  it("counts the person's own unread notifications as they are on each request", async () => {
    const cookie = await signIn(server.url, cast.made.member);
    expect(await headerCount(cookie)).toBe("no unread notifications");

    await notifyOf(cast.member.id, "Your reply was published.");
    expect(await headerCount(cookie)).toBe("1 unread notification");
    await notifyOf(cast.member.id, "Someone replied to your thread.");
    // Someone else's notification is not this member's.
    await notifyOf(cast.author.id, "Your thread was published.");
    expect(await headerCount(cookie, `/forums/${cast.forum.slug}`)).toBe("2 unread notifications");

    const marked = await fromSite(`${server.url}/notifications`, { method: "POST", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: "", redirect: "manual" });
    expect(marked.status).toBe(302);
    expect(await headerCount(cookie)).toBe("no unread notifications");
    expect(await headerCount(await signIn(server.url, cast.made.author))).toBe("1 unread notification");
  });

  it("is the same when better-auth reads the session to extend it", async () => {
    const cookie = await signIn(server.url, cast.made.member);
    await notifyOf(cast.member.id, "Your reply was published.");
    await notifyOf(cast.member.id, "Your reply was published.");
    // Five days left of seven: due to be extended, so this request goes through better-auth.
    await db().update(session).set({ expiresAt: new Date(Date.now() + 5 * 24 * 3600 * 1000) }).where(eq(session.userId, cast.member.id));
    expect(await headerCount(cookie)).toBe("2 unread notifications");
    expect(await headerCount(cookie)).toBe("2 unread notifications");
  });
});
