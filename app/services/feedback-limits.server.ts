// Limits on the leaflets' standing feedback forms (/feedback/borough/:borough): anyone with the
// leaflet can answer, so answers are counted per client address and per borough, as sign-ins
// are (the same library, rate-limiter-flexible, and the same store: Redis with REDIS_URL, shared
// by every process; this process's memory otherwise). Only stored answers count: a form sent
// back with an error or an identifying-details warning does not.
// - per address: RATE_LIMIT_FEEDBACK_ADDRESS answers (5) an hour, whatever the borough;
// - per borough: RATE_LIMIT_FEEDBACK_BOROUGH answers (200) an hour from everyone together, so
//   a flood spread over many addresses cannot swamp one borough's figures.
// Single-use links need no limit: each answers once.
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import { getSingleton, setSingleton } from "~/utils/singleton";

const HOUR = 60 * 60;

type Limiters = { address: RateLimiterAbstract; borough: RateLimiterAbstract };

export function feedbackAddressLimit() {
  return Number(process.env.RATE_LIMIT_FEEDBACK_ADDRESS ?? 5);
}
export function feedbackBoroughLimit() {
  return Number(process.env.RATE_LIMIT_FEEDBACK_BOROUGH ?? 200);
}

/** Chooses where the counts live (a connected node-redis client, or memory); the server calls it at start. */
export function useFeedbackLimitStore(redis?: unknown) {
  const make = (opts: { keyPrefix: string; points: number; duration: number }) =>
    redis ? new RateLimiterRedis({ ...opts, storeClient: redis, useRedisPackage: true }) : new RateLimiterMemory(opts);
  return setSingleton<Limiters>("feedback-limiters", {
    address: make({ keyPrefix: "vvf:feedback:address", points: feedbackAddressLimit(), duration: HOUR }),
    borough: make({ keyPrefix: "vvf:feedback:borough", points: feedbackBoroughLimit(), duration: HOUR }),
  });
}

function limiters(): Limiters {
  return getSingleton<Limiters>("feedback-limiters") ?? useFeedbackLimitStore();
}

export type FeedbackLimitRefusal = { scope: "address" | "borough"; retryAt: Date };

/**
 * Counts one standing-form answer from `address` for `borough`; returns why it must be refused
 * (nothing counted then) or null. Atomic in Redis and in memory, so simultaneous answers cannot
 * all slip under the limit.
 */
export async function consumeStandingAnswer(input: { address: string | null; borough: string }, now = Date.now()): Promise<FeedbackLimitRefusal | null> {
  const l = limiters();
  const address = input.address?.trim() || "unknown";
  try {
    await l.address.consume(address, 1);
  } catch (res) {
    if (res instanceof RateLimiterRes) return { scope: "address", retryAt: new Date(now + res.msBeforeNext) };
    throw res;
  }
  try {
    await l.borough.consume(input.borough, 1);
  } catch (res) {
    if (res instanceof RateLimiterRes) {
      await l.address.reward(address, 1);
      return { scope: "borough", retryAt: new Date(now + res.msBeforeNext) };
    }
    throw res;
  }
  return null;
}

/** Gives back one answer's count (the answer was not stored after all). */
export async function refundStandingAnswer(input: { address: string | null; borough: string }) {
  const l = limiters();
  await Promise.all([l.address.reward(input.address?.trim() || "unknown", 1), l.borough.reward(input.borough, 1)]);
}
