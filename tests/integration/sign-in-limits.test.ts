// Sign-in limits (issue 11, item 6), in one process: per account (5 failures in 15 minutes lock
// that account, and each further lockout waits longer) and per address (higher), counting only
// failures, so a correct password from an address others failed from still works; the refusal
// is the sign-in page itself. Two processes sharing the counts through Redis:
// sign-in-limits-redis.test.ts.
import { APIError } from "better-auth/api";
import { afterEach, vi } from "vitest";
import { db } from "../../db/client";
import { action as loginAction } from "~/routes/login";
import { auth, CLIENT_IP_HEADER } from "~/services/auth.server";
import { checkSignIn, recordSignInFailure, refusalMessage, useSignInLimitStore } from "~/services/sign-in-limits.server";
import { useTestDatabase } from "../db";
import { makeUser, type MadeUser } from "../factories";
import { run } from "../support/routes";

useTestDatabase();

let n = 0;
/** A fresh address per test, so one test's counts never reach another's. */
const address = () => `198.51.100.${++n}`;

/** Signs in as the sign-in page does; a refusal by the limits is thrown by better-auth's hook, and read back as its response. */
async function signIn(who: Pick<MadeUser, "email">, password: string, from: string): Promise<Response> {
  try {
    return await auth().api.signInEmail({ body: { email: who.email, password }, headers: new Headers({ [CLIENT_IP_HEADER]: from }), asResponse: true });
  } catch (err) {
    if (!(err instanceof APIError)) throw err;
    return new Response(JSON.stringify(err.body), { status: err.statusCode, headers: new Headers(err.headers) });
  }
}

afterEach(() => {
  delete process.env.RATE_LIMIT_SIGN_IN;
  vi.useRealTimers();
  useSignInLimitStore();
});

describe("per account", () => {
  it("five wrong passwords lock the account, from any address, and nobody else", async () => {
    const target = await makeUser(db());
    const neighbour = await makeUser(db());
    const here = address();
    for (let i = 0; i < 5; i++) expect((await signIn(target, "wrong password", i % 2 ? here : address())).status).toBe(401);
    // Even the right password waits now, wherever it comes from.
    for (const from of [here, address()]) {
      const refused = await signIn(target, target.password, from);
      expect(refused.status).toBe(429);
      const body = (await refused.json()) as { code: string; message: string; retryAt: string };
      expect(body.code).toBe("SIGN_IN_LIMITED");
      expect(body.message).toMatch(/too many attempts to sign in to this account.*try again after \d{1,2}:\d{2}(am|pm) \(in 1[45] minutes\)/);
      const wait = new Date(body.retryAt).getTime() - Date.now();
      expect(wait).toBeGreaterThan(14 * 60_000);
      expect(wait).toBeLessThanOrEqual(15 * 60_000);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    }
    // Another person at the same address signs in as usual.
    expect((await signIn(neighbour, neighbour.password, here)).status).toBe(200);
  });

  it("a correct password clears the count; refusals and right passwords never add to it", async () => {
    const person = await makeUser(db());
    const from = address();
    for (let i = 0; i < 4; i++) expect((await signIn(person, "wrong", from)).status).toBe(401);
    expect((await signIn(person, person.password, from)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await signIn(person, "wrong", from)).status).toBe(401);
    // Many correct sign-ins in a row are all let in.
    for (let i = 0; i < 12; i++) expect((await signIn(person, person.password, from)).status).toBe(200);
    // A suspended account's right password is refused (403) without counting as a failure.
    const suspended = await makeUser(db(), { status: "suspended" });
    for (let i = 0; i < 6; i++) expect((await signIn(suspended, suspended.password, from)).status).toBe(403);
    expect(await checkSignIn({ email: suspended.email, address: from })).toBeNull();
  });

  it("waits longer after each lockout (15 minutes, 30, an hour, …) but never more than 4 hours, and starts again at 15 a day later", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
    useSignInLimitStore();
    const attempt = { email: "Someone@Example.test", address: null };
    const waits: number[] = [];
    const wordings: string[] = [];
    const lockOut = async () => {
      for (let i = 0; i < 5; i++) await recordSignInFailure(attempt);
      const refusal = await checkSignIn({ ...attempt, email: "someone@example.test" });
      expect(refusal?.scope).toBe("account");
      waits.push(Math.round((refusal!.retryAt.getTime() - Date.now()) / 60_000));
      wordings.push(refusalMessage(refusal!).match(/\(in [^)]+\)/)![0]);
      vi.advanceTimersByTime(refusal!.retryAt.getTime() - Date.now() + 1_000);
      expect(await checkSignIn(attempt)).toBeNull();
    };
    for (let lockout = 0; lockout < 7; lockout++) await lockOut();
    expect(waits).toEqual([15, 30, 60, 120, 240, 240, 240]);
    expect(wordings.slice(3, 5)).toEqual(["(in 2 hours)", "(in 4 hours)"]);
    // The lockouts are counted over a day from the first: after that the next one is short again.
    vi.advanceTimersByTime(24 * 60 * 60_000);
    await lockOut();
    expect(waits.at(-1)).toBe(15);
  });
});

describe("per address", () => {
  it("counts failures from one address across accounts, with a higher limit, and lets right passwords in until then", async () => {
    process.env.RATE_LIMIT_SIGN_IN = "8";
    useSignInLimitStore();
    const people = [await makeUser(db()), await makeUser(db()), await makeUser(db())];
    const library = address();
    // Seven failures from the library's address, no account near its own limit.
    for (let i = 0; i < 7; i++) expect((await signIn(people[i % 2], "wrong", library)).status).toBe(401);
    // Someone who knows their password signs in from there (the old limit of 10 per address
    // would have counted this building's every attempt, right or wrong).
    expect((await signIn(people[2], people[2].password, library)).status).toBe(200);
    expect((await signIn(people[2], people[2].password, library)).status).toBe(200);
    // The eighth failure reaches the address's limit: nobody signs in from it for a while...
    expect((await signIn(people[2], "wrong", library)).status).toBe(401);
    const refused = await signIn(people[2], people[2].password, library);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { message: string }).message).toMatch(/from your connection/);
    // ...but from anywhere else they do.
    expect((await signIn(people[2], people[2].password, address())).status).toBe(200);
  });
});

describe("the sign-in page", () => {
  it("answers a locked account with its own page: what happened, when to try again, where to get help", async () => {
    const person = await makeUser(db());
    for (let i = 0; i < 5; i++) {
      const wrong = await run(loginAction, "/login", { form: { email: person.email, password: "wrong" } });
      expect(wrong.status).toBe(401);
    }
    const refused = await run(loginAction, "/login", { form: { email: person.email, password: person.password } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    expect(refused.data.limited).toBe(true);
    expect(refused.data.error[""][0]).toMatch(/too many attempts to sign in to this account.*try again after/);
    expect(refused.data.initialValue.email).toBe(person.email);
    expect(refused.data.initialValue.password).toBeUndefined();
  });
});
