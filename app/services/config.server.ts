// Configuration read from the environment, in one place. README's configuration table lists
// every variable named here.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const isProduction = process.env.NODE_ENV === "production";

export function publicUrl(): string {
  return (process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
}

/** Extra origins better-auth accepts besides PUBLIC_URL (localhost and 127.0.0.1 differ). */
export function trustedOrigins(): string[] {
  const base = publicUrl();
  const extra = (process.env.TRUSTED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const port = new URL(base).port || "3000";
  return [base, `http://localhost:${port}`, `http://127.0.0.1:${port}`, ...extra];
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
