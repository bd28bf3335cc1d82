// Per-request memory. Remix hands every loader of one page its own Request object when the
// address has a query (a copy without Remix's own parameters; decision 050), so caching on the
// Request would miss; the server entry opens one scope per HTTP request instead, and the
// loaders of that request share it (AsyncLocalStorage follows the request's async work).
import { AsyncLocalStorage } from "node:async_hooks";
import { singleton } from "~/utils/singleton";

const storage = singleton("request-scope", () => new AsyncLocalStorage<Map<string, unknown>>());

export function runInRequestScope<T>(fn: () => T): T {
  return storage.run(new Map(), fn);
}

/** The value for `key` in this request, computed once; outside a request, computed each time. */
export function oncePerRequest<T>(key: string, compute: () => T): T {
  const scope = storage.getStore();
  if (!scope) return compute();
  if (!scope.has(key)) scope.set(key, compute());
  return scope.get(key) as T;
}
