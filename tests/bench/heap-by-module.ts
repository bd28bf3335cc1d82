// Where the production server's idle memory goes, by module (issue 13).
//
//   npm run bench:memory                       # PGlite in a temp DATA_DIR
//   npm run bench:memory -- --db postgres://postgres@127.0.0.1:5432/test_x
//   npm run bench:memory -- --snapshot file.heapsnapshot [--top 40]   # analyse only
//
// It starts `node build/server.js` as `npm start` does (run `npm run build` first), answers a
// few pages, reads the process's RSS and what kind of mapping holds it (/proc/<pid>/smaps),
// then asks for a V8 heap snapshot (`--heapsnapshot-signal`) and attributes every object in it
// to the module that owns it:
//   - the dominator tree of the heap graph is computed (an object belongs to the nearest object
//     without which it would be garbage);
//   - an object that is a script (its source text), a function, its compiled code or a
//     closure's context is an "anchor" and names its module: the package in node_modules, a
//     Node built-in, or, for the two bundles (build/index.js, build/app-server.js), the source file
//     esbuild's `// path` comment names at the function's line;
//   - everything else goes to its nearest anchor in the dominator tree, or to "(shared)" when
//     an object no single module holds (reached from several) is charged to the first of its
//     retainers that a module owns, and to "(shared)" when none is (interned strings, roots).
// The WebAssembly memory of PGlite is an ArrayBuffer: it shows as "buffers" of @electric-sql/pglite.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const TOP = Number(arg("top") ?? 30);

// ---------------------------------------------------------------------------------------------
// Running the server

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function get(url: string): Promise<number> {
  const res = await fetch(url, { redirect: "manual", headers: { "accept-encoding": "br, gzip" } });
  await res.arrayBuffer();
  return res.status;
}

async function waitReady(url: string, child: ChildProcess, log: () => string) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log()}`);
    try {
      if ((await get(url)) < 500) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server did not answer ${url}:\n${log()}`);
}

type Started = { child: ChildProcess; url: string; log: () => string; stop: () => Promise<void> };

async function startServer(env: NodeJS.ProcessEnv, nodeArgs: string[]): Promise<Started> {
  const port = await freePort();
  let out = "";
  const child = spawn(process.execPath, [...nodeArgs, "build/server.js"], {
    cwd: root,
    env: { ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const log = () => out.slice(-3000);
  await waitReady(`${url}/support`, child, log);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, url, log, stop };
}

function status(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of fs.readFileSync(`/proc/${pid}/status`, "utf8").split("\n")) {
    const m = /^(Vm\w+|Rss\w+):\s+(\d+) kB/.exec(line);
    if (m) out[m[1]] = Number(m[2]) / 1024;
  }
  return out;
}

/** RSS by what is mapped: the node binary, shared libraries, malloc's heap, anonymous memory. */
function smapsByKind(pid: number): Array<[string, number]> {
  const sums = new Map<string, number>();
  let kind = "";
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const name = head[1].trim();
      if (!name) kind = "anonymous (V8 heap, WebAssembly memory, malloc arenas, buffers)";
      else if (name === "[heap]") kind = "[heap] (malloc's main arena)";
      else if (name.startsWith("[")) kind = name;
      else if (/\/node$/.test(name)) kind = "the node binary (code and data)";
      else kind = "other mapped files (shared libraries)";
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) sums.set(kind, (sums.get(kind) ?? 0) + Number(rss[1]) / 1024);
  }
  return [...sums.entries()].sort((a, b) => b[1] - a[1]);
}

async function takeSnapshot(): Promise<{ file: string; rss: Record<string, number>; smaps: Array<[string, number]> }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vvf-heap-"));
  const dbUrl = arg("db");
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", SEED_DEMO: "0" };
  for (const k of ["DATABASE_URL", "REDIS_URL", "RESEND_API_KEY", "PUBLIC_URL", "TRUST_PROXY", "NODE_OPTIONS"]) delete env[k];
  env.DATA_DIR = path.join(tmp, "data");
  if (dbUrl) {
    env.DATABASE_URL = dbUrl;
    env.BETTER_AUTH_SECRET ??= crypto.randomBytes(24).toString("hex");
  }
  // Extra node flags for the server (to compare runtime flags): --node-args "--max-semi-space-size=4"
  const extra = (arg("node-args") ?? "").split(/\s+/).filter(Boolean);
  // The first start creates the database (PGlite's initdb and the migrations): not an idle
  // server's memory. Start once, stop, and measure the second start as a restart would be.
  const first = await startServer(env, extra);
  await first.stop();
  const server = await startServer(env, [...extra, "--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${tmp}`]);
  try {
    const pages = ["/", "/support", "/forums", "/login", "/register", "/accessibility"];
    for (let round = 0; round < 3; round++) for (const p of pages) await get(server.url + p);
    await new Promise((r) => setTimeout(r, 2000));
    const pid = server.child.pid!;
    const rss = status(pid);
    const smaps = smapsByKind(pid);
    server.child.kill("SIGUSR2");
    // Node writes the snapshot on its main thread: the server answers again once it is written.
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; ; i++) {
      try {
        await get(`${server.url}/support`);
        break;
      } catch (err) {
        // A kept-alive connection the server closed meanwhile: ask again on a new one.
        if (i > 20) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const file = fs.readdirSync(tmp).find((f) => f.endsWith(".heapsnapshot"));
    if (!file) throw new Error(`no heap snapshot written in ${tmp}`);
    return { file: path.join(tmp, file), rss, smaps };
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the snapshot

type Snapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  locations: number[];
  strings: string[];
};

const BUNDLES = new Map<string, Array<[number, string]>>();
/** For a bundle esbuild made: the source file that starts at or before each line. */
function bundleSections(file: string): Array<[number, string]> | null {
  if (!/\/build\/[\w-]+\.js$/.test(file)) return null;
  const cached = BUNDLES.get(file);
  if (cached) return cached;
  const sections: Array<[number, string]> = [];
  try {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines.forEach((l, i) => {
      const m = /^\/\/ ((?:app|db|node_modules)\/\S+)$/.exec(l);
      if (m) sections.push([i, m[1]]);
    });
  } catch {
    /* not on disk any more */
  }
  BUNDLES.set(file, sections);
  return sections;
}

const WASM = "WebAssembly: PGlite's PostgreSQL (memory, instance)";

/** A module's name: a package, a Node built-in, or a source file of the app. */
function moduleOf(scriptName: string, line: number | undefined): string {
  if (scriptName.startsWith("wasm:")) return WASM;
  const name = scriptName.replace(/^file:\/\//, "");
  if (name.startsWith("node:") || /^(internal|node)\//.test(name) || !name.includes("/")) return name ? "node (built-in)" : "(no script)";
  const nm = name.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = name.slice(nm + "/node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const rel = path.relative(root, name);
  const sections = bundleSections(name);
  if (sections && line !== undefined) {
    let lo = 0;
    let hi = sections.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sections[mid][0] <= line) (found = mid), (lo = mid + 1);
      else hi = mid - 1;
    }
    if (found >= 0) return `${sections[found][1]} (${path.basename(name)})`;
  }
  return rel;
}

type Row = { key: string; total: number; source: number; code: number; strings: number; buffers: number; other: number };

function analyse(file: string) {
  const s = JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot;
  const meta = s.snapshot.meta;
  const NF = meta.node_fields.length;
  const EF = meta.edge_fields.length;
  const [T, NAME, , SIZE, ECOUNT] = [0, 1, 2, 3, 4];
  const types = meta.node_types[0];
  const etypes = meta.edge_types[0];
  const { nodes, edges, strings } = s;
  const N = nodes.length / NF;
  const tCode = types.indexOf("code");
  const tClosure = types.indexOf("closure");
  const tString = types.indexOf("string");
  const stringTypes = new Set(["string", "concatenated string", "sliced string"].map((t) => types.indexOf(t)));
  const tNative = types.indexOf("native");
  const eWeak = etypes.indexOf("weak");
  const eShortcut = etypes.indexOf("shortcut");
  const eInternal = etypes.indexOf("internal");
  const namedEdge = new Set(["context", "property", "internal", "shortcut", "weak"].map((t) => etypes.indexOf(t)));

  const firstEdge = new Uint32Array(N + 1);
  for (let i = 0, e = 0; i < N; i++) {
    firstEdge[i] = e;
    e += nodes[i * NF + ECOUNT] * EF;
    firstEdge[i + 1] = e;
  }
  const edgeName = (j: number) => (namedEdge.has(edges[j]) ? strings[edges[j + 1]] : "");
  const follow = (i: number, type: number, name: string): number => {
    for (let j = firstEdge[i]; j < firstEdge[i + 1]; j += EF) if (edges[j] === type && edgeName(j) === name) return edges[j + 2] / NF;
    return -1;
  };
  const usable = (j: number) => edges[j] !== eWeak && edges[j] !== eShortcut;

  // Post order from the root (node 0) over strong edges, then dominators
  // (Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm").
  const post = new Int32Array(N).fill(-1);
  const order: number[] = [];
  {
    const stack = new Int32Array(N + 1);
    const cursor = new Uint32Array(N);
    const seen = new Uint8Array(N);
    let sp = 0;
    stack[sp++] = 0;
    seen[0] = 1;
    cursor[0] = firstEdge[0];
    while (sp > 0) {
      const n = stack[sp - 1];
      let pushed = false;
      while (cursor[n] < firstEdge[n + 1]) {
        const j = cursor[n];
        cursor[n] += EF;
        if (!usable(j)) continue;
        const to = edges[j + 2] / NF;
        if (seen[to]) continue;
        seen[to] = 1;
        cursor[to] = firstEdge[to];
        stack[sp++] = to;
        pushed = true;
        break;
      }
      if (!pushed) {
        sp--;
        post[n] = order.length;
        order.push(n);
      }
    }
  }
  const R = order.length;
  // Predecessors (strong edges between reachable nodes), by post-order number.
  const predCount = new Uint32Array(R + 1);
  for (let i = 0; i < N; i++) {
    if (post[i] < 0) continue;
    for (let j = firstEdge[i]; j < firstEdge[i + 1]; j += EF) {
      if (!usable(j)) continue;
      const to = post[edges[j + 2] / NF];
      if (to >= 0) predCount[to + 1]++;
    }
  }
  for (let i = 0; i < R; i++) predCount[i + 1] += predCount[i];
  const preds = new Int32Array(predCount[R]);
  {
    const fill = predCount.slice(0, R);
    for (let i = 0; i < N; i++) {
      const from = post[i];
      if (from < 0) continue;
      for (let j = firstEdge[i]; j < firstEdge[i + 1]; j += EF) {
        if (!usable(j)) continue;
        const to = post[edges[j + 2] / NF];
        if (to >= 0) preds[fill[to]++] = from;
      }
    }
  }
  const rootP = R - 1;
  const idom = new Int32Array(R).fill(-1);
  idom[rootP] = rootP;
  for (let changed = true; changed; ) {
    changed = false;
    for (let b = rootP - 1; b >= 0; b--) {
      let d = -1;
      for (let k = predCount[b]; k < predCount[b + 1]; k++) {
        let p = preds[k];
        if (idom[p] < 0) continue;
        if (d < 0) {
          d = p;
          continue;
        }
        let q = d;
        while (p !== q) {
          while (p < q) p = idom[p];
          while (q < p) q = idom[q];
        }
        d = p;
      }
      if (d >= 0 && idom[b] !== d) {
        idom[b] = d;
        changed = true;
      }
    }
  }

  // Anchors: scripts, functions (shared function infos), closures and their contexts.
  const lineOf = new Map<number, number>();
  for (let k = 0; k < s.locations.length; k += 4) lineOf.set(s.locations[k] / NF, s.locations[k + 2]);
  const scriptOfSfi = (sfi: number) => {
    const sc = follow(sfi, eInternal, "script_or_debug_info");
    if (sc < 0) return -1;
    if (nodes[sc * NF + T] === tCode && strings[nodes[sc * NF + NAME]] !== "system / DebugInfo") return sc;
    const inner = follow(sc, eInternal, "script");
    return inner;
  };
  const anchor = new Array<string | undefined>(N);
  const sourceStrings = new Uint8Array(N);
  const sfiKey = new Map<number, string>();
  for (let i = 0; i < N; i++) {
    if (nodes[i * NF + T] !== tClosure) continue;
    const sfi = follow(i, eInternal, "shared");
    if (sfi < 0) continue;
    const sc = scriptOfSfi(sfi);
    if (sc < 0) continue;
    const key = moduleOf(strings[nodes[sc * NF + NAME]], lineOf.get(i));
    anchor[i] = key;
    if (!sfiKey.has(sfi) || !sfiKey.get(sfi)!.includes("(")) sfiKey.set(sfi, key);
    const ctx = follow(i, eInternal, "context");
    if (ctx >= 0 && anchor[ctx] === undefined && strings[nodes[ctx * NF + NAME]] === "system / Context") anchor[ctx] = key;
  }
  for (let i = 0; i < N; i++) {
    if (nodes[i * NF + T] !== tCode || anchor[i] !== undefined) continue;
    const sc = follow(i, eInternal, "script_or_debug_info");
    if (sc < 0) continue;
    if (sfiKey.has(i)) anchor[i] = sfiKey.get(i);
    else {
      const script = scriptOfSfi(i);
      if (script >= 0) anchor[i] = moduleOf(strings[nodes[script * NF + NAME]], undefined);
    }
  }
  for (let i = 0; i < N; i++) {
    // A script: its name is its file, its "source" edge the text.
    if (nodes[i * NF + T] !== tCode) continue;
    const src = follow(i, eInternal, "source");
    if (src < 0 || !stringTypes.has(nodes[src * NF + T])) continue;
    const name = strings[nodes[i * NF + NAME]];
    const key = moduleOf(name, undefined);
    anchor[i] = key;
    anchor[src] = key;
    sourceStrings[src] = 1;
  }

  // A CommonJS module object (require's cache holds it): its exports are its package's.
  const tObject = types.indexOf("object");
  const eProperty = etypes.indexOf("property");
  for (let i = 0; i < N; i++) {
    if (nodes[i * NF + T] !== tObject || strings[nodes[i * NF + NAME]] !== "Module" || anchor[i] !== undefined) continue;
    const filename = follow(i, eProperty, "filename");
    if (filename >= 0 && nodes[filename * NF + T] === tString) anchor[i] = moduleOf(strings[nodes[filename * NF + NAME]], undefined);
  }

  // WebAssembly: in this server only PGlite (PostgreSQL compiled to WebAssembly) uses it.
  for (let i = 0; i < N; i++) {
    if (nodes[i * NF + T] !== tObject) continue;
    const name = strings[nodes[i * NF + NAME]];
    if (name !== "Memory" && name !== "Instance") continue;
    anchor[i] = WASM;
    // The memory's ArrayBuffer and its contents (also reached from PGlite's typed-array views).
    if (name === "Memory")
      for (let j = firstEdge[i]; j < firstEdge[i + 1]; j += EF) {
        const to = edges[j + 2] / NF;
        if (strings[nodes[to * NF + NAME]] !== "ArrayBuffer") continue;
        anchor[to] = WASM;
        const data = follow(to, eInternal, "backing_store");
        if (data >= 0) anchor[data] = WASM;
      }
  }

  // Owner of every node: its own anchor, else its immediate dominator's owner (top-down).
  const SHARED = "(shared: no module holds it)";
  const owner = new Array<string>(R);
  const rows = new Map<string, Row>();
  const totals = { all: 0, source: 0, code: 0, strings: 0, buffers: 0, other: 0 };
  for (let p = rootP; p >= 0; p--) {
    const n = order[p];
    let o = anchor[n] ?? (p === rootP || idom[p] === rootP ? SHARED : owner[idom[p]]);
    if (o === SHARED) {
      // Held from several places: charged to the first retainer that one module owns.
      for (let k = predCount[p]; k < predCount[p + 1]; k++) {
        const q = preds[k];
        if (q > p && owner[q] !== undefined && owner[q] !== SHARED) {
          o = owner[q];
          break;
        }
      }
    }
    owner[p] = o;
  }
  const add = (key: string, n: number) => {
    const size = nodes[n * NF + SIZE];
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { key, total: 0, source: 0, code: 0, strings: 0, buffers: 0, other: 0 }));
    const type = nodes[n * NF + T];
    const col: keyof typeof totals = sourceStrings[n]
      ? "source"
      : type === tCode
        ? "code"
        : stringTypes.has(type)
          ? "strings"
          : type === tNative && strings[nodes[n * NF + NAME]] === "system / JSArrayBufferData"
            ? "buffers"
            : "other";
    row[col as keyof Row & keyof typeof totals] = (row[col as "source"] as number) + size;
    row.total += size;
    totals[col] += size;
    totals.all += size;
  };
  for (let p = 0; p < R; p++) add(owner[p], order[p]);
  // --explain <module>: what kinds of object that module holds.
  const explain = arg("explain");
  if (explain) {
    const kinds = new Map<string, number>();
    for (let p = 0; p < R; p++) {
      if (owner[p] !== explain) continue;
      const n = order[p];
      const k = `${types[nodes[n * NF + T]]}: ${strings[nodes[n * NF + NAME]].slice(0, 60).replace(/\s+/g, " ")}`;
      kinds.set(k, (kinds.get(k) ?? 0) + nodes[n * NF + SIZE]);
    }
    for (const [k, v] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(v / 1048576).toFixed(2).padStart(7)} MB  ${k}`);
  }
  return { rows: [...rows.values()].sort((a, b) => b.total - a.total), totals, nodeCount: N };
}

// ---------------------------------------------------------------------------------------------
// Report

const mb = (b: number) => (b / 1048576).toFixed(1);

function table(headers: string[], rows: string[][]) {
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ");
  console.log(line(headers));
  console.log(w.map((n) => "-".repeat(n)).join("  "));
  for (const r of rows) console.log(line(r));
}

function packageOf(key: string) {
  const bundle = /^(?:app|db)\/\S+ \(([\w-]+\.js)\)$/.exec(key)?.[1];
  if (!bundle) return key;
  return `app code in build/${bundle}${bundle === "index.js" ? " (Remix build)" : ""}`;
}

async function main() {
  let file = arg("snapshot");
  if (!file) {
    if (!fs.existsSync(path.join(root, "build/server.js"))) throw new Error("run `npm run build` first: build/server.js is missing");
    const taken = await takeSnapshot();
    file = taken.file;
    const st = taken.rss;
    console.log(`database: ${arg("db") ? "PostgreSQL" : "PGlite"}; node args: ${arg("node-args") ?? "(none)"}`);
    console.log(`RSS idle after 18 page requests: ${st.VmRSS.toFixed(1)} MB (high-water mark ${st.VmHWM.toFixed(1)} MB; anonymous ${st.RssAnon.toFixed(1)}, files ${st.RssFile.toFixed(1)})`);
    table(["RSS by mapping", "MB"], taken.smaps.map(([k, v]) => [k, v.toFixed(1)]));
    console.log("");
  }
  console.log(`heap snapshot: ${file}`);
  const { rows, totals, nodeCount } = analyse(file);
  console.log(
    `${nodeCount} objects, ${mb(totals.all)} MB in the snapshot: script sources ${mb(totals.source)}, compiled code and function data ${mb(totals.code)}, other strings ${mb(totals.strings)}, ArrayBuffer contents (incl. WebAssembly memory) ${mb(totals.buffers)}, other objects ${mb(totals.other)}\n`,
  );
  const byPackage = new Map<string, Row>();
  for (const r of rows) {
    const k = packageOf(r.key);
    const p = byPackage.get(k) ?? { key: k, total: 0, source: 0, code: 0, strings: 0, buffers: 0, other: 0 };
    for (const c of ["total", "source", "code", "strings", "buffers", "other"] as const) p[c] += r[c];
    byPackage.set(k, p);
  }
  const fmt = (r: Row) => [r.key, mb(r.total), mb(r.source), mb(r.code), mb(r.strings), mb(r.buffers), mb(r.other)];
  const headers = ["MB", "total", "source", "code", "strings", "buffers", "objects"];
  table(["by package / bundle", ...headers.slice(1)], [...byPackage.values()].sort((a, b) => b.total - a.total).slice(0, TOP).map(fmt));
  console.log("");
  const appRows = rows.filter((r) => /^(app|db)\//.test(r.key));
  table(["by source file of the app (in the bundles)", ...headers.slice(1)], appRows.slice(0, Math.min(TOP, 20)).map(fmt));
  if (!process.argv.includes("--keep") && !arg("snapshot")) fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

await main();
