// Guards. Each throws: a redirect to sign in when nobody is signed in, a 403 when the signed-in
// person lacks the permission. Routes call one of these before touching a model.
import { redirect } from "@remix-run/node";
import { can, type Organisation, type Permission, type Role, isOrganisation, isRole } from "~/utils/permissions";
import { auth } from "./auth.server";
import { oncePerRequest } from "./request-scope.server";

export type CurrentUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisation: Organisation | null;
};

/** The signed-in person, or null. Suspended and deleted accounts count as signed out. */
export function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  // Read once per HTTP request and session, however many loaders ask.
  return oncePerRequest(`current-user:${request.headers.get("cookie") ?? ""}`, () => readUser(request));
}

async function readUser(request: Request): Promise<CurrentUser | null> {
  if (!request.headers.get("cookie")) return null;
  const result = await auth().api.getSession({ headers: request.headers });
  if (!result) return null;
  const u = result.user as typeof result.user & { role?: string; organisation?: string | null; status?: string };
  if (u.status !== "active") return null;
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: isRole(u.role) ? u.role : "member",
    organisation: isOrganisation(u.organisation) ? u.organisation : null,
  };
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  return redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (!user) throw loginRedirect(request);
  return user;
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
