// Route modules called as Remix calls them: a real session cookie from signing in, a Request
// (a GET, or a form POST), and whatever the loader or action returns or throws read back as a
// status, data and headers.
import { auth } from "~/services/auth.server";
import type { MadeUser } from "../factories";

const BASE = "http://localhost:3000";
export type RouteFn = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;
export type Outcome = { status: number; data: any; headers: Headers; text: string };

export async function cookieFor(u: Pick<MadeUser, "email" | "password">): Promise<string> {
  const response = await auth().api.signInEmail({ body: { email: u.email, password: u.password }, asResponse: true });
  if (response.status !== 200) throw new Error(`sign-in failed for ${u.email}: ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
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
