// The architecture, checked: `npm run lint:architecture` (run by `npm test` inside Vitest, tests/architecture/architecture.test.ts)
// fails when an import crosses a line the layout draws. Each rule says in its comment which
// line it keeps and why; a new exception belongs here, with its reason, not in a comment
// elsewhere.
//
// Type-only imports count too (`tsPreCompilationDeps`), except where a rule says otherwise:
// a component that imports a `.server` module's type still couples the two.

const path = require("node:path");

/** Modules that start or wire the running app: models are called by these, never the reverse. */
const WIRING = [
  "^app/server\\.ts$",
  "^app/entry\\.server\\.tsx$",
  "^app/services/jobs\\.server\\.ts$",
  "^app/services/scheduler\\.server\\.ts$",
  "^app/services/realtime\\.server\\.ts$",
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "route-no-database",
      comment:
        "Routes are thin: they call models, which own every query and transaction through database(). " +
        "A route that imports the database client, the schema or database() can query behind the models' back.",
      severity: "error",
      from: { path: "^app/routes/" },
      to: { path: ["^db/client\\.ts$", "^db/schema/", "^app/models/database\\.server\\.ts$"] },
    },
    {
      name: "component-no-database",
      comment: "Components render what loaders give them; they never reach the database client or the schema.",
      severity: "error",
      from: { path: "^app/components/" },
      to: { path: ["^db/client\\.ts$", "^db/schema/", "^app/models/database\\.server\\.ts$"] },
    },
    {
      name: "component-no-server-module",
      comment:
        "Components run in the browser too. A `.server` module (database, cookies, secrets, mail) must not be " +
        "pulled into them; pure helpers shared by both sides live in app/utils/.",
      severity: "error",
      from: { path: "^app/components/" },
      to: { path: "\\.server\\.tsx?$" },
    },
    {
      name: "model-no-route",
      comment: "Models hold the domain; routes call them. A model that imports a route inverts the layers.",
      severity: "error",
      from: { path: "^app/models/" },
      to: { path: ["^app/routes/", "^app/root\\.tsx$"] },
    },
    {
      name: "model-no-wiring",
      comment:
        "Models are called by the modules that wire the app (server, jobs list, scheduler, Socket.IO server); " +
        "they never import them. A model publishes socket events through app/services/live-events.server.ts " +
        "and exports its scheduled jobs for app/services/jobs.server.ts to register.",
      severity: "error",
      from: { path: "^app/models/" },
      to: { path: WIRING },
    },
    {
      name: "schema-only-drizzle",
      comment: "The schema is the tables and their types: it imports drizzle and other schema files, nothing else.",
      severity: "error",
      from: { path: "^db/schema/" },
      to: { pathNot: ["^db/schema/", "^node_modules/drizzle-orm/"] },
    },
    {
      name: "utils-no-server-module",
      comment: "app/utils/ holds small pure helpers safe on both sides: they import no `.server` module.",
      severity: "error",
      from: { path: "^app/utils/" },
      to: { path: "\\.server\\.tsx?$" },
    },
    {
      name: "not-to-unresolvable",
      comment:
        "An import that does not resolve is a typo or a missing package, and the rules above would silently miss it. " +
        "The stylesheet app/styles/app.css is the one exception: `npm run build` writes it from app.scss.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true, pathNot: "^\\./styles/app\\.css$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^build/", "^public/build/", "^node_modules/"] },
    tsPreCompilationDeps: true,
    // The project's tsconfig (its `~/` alias), also when the cruise runs from another folder (the
    // planted-violations test in tests/architecture/ does).
    tsConfig: { fileName: path.join(__dirname, "tsconfig.json") },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
