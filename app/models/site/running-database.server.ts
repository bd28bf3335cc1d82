// Which database this process runs on, for /admin: the embedded PGlite (and its folder) does
// not wait for the disk at each commit, PostgreSQL does (docs/decisions/032).
export { runningDatabase, type RunningDatabase } from "../../../db/client";
