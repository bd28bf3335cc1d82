// Rate limits in Express on the endpoints people could hammer: asking for a password reset and
// using invitation links, keyed by the real client address (req.ip honours TRUST_PROXY). With
// REDIS_URL the counts are kept in Redis (rate-limit-redis), shared by every process.
// Sign-ins are limited elsewhere, per account and per address, counting only failures
// (app/services/sign-in-limits.server.ts, called from better-auth's hooks).
//
// A refusal is the site's own page, saying when to try again: on a form page (/forgot-password,
// /join/…) the limit marks the request and the route's action refuses it before doing anything
// (`refuseWhenLimited`), so it reads the same with JavaScript (Remix's `.data` requests) and
// without; on better-auth's endpoint the server answers (`onApiLimited`, app/server.ts).
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { rateLimit, ipKeyGenerator, MemoryStore, type Options, type Store } from "express-rate-limit";
import { RedisStore } from "rate-limit-redis";
import { MINUTE } from "~/utils/time";
import { tooManyAttempts } from "./http.server";

const minutes = (n: number) => n * MINUTE;

/** The part of a connected node-redis client these stores use. */
export type RedisCommands = { sendCommand: (args: string[]) => Promise<unknown>; isReady?: boolean };

/** Where the server puts a form page's refusal for the route (Remix's load context carries it). */
export type LimitedContext = { limitedUntil?: Date };

type OnApiLimited = (req: ExpressRequest, res: ExpressResponse, retryAt: Date) => void;

function limiter(name: string, windowMs: number, limit: number, store: Store | undefined, onApiLimited: OnApiLimited) {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: (req) => `${name}:${ipKeyGenerator(req.ip ?? "unknown")}`,
    store,
    handler: (req, res, next) => {
      const retryAt = (req as ExpressRequest & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime ?? new Date(Date.now() + windowMs);
      if (req.originalUrl.startsWith("/api/")) return onApiLimited(req, res, retryAt);
      // The route refuses it (refuseWhenLimited): the page, its layout and Exit this page. It
      // sends Retry-After itself.
      res.removeHeader("Retry-After");
      res.locals.limitedUntil = retryAt;
      next();
    },
  });
}

/**
 * Counts in Redis while it is there, in this process's memory while it is away (not connected,
 * or a command failed): a request never waits for Redis, and the limit never switches off.
 */
class RedisOrMemoryStore implements Store {
  private memory = new MemoryStore();
  constructor(
    private redisStore: RedisStore,
    private redis: RedisCommands,
  ) {}
  private options: Options | undefined;
  private async either<T>(use: (store: Store) => Promise<T> | T): Promise<T> {
    if (this.redis.isReady !== false) {
      try {
        return await use(this.redisStore);
      } catch {
        // Redis went away mid-command, or it was away when the store loaded its scripts: this
        // one is counted here, and the scripts are loaded again for the next.
        this.loadScripts();
      }
    }
    return use(this.memory);
  }
  private loadScripts() {
    if (this.options) void Promise.resolve(this.redisStore.init(this.options)).catch(() => undefined);
  }
  init(options: Options) {
    this.options = options;
    this.memory.init(options);
    this.loadScripts();
  }
  get(key: string) {
    return this.either((s) => s.get?.(key));
  }
  increment(key: string) {
    return this.either((s) => s.increment(key));
  }
  decrement(key: string) {
    return this.either((s) => s.decrement(key));
  }
  resetKey(key: string) {
    return this.either((s) => s.resetKey(key));
  }
}

export function rateLimits(options: { redis?: RedisCommands; onApiLimited: OnApiLimited }): { path: string | RegExp; handler: RequestHandler }[] {
  const inviteLimit = Number(process.env.RATE_LIMIT_INVITATIONS ?? 30);
  const store = (prefix: string) =>
    options.redis
      ? new RedisOrMemoryStore(
          new RedisStore({ prefix: `vvf:rl:${prefix}:`, sendCommand: (...args: string[]) => options.redis!.sendCommand(args) as never }),
          options.redis,
        )
      : undefined;
  const invitations = limiter("invitations", minutes(15), inviteLimit, store("invitations"), options.onApiLimited);
  // One count for asking a reset, whichever way it arrives (the form, or better-auth's endpoint).
  const reset = limiter("password-reset", minutes(15), 5, store("password-reset"), options.onApiLimited);
  const onlyPost =
    (handler: RequestHandler): RequestHandler =>
    (req, res, next) =>
      req.method === "POST" ? handler(req, res, next) : next();
  return [
    // A form sent with JavaScript goes to the page's address plus ".data" (Remix's single fetch).
    // (Express matches a regular expression as a prefix ending at a "/" or the end: /^\/join\//
    // never matched anything.)
    { path: /^\/join\/[^/]+$/, handler: onlyPost(invitations) },
    { path: /^\/forgot-password(?:\.data)?\/?$/, handler: onlyPost(reset) },
    { path: "/api/auth/request-password-reset", handler: reset },
  ];
}

/** For an action that a rate limit may have marked: throws the site's 429 page, before anything is done. */
export function refuseWhenLimited(context: unknown): void {
  const until = (context as LimitedContext | undefined)?.limitedUntil;
  if (until instanceof Date) throw tooManyAttempts(until);
}
