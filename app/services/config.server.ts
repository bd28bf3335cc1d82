// Configuration read from the environment, in one place. README's configuration table lists
// every variable named here.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const isProduction = process.env.NODE_ENV === "production";

export function publicUrl(): string {
  return (process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

const originOf = (url: string | null | undefined): string | null => {
  if (!url) return null;
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
};

/**
 * The origins this site answers as, the one list that better-auth's trusted origins, the
 * Socket.IO handshake, the same-origin rule for state-changing requests and CSP `connect-src`
 * all read (docs/decisions/027-one-list-of-origins.md): PUBLIC_URL and TRUSTED_ORIGINS
 * (comma-separated). Without PUBLIC_URL (a development machine), the origin the request itself
 * was sent to (`requestOrigin`, e.g. http://localhost:3000 or http://192.168.1.5:3000) and the
 * default address, http://localhost:$PORT.
 */
export function allowedOrigins(requestOrigin?: string | null): string[] {
  const extra = (process.env.TRUSTED_ORIGINS ?? "").split(",").map((s) => originOf(s.trim()));
  const own = process.env.PUBLIC_URL ? [originOf(process.env.PUBLIC_URL)] : [originOf(requestOrigin), originOf(publicUrl())];
  return [...new Set([...own, ...extra].filter((o): o is string => Boolean(o)))];
}

/**
 * The secret that signs session cookies. Required in production on PostgreSQL; the embedded
 * default generates one on first start and keeps it beside the database in ./data.
 */
export function authSecret(options: { dataDir?: string; kind: "pglite" | "postgres" }): string {
  const fromEnv = process.env.BETTER_AUTH_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error("BETTER_AUTH_SECRET must be at least 32 characters long.");
    return fromEnv;
  }
  if (options.kind === "postgres") {
    if (isProduction) {
      throw new Error(
        "BETTER_AUTH_SECRET is required when NODE_ENV=production with DATABASE_URL. " +
          "Generate one with: openssl rand -base64 48",
      );
    }
    return "development-only-secret-not-for-production-use-0000";
  }
  if (!options.dataDir) return crypto.randomBytes(48).toString("base64");
  const file = path.join(options.dataDir, "auth-secret");
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, crypto.randomBytes(48).toString("base64"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

/** The neutral site Exit this page goes to (GOV.UK recommends a common, harmless page). */
export function exitPageUrl(): string {
  return process.env.EXIT_PAGE_URL ?? "https://www.bbc.co.uk/weather";
}
