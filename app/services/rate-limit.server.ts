// Rate limits on the endpoints people could hammer: signing in, asking for a password reset
// and using invitation links. Keyed by the real client address (req.ip honours TRUST_PROXY).
import type { RequestHandler } from "express";
import { rateLimit, ipKeyGenerator } from "express-rate-limit";

const minutes = (n: number) => n * 60_000;

function limiter(name: string, windowMs: number, limit: number, extra: Partial<Parameters<typeof rateLimit>[0]> = {}) {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: (req) => `${name}:${ipKeyGenerator(req.ip ?? "unknown")}`,
    handler: (_req, res) => {
      res
        .status(429)
        .type("text/plain")
        .send("Too many attempts from your connection. Please wait a few minutes and try again.");
    },
    ...extra,
  });
}

export function rateLimits(): { path: string | RegExp; handler: RequestHandler }[] {
  const signInLimit = Number(process.env.RATE_LIMIT_SIGN_IN ?? 10);
  const inviteLimit = Number(process.env.RATE_LIMIT_INVITATIONS ?? 30);
  // Only failed sign-ins count, so people who type their password right are never held up.
  const signIn = limiter("sign-in", minutes(15), signInLimit, {
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode < 400,
  });
  const invitations = limiter("invitations", minutes(15), inviteLimit);
  const reset = limiter("password-reset", minutes(15), 5);
  const onlyPost =
    (handler: RequestHandler): RequestHandler =>
    (req, res, next) =>
      req.method === "POST" ? handler(req, res, next) : next();
  return [
    { path: "/login", handler: onlyPost(signIn) },
    { path: "/api/auth/sign-in", handler: signIn },
    { path: /^\/join\//, handler: onlyPost(invitations) },
    { path: "/forgot-password", handler: onlyPost(reset) },
    { path: "/api/auth/request-password-reset", handler: reset },
  ];
}
