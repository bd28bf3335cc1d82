// Redis clients (REDIS_URL): the Socket.IO adapter's pair and the limits' client. Redis is a
// helper, not a dependency of any page: the site starts and serves pages while it is away, and
// each client reconnects by itself (node-redis retries with a growing delay, at most 0.5 s).
// Meanwhile live events between processes pause (each page still reloads through its loader)
// and the sign-in, password-reset and invitation limits are counted in each process's memory.
//
// An outage is logged once per process when the first client loses Redis, and once when every
// client is back, instead of an error line per client per retry.
import type { createClient } from "redis";
import { lazyModule } from "~/utils/lazy-module";

// node-redis (about 2 MB of heap) is loaded only when REDIS_URL is set and a client is made.
const redisPackage = lazyModule<typeof import("redis")>("redis");

export type RedisClient = ReturnType<typeof createClient>;

const down = new Set<RedisClient>();
let outage = false;

function watch(client: RedisClient, url: string) {
  client.on("error", (err: Error & { code?: string }) => {
    down.add(client);
    if (outage) return;
    outage = true;
    console.error(
      `[redis] Redis at ${new URL(url).host} is unavailable (${err.code ?? err.message}): pages keep working, live events between ` +
        "processes pause and limits are counted in this process until it is back; reconnecting",
    );
  });
  client.on("ready", () => {
    down.delete(client);
    if (outage && down.size === 0) {
      outage = false;
      console.log(`[redis] connected to Redis at ${new URL(url).host} again`);
    }
  });
}

/**
 * A client for `url`, connecting in the background: never throws at start, never an unhandled
 * 'error' event. `duplicate` makes a second client on the same server (the adapter's
 * subscriber), watched alike.
 */
export function redisClient(url: string, options: { failFastWhileAway?: boolean } = {}): RedisClient {
  // failFastWhileAway: a command sent while Redis is away fails at once instead of waiting in
  // the client's queue for it to return (the limits must never hold a request up).
  const client = redisPackage().createClient({ url, disableOfflineQueue: options.failFastWhileAway ?? false });
  watch(client, url);
  client.connect().catch(() => undefined);
  return client;
}

export function duplicateRedisClient(client: RedisClient, url: string): RedisClient {
  const copy = client.duplicate();
  watch(copy, url);
  copy.connect().catch(() => undefined);
  return copy;
}

/** Closes a client whether or not it is connected now. */
export async function closeRedis(client: RedisClient): Promise<void> {
  down.delete(client);
  // quit() waits for Redis to answer: while it is away (the client still trying to reconnect
  // counts as open), that would hold up the server's shutdown for ever.
  if (client.isReady) await client.quit().catch(() => client.destroy());
  else if (client.isOpen) client.destroy();
}
