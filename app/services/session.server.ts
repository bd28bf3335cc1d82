// Who is asking, and guards. The session → user mapping lives here alone (pages, actions,
// downloads and sockets all read it), and so does the rule that a staff account without
// two-factor authentication reaches nothing until it has set it up.
//
// Each guard throws: a redirect to sign in when nobody is signed in, a redirect to the
// two-factor set-up when a staff account has no second factor yet, a 403 when the signed-in
// person lacks the permission. Routes call one of these before touching a model.
import { redirect } from "@remix-run/node";
import { can, type Organisation, type Permission, type Role, isOrganisation, isRole, mustUseTwoFactor } from "~/utils/permissions";
import { auth } from "./auth.server";
import { oncePerRequest } from "./request-scope.server";

export type CurrentUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisation: Organisation | null;
};

/**
 * What a session is: nobody's; a person's; or a staff account that signed in with its password
 * but has not set up two-factor authentication (it may only set it up or sign out).
 */
export type SessionState =
  | { kind: "signed-out" }
  | { kind: "signed-in"; user: CurrentUser }
  | { kind: "needs-two-factor"; user: CurrentUser };

/** Where a staff account without a second factor is sent, whatever it asked for. */
export const TWO_FACTOR_SET_UP_PATH = "/account/two-factor";

/**
 * The one mapping from a session to the person using it, for pages (through getSessionState,
 * getCurrentUser and the guards below) and sockets (userFromSession) alike: signed out without
 * a session cookie, for an unknown or expired session, and for an account that is not active
 * (suspended or deleted accounts count as signed out). It reads the account as it is now, so
 * calling it again re-checks a person's current status, role and two-factor.
 */
export async function sessionStateFromHeaders(headers: Headers): Promise<SessionState> {
  if (!headers.get("cookie")) return { kind: "signed-out" };
  const result = await auth().api.getSession({ headers });
  if (!result) return { kind: "signed-out" };
  const u = result.user as typeof result.user & { role?: string; organisation?: string | null; status?: string; twoFactorEnabled?: boolean | null };
  if (u.status !== "active") return { kind: "signed-out" };
  const user: CurrentUser = {
    id: u.id,
    name: u.name,
    email: u.email,
    role: isRole(u.role) ? u.role : "member",
    organisation: isOrganisation(u.organisation) ? u.organisation : null,
  };
  // Read on every request, so a member promoted to staff must set it up from their next one.
  if (mustUseTwoFactor(user.role) && !u.twoFactorEnabled) return { kind: "needs-two-factor", user };
  return { kind: "signed-in", user };
}

/**
 * The person a socket acts as (realtime.server.ts, from the handshake's cookie): only a fully
 * signed-in one, never a staff account still to set up two-factor.
 */
export async function userFromSession(headers: Headers): Promise<CurrentUser | null> {
  const state = await sessionStateFromHeaders(headers);
  return state.kind === "signed-in" ? state.user : null;
}

export function getSessionState(request: Request): Promise<SessionState> {
  // Read once per HTTP request and session, however many loaders ask.
  return oncePerRequest(`session-state:${request.headers.get("cookie") ?? ""}`, () => sessionStateFromHeaders(request.headers));
}

/** The signed-in person, or null. A staff account still to set up two-factor counts as nobody. */
export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const state = await getSessionState(request);
  return state.kind === "signed-in" ? state.user : null;
}

function backTo(request: Request) {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
}

function loginRedirect(request: Request) {
  return redirect(`/login?redirectTo=${encodeURIComponent(backTo(request))}`);
}

function twoFactorSetUpRedirect(request: Request) {
  return redirect(`${TWO_FACTOR_SET_UP_PATH}?redirectTo=${encodeURIComponent(backTo(request))}`);
}

export async function requireUser(request: Request): Promise<CurrentUser> {
  const state = await getSessionState(request);
  if (state.kind === "needs-two-factor") throw twoFactorSetUpRedirect(request);
  if (state.kind === "signed-out") throw loginRedirect(request);
  return state.user;
}

/**
 * The account behind the session even when it still has to set up two-factor: only for the
 * set-up itself (and signing out). Everything else uses requireUser and the guards below.
 */
export async function requireAccount(request: Request): Promise<{ user: CurrentUser; needsTwoFactor: boolean }> {
  const state = await getSessionState(request);
  if (state.kind === "signed-out") throw loginRedirect(request);
  return { user: state.user, needsTwoFactor: state.kind === "needs-two-factor" };
}

export function forbidden(message = "You do not have permission to do that.") {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export async function requireRole(request: Request, ...roles: Role[]): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}

export async function requirePermission(request: Request, permission: Permission): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!can(user.role, permission)) throw forbidden();
  return user;
}

/** A safe place to go back to after signing in: only paths on this site. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
