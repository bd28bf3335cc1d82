// Sign-in limits that protect accounts without locking out a building (issue 11, item 6).
//
// Only failed sign-ins (a wrong email or password) count, in two places:
// - per account (the email address tried): RATE_LIMIT_SIGN_IN_ACCOUNT failures (5) within 15
//   minutes lock that account's sign-in for 15 minutes; each further lockout within a day
//   doubles the wait (30 minutes, 1 hour, …, at most 4 hours). A successful sign-in clears it.
//   A guesser spread over many addresses is slowed on each account.
// - per address: RATE_LIMIT_SIGN_IN failures (50) within 15 minutes from one client address
//   refuse sign-ins from it for the rest of those 15 minutes. It is high on purpose: a refuge or
//   a library shares one address, and people there who type their own password right are not
//   held up by others' mistakes until a real attack is under way.
// With REDIS_URL the counts live in Redis, shared by every process; otherwise in this process.
// better-auth's hooks call `checkSignIn` before a sign-in and `recordSignIn` after it
// (app/services/auth.server.ts), so the sign-in page and better-auth's own endpoint are counted
// alike. The counting library is rate-limiter-flexible (atomic in Redis, same API in memory).
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from "rate-limiter-flexible";
import { getSingleton, setSingleton } from "~/utils/singleton";

const MINUTE = 60;
const WINDOW = 15 * MINUTE;
const FIRST_LOCKOUT = 15 * MINUTE;
const LONGEST_LOCKOUT = 4 * 60 * MINUTE;

type Limiters = { accountFailures: RateLimiterAbstract; accountLockouts: RateLimiterAbstract; addressFailures: RateLimiterAbstract };

function accountLimit() {
  return Number(process.env.RATE_LIMIT_SIGN_IN_ACCOUNT ?? 5);
}
function addressLimit() {
  return Number(process.env.RATE_LIMIT_SIGN_IN ?? 50);
}

function build(make: (opts: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract): Limiters {
  return {
    accountFailures: make({ keyPrefix: "vvf:sign-in:account", points: accountLimit(), duration: WINDOW }),
    accountLockouts: make({ keyPrefix: "vvf:sign-in:lockouts", points: 1_000, duration: 24 * 60 * MINUTE }),
    addressFailures: make({ keyPrefix: "vvf:sign-in:address", points: addressLimit(), duration: WINDOW }),
  };
}

/**
 * Chooses where the counts live: Redis (a connected node-redis client, shared by every process)
 * or this process's memory. The server calls it at start; without a call, memory is used.
 */
export function useSignInLimitStore(redis?: unknown) {
  // While Redis is away (not ready, or a command fails) each count falls back to this process's
  // memory at once (rate-limiter-flexible's insurance limiter): sign-ins neither wait for Redis
  // nor go unlimited. Behind several processes an attacker could then spread guesses over them,
  // so the limits are at most (processes ×) as strict as usual for the outage, never off.
  const limiters = redis
    ? build(
        (opts) =>
          new RateLimiterRedis({
            ...opts,
            storeClient: redis,
            useRedisPackage: true,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory(opts),
          }),
      )
    : build((opts) => new RateLimiterMemory(opts));
  return setSingleton("sign-in-limiters", limiters);
}

function limiters(): Limiters {
  return getSingleton<Limiters>("sign-in-limiters") ?? useSignInLimitStore();
}

export type SignInAttempt = { email: string | null | undefined; address: string | null | undefined };

const accountKey = (email: string | null | undefined) => (email ? email.trim().toLowerCase() : null);
const addressKey = (address: string | null | undefined) => (address ? address.trim() : null);

export type SignInRefusal = { scope: "account" | "address"; retryAt: Date };

const blocked = (res: RateLimiterRes | null, limit: number) => !!res && res.consumedPoints >= limit && res.msBeforeNext > 0;

/** Why this sign-in must not even be tried now, and until when; null when it may go ahead. */
export async function checkSignIn(attempt: SignInAttempt, now = Date.now()): Promise<SignInRefusal | null> {
  const l = limiters();
  const account = accountKey(attempt.email);
  const address = addressKey(attempt.address);
  const [byAccount, byAddress] = await Promise.all([account ? l.accountFailures.get(account) : null, address ? l.addressFailures.get(address) : null]);
  if (blocked(byAccount, accountLimit())) return { scope: "account", retryAt: new Date(now + byAccount!.msBeforeNext) };
  if (blocked(byAddress, addressLimit())) return { scope: "address", retryAt: new Date(now + byAddress!.msBeforeNext) };
  return null;
}

/** Counts a failed sign-in, locking the account (longer each time) when it reaches the limit. */
export async function recordSignInFailure(attempt: SignInAttempt): Promise<void> {
  const l = limiters();
  const account = accountKey(attempt.email);
  const address = addressKey(attempt.address);
  if (address) await l.addressFailures.penalty(address, 1);
  if (!account) return;
  const res = await l.accountFailures.penalty(account, 1);
  if (res.consumedPoints === accountLimit()) {
    const lockouts = (await l.accountLockouts.penalty(account, 1)).consumedPoints;
    const seconds = Math.min(FIRST_LOCKOUT * 2 ** (lockouts - 1), LONGEST_LOCKOUT);
    await l.accountFailures.block(account, seconds);
  }
}

/** A correct password clears the account's failures and lockouts. */
export async function clearAccountFailures(email: string | null | undefined): Promise<void> {
  const account = accountKey(email);
  if (!account) return;
  const l = limiters();
  await Promise.all([l.accountFailures.delete(account), l.accountLockouts.delete(account)]);
}

/** "2:45pm" in London time, and "in 15 minutes": when a refused person may try again. */
export function retryWording(retryAt: Date, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  const time = retryAt.toLocaleTimeString("en-GB", { hour: "numeric", minute: "2-digit", hour12: true, timeZone: "Europe/London" }).replace(" ", "");
  const span = minutes >= 60 ? `${Math.round(minutes / 6) / 10} hours` : `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return `${time} (in ${span})`;
}

export function refusalMessage(refusal: SignInRefusal, now = new Date()): string {
  const when = retryWording(refusal.retryAt, now);
  return refusal.scope === "account"
    ? `There have been too many attempts to sign in to this account with the wrong password. To keep it safe, you can try again after ${when}.`
    : `There have been too many failed attempts to sign in from your connection. You can try again after ${when}.`;
}
