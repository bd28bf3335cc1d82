// The live response count over Socket.IO, against the real server (app/server.ts, started in
// this process after `npm run build`): only staff sockets may join a consultation's room; they
// hear the count rise and the lifecycle move on; the events carry the number, never an answer.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeEarly } from "../../app/models/consultations/lifecycle.server";
import { useTestDatabase } from "../db";
import { eventsOf, join, openSocket, signIn, waitFor, type Client, useTestServer } from "../support/server";
import { answer, makeConsultationCast, openConsultation, type ConsultationCast } from "./consultations-fixtures";

useTestDatabase();

const server = useTestServer();
let cast: ConsultationCast;
let drafted: Awaited<ReturnType<typeof openConsultation>>;
const sockets: Client[] = [];

beforeEach(async () => {
  cast = await makeConsultationCast();
  drafted = await openConsultation(cast);
});

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

async function socketFor(who: keyof ConsultationCast["made"] | null) {
  const cookie = who ? await signIn(server.url, cast.made[who]) : undefined;
  const socket = await openSocket(server.url, cookie);
  sockets.push(socket);
  return socket;
}

describe("the consultation room", () => {
  it("staff may join; members, signed-out sockets and made-up rooms may not", async () => {
    const room = `consultation:${drafted.consultation.id}`;
    for (const who of ["moderator", "met", "mopac", "admin"] as const) expect(await join(await socketFor(who), room), who).toEqual({ ok: true });
    for (const who of ["a1", "outsider", null] as const) expect(await join(await socketFor(who), room), String(who)).toMatchObject({ ok: false });
    const moderator = await socketFor("moderator");
    expect(await join(moderator, "consultation:not-a-uuid")).toMatchObject({ ok: false });
    expect(await join(moderator, "consultation:00000000-0000-4000-8000-000000000000")).toMatchObject({ ok: false });
  });

  it("staff hear the count rise with each new response (not with a change), and nothing else; a member's socket hears nothing", async () => {
    const room = `consultation:${drafted.consultation.id}`;
    const staff = await socketFor("met");
    const member = await socketFor("a1");
    expect(await join(staff, room)).toEqual({ ok: true });
    expect(await join(member, room)).toMatchObject({ ok: false });
    await answer(cast.a1, drafted, ["Yes", ["Arrest"], 4, "Something only the moderators should read."]);
    expect(await waitFor(staff, "consultation:count")).toEqual({ consultationId: drafted.consultation.id, responses: 1 });
    await answer(cast.a2, drafted, ["No", ["Charge"], 2, null]);
    await waitFor(staff, "consultation:count", (p: { responses: number }) => p.responses === 2);
    // Changing an answer is not a new response.
    await answer(cast.a1, drafted, ["No", ["Charge"], 1, null]);
    await answer(cast.b1, drafted, ["Yes", ["Arrest"], 3, null]);
    await waitFor(staff, "consultation:count", (p: { responses: number }) => p.responses === 3);
    expect(eventsOf(staff, "consultation:count")).toEqual([1, 2, 3].map((responses) => ({ consultationId: drafted.consultation.id, responses })));
    // Nothing a socket received says what anyone answered.
    const everything = JSON.stringify(staff.received);
    expect(everything).not.toMatch(/Something only|Arrest|Charge|optionId|questionId/);
    for (const option of drafted.questions.flatMap((q) => q.options)) expect(everything).not.toContain(option.id);
    expect(eventsOf(member, "consultation:count")).toEqual([]);
  });

  it("staff pages hear when the consultation moves on", async () => {
    const staff = await socketFor("moderator");
    expect(await join(staff, `consultation:${drafted.consultation.id}`)).toEqual({ ok: true });
    await closeEarly(cast.moderator, drafted.consultation.id, "Closing to test the socket");
    expect(await waitFor(staff, "consultation:status")).toEqual({ consultationId: drafted.consultation.id, status: "closed" });
  });
});
