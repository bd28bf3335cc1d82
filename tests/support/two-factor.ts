// Answering the code step as a person's authenticator app would: codes made from the secret
// the set-up page shows (base32), with an independent TOTP library (otpauth), not the server's.
import { Secret, TOTP } from "otpauth";

export function totpCode(secretBase32: string, timestamp = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secretBase32.replace(/\s/g, "")), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp });
}

/** A 6-digit code that is not the current one (nor the ones either side that servers accept). */
export function wrongTotpCode(secretBase32: string): string {
  const near = new Set([-30_000, 0, 30_000].map((d) => totpCode(secretBase32, Date.now() + d)));
  for (let n = 0; ; n++) {
    const candidate = String((123456 + n * 7919) % 1_000_000).padStart(6, "0");
    if (!near.has(candidate)) return candidate;
  }
}
