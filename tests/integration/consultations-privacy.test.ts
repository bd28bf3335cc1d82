// Privacy (issue 4, "Results and privacy"): no route exposes an individual response to anyone.
// Every consultation route's loader (and the moderation pages' for written answers) is called
// as Remix calls it, with a real session, for staff in every role and for members, at every
// stage of the lifecycle. What comes back must carry no respondent's name, id or email, no
// response id or respondent key, no written answer before a moderator approved it, and no
// results at all while the consultation is open.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { consultationResponse } from "../../db/schema/consultations";
import * as index from "~/routes/consultations._index";
import * as page from "~/routes/consultations.$id";
import * as edit from "~/routes/consultations.$id_.edit";
import * as answerPage from "~/routes/consultations.$id_.answer";
import * as results from "~/routes/consultations.$id_.results";
import * as csv from "~/routes/consultations.$id_.results[.]csv";
import * as json from "~/routes/consultations.$id_.results[.]json";
import * as respond from "~/routes/consultations.$id_.respond";
import * as queue from "~/routes/moderation._index";
import * as item from "~/routes/moderation.items.$postId";
import { closeEarly, publishResults } from "../../app/models/consultations/lifecycle.server";
import { decideConsultationAnswer } from "../../app/models/consultations/answer-review.server";
import { publishYouSaidWeDid } from "../../app/models/consultations/you-said-we-did.server";
import { openTestDatabase, resetDatabase } from "../db";
import { cookieFor } from "../support/routes";
import { answer, makeConsultationCast, openConsultation, textAnswers, type ConsultationCast } from "./consultations-fixtures";

type RouteFn = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

/** A loader's outcome as text: its data, or the body of the Response it returned or threw. */
async function load(fn: RouteFn, path: string, params: Record<string, string>, cookie?: string): Promise<{ status: number; text: string }> {
  const request = new Request(`http://localhost:3000${path}`, { headers: cookie ? { cookie } : {} });
  let value: unknown;
  try {
    value = await fn({ request, params, context: {} });
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response) return { status: value.status, text: await value.text() };
  if (value instanceof Error) throw value;
  return { status: 200, text: JSON.stringify(value) };
}

let cast: ConsultationCast;
let drafted: Awaited<ReturnType<typeof openConsultation>>;
let id: string;
const cookies: Record<string, string> = {};
const TEXTS = {
  a1: "My neighbour saw everything from her window.",
  a2: "I was never told the outcome at all.",
  both: "The letter came two months after the court date.",
};

beforeAll(async () => {
  await resetDatabase(await openTestDatabase());
  cast = await makeConsultationCast();
  drafted = await openConsultation(cast);
  id = drafted.consultation.id;
  await answer(cast.a1, drafted, ["Yes", ["Arrest", "Charge"], 5, TEXTS.a1]);
  await answer(cast.a2, drafted, ["No", ["Charge"], 1, TEXTS.a2]);
  await answer(cast.a3, drafted, ["Not sure", ["Court date"], 3, null]);
  await answer(cast.both, drafted, ["Yes", ["Case closed"], 4, TEXTS.both]);
  await answer(cast.b1, drafted, ["No", ["Arrest"], 2, null]);
  for (const who of ["moderator", "moderator2", "met", "mopac", "admin", "a1", "a4", "outsider"] as const) cookies[who] = await cookieFor(cast.made[who]);
});

/** Everything that would tie an answer to a person, or show an answer too early. */
async function forbidden(extraTexts: string[] = []) {
  const respondents = [cast.made.a1, cast.made.a2, cast.made.a3, cast.made.both, cast.made.b1];
  const rows = await db().select().from(consultationResponse).where(eq(consultationResponse.consultationId, id));
  return [
    ...respondents.flatMap((p) => [p.name, p.id, p.email]),
    ...rows.flatMap((r) => [r.id, r.respondentKey]),
    ...extraTexts,
  ];
}

async function everyRoute(who: string, stage: string) {
  const cookie = cookies[who];
  const p = { id };
  const all = [
    ["index", index.loader, "/consultations", {}],
    ["page", page.loader, `/consultations/${id}`, p],
    ["edit", edit.loader, `/consultations/${id}/edit`, p],
    ["answer", answerPage.loader, `/consultations/${id}/answer`, p],
    ["results", results.loader, `/consultations/${id}/results`, p],
    ["csv", csv.loader, `/consultations/${id}/results.csv`, p],
    ["json", json.loader, `/consultations/${id}/results.json`, p],
    ["respond", respond.loader, `/consultations/${id}/respond`, p],
  ] as const;
  const out: Record<string, { status: number; text: string }> = {};
  for (const [name, fn, path, params] of all) out[name] = await load(fn as RouteFn, path, params, cookie);
  // The review queue and each written answer's item page, for the staff who may open them.
  if (who === "moderator" || who === "admin") {
    out.queue = await load(queue.loader as RouteFn, "/moderation?kind=consultation-answer", {}, cookie);
    for (const t of await textAnswers(id)) out[`item ${t.id}`] = await load(item.loader as RouteFn, `/moderation/items/${t.id}`, { postId: t.id }, cookie);
  }
  return Object.entries(out).map(([route, r]) => ({ route: `${who} ${stage} ${route}`, ...r }));
}

function expectNone(outcomes: { route: string; text: string }[], strings: string[]) {
  for (const o of outcomes) for (const s of strings) expect(o.text.includes(s), `${o.route} contains ${JSON.stringify(s)}`).toBe(false);
}

const STAFF = ["moderator", "moderator2", "met", "mopac", "admin"];

describe("no route exposes an individual response", () => {
  it("while open: staff see the count only, nobody sees results or anyone's answers", async () => {
    for (const who of [...STAFF, "a1", "a4", "outsider"]) {
      const outcomes = await everyRoute(who, "open");
      // Written answers reach the moderators' queue as text, never with a name: outside the
      // moderation pages, nobody sees them at all.
      const pages = outcomes.filter((o) => !o.route.includes(" queue") && !o.route.includes(" item "));
      // a1 sees their own answer on their own answer page, and only there.
      const ownAnswer = (o: { route: string }) => who === "a1" && o.route.endsWith(" answer");
      expectNone(pages.filter((o) => !ownAnswer(o)), await forbidden(Object.values(TEXTS)));
      expectNone(outcomes.filter((o) => !ownAnswer(o)), await forbidden());
      // Refused: 403 to those who may see the consultation, 404 to those who may not.
      for (const r of ["results", "csv", "json"]) expect(outcomes.find((o) => o.route.endsWith(` ${r}`))!.status, `${who} ${r}`).toBe(who === "outsider" ? 404 : 403);
      const staffPage = outcomes.find((o) => o.route.endsWith(" page"))!;
      if (STAFF.includes(who)) expect(JSON.parse(staffPage.text).staff.responses).toBe(5);
      if (!STAFF.includes(who)) expect(staffPage.text.includes('"staff":null') || staffPage.status === 404).toBe(true);
      expect(staffPage.text.includes('"results":null') || staffPage.status === 404).toBe(true);
    }
  });

  it("once closed and published: aggregates only, written answers only once approved and without names", async () => {
    await closeEarly(cast.moderator, id, "Closing for the privacy test");
    // Before any approval, no page outside moderation shows a written answer, even the staff preview.
    for (const who of STAFF) {
      const outcomes = (await everyRoute(who, "closed")).filter((o) => !o.route.includes(" queue") && !o.route.includes(" item "));
      expectNone(outcomes, await forbidden(Object.values(TEXTS)));
      expect(outcomes.find((o) => o.route.endsWith(" results"))!.status).toBe(200);
    }
    const written = await textAnswers(id);
    const byText = (t: string) => written.find((w) => w.body === t)!;
    await decideConsultationAnswer(cast.moderator, byText(TEXTS.a1).id, { intent: "approve", version: 1 });
    await decideConsultationAnswer(cast.moderator, byText(TEXTS.a2).id, { intent: "reject", version: 1, reason: "identifying" });
    await publishResults(cast.moderator, id);
    await publishYouSaidWeDid(cast.met, id, {
      responderTitle: "Reform lead",
      heard: "We heard that letters come too late.",
      change: "Letters will go out within five working days.",
      notChange: "We will not phone everyone, for lack of staff.",
      actions: [],
    });
    // "signed-out" has no cookie.
    for (const who of [...STAFF, "a1", "a4", "outsider", "signed-out"]) {
      const outcomes = await everyRoute(who, "responded");
      const pages = outcomes.filter((o) => !o.route.includes(" queue") && !o.route.includes(" item ") && !o.route.endsWith(" answer"));
      // The rejected answer and the one never decided never appear; names never do.
      expectNone(pages, await forbidden([TEXTS.a2, TEXTS.both]));
      const publicPage = outcomes.find((o) => o.route.endsWith(" page"))!;
      expect(publicPage.status).toBe(200);
      expect(publicPage.text).toContain(TEXTS.a1);
      // The approved answer is a bare string in a list: no author, date or forum beside it.
      const data = JSON.parse(publicPage.text);
      const writtenQuestion = data.results.questions.find((q: { kind: string }) => q.kind === "text");
      expect(writtenQuestion.written).toEqual([TEXTS.a1]);
      expect(writtenQuestion.byForum).toEqual([]);
      // The downloads never carry a written answer, approved or not.
      for (const r of ["csv", "json"]) {
        const download = outcomes.find((o) => o.route.endsWith(` ${r}`))!;
        expect(download.status).toBe(200);
        expectNone([download], Object.values(TEXTS));
      }
    }
  });
});
