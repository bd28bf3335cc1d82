// What the launcher (app/launcher.ts, compiled to build/server.js) loads in each server process:
// the server and the one error it tells apart. Compiled on its own to build/app-server.js, so
// the launcher process itself never loads the site (it stays small when it only runs workers).
export { startServer } from "./server";
export { DatabaseLockedError } from "../db/client";
