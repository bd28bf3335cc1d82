/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // Off: with it, every page rendered on the server matched the URL's parent paths against
    // all routes again to inline a partial route manifest (a tenth of the CPU of a signed-in
    // page), and the browser asked /__manifest for routes on navigation. Without it, the
    // classic compiler's whole manifest is one immutable file under /build (decision 043).
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: true,
  },
};
