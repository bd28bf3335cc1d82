// Route modules called as Remix calls them: a real session cookie from signing in, a Request
// (a GET, or a form POST), and whatever the loader or action returns or throws read back as a
// status, data and headers.
import { auth } from "~/services/auth.server";
import type { MadeUser } from "../factories";
import { totpCode } from "./two-factor";

const BASE = "http://localhost:3000";
export type RouteFn = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;
export type Outcome = { status: number; data: any; headers: Headers; text: string };

const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => !c.endsWith("="))
    .join("; ");

/**
 * A session cookie as a browser gets one: the password, then (for anyone with two-factor, which
 * every staff account from the factories has) a code made from their authenticator secret.
 */
export async function cookieFor(u: Pick<MadeUser, "email" | "password"> & { totpSecret?: string | null }): Promise<string> {
  const response = await auth().api.signInEmail({ body: { email: u.email, password: u.password }, asResponse: true });
  if (response.status !== 200) throw new Error(`sign-in failed for ${u.email}: ${response.status}`);
  const body = (await response.clone().json()) as { twoFactorRedirect?: boolean };
  if (!body.twoFactorRedirect) return cookiesOf(response);
  if (!u.totpSecret) throw new Error(`${u.email} has two-factor authentication: sign in with their totpSecret`);
  const verified = await auth().api.verifyTOTP({
    body: { code: totpCode(u.totpSecret) },
    headers: new Headers({ cookie: cookiesOf(response) }),
    asResponse: true,
  });
  if (verified.status !== 200) throw new Error(`the code step failed for ${u.email}: ${verified.status} ${await verified.text()}`);
  return cookiesOf(verified);
}

/** Runs a loader or action and reads what came back: data, data() with init, or a Response (thrown or returned). */
export async function run(fn: RouteFn, path: string, options: { cookie?: string; form?: Record<string, string | string[]>; params?: Record<string, string> } = {}): Promise<Outcome> {
  const headers = new Headers();
  if (options.cookie) headers.set("cookie", options.cookie);
  let body: URLSearchParams | undefined;
  if (options.form) {
    body = new URLSearchParams();
    for (const [k, v] of Object.entries(options.form)) for (const one of [v].flat()) body.append(k, one);
    headers.set("content-type", "application/x-www-form-urlencoded");
  }
  const request = new Request(`${BASE}${path}`, { method: body ? "POST" : "GET", headers, body });
  let value: unknown;
  try {
    value = await fn({ request, params: options.params ?? {}, context: {} });
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response) {
    const text = await value.text();
    let data: unknown = text;
    try {
      data = JSON.parse(text);
    } catch {
      /* plain text */
    }
    return { status: value.status, data, headers: value.headers, text };
  }
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const wrapped = value as { data: unknown; init?: ResponseInit | null };
    return { status: wrapped.init?.status ?? 200, data: wrapped.data, headers: new Headers(wrapped.init?.headers), text: JSON.stringify(wrapped.data) };
  }
  if (value instanceof Error) throw value;
  return { status: 200, data: value, headers: new Headers(), text: JSON.stringify(value) };
}
