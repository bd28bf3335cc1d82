// Compiles the server to JavaScript that `npm start` runs with plain Node: no TypeScript loader
// in the production process (issue 13; decision 038). Two files:
//   build/server.js      the launcher (app/launcher.ts): runs the site in its own process, or
//                        several server processes with Node's cluster module (WEB_CONCURRENCY)
//   build/app-server.js  the server (app/server-module.ts → app/server.ts and what it imports
//                        from app/ and db/), which the launcher loads in each server process
// Packages stay in node_modules, imported as they are; the "~/" alias (tsconfig.json's paths) is
// app code and is bundled. The Remix build (build/index.js) is loaded by the server at run time.
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
  plugins: [
    {
      name: "packages-stay-external",
      setup(b) {
        // A bare name (not ./, ../, / or ~/) is a package: left as an import.
        b.onResolve({ filter: /^[^./~]/ }, (args) => ({ path: args.path, external: true }));
      },
    },
  ],
};

await Promise.all([
  build({ ...common, entryPoints: ["app/server-module.ts"], outfile: "build/app-server.js" }),
  build({ ...common, entryPoints: ["app/launcher.ts"], outfile: "build/server.js" }),
]);
