// A real local HTTP server standing in for GOV.UK Notify's API, as `notifications-node-client`
// (v8, axios) calls it for a text message:
//   POST {baseUrl}/v2/notifications/sms
//   Authorization: Bearer <JWT signed with the key's secret, iss = service id>
//   body: JSON { template_id, phone_number, personalisation?, reference? }
// Success: 201 with { id, reference, content: { body, from_number }, uri, template }.
// Failure: a status with { status_code, errors: [{ error, message }] }; the client (axios)
// rejects for any non-2xx answer.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeText = { id: string; phoneNumber: string; templateId: string; body: string; reference: string | null };

export class FakeNotify {
  readonly deliveries: FakeText[] = [];
  readonly requests: { status: number; reference: string | null }[] = [];
  /** Decides for each request (by its 1-based number) whether it fails with a 500. */
  failWhen: (n: number) => boolean = () => false;
  /** Or how it fails: a status (400 is Notify's answer to an invalid number), or "hang" (never answered). */
  failWith: (n: number) => number | "hang" | null = () => null;
  private arrived = 0;
  private server: http.Server | undefined;
  private _url: string | undefined;

  get url() {
    if (!this._url) throw new Error("FakeNotify has not been started");
    return this._url;
  }

  async start() {
    const server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    this._url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this._url;
  }

  async close() {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(res: http.ServerResponse, status: number, body: unknown) {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
    const reference = typeof body.reference === "string" ? body.reference : null;
    // Numbered by arrival (a hung request is never answered, so never in `requests`).
    const n = ++this.arrived;
    const fail = (status: number, error: string, message: string) => {
      this.requests.push({ status, reference });
      this.answer(res, status, { status_code: status, errors: [{ error, message }] });
    };
    if (req.method !== "POST" || req.url !== "/v2/notifications/sms") return fail(404, "NotFound", "Not found");
    const auth = req.headers.authorization ?? "";
    if (!/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(auth)) return fail(403, "AuthError", "Invalid token: signature, api token not found");
    if (typeof body.phone_number !== "string" || typeof body.template_id !== "string") return fail(400, "ValidationError", "phone_number is a required property");
    if (this.failWhen(n)) return fail(500, "Exception", "Internal server error");
    const failure = this.failWith(n);
    if (failure === "hang") return;
    if (failure === 400) return fail(400, "ValidationError", "phone_number Not a UK mobile number");
    if (failure !== null) return fail(failure, "Exception", `Simulated failure (${failure})`);
    const personalisation = (body.personalisation ?? {}) as Record<string, string>;
    const text: FakeText = {
      id: crypto.randomUUID(),
      phoneNumber: body.phone_number,
      templateId: body.template_id,
      body: personalisation.body ?? "",
      reference,
    };
    this.deliveries.push(text);
    this.requests.push({ status: 201, reference });
    this.answer(res, 201, { id: text.id, reference, content: { body: text.body, from_number: "GOVUK" }, uri: `${this.url}/v2/notifications/${text.id}`, template: { id: text.templateId, version: 1, uri: "" } });
  }
}
