// What a benchmark scenario provides. The runner (tests/bench/run.ts) calls every scenario's
// phases in order, sharing one temp database and one production server:
//
//   1. seed       the database is open in the runner's process, no server running (PGlite's
//                 folder must never be open in two processes)
//   2. inProcess  still no server: checks through the production Remix build in this process,
//                 e.g. counting the SQL a page request runs
//   3. live       the production server runs as a child process: sign in, load pages, measure
//   4. after      (optional) the server has stopped; the database is reopened here for checks
//                 on what the load left behind
//
// A later scenario (consultations: 1,000 members submitting a response, then the results
// page under load) adds a file in scenarios/ and one line in run.ts's SCENARIOS. Hints:
// - 1,000 sessions: sign the members in during `seed`/`inProcess` (query-counter.ts's
//   signInInProcess). The cookies stay valid in the server, which reads the same secret
//   (DATA_DIR/auth-secret, or BETTER_AUTH_SECRET on PostgreSQL), so the sign-in rate limit
//   is never involved; `serverEnv` is there if a scenario must sign in over HTTP instead.
// - A write burst is not an autocannon GET: drive your own client from `live`, wrap it in
//   harness.ts's sampleRss / cpuTimeMs for memory and CPU, and return a TargetResult.
// - Correctness after the burst ("stored responses = 1,000 exactly") is a Check made in
//   `after`, when the database is back in this process.
import type { Db, DatabaseHandle } from "../../db/client";
import type { TargetResult } from "./harness";
import type { PageHandler, instrumentDatabase } from "./query-counter";

export type Check = {
  name: string;
  value: string | number;
  /** true = PASS, false = MISS, undefined = information only. */
  pass?: boolean;
  detail?: string;
};

export type SeedContext = { db: Db; handle: DatabaseHandle; log: (msg: string) => void };

export type InProcessContext = {
  db: Db;
  /** The production build as a function: (url, headers) → { status, body }. */
  page: PageHandler;
  /** Any absolute URL; requests never leave the process. */
  origin: string;
  counter: ReturnType<typeof instrumentDatabase>;
  /** A Cookie header for a session made through better-auth in this process. */
  /** `totpSecret` answers the code step for accounts with two-factor (staff). */
  signIn: (email: string, password: string, totpSecret?: string | null) => Promise<string>;
  log: (msg: string) => void;
};

export type LiveContext = {
  /** http://127.0.0.1:<port> of the production server. */
  baseUrl: string;
  serverPid: number;
  /** Signs in through the sign-in form (POST /login) and returns the Cookie header. */
  /** `totpSecret` answers the code step for accounts with two-factor (staff). */
  signIn: (email: string, password: string, totpSecret?: string | null) => Promise<string>;
  /** Warm-up + autocannon measurement of one URL, with the server's peak RSS. */
  measure: (input: { name: string; path: string; cookie?: string }) => Promise<TargetResult>;
  /** Headers every page request sends (what a browser sends: Accept, Accept-Encoding, User-Agent). */
  browserHeaders: Record<string, string>;
  /** The bare server's result, for ratios. */
  bare: TargetResult;
  log: (msg: string) => void;
};

export type LiveResult = { targets: TargetResult[]; checks: Check[] };

export interface Scenario<Seeded = unknown> {
  name: string;
  /** Extra environment for the production server (merged over the runner's). */
  serverEnv?: Record<string, string>;
  seed(ctx: SeedContext): Promise<Seeded>;
  inProcess?(ctx: InProcessContext, seeded: Seeded): Promise<Check[]>;
  live(ctx: LiveContext, seeded: Seeded): Promise<LiveResult>;
  after?(ctx: { db: Db; handle: DatabaseHandle; log: (msg: string) => void }, seeded: Seeded): Promise<Check[]>;
}

export function defineScenario<S>(s: Scenario<S>): Scenario<S> {
  return s;
}
