// The demo dataset's sign-ins, published in the README and used by the browser journeys. Demo
// data only: nothing here protects a real account.

/** Every demo account's password. */
export const DEMO_PASSWORD = "demo password 2026";

/**
 * The demo staff accounts' authenticator secret (base32): add it to an authenticator app to get
 * their sign-in codes. Real staff set up their own the first time they sign in.
 */
export const DEMO_TOTP_SECRET = "DEMOONLYDEMOONLYDEMOONLYDEMOONLY";

/**
 * Every demo account's address is at this domain (`.test` is reserved: no such mailbox exists).
 * The outbox never hands an email to it to the provider, even with RESEND_API_KEY set: the
 * demo's invitations, notifications and back-dated digests stay readable at /admin/outbox.
 */
export const DEMO_EMAIL_DOMAIN = "demo.vvf.test";
