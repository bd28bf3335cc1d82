// Two-factor authentication, driven through better-auth's twoFactor plugin: an authenticator
// app's 6-digit codes (TOTP) and ten single-use backup codes. Staff roles must use it
// (mustUseTwoFactor in app/utils/permissions.ts); members may turn it on at /account.
//
// Sign-in: the password step (login, join) hands its better-auth response to
// `afterPasswordSignIn`, which sends the person to the code step when they have two-factor, to
// the set-up when their role needs it and they have none, or on to where they were going.
import { redirect } from "@remix-run/node";
import { APIError } from "better-auth/api";
import { symmetricDecrypt, symmetricEncrypt } from "better-auth/crypto";
import { Secret, TOTP } from "otpauth";
import { qrcode } from "./qr.server";
import { clearWrongCodes, pendingTwoFactorSecret, recordWrongCode, twoFactorLockedUntil, twoFactorStatus } from "~/models/people/two-factor.server";
import { isRole, mustUseTwoFactor } from "~/utils/permissions";
import { MINUTE } from "~/utils/time";
import { auth, TWO_FACTOR_LOCK_MINUTES, TWO_FACTOR_MAX_FAILURES } from "./auth.server";
import { TWO_FACTOR_SET_UP_PATH, sessionStateFromHeaders, type CurrentUser } from "./session.server";

/**
 * The name authenticator apps show beside the codes. Deliberately short and neutral: a member's
 * phone should not announce a forum for victims of crime to whoever picks it up.
 */
export const TOTP_ISSUER = "VVF";
export const CODE_STEP_PATH = "/login/code";

type AuthBody = {
  code?: string;
  message?: string;
  twoFactorRedirect?: boolean;
  user?: { id?: string; role?: unknown; twoFactorEnabled?: boolean | null };
};

async function bodyOf(response: Response): Promise<AuthBody> {
  return (await response.clone().json().catch(() => ({}))) as AuthBody;
}

/** The Set-Cookie headers of a better-auth response, to pass on to the browser. */
export function cookiesOf(response: Response, headers = new Headers()): Headers {
  for (const cookie of response.headers.getSetCookie()) headers.append("Set-Cookie", cookie);
  return headers;
}

/** The Cookie header the browser will send once it has taken these Set-Cookie headers. */
function cookieHeaderAfter(response: Response): Headers {
  const pairs = response.headers.getSetCookie().map((c) => c.split(";")[0]);
  return new Headers({ cookie: pairs.join("; ") });
}

function withRedirectTo(path: string, redirectTo: string) {
  return redirectTo && redirectTo !== "/forums" ? `${path}?redirectTo=${encodeURIComponent(redirectTo)}` : path;
}

/**
 * Where a correct password leads. `response` is better-auth's answer to signInEmail (asResponse).
 * A staff account without two-factor starts its set-up at once with the password just given,
 * so the next page shows its QR code.
 */
export async function afterPasswordSignIn(input: { response: Response; password: string; redirectTo: string }): Promise<ReturnType<typeof redirect>> {
  const { response, password, redirectTo } = input;
  const body = await bodyOf(response);
  const headers = cookiesOf(response);
  if (body.twoFactorRedirect) return redirect(withRedirectTo(CODE_STEP_PATH, redirectTo), { headers });
  const role = body.user?.role;
  if (body.user?.id && isRole(role) && mustUseTwoFactor(role) && !body.user.twoFactorEnabled) {
    if (!(await pendingTwoFactorSecret(body.user.id))) {
      await auth().api.enableTwoFactor({ body: { password }, headers: cookieHeaderAfter(response) });
    }
    return redirect(withRedirectTo(TWO_FACTOR_SET_UP_PATH, redirectTo), { headers });
  }
  return redirect(redirectTo, { headers });
}

/** Starts (or restarts) a set-up for the signed-in person, after checking their password. */
export async function startTwoFactorSetUp(request: Request, password: string): Promise<"started" | "wrong-password" | "already-on"> {
  const response = await auth().api.enableTwoFactor({ body: { password }, headers: request.headers, asResponse: true });
  if (response.ok) return "started";
  const body = await bodyOf(response);
  if (body.code === "TOTP_ALREADY_ENABLED") return "already-on";
  if (body.code === "INVALID_PASSWORD") return "wrong-password";
  throw new Error(`Starting two-factor set-up failed: ${response.status} ${body.code ?? ""}`);
}

export type SetUpDetails = {
  /** The secret as people type it into an app, in groups of four. */
  secretKey: string;
  /** otpauth:// URI, the QR code's content. */
  uri: string;
  /** The QR code as an SVG image (aria-hidden: the secret key is its text alternative). */
  qrSvg: string;
  backupCodes: string[];
};

/** What the set-up page shows while a set-up waits for its first code; null when there is none. */
export async function twoFactorSetUpDetails(user: Pick<CurrentUser, "id" | "email">): Promise<SetUpDetails | null> {
  const encrypted = await pendingTwoFactorSecret(user.id);
  if (!encrypted) return null;
  const { secretConfig } = await auth().$context;
  // better-auth stores its own secrets as text (the code key is their UTF-8 bytes) and imported
  // ones as "base32:<secret>" (see its totp module); both become the same otpauth secret.
  const stored = await symmetricDecrypt({ key: secretConfig, data: encrypted });
  const secret = stored.startsWith("base32:") ? Secret.fromBase32(stored.slice("base32:".length)) : Secret.fromUTF8(stored);
  const uri = new TOTP({ issuer: TOTP_ISSUER, label: user.email, secret, algorithm: "SHA1", digits: 6, period: 30 }).toString();
  const qrSvg = await qrcode().toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 4 });
  const { backupCodes } = await auth().api.viewBackupCodes({ body: { userId: user.id } });
  return { secretKey: secret.base32.match(/.{1,4}/g)!.join(" "), uri, qrSvg, backupCodes };
}

/** Only digits count in an app's code: "123 456" and "123-456" are 123456. */
export function normaliseAppCode(value: string): string {
  return value.replace(/[\s-]/g, "");
}

export type CodeOutcome =
  | { ok: true; headers: Headers }
  | { ok: false; reason: "wrong-code" | "locked" | "start-again" | "not-set-up" };

function outcomeOf(status: number, body: AuthBody): CodeOutcome {
  switch (body.code) {
    case "ACCOUNT_TEMPORARILY_LOCKED":
      return { ok: false, reason: "locked" };
    case "INVALID_TWO_FACTOR_COOKIE":
    case "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE":
      return { ok: false, reason: "start-again" };
    case "TOTP_NOT_ENABLED":
    case "BACKUP_CODES_NOT_ENABLED":
      return { ok: false, reason: "not-set-up" };
    default:
      if (status === 429) return { ok: false, reason: "locked" };
      return { ok: false, reason: "wrong-code" };
  }
}

/**
 * The code step of signing in (the password step left a short-lived two-factor cookie): an
 * app's code or a backup code, which is then used up. better-auth counts wrong codes per
 * account: the fifth in a row locks the code step for TWO_FACTOR_LOCK_MINUTES.
 */
export async function verifySignInCode(request: Request, input: { method: "app" | "backup"; code: string }): Promise<CodeOutcome> {
  const response =
    input.method === "app"
      ? await auth().api.verifyTOTP({ body: { code: normaliseAppCode(input.code) }, headers: request.headers, asResponse: true })
      : await auth().api.verifyBackupCode({ body: { code: input.code.trim() }, headers: request.headers, asResponse: true });
  if (response.ok) return { ok: true, headers: cookiesOf(response) };
  return outcomeOf(response.status, await bodyOf(response));
}

/** Confirms a set-up with the first code from the app: two-factor is on from here (a new session cookie). */
export async function confirmTwoFactorSetUp(request: Request, code: string): Promise<CodeOutcome> {
  const response = await auth().api.verifyTOTP({ body: { code: normaliseAppCode(code) }, headers: request.headers, asResponse: true });
  if (response.ok) return { ok: true, headers: cookiesOf(response) };
  return outcomeOf(response.status, await bodyOf(response));
}

/** A member turns two-factor off (staff cannot: the auth hooks refuse it). */
export async function turnOffTwoFactor(request: Request, password: string): Promise<{ ok: true; headers: Headers } | { ok: false; reason: "wrong-password" | "refused" }> {
  const response = await auth()
    .api.disableTwoFactor({ body: { password }, headers: request.headers, asResponse: true })
    .catch((err: unknown) => {
      // The hook that keeps staff on it throws rather than answering.
      if (err instanceof APIError) return null;
      throw err;
    });
  if (!response) return { ok: false, reason: "refused" };
  if (response.ok) return { ok: true, headers: cookiesOf(response) };
  const body = await bodyOf(response);
  return { ok: false, reason: body.code === "INVALID_PASSWORD" ? "wrong-password" : "refused" };
}

/**
 * Confirms a sensitive step (deleting an account, say) with the signed-in person's second
 * factor: a 6-digit app code, or a backup code (used up). Wrong codes count towards the same
 * per-account lock as signing in. For people without two-factor this answers "not-set-up":
 * ask for their password instead.
 */
export async function verifySecondFactor(request: Request, code: string): Promise<"ok" | "wrong-code" | "locked" | "not-set-up"> {
  const state = await sessionStateFromHeaders(request.headers);
  if (state.kind !== "signed-in") return "not-set-up";
  const userId = state.user.id;
  // Only a confirmed set-up: checking a code against one still waiting would switch it on.
  if ((await twoFactorStatus(userId)) !== "on") return "not-set-up";
  if (await twoFactorLockedUntil(userId)) return "locked";
  const appCode = normaliseAppCode(code);
  const response = /^\d{6}$/.test(appCode)
    ? await auth().api.verifyTOTP({ body: { code: appCode }, headers: request.headers, asResponse: true })
    : await auth().api.verifyBackupCode({ body: { code: code.trim(), disableSession: true }, headers: request.headers, asResponse: true });
  if (response.ok) {
    await clearWrongCodes(userId);
    return "ok";
  }
  const outcome = outcomeOf(response.status, await bodyOf(response));
  if (!outcome.ok && outcome.reason === "not-set-up") return "not-set-up";
  await recordWrongCode(userId, { max: TWO_FACTOR_MAX_FAILURES, lockMs: TWO_FACTOR_LOCK_MINUTES * MINUTE });
  return (await twoFactorLockedUntil(userId)) ? "locked" : "wrong-code";
}

/**
 * The twoFactor row for a secret given in base32, encrypted as better-auth stores it: what the
 * test factories and the demo seed write for accounts that are set up already.
 */
export async function storedTwoFactor(input: { secretBase32: string; backupCodes: string[]; authSecret?: string }) {
  // The auth secret of this process, unless the row is for a server started with another one.
  const secretConfig = input.authSecret ?? (await auth().$context).secretConfig;
  return {
    secret: await symmetricEncrypt({ key: secretConfig, data: `base32:${input.secretBase32}` }),
    backupCodes: await symmetricEncrypt({ key: secretConfig, data: JSON.stringify(input.backupCodes) }),
  };
}
