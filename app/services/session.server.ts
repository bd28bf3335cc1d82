// Who is asking, and guards. The session → user mapping lives here alone (pages, actions,
// downloads and sockets all read it), and so does the rule that a staff account without
// two-factor authentication reaches nothing until it has set it up.
//
// Each guard throws: a redirect to sign in when nobody is signed in, a redirect to the
// two-factor set-up when a staff account has no second factor yet, a 403 when the signed-in
// person lacks the permission. Routes call one of these before touching a model.
import crypto from "node:crypto";
import { redirect } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { db, schema, type Db } from "../../db/client";
import { can, type Organisation, type Permission, type Role, isOrganisation, isRole, mustUseTwoFactor } from "~/utils/permissions";
import { auth, SESSION_UPDATE_AGE_S, SESSION_EXPIRES_IN_S, type Auth } from "./auth.server";
import { oncePerRequest } from "./request-scope.server";
import { unreadNotificationsOfUser } from "~/models/notifications/unread.server";

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
  | { kind: "signed-in"; user: CurrentUser; unreadNotifications?: number }
  | { kind: "needs-two-factor"; user: CurrentUser };

/** Where a staff account without a second factor is sent, whatever it asked for. */
export const TWO_FACTOR_SET_UP_PATH = "/account/two-factor";

/**
 * The one mapping from a session to the person using it, for pages (through getSessionState,
 * getCurrentUser and the guards below) and sockets (userFromSession) alike: signed out without
 * a session cookie, for an unknown or expired session, and for an account that is not active
 * (suspended or deleted accounts count as signed out). It reads the session and the account as
 * they are now, in one query and with nothing kept between requests, so a sign-out (on any
 * device, through any process), a suspension, a role change or a two-factor change shows on the
 * very next request (decision 042).
 *
 * better-auth's own lookup (`auth().api.getSession`) gives the same answer with two queries and
 * its endpoint machinery around them; it is still used for what only it does: a session due to
 * be extended (once a day per session) or already expired (it deletes the row).
 */
export async function sessionStateFromHeaders(headers: Headers): Promise<SessionState> {
  const cookie = headers.get("cookie");
  if (!cookie) return SIGNED_OUT;
  const reader = await sessionReader(auth());
  const token = reader.tokenFrom(cookie);
  if (!token) return SIGNED_OUT;
  const [row] = await reader.lookUp(token);
  if (!row) return SIGNED_OUT;
  const now = Date.now();
  const expiresAt = row.expiresAt.getTime();
  // Expired, or old enough to be extended: better-auth does the writing (and its own checks).
  if (expiresAt <= now || expiresAt - SESSION_EXPIRES_IN_S * 1000 + SESSION_UPDATE_AGE_S * 1000 <= now) {
    return stateFromBetterAuth(headers);
  }
  const state = stateOf(row);
  return state.kind === "signed-in" ? { ...state, unreadNotifications: row.unreadNotifications } : state;
}

const SIGNED_OUT: SessionState = { kind: "signed-out" };

type AccountRow = {
  id: string;
  name: string;
  email: string;
  role: string | null | undefined;
  organisation: string | null | undefined;
  status: string | null | undefined;
  twoFactorEnabled: boolean | null | undefined;
};

function stateOf(u: AccountRow): SessionState {
  if (u.status !== "active") return SIGNED_OUT;
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

async function stateFromBetterAuth(headers: Headers): Promise<SessionState> {
  const result = await auth().api.getSession({ headers });
  return result ? stateOf(result.user as typeof result.user & AccountRow) : SIGNED_OUT;
}

/** The session cookie's name and the secret that signs it, read once from better-auth's own configuration. */
type SessionReader = {
  /** The session token in a Cookie header, when its signature is this server's; otherwise null. */
  tokenFrom(cookieHeader: string): string | null;
  lookUp(token: string): Promise<(AccountRow & { expiresAt: Date; unreadNotifications: number })[]>;
};

const readers = new WeakMap<Auth, Promise<SessionReader>>();

function sessionReader(instance: Auth): Promise<SessionReader> {
  let reader = readers.get(instance);
  if (!reader) {
    reader = instance.$context.then((context) => {
      const cookieName = context.authCookies.sessionToken.name;
      return { tokenFrom: (header: string) => signedCookieValue(header, cookieName, context.secret), lookUp: (token: string) => lookUpQuery(db()).execute({ token }) };
    });
    readers.set(instance, reader);
  }
  return reader;
}

/** The session and its account in one prepared statement (per database handle). */
const lookUps = new WeakMap<Db, ReturnType<typeof prepareLookUp>>();
function prepareLookUp(handle: Db) {
  const { session, user } = schema;
  return handle
    .select({
      expiresAt: session.expiresAt,
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      organisation: user.organisation,
      status: user.status,
      twoFactorEnabled: user.twoFactorEnabled,
      // The header's count of unread notifications, read with the account: a signed-in page
      // then needs no statement of its own for it.
      unreadNotifications: unreadNotificationsOfUser,
    })
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .where(eq(session.token, sql.placeholder("token")))
    .prepare("session_state");
}
function lookUpQuery(handle: Db) {
  let prepared = lookUps.get(handle);
  if (!prepared) {
    prepared = prepareLookUp(handle);
    lookUps.set(handle, prepared);
  }
  return prepared;
}

/**
 * A cookie signed the way better-auth (better-call) signs it: `<value>.<base64 HMAC-SHA256 of
 * value under the secret>`, URL-encoded. The value when the signature is right, else null.
 */
export function signedCookieValue(cookieHeader: string, name: string, secret: string): string | null {
  const raw = cookieValue(cookieHeader, name);
  if (!raw) return null;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const signed = value.slice(0, dot);
  const encoded = value.slice(dot + 1);
  if (encoded.length !== 44 || !encoded.endsWith("=")) return null;
  const signature = Buffer.from(encoded, "base64");
  const expected = crypto.createHmac("sha256", secret).update(signed).digest();
  return signature.length === expected.length && crypto.timingSafeEqual(signature, expected) ? signed : null;
}

/** The first cookie of that name in a Cookie header, as better-call's parser finds it. */
function cookieValue(header: string, name: string): string | null {
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.charCodeAt(0) === 34) value = value.slice(1, -1);
    return value;
  }
  return null;
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
