// How every action reads the form it was sent (docs/decisions/035-malformed-requests-are-refused-before-routes.md):
// - only a form (application/x-www-form-urlencoded or multipart/form-data): anything else,
//   JSON or plain text, is refused with 415;
// - at most FORM_BODY_LIMIT bytes, counted as they arrive (a body sent in chunks has no
//   declared length for app/server.ts to refuse): more is refused with 413 and never read;
// - a body that cannot be read as its type says (a truncated multipart body) is refused with 400;
// - `parseWithZod` here (conform's, with one step before it) refuses a field holding a hidden
//   control character (NUL and the like) with a message under that field, re-showing the form
//   with the character shown as "\uFFFD" where it was.
// The refusals are thrown Responses: the route's error boundary shows the site's own page.
import { parseWithZod as conformParseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { CONTROL_CHARACTER_MESSAGE, hasControlCharacter, markControlCharacters, normaliseLineBreaks } from "~/utils/form-input";

/** The most a form may send: the longest text any form takes (a 20,000-character post) is far less. */
export const FORM_BODY_LIMIT = 1024 * 1024;

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/** True when a request's headers say its body is a form, or it has no body at all. */
export function isFormBody(headers: Record<string, string | string[] | undefined>): boolean {
  const type = String(headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (FORM_TYPES.has(type)) return true;
  const hasBody = headers["transfer-encoding"] !== undefined || Number(headers["content-length"] ?? 0) > 0;
  return !hasBody;
}

export function notAForm(): Response {
  return refused(415, "The forum only accepts what its own forms send, so nothing was saved. Please go back to the page and use its form.");
}

export function tooLarge(): Response {
  return new Response("What you sent was too large for the forum to accept, so nothing was saved.", {
    status: 413,
    // The rest of the body is never read: the server closes the connection soon after this
    // answer (app/server.ts, "lingering close").
    headers: { "Cache-Control": "no-store" },
  });
}

function refused(status: 400 | 415, message: string): Response {
  return new Response(message, { status, headers: { "Cache-Control": "no-store" } });
}

/** The body's bytes, reading no further than `limit`: throws the 413 page when there are more. */
export async function readBodyWithin(request: Request, limit = FORM_BODY_LIMIT): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      throw refused(400, "What you sent did not arrive whole, so nothing was saved. Please go back and try again.");
    }
    if (next.done) break;
    total += next.value.byteLength;
    // Stop reading here; the answer closes the connection (cancelling the stream would close
    // it before the answer could be sent).
    if (total > limit) {
      reader.releaseLock();
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  const body = new Uint8Array(new ArrayBuffer(total));
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/**
 * The form an action was sent, or a thrown 415, 413 or 400 page. Line and page breaks pasted
 * from a word processor (vertical tab, form feed) arrive as ordinary line breaks.
 */
export async function readForm(request: Request): Promise<FormData> {
  const contentType = request.headers.get("content-type");
  const type = contentType?.split(";")[0].trim().toLowerCase() ?? "";
  if (!contentType && !request.body) return new FormData();
  if (!FORM_TYPES.has(type)) throw notAForm();
  const body = await readBodyWithin(request);
  let parsed: FormData;
  try {
    parsed = await new Response(body, { headers: { "content-type": contentType! } }).formData();
  } catch {
    throw refused(400, "What you sent could not be read (it may not have arrived whole), so nothing was saved. Please go back and try again.");
  }
  const form = new FormData();
  for (const [name, value] of parsed) form.append(name, typeof value === "string" ? normaliseLineBreaks(value) : value);
  return form;
}

/** The names of the fields whose text holds a control character. */
function fieldsWithControlCharacters(payload: FormData | URLSearchParams): string[] {
  const names = new Set<string>();
  for (const [name, value] of payload) {
    if (typeof value === "string" && (hasControlCharacter(value) || hasControlCharacter(name))) names.add(name);
  }
  return [...names];
}

/**
 * conform's `parseWithZod`, refusing first any field with a hidden control character: the
 * submission then fails with a message under each such field (and nothing else), so the form is
 * shown again with what was typed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same overloads as conform's
export const parseWithZod: typeof conformParseWithZod = ((payload: FormData | URLSearchParams, options: any) => {
  const fields = fieldsWithControlCharacters(payload);
  if (fields.length === 0) return conformParseWithZod(payload, options);
  const schema = z.any().superRefine((_value, ctx) => {
    for (const name of fields) ctx.addIssue({ code: "custom", path: [markControlCharacters(name)], message: CONTROL_CHARACTER_MESSAGE });
  });
  // The form comes back with each such character shown where it was, as "\uFFFD".
  const marked = new FormData();
  for (const [name, value] of payload) marked.append(markControlCharacters(name), typeof value === "string" ? markControlCharacters(value) : value);
  return conformParseWithZod(marked, { ...options, schema });
}) as unknown as typeof conformParseWithZod;
