// better-auth, configured for an invitation-only forum: email + password, sessions in the
// database, verification and reset emails through the durable outbox, and two-factor
// authentication (an authenticator app's codes, with single-use backup codes) that every staff
// role must use (app/services/two-factor.server.ts drives it).
import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { twoFactor } from "better-auth/plugins/two-factor";
import { eq } from "drizzle-orm";
import { db, schema } from "../../db/client";
import { getSingleton, setSingleton } from "~/utils/singleton";
import { allowedOrigins, isProduction, publicUrl } from "./config.server";
import { enqueueMail } from "./mail.server";
import { disconnectSession } from "./live-events.server";
import { checkSignIn, clearAccountFailures, recordSignInFailure, refusalMessage } from "./sign-in-limits.server";
import { passwordResetEmail, verificationEmail } from "./emails.server";
import { isRole, mustUseTwoFactor } from "~/utils/permissions";

/** Wrong codes, across sign-in attempts, before an account's code step is locked... */
export const TWO_FACTOR_MAX_FAILURES = 5;
/** ...for this long. */
export const TWO_FACTOR_LOCK_MINUTES = 15;
/** How long the code step may follow the password. */
export const TWO_FACTOR_CHALLENGE_MINUTES = 10;

/** Header the server entry fills with the socket's address, so limits see the real client. */
export const CLIENT_IP_HEADER = "x-vvf-client-ip";
export { MIN_PASSWORD_LENGTH } from "~/utils/passwords";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "~/utils/passwords";

/** A session lasts a week from its last extension... */
export const SESSION_EXPIRES_IN_S = 60 * 60 * 24 * 7;
/** ...and is extended when it is a day old (app/services/session.server.ts reads both). */
export const SESSION_UPDATE_AGE_S = 60 * 60 * 24;

function createAuth(secret: string) {
  return betterAuth({
    appName: "Victim Voice Forum",
    baseURL: publicUrl(),
    basePath: "/api/auth",
    secret,
    // The one list of this site's origins (config.server.ts), which the Socket.IO handshake, the
    // same-origin rule and CSP connect-src read too.
    trustedOrigins: (request) => allowedOrigins(originOfAuthRequest(request)),
    database: drizzleAdapter(db(), { provider: "pg", schema }),
    emailAndPassword: {
      enabled: true,
      // People join by invitation only (app/models/invitation.server.ts creates their account).
      disableSignUp: true,
      requireEmailVerification: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      resetPasswordTokenExpiresIn: 60 * 60,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, token }) => {
        const url = `${publicUrl()}/reset-password?token=${encodeURIComponent(token)}`;
        await enqueueMail(db(), passwordResetEmail({ to: user.email, displayName: user.name, url }));
      },
    },
    emailVerification: {
      sendVerificationEmail: async ({ user, url }) => {
        await enqueueMail(db(), verificationEmail({ to: user.email, displayName: user.name, url }));
      },
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "member", input: false },
        organisation: { type: "string", required: false, input: false },
        status: { type: "string", required: false, defaultValue: "active", input: false },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // Sign-in limits per account and per address (app/services/sign-in-limits.server.ts).
        if (ctx.path === "/sign-in/email") {
          const refusal = await checkSignIn(signInAttempt(ctx));
          if (refusal) {
            const seconds = Math.max(1, Math.ceil((refusal.retryAt.getTime() - Date.now()) / 1000));
            throw new APIError(
              "TOO_MANY_REQUESTS",
              { code: "SIGN_IN_LIMITED", message: refusalMessage(refusal), retryAt: refusal.retryAt.toISOString(), scope: refusal.scope },
              { "Retry-After": String(seconds) },
            );
          }
        }
        // Display names change only through a moderator (renamePerson, which checks and audits
        // them): update-user, open to every signed-in person, must not change one.
        if (ctx.path === "/update-user" && ctx.body && typeof ctx.body === "object" && "name" in ctx.body) {
          throw new APIError("BAD_REQUEST", {
            code: "NAME_CHANGED_BY_MODERATORS",
            message: "Display names are changed by the forum's moderators. Ask them to change yours.",
          });
        }
        // Staff cannot switch their second factor off, over HTTP or otherwise: an admin resets
        // it instead (app/models/people/two-factor.server.ts), and they set it up again.
        if (ctx.path === "/two-factor/disable") {
          const current = await getSessionFromCtx(ctx);
          const role = (current?.user as { role?: unknown } | undefined)?.role;
          if (isRole(role) && mustUseTwoFactor(role)) {
            throw new APIError("FORBIDDEN", { message: "Staff accounts must keep two-factor authentication on.", code: "TWO_FACTOR_REQUIRED" });
          }
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const returned = ctx.context.returned;
        // Only a wrong email or password counts: not a refusal by a limit, a suspended account
        // or an unconfirmed email (whose password was right).
        if (returned instanceof APIError) {
          if (returned.statusCode === 401) await recordSignInFailure(signInAttempt(ctx));
        } else if (returned) {
          await clearAccountFailures(signInAttempt(ctx).email);
        }
      }),
    },
    session: {
      expiresIn: SESSION_EXPIRES_IN_S,
      updateAge: SESSION_UPDATE_AGE_S,
    },
    plugins: [
      twoFactor({
        issuer: "Victim Voice Forum",
        twoFactorCookieMaxAge: TWO_FACTOR_CHALLENGE_MINUTES * 60,
        accountLockout: { maxFailedAttempts: TWO_FACTOR_MAX_FAILURES, durationSeconds: TWO_FACTOR_LOCK_MINUTES * 60 },
      }),
    ],
    databaseHooks: {
      session: {
        // Signing out, a password reset and "sign out other devices" all end sessions here: the
        // sockets opened with each one end with it, in every process.
        delete: {
          after: async (ended) => {
            disconnectSession(ended.token);
          },
        },
        create: {
          // A suspended or deleted account cannot start a session, whichever way it signs in.
          before: async (session) => {
            const [row] = await db()
              .select({ status: schema.user.status, deletedAt: schema.user.deletedAt })
              .from(schema.user)
              .where(eq(schema.user.id, session.userId));
            if (!row || row.deletedAt) throw new APIError("FORBIDDEN", { message: "This account no longer exists." });
            if (row.status !== "active") {
              throw new APIError("FORBIDDEN", {
                message: "This account is suspended. Please contact the forum's moderators.",
                code: "ACCOUNT_SUSPENDED",
              });
            }
          },
        },
      },
    },
    rateLimit: {
      // Sign-ins are limited per account and per address by our own hooks above, counting only
      // failures; better-auth's rule (3 sign-ins in 10 s per address, correct ones included)
      // would hold up a building's people signing in at once, so it is off for sign-in. This
      // covers better-auth's other endpoints under /api/auth.
      enabled: isProduction,
      window: 60,
      max: 60,
      customRules: { "/sign-in/email": false },
    },
    advanced: {
      useSecureCookies: publicUrl().startsWith("https://"),
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      cookiePrefix: "vvf",
    },
  });
}

/** The origin a request to better-auth was sent to (a Request over HTTP; headers from a route's call). */
function originOfAuthRequest(request: unknown): string | null {
  if (request instanceof Request) return new URL(request.url).origin;
  const host = request instanceof Headers ? request.get("host") : null;
  return host ? `http://${host}` : null;
}

/** The email tried and the client's address (filled in by the server entry), for the limits. */
function signInAttempt(ctx: { body?: unknown; headers?: Headers; request?: Request }) {
  const body = ctx.body as { email?: unknown } | undefined;
  const headers = ctx.headers ?? ctx.request?.headers;
  return { email: typeof body?.email === "string" ? body.email : null, address: headers?.get(CLIENT_IP_HEADER) || null };
}

export type Auth = ReturnType<typeof createAuth>;

/** Builds the auth instance once the database is open (server entry and test setup). */
export function initAuth(secret: string): Auth {
  return setSingleton("auth", createAuth(secret));
}

export function auth(): Auth {
  const instance = getSingleton<Auth>("auth");
  if (!instance) throw new Error("Auth has not been initialised: call initAuth() at start.");
  return instance;
}

/** Set-Cookie headers that remove this site's session cookies, for a session that no longer exists. */
export function expiredSessionCookies(request: Request): Headers {
  const headers = new Headers();
  const names = (request.headers.get("cookie") ?? "")
    .split(";")
    .map((c) => c.trim().split("=")[0])
    .filter((n) => /^(__Secure-)?vvf\./.test(n));
  for (const name of names) headers.append("Set-Cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`);
  return headers;
}

/** True when `password` is the signed-in person's password (better-auth checks it against the hash). */
export async function verifyOwnPassword(request: Request, password: string): Promise<boolean> {
  try {
    const result = await auth().api.verifyPassword({ body: { password }, headers: request.headers });
    return result?.status === true;
  } catch (err) {
    if (err instanceof APIError) return false;
    throw err;
  }
}
