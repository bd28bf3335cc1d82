// Official responses on meetings and actions (issue 12, item 1): who may publish one and when,
// one per organisation per thing (a second tab refused, in a race too), never dated before the
// thing existed, and where the public then reads it — the thing's page, /responses and its
// filters, the Atom feed, the CSV and JSON open data — while a response on members-only minutes
// reaches none of them. The dashboard's response figures do not change: meetings and actions
// carry no response clock.
import { eq } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { db } from "../../db/client";
import { actionItem } from "../../db/schema/actions";
import { auditLog } from "../../db/schema/audit";
import { forum } from "../../db/schema/forums";
import { meeting } from "../../db/schema/meetings";
import { officialResponse } from "../../db/schema/threads";
import { ResponseConflictError, ResponseTargetNotFoundError, publishActionResponse, publishMeetingResponse } from "~/models/responses/official-responses.server";
import { ResponseError } from "~/models/threads/official-responses.server";
import { accountabilityFigures, loadAccountability } from "~/models/accountability/dashboard.server";
import * as meetingPage from "~/routes/meetings.$id._index";
import * as actionPage from "~/routes/actions.$id";
import * as respondMeeting from "~/routes/respond.meetings.$id";
import * as respondAction from "~/routes/respond.actions.$id";
import * as respondList from "~/routes/respond._index";
import * as responsesPage from "~/routes/responses._index";
import * as feedRoute from "~/routes/feeds.$feed";
import * as openDataFile from "~/routes/open-data.$file";
import { useTestDatabase } from "../db";
import { cookieFor, makeMeetingCast, meetingIn, run, type MeetingCast } from "./meetings-fixtures";
import { DAY } from "~/utils/time";

useTestDatabase();

const MEETING_WORDS = "Every closure letter will name the officer in the case from next month.";
const ACTION_WORDS = "We will publish the monthly figures on our victims dashboard.";
const PRIVATE_WORDS = "Kestrel-onyx words on minutes only members may read.";
const PRIVATE_TITLE = "Kestrel-onyx private meeting";

/** A meeting with published minutes and one action per organisation. */
async function published(cast: MeetingCast) {
  const m = await meetingIn(cast, "minutes-published", {
    actions: [
      { title: "Name a contact in every closure letter", organisation: "met", dueDate: "2099-06-30" },
      { title: "Report monthly on victims told within 5 working days", organisation: "mopac", dueDate: "2099-06-30" },
      { title: "Invite the court service", organisation: "facilitator", dueDate: "2099-06-30" },
    ],
  });
  const actions = await db().select().from(actionItem).where(eq(actionItem.sourceId, m.id));
  const by = (org: string) => actions.find((a) => a.organisation === org)!;
  return { meeting: m, met: by("met"), mopac: by("mopac"), facilitator: by("facilitator") };
}

const input = (body: string) => ({ responderTitle: "Reform lead, Victim Care", body });
const responsesOn = (targetId: string) => db().select().from(officialResponse).where(eq(officialResponse.targetId, targetId));
const auditsOf = async (targetId: string) => (await db().select().from(auditLog).where(eq(auditLog.targetId, targetId))).filter((a) => a.action === "official-response.publish");

async function signedOut(loader: (args: any) => unknown, path: string, params: Record<string, string> = {}) {
  return run(loader as never, path, { params });
}

async function feed(name = "responses.atom") {
  const response = (await feedRoute.loader({ request: new Request(`http://localhost/feeds/${name}`), params: { feed: name }, context: {} })) as Response;
  return response.text();
}

async function download(file: string) {
  const response = (await openDataFile.loader({ request: new Request(`http://localhost/open-data/${file}`), params: { file }, context: {} })) as Response;
  return response.text();
}

describe("who may respond to a meeting or an action, and when", () => {
  it("refuses members, moderators and admins, and a responder of another organisation", async () => {
    const cast = await makeMeetingCast();
    const { meeting: m, met, mopac, facilitator } = await published(cast);
    for (const who of [cast.alice, cast.moderator, cast.admin]) {
      await expect(publishMeetingResponse(who, { meetingId: m.id, ...input(MEETING_WORDS) })).rejects.toBeInstanceOf(ResponseError);
      await expect(publishActionResponse(who, { actionId: met.id, ...input(ACTION_WORDS) })).rejects.toBeInstanceOf(ResponseError);
    }
    // An action belongs to its owner: MOPAC cannot answer the Met's, nor the Met MOPAC's.
    await expect(publishActionResponse(cast.mopac, { actionId: met.id, ...input(ACTION_WORDS) })).rejects.toThrow("Only the organisation that owns this action can respond to it.");
    await expect(publishActionResponse(cast.met, { actionId: mopac.id, ...input(ACTION_WORDS) })).rejects.toBeInstanceOf(ResponseError);
    // The facilitators' actions are not answered by official response.
    await expect(publishActionResponse(cast.met, { actionId: facilitator.id, ...input(ACTION_WORDS) })).rejects.toBeInstanceOf(ResponseError);
    // A meeting is answered by an organisation that was at it or took on one of its actions.
    await db().update(meeting).set({ attendedMopac: 0 }).where(eq(meeting.id, m.id));
    await db().update(actionItem).set({ organisation: "facilitator" }).where(eq(actionItem.id, mopac.id));
    await expect(publishMeetingResponse(cast.mopac, { meetingId: m.id, ...input(MEETING_WORDS) })).rejects.toThrow(/Only an organisation that was at this meeting/);
    expect(await responsesOn(m.id)).toEqual([]);
    expect(await responsesOn(met.id)).toEqual([]);

    // The pages refuse the same people: a member is sent away, another organisation gets 403.
    const memberCookie = await cookieFor(cast.made.alice);
    expect((await run(respondMeeting.loader as never, `/respond/meetings/${m.id}`, { cookie: memberCookie, params: { id: m.id } })).status).toBe(403);
    const mopacCookie = await cookieFor(cast.made.mopac);
    expect((await run(respondMeeting.loader as never, `/respond/meetings/${m.id}`, { cookie: mopacCookie, params: { id: m.id } })).status).toBe(403);
    expect((await run(respondAction.loader as never, `/respond/actions/${met.id}`, { cookie: mopacCookie, params: { id: met.id } })).status).toBe(403);
    const posted = await run(respondAction.action as never, `/respond/actions/${met.id}`, { cookie: mopacCookie, params: { id: met.id }, form: input(ACTION_WORDS) });
    expect(posted.status).toBe(403);
    expect(await responsesOn(met.id)).toEqual([]);
  });

  it("refuses a meeting until its minutes are published, and an action from minutes still in draft", async () => {
    const cast = await makeMeetingCast();
    for (const status of ["scheduled", "held", "minutes-draft", "minutes-review"] as const) {
      const m = await meetingIn(cast, status, { actions: [{ title: "Draft action", organisation: "met", dueDate: "2099-06-30" }] });
      await expect(publishMeetingResponse(cast.met, { meetingId: m.id, ...input(MEETING_WORDS) })).rejects.toThrow("You can respond to a meeting once its minutes are published.");
      const [a] = await db().select().from(actionItem).where(eq(actionItem.sourceId, m.id));
      if (a) await expect(publishActionResponse(cast.met, { actionId: a.id, ...input(ACTION_WORDS) })).rejects.toThrow("You can respond to this action once the minutes it comes from are published.");
      expect(await responsesOn(m.id)).toEqual([]);
    }
    await expect(publishMeetingResponse(cast.met, { meetingId: "3f1c4a57-1f1e-4d6b-9c2e-000000000000", ...input(MEETING_WORDS) })).rejects.toBeInstanceOf(ResponseTargetNotFoundError);
  });

  it("refuses a response dated before the minutes were published or the action was agreed", async () => {
    const cast = await makeMeetingCast();
    const { meeting: m, met } = await published(cast);
    const [row] = await db().select().from(meeting).where(eq(meeting.id, m.id));
    await expect(publishMeetingResponse(cast.met, { meetingId: m.id, ...input(MEETING_WORDS) }, new Date(row.publishedAt!.getTime() - DAY))).rejects.toThrow(
      "A response cannot be dated before the meeting's minutes were published.",
    );
    await expect(publishActionResponse(cast.met, { actionId: met.id, ...input(ACTION_WORDS) }, new Date(met.createdAt.getTime() - DAY))).rejects.toThrow(
      "A response cannot be dated before the action was agreed.",
    );
    expect(await responsesOn(m.id)).toEqual([]);
    expect(await responsesOn(met.id)).toEqual([]);
  });

  it("takes one response per organisation: a second tab is refused, a race has one winner, each with its audit entry", async () => {
    const cast = await makeMeetingCast();
    const { meeting: m, met } = await published(cast);
    const first = await publishMeetingResponse(cast.met, { meetingId: m.id, ...input(MEETING_WORDS) });
    await expect(publishMeetingResponse(cast.met2, { meetingId: m.id, ...input("A second response from the Met.") })).rejects.toThrow(
      "Metropolitan Police has already responded to this meeting. Nothing was changed: you can read the response on its page.",
    );
    // The other organisation still answers the same meeting.
    await publishMeetingResponse(cast.mopac, { meetingId: m.id, ...input("MOPAC will fund the letters.") });
    expect((await responsesOn(m.id)).map((r) => r.organisation).sort()).toEqual(["met", "mopac"]);
    expect((await auditsOf(m.id)).map((a) => (a.details as { responseId: string }).responseId)).toContain(first.id);
    expect(await auditsOf(m.id)).toHaveLength(2);

    // Two tabs at once on the action: exactly one is published, the other refused cleanly.
    const results = await Promise.allSettled([
      publishActionResponse(cast.met, { actionId: met.id, ...input(ACTION_WORDS) }),
      publishActionResponse(cast.met2, { actionId: met.id, ...input("The same, from another tab.") }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(ResponseConflictError);
    expect(lost.reason.message).toMatch(/^Metropolitan Police has already responded to this action/);
    expect(await responsesOn(met.id)).toHaveLength(1);
    expect(await auditsOf(met.id)).toHaveLength(1);

    // The database itself holds the rule, whatever writes to it.
    const [kept] = await responsesOn(met.id);
    await expect(db().insert(officialResponse).values({ ...kept, id: undefined })).rejects.toThrow();
  });
});

describe("publishing from the respond pages", () => {
  it("checks the form, warns about identifying details, then publishes with the badge and the role on the thing's page", async () => {
    const cast = await makeMeetingCast();
    const { meeting: m, met } = await published(cast);
    const cookie = await cookieFor(cast.made.met);
    const path = `/respond/meetings/${m.id}`;
    const page = await run(respondMeeting.loader as never, path, { cookie, params: { id: m.id } });
    expect(page.status).toBe(200);
    expect(page.data.offer).toMatchObject({ state: "may-respond", organisationLabel: "Metropolitan Police" });

    const blank = await run(respondMeeting.action as never, path, { cookie, params: { id: m.id }, form: { responderTitle: "", body: "   " } });
    expect(blank.status).toBe(400);
    expect(blank.data.result.error).toMatchObject({ responderTitle: ["Enter your role, like Reform lead, Victim Care"], body: ["Write the response"] });

    const risky = { responderTitle: "Reform lead, Victim Care", body: "Call me on 07700 900123 about the letters." };
    const warned = await run(respondMeeting.action as never, path, { cookie, params: { id: m.id }, form: risky });
    expect(warned.status).toBe(200);
    expect(warned.data.pii.fields[0]).toMatchObject({ label: "Your response" });
    expect(await responsesOn(m.id)).toEqual([]);
    const changed = { responderTitle: "Reform lead, Victim Care", body: MEETING_WORDS };
    const done = await run(respondMeeting.action as never, path, { cookie, params: { id: m.id }, form: { ...changed, piiConfirmed: warned.data.pii.hash } });
    expect(done.status).toBe(302);
    const [r] = await responsesOn(m.id);
    expect(done.headers.get("location")).toBe(`/meetings/${m.id}?done=response#response-${r.id}`);
    expect(r).toMatchObject({ organisation: "met", responderTitle: "Reform lead, Victim Care", bodySource: MEETING_WORDS });

    // The same text again from a second tab: refused on the form, nothing added.
    const again = await run(respondMeeting.action as never, path, { cookie, params: { id: m.id }, form: changed });
    expect(again.status).toBe(409);
    expect(again.data.result.error[""][0]).toMatch(/already responded to this meeting/);
    expect(await responsesOn(m.id)).toHaveLength(1);

    // The respond page now says so, and the meeting's page no longer offers it.
    expect((await run(respondMeeting.loader as never, path, { cookie, params: { id: m.id } })).data.offer.state).toBe("responded");
    const seen = await run(meetingPage.loader as never, `/meetings/${m.id}`, { cookie, params: { id: m.id } });
    expect(seen.data.responseOffer.state).toBe("responded");

    // The action, through its page, by its owner.
    const actionDone = await run(respondAction.action as never, `/respond/actions/${met.id}`, { cookie, params: { id: met.id }, form: { responderTitle: "Head of victim care", body: ACTION_WORDS } });
    expect(actionDone.status).toBe(302);
    const actionView = await signedOut(actionPage.loader, `/actions/${met.id}`, { id: met.id });
    expect(actionView.data.responses).toEqual([expect.objectContaining({ organisation: "met", responderTitle: "Head of victim care", bodyHtml: `<p>${ACTION_WORDS}</p>` })]);
    expect(actionView.data.responseOffer).toBeNull();
  });
});

describe("/respond lists what the organisation may still answer", () => {
  it("the meetings it was at and the open actions it owns, until it has answered them", async () => {
    const cast = await makeMeetingCast();
    const { meeting: m, met, mopac } = await published(cast);
    const draft = await meetingIn(cast, "minutes-review", { actions: [{ title: "Draft action for the Met", organisation: "met", dueDate: "2099-06-30" }] });
    const metCookie = await cookieFor(cast.made.met);
    const listed = async (cookie: string) => {
      const { items } = (await run(respondList.loader as never, "/respond", { cookie })).data as { items: { kind: string; id: string; detail: string }[] };
      return { meetings: items.filter((i) => i.kind === "meeting"), actions: items.filter((i) => i.kind === "action") };
    };
    const before = await listed(metCookie);
    expect(before.meetings.map((x) => x.id)).toEqual([m.id]);
    expect(before.actions).toEqual([expect.objectContaining({ id: met.id, detail: "Open" })]);
    expect(before.meetings.map((x) => x.id)).not.toContain(draft.id);
    expect((await listed(await cookieFor(cast.made.mopac))).actions.map((x) => x.id)).toEqual([mopac.id]);

    await publishMeetingResponse(cast.met, { meetingId: m.id, ...input(MEETING_WORDS) });
    await publishActionResponse(cast.met, { actionId: met.id, ...input(ACTION_WORDS) });
    expect(await listed(metCookie)).toMatchObject({ meetings: [], actions: [] });
  });
});

describe("where the public reads them", () => {
  it("on the thing's page, /responses with its filters, the feed and the open data", async () => {
    const cast = await makeMeetingCast();
    const { meeting: m, mopac } = await published(cast);
    const meetingResponse = await publishMeetingResponse(cast.met, { meetingId: m.id, ...input(MEETING_WORDS) });
    const actionResponse = await publishActionResponse(cast.mopac, { actionId: mopac.id, responderTitle: "Head of Victims, MOPAC", body: ACTION_WORDS });

    const meetingView = await signedOut(meetingPage.loader, `/meetings/${m.id}`, { id: m.id });
    expect(meetingView.data.responses).toEqual([expect.objectContaining({ id: meetingResponse.id, organisation: "met", responderTitle: "Reform lead, Victim Care" })]);
    expect(meetingView.data.responseOffer).toBeNull();
    const actionView = await signedOut(actionPage.loader, `/actions/${mopac.id}`, { id: mopac.id });
    expect(actionView.data.responses).toEqual([expect.objectContaining({ id: actionResponse.id, organisation: "mopac", responderTitle: "Head of Victims, MOPAC" })]);

    const list = async (query = "") => (await signedOut(responsesPage.loader, `/responses${query}`)).data.responses as { id: string; kind?: string }[];
    expect((await list()).map((r) => r.id).sort()).toEqual([meetingResponse.id, actionResponse.id].sort());
    expect((await list("?kind=meeting")).map((r) => r.id)).toEqual([meetingResponse.id]);
    expect((await list("?kind=action")).map((r) => r.id)).toEqual([actionResponse.id]);
    expect((await list("?org=mopac")).map((r) => r.id)).toEqual([actionResponse.id]);
    expect((await list("?org=met&kind=action")).map((r) => r.id)).toEqual([]);

    const atom = await feed();
    expect(atom).toContain(`urn:uuid:${meetingResponse.id}`);
    expect(atom).toContain(`urn:uuid:${actionResponse.id}`);
    expect(await feed("responses.mopac.atom")).not.toContain(meetingResponse.id);

    const rows = parse(await download("responses.csv"), { columns: true }) as Record<string, string>[];
    const meetingRow = rows.find((r) => r.response_id === meetingResponse.id)!;
    expect(meetingRow).toMatchObject({ kind: "meeting", target_id: m.id, organisation: "met", responder_role: "Reform lead, Victim Care", timeliness: "no-deadline", due_at: "", body_text: MEETING_WORDS });
    expect(meetingRow.target_url).toMatch(new RegExp(`/meetings/${m.id}$`));
    expect(rows.find((r) => r.response_id === actionResponse.id)).toMatchObject({ kind: "action", target_id: mopac.id, organisation: "mopac", timeliness: "no-deadline" });
    const json = JSON.parse(await download("responses.json"));
    const records = (Array.isArray(json) ? json : (json.records ?? json.data ?? json.rows)) as Record<string, unknown>[];
    expect(records.map((r) => r.response_id)).toEqual(expect.arrayContaining([meetingResponse.id, actionResponse.id]));
  });

  it("counts nothing on the response dashboard: meetings and actions carry no response clock", async () => {
    const cast = await makeMeetingCast();
    const { meeting: m, met } = await published(cast);
    const now = new Date();
    const before = accountabilityFigures(await loadAccountability(), now).find(null, null);
    await publishMeetingResponse(cast.met, { meetingId: m.id, ...input(MEETING_WORDS) });
    await publishActionResponse(cast.met, { actionId: met.id, ...input(ACTION_WORDS) });
    const after = accountabilityFigures(await loadAccountability(), now).find(null, null);
    expect(after).toEqual(before);
    expect(after.responses).toMatchObject({ due: 0, answered: 0, overdue: 0 });
    // The action itself is still counted by its own clock, its due date.
    expect(after.actions.actions).toBe(3);
  });

  it("keeps a response on members-only minutes out of every public list, feed and file", async () => {
    const cast = await makeMeetingCast();
    await db().update(forum).set({ minutesPublic: false }).where(eq(forum.id, cast.forum.id));
    const m = await meetingIn(cast, "minutes-published", { actions: [{ title: "Kestrel-onyx private action", organisation: "met", dueDate: "2099-06-30" }] });
    await db().update(meeting).set({ title: PRIVATE_TITLE }).where(eq(meeting.id, m.id));
    const [a] = await db().select().from(actionItem).where(eq(actionItem.sourceId, m.id));
    const onMeeting = await publishMeetingResponse(cast.met, { meetingId: m.id, ...input(PRIVATE_WORDS) });
    const onAction = await publishActionResponse(cast.met, { actionId: a.id, ...input(PRIVATE_WORDS) });

    // Members of the forum read it with the minutes.
    const memberView = await run(meetingPage.loader as never, `/meetings/${m.id}`, { cookie: await cookieFor(cast.made.alice), params: { id: m.id } });
    expect(memberView.data.responses.map((r: { id: string }) => r.id)).toEqual([onMeeting.id]);
    // Nobody signed out does, anywhere.
    expect((await signedOut(meetingPage.loader, `/meetings/${m.id}`, { id: m.id })).status).toBe(404);
    expect((await signedOut(actionPage.loader, `/actions/${a.id}`, { id: a.id })).status).toBe(404);
    const everything = [
      (await signedOut(responsesPage.loader, "/responses")).text,
      (await signedOut(responsesPage.loader, "/responses?kind=meeting")).text,
      await feed(),
      await feed("responses.met.atom"),
      await download("responses.csv"),
      await download("responses.json"),
      await download("actions.csv"),
    ].join("\n");
    for (const secret of ["Kestrel-onyx", onMeeting.id, onAction.id]) expect(everything).not.toContain(secret);
  });
});
