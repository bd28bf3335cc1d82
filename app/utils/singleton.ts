/**
 * One instance per process, even though the server entry (run by tsx) and the Remix build each
 * import their own copy of a module: the instance lives on globalThis, keyed by name.
 */
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __vvfSingletons?: Map<string, unknown> };
  store.__vvfSingletons ??= new Map();
  if (!store.__vvfSingletons.has(name)) store.__vvfSingletons.set(name, create());
  return store.__vvfSingletons.get(name) as T;
}

export function setSingleton<T>(name: string, value: T): T {
  const store = globalThis as unknown as { __vvfSingletons?: Map<string, unknown> };
  store.__vvfSingletons ??= new Map();
  store.__vvfSingletons.set(name, value);
  return value;
}

export function getSingleton<T>(name: string): T | undefined {
  const store = globalThis as unknown as { __vvfSingletons?: Map<string, unknown> };
  return store.__vvfSingletons?.get(name) as T | undefined;
}
