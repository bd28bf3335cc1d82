// better-auth, configured for an invitation-only forum: email + password, sessions in the
// database, verification and reset emails through the durable outbox.
import { betterAuth } from "better-auth";
import { APIError } from "better-auth/api";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { eq } from "drizzle-orm";
import { db, schema } from "../../db/client";
import { getSingleton, setSingleton } from "~/utils/singleton";
import { isProduction, publicUrl, trustedOrigins } from "./config.server";
import { enqueueMail } from "./mail.server";
import { passwordResetEmail, verificationEmail } from "./emails.server";

/** Header the server entry fills with the socket's address, so limits see the real client. */
export const CLIENT_IP_HEADER = "x-vvf-client-ip";
export { MIN_PASSWORD_LENGTH } from "~/utils/passwords";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "~/utils/passwords";

function createAuth(secret: string) {
  return betterAuth({
    appName: "Victim Voice Forum",
    baseURL: publicUrl(),
    basePath: "/api/auth",
    secret,
    trustedOrigins: trustedOrigins(),
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
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
    },
    databaseHooks: {
      session: {
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
      // Express applies the sign-in and invitation limits (app/services/rate-limit.server.ts);
      // this one covers better-auth's own endpoints under /api/auth.
      enabled: isProduction,
      window: 60,
      max: 60,
    },
    advanced: {
      useSecureCookies: publicUrl().startsWith("https://"),
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      cookiePrefix: "vvf",
    },
  });
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
