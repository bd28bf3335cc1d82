// A real local HTTP server standing in for the Resend API, as the `resend` SDK (v6) calls it.
//
// What the SDK sends (node_modules/resend/dist/index.mjs, `Resend#post` / `Emails#create`):
//   POST {baseUrl}/emails
//   Authorization: Bearer <api key>
//   User-Agent: resend-node:<version>
//   Content-Type: application/json
//   Idempotency-Key: <key>            (only when `send(payload, { idempotencyKey })` is given)
//   body: JSON { from, to, subject, text, html?, ... } (camelCase options mapped to snake_case)
// `baseUrl` is `options.baseUrl ?? process.env.RESEND_BASE_URL ?? "https://api.resend.com"`,
// read in the constructor, so RESEND_BASE_URL must be set before `new Resend()`.
// Success: any 2xx with a JSON body, returned as `data` (Resend answers `{ "id": "…" }`).
// Failure: a non-2xx whose JSON body becomes `error` as is (Resend answers
// `{ "statusCode", "name", "message" }`); a non-JSON body becomes `application_error`; a
// network failure (dropped connection) becomes `application_error` "Unable to fetch data".
// The SDK never throws for these: `send` resolves `{ data: null, error }`.
//
// Like Resend, a repeated Idempotency-Key with the same body answers the original response
// without sending again; with a different body it answers 409 `invalid_idempotent_request`;
// while the first request with that key is still in progress it answers 409
// `concurrent_idempotent_requests`.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeEmail = {
  id: string;
  idempotencyKey: string | null;
  from: string;
  to: string | string[];
  subject: string;
  text?: string;
  html?: string;
  body: Record<string, unknown>;
};

export type FakeRequest = {
  method: string;
  path: string;
  authorization: string | undefined;
  idempotencyKey: string | null;
  contentType: string | undefined;
  userAgent: string | undefined;
  body: unknown;
  /** What the fake did with it. */
  outcome: "accepted" | "replayed" | "failed" | "dropped" | "accepted-response-lost" | "rejected" | "hung";
  /** HTTP status answered (null when the connection was dropped). */
  status: number | null;
};

/**
 * How the next failing requests fail:
 * - a status (500, 503, 429…): answered with a Resend-style error body, nothing sent;
 * - "drop": the connection is destroyed before anything is sent;
 * - "lose-response": the email IS accepted (and its key remembered), then the connection is
 *   destroyed before the answer reaches the client — a crash between "provider accepted" and
 *   "we learnt about it";
 * - "hang": nothing is sent and nothing is answered, ever (until the client gives up or the
 *   fake closes).
 */
export type FailureMode = number | "drop" | "lose-response" | "hang";

export type FakeResendOptions = {
  /** When set, requests whose bearer token differs are refused with 403 like Resend. */
  apiKey?: string;
  /** Delay before answering each request (to make concurrent requests overlap). */
  latencyMs?: number;
};

const errorNames: Record<number, string> = {
  400: "validation_error",
  401: "missing_api_key",
  403: "invalid_api_key",
  404: "not_found",
  409: "invalid_idempotent_request",
  422: "validation_error",
  429: "rate_limit_exceeded",
  500: "internal_server_error",
  503: "application_error",
};

export class FakeResend {
  /** Accepted emails: one per distinct idempotency key (or per request without a key). */
  readonly deliveries: FakeEmail[] = [];
  /** Every request that reached the server, in arrival order. */
  readonly requests: FakeRequest[] = [];
  private failures: FailureMode[] = [];
  private bySubject = new Map<string, FailureMode>();
  private byKey = new Map<string, { email: FakeEmail; bodyJson: string }>();
  private inProgress = new Set<string>();
  private server: http.Server | undefined;
  private sockets = new Set<import("node:net").Socket>();
  private _url: string | undefined;

  constructor(private options: FakeResendOptions = {}) {}

  get url(): string {
    if (!this._url) throw new Error("FakeResend has not been started");
    return this._url;
  }

  /** Makes the next `n` requests fail (each in `mode`), after any failures already queued. */
  failNext(n: number, mode: FailureMode = 500) {
    for (let i = 0; i < n; i++) this.failures.push(mode);
  }

  /**
   * Makes the first request for an email with this subject fail in `mode`, whatever order the
   * outbox sends in (rows queued in the same millisecond have no order between them).
   */
  failSubject(subject: string, mode: FailureMode) {
    this.bySubject.set(subject, mode);
  }

  /** Requests carrying this idempotency key. */
  requestsFor(key: string) {
    return this.requests.filter((r) => r.idempotencyKey === key);
  }

  async start(): Promise<string> {
    const server = http.createServer((req, res) => {
      void this.handle(req, res).catch((err) => {
        if (!res.headersSent) this.sendError(res, 500, String(err));
      });
    });
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    this._url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this._url;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private sendJson(res: http.ServerResponse, status: number, body: unknown) {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  private sendError(res: http.ServerResponse, status: number, message: string, name = errorNames[status] ?? "application_error") {
    this.sendJson(res, status, { statusCode: status, name, message });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const keyHeader = req.headers["idempotency-key"];
    const idempotencyKey = typeof keyHeader === "string" ? keyHeader : null;
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // kept as text; refused below
    }
    const record: FakeRequest = {
      method: req.method ?? "",
      path,
      authorization: req.headers.authorization,
      idempotencyKey,
      contentType: req.headers["content-type"],
      userAgent: req.headers["user-agent"],
      body,
      outcome: "rejected",
      status: null,
    };
    this.requests.push(record);
    const answer = (status: number, payload: unknown, outcome: FakeRequest["outcome"]) => {
      record.status = status;
      record.outcome = outcome;
      this.sendJson(res, status, payload);
    };
    const refuse = (status: number, message: string, name?: string) => {
      record.status = status;
      record.outcome = "rejected";
      this.sendError(res, status, message, name);
    };

    // Resend refuses a second request with a key whose first request has not been answered.
    if (idempotencyKey !== null && this.inProgress.has(idempotencyKey)) {
      return refuse(409, "Same idempotency key used while original request is still in progress.", "concurrent_idempotent_requests");
    }
    if (idempotencyKey !== null) this.inProgress.add(idempotencyKey);
    try {
      if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));

      if (req.method !== "POST" || path !== "/emails") return refuse(404, "The requested endpoint does not exist.");
      const auth = req.headers.authorization;
      if (!auth || !auth.startsWith("Bearer ") || auth.length <= "Bearer ".length) {
        return refuse(401, "Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY");
      }
      if (this.options.apiKey !== undefined && auth !== `Bearer ${this.options.apiKey}`) return refuse(403, "API key is invalid");
      if (typeof body !== "object" || body === null || Array.isArray(body)) return refuse(400, "Invalid JSON body");
      const email = body as Record<string, unknown>;
      for (const field of ["from", "to", "subject"]) {
        if (email[field] === undefined || email[field] === "") return refuse(422, `Missing \`${field}\` field.`, "missing_required_field");
      }
      if (email.text === undefined && email.html === undefined) return refuse(422, "Missing `html` or `text` field.", "missing_required_field");
      if (idempotencyKey !== null && (idempotencyKey.length < 1 || idempotencyKey.length > 256)) {
        return refuse(400, "Idempotency key must be between 1-256 characters.", "invalid_idempotency_key");
      }

      const subject = String(email.subject);
      const failure = this.bySubject.has(subject) ? this.bySubject.get(subject) : this.failures.shift();
      this.bySubject.delete(subject);
      if (typeof failure === "number") {
        record.status = failure;
        record.outcome = "failed";
        return this.sendError(res, failure, `Simulated provider failure (${failure}).`);
      }
      if (failure === "hang") {
        record.outcome = "hung";
        return;
      }
      if (failure === "drop") {
        record.outcome = "dropped";
        req.socket.destroy();
        return;
      }

      const bodyJson = JSON.stringify(email);
      if (idempotencyKey !== null) {
        const seen = this.byKey.get(idempotencyKey);
        if (seen) {
          if (seen.bodyJson !== bodyJson) {
            return refuse(409, "Same idempotency key used with a different request payload.", "invalid_idempotent_request");
          }
          return answer(200, { id: seen.email.id }, "replayed");
        }
      }

      const accepted: FakeEmail = {
        id: crypto.randomUUID(),
        idempotencyKey,
        from: String(email.from),
        to: email.to as string | string[],
        subject: String(email.subject),
        text: email.text as string | undefined,
        html: email.html as string | undefined,
        body: email,
      };
      this.deliveries.push(accepted);
      if (idempotencyKey !== null) this.byKey.set(idempotencyKey, { email: accepted, bodyJson });
      if (failure === "lose-response") {
        record.outcome = "accepted-response-lost";
        req.socket.destroy();
        return;
      }
      answer(200, { id: accepted.id }, "accepted");
    } finally {
      if (idempotencyKey !== null) this.inProgress.delete(idempotencyKey);
    }
  }
}

/** Starts a fake Resend and points the SDK at it (RESEND_BASE_URL is read by `new Resend()`). */
export async function startFakeResend(options: FakeResendOptions = {}) {
  const fake = new FakeResend(options);
  await fake.start();
  process.env.RESEND_BASE_URL = fake.url;
  return fake;
}
