// Compiles the server entry (app/server.ts and what it imports from app/ and db/) to one
// JavaScript file, build/server.js, which `npm start` runs with plain Node: no TypeScript
// loader in the production process (issue 13; decision 038). Packages stay in node_modules,
// imported as they are; the "~/" alias (tsconfig.json's paths) is app code and is bundled.
// The Remix build (build/index.js) is loaded by the server at run time, as before.
import { build } from "esbuild";

await build({
  entryPoints: ["app/server.ts"],
  outfile: "build/server.js",
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
});
