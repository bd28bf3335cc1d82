// "Download my data" (issue 11, item 2): a member gets everything held about them — posts in
// every state with their history and the reasons shown to them, reports they made, meeting
// replies, minutes comments, consents, consultation answers, notifications and preferences —
// and nothing of anybody else's: no other member's words or name, no moderator's private note,
// not who reported them.
import { loader as dataLoader } from "~/routes/account_.data";
import { exportMyData } from "~/models/people/my-data.server";
import { useTestDatabase } from "../db";
import { cookieFor, run } from "../support/routes";
import { makeMembersWithData } from "./members-data-fixtures";

useTestDatabase();

describe("downloading my data", () => {
  it("holds all of the member's own data and none of another member's", async () => {
    const world = await makeMembersWithData();
    const data = await exportMyData(world.zara.id);
    const text = JSON.stringify(data);

    // Account and memberships.
    expect(data.account).toMatchObject({ id: world.zara.id, displayName: "Zara Zebrafinch", email: "zara.zebrafinch@example.test", role: "member" });
    expect(data.forumMemberships).toEqual([expect.objectContaining({ forum: "Members data forum" })]);

    // Every post, in every state, with what the author was told.
    const byText = new Map(data.posts.map((p) => [p.text, p]));
    const w = world.zaraWrote;
    expect(data.posts).toHaveLength(7);
    expect(byText.get(w.posts.approved.text)).toMatchObject({ status: "published", kind: "opening post", thread: { title: w.threadTitle } });
    expect(byText.get(w.posts.pending.text)).toMatchObject({ status: "awaiting review" });
    expect(byText.get(w.posts.rejected.text)).toMatchObject({
      status: "not published (rejected)",
      rejection: { note: "ZEBRA rejection note shown to the author" },
    });
    expect(byText.get(w.posts.withdrawn.text)?.status).toBe("withdrawn by you");
    expect(byText.get(w.posts.hidden.text)?.status).toBe("hidden by the moderators");
    // Escalated to the safeguarding list: the author sees it as awaiting review, as on the site.
    expect(byText.get(w.posts.safeguarding.text)?.status).toBe("awaiting review");
    expect(byText.get(w.posts.redacted.text)).toMatchObject({ status: "published", moderatorEditNote: "ZEBRA redaction note shown to the author" });
    const hiddenHistory = byText.get(w.posts.hidden.text)!.history.map((h) => h.event);
    expect(hiddenHistory).toEqual(["reply sent for review", "published", "hidden by the moderators"]);
    const rejectedHistory = byText.get(w.posts.rejected.text)!.history;
    expect(rejectedHistory[1]).toMatchObject({ event: "rejected", reason: expect.stringContaining("ZEBRA rejection note") });
    // A reply in someone else's thread names the thread by its address only (the title is not hers).
    expect(byText.get(w.posts.pending.text)!.thread).toEqual({ address: `/threads/${world.ottoThreadId}` });

    expect(data.reportsYouMade).toEqual([expect.objectContaining({ reason: w.reportReason, status: "open" })]);
    expect(data.meetings.replies).toEqual([expect.objectContaining({ meeting: "Quarterly meeting", reply: "going" })]);
    expect(data.meetings.minutesComments).toEqual([expect.objectContaining({ comment: w.minutesComment, agendaItem: "Support at court" })]);
    expect(data.meetings.consentsToBeNamed).toHaveLength(1);
    expect(data.meetings.quotedInMinutes).toEqual([expect.objectContaining({ quote: w.quote })]);

    // Consultation answers, found through the respondent key.
    expect(data.consultationAnswers).toHaveLength(1);
    expect(data.consultationAnswers[0].answers).toEqual([
      expect.objectContaining({ choices: ["Yes"] }),
      expect.objectContaining({ choices: ["Arrest", "Charge"] }),
      expect.objectContaining({ scale: 5, choices: [] }),
      expect.objectContaining({ writtenAnswer: w.consultationText, writtenAnswerStatus: "pending" }),
    ]);

    expect(data.notifications.length).toBeGreaterThan(0);
    expect(data.notifications.every((n) => typeof n.message === "string")).toBe(true);
    expect(data.notificationPreferences.changed).toEqual([{ kind: "post-decision", inSite: true, email: false }]);

    // Nothing of Otto's: not his name, email, words, report, comment, quote or answer; his
    // thread's title only in the notifications Zara was sent about her replies in it.
    for (const other of ["OTTER", "Otto", "otterlantern"]) expect(text, other).not.toContain(other);
    expect(JSON.stringify({ ...data, notifications: [] })).not.toContain("Waiting for news");
    // No moderator's private note, nor who made a decision or reported Zara's post.
    expect(text).not.toContain("PRIVATE");
    expect(text).not.toContain("Moderator Mae");
    expect(text).not.toContain(world.otto.id);
    expect(text).not.toContain(world.moderator.id);
    // No credentials.
    expect(text).not.toMatch(/password|token/i);
  });

  it("is served to the signed-in member as a JSON attachment, and to nobody signed out", async () => {
    const world = await makeMembersWithData();
    const cookie = await cookieFor(world.zaraMade);
    const res = await run(dataLoader, "/account/data", { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="victim-voice-forum-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.data.account.email).toBe("zara.zebrafinch@example.test");
    expect(res.text).not.toContain("OTTER");

    const signedOut = await run(dataLoader, "/account/data");
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });
});
