import zlib from "node:zlib";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import Negotiator from "negotiator";
import { DATABASE_RETRY_AFTER_SECONDS, PAGE_BROTLI_QUALITY } from "./services/http.server";
import { NonceProvider } from "./utils/nonce";

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = (loadContext as { cspNonce?: string }).cspNonce ?? "";
  applyCachePolicy(request, responseHeaders);
  // A loader or action answered 503 (the database is away): a thrown response's headers do not
  // reach the page, so its Retry-After is said here.
  if (responseStatusCode === 503 && !responseHeaders.has("Retry-After")) {
    responseHeaders.set("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
  }
  // The whole page is rendered before it is sent (no route streams deferred data) and sent as
  // one piece (decision 048). The loader data Remix hands to the browser is read to its end
  // first, so that nothing in the tree waits, and React renders the page to one string: cheaper
  // than its streaming renderer, which encodes each of a page's thousands of pieces on its own.
  const handoff = await readToEnd(remixContext.serverHandoffStream);
  if (handoff !== null) handOffAtOnce(remixContext, handoff);
  const html = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
  );
  // A part that waited (suspended) would have been left for the browser to render, without
  // its data: never sent as if it were the page.
  if (html.includes(CLIENT_RENDERED_BOUNDARY)) throw new Error("Part of the page waited for data while it was rendered; only pages with all their data at hand are rendered");
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  const page = compressedForItsReader(request, Buffer.from(`<!DOCTYPE html>${html}`), responseHeaders);
  return new Response(page, { headers: responseHeaders, status: responseStatusCode });
}

/** How React marks a Suspense boundary it could not render on the server. */
const CLIENT_RENDERED_BOUNDARY = "<!--$!-->";

/** The whole of Remix's hand-off stream (the page's loader data, as turbo-stream text); null when there is none. */
async function readToEnd(stream: ReadableStream<Uint8Array> | undefined): Promise<string | null> {
  if (!stream) return null;
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/**
 * Remix's StreamTransfer writes the hand-off into the page as it arrives, each piece in a
 * script, and waits (suspends) for the next. With the whole text already read, its cache is
 * filled as it fills it itself, so that it writes at once the data in one script and then the
 * script that closes the stream (@remix-run/react's single-fetch.js, `renderMeta.streamCache`).
 */
function handOffAtOnce(context: EntryContext, text: string) {
  const meta = (context as unknown as { renderMeta?: { streamCache?: Record<number, unknown> } }).renderMeta;
  if (!meta) throw new Error("Remix's entry context has no renderMeta: the page's data cannot be handed off at once");
  meta.streamCache = { 0: { result: { done: false, value: text } }, 1: { result: { done: true, value: "" } } };
}

/**
 * A page made for the one person asking (their request carries a cookie, so the page cache
 * never stores it) is compressed here, at once, with Brotli when the browser takes it: one call
 * costs less than half of what the compression middleware's stream costs for the same page (its
 * hand-offs to zlib's threads, decision 043). Everything else (pages the page cache may store,
 * gzip, data requests) is left to the compression middleware in app/server.ts, which passes an
 * answer that is already encoded.
 */
function compressedForItsReader(request: Request, page: Buffer<ArrayBuffer>, headers: Headers): Buffer<ArrayBuffer> {
  if (!request.headers.get("cookie") || page.length < 1024 || !acceptsBrotli(request.headers.get("accept-encoding"))) return page;
  if (/\bno-transform\b/.test(headers.get("Cache-Control") ?? "")) return page;
  headers.set("Content-Encoding", "br");
  if (!/\baccept-encoding\b/i.test(headers.get("Vary") ?? "")) headers.append("Vary", "Accept-Encoding");
  return zlib.brotliCompressSync(page, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: PAGE_BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: page.length },
  });
}

/** "gzip, deflate, br" → true; "br;q=0" or no br → false (negotiator, as the compression middleware reads it). */
function acceptsBrotli(header: string | null): boolean {
  return new Negotiator({ headers: { "accept-encoding": header ?? "" } }).encoding(["br"]) === "br";
}

/**
 * Pages carry the signed-in person's name (and may carry members-only content), so a response
 * to anyone with a session is never stored by a shared cache, whatever the route asked for;
 * nor is a response that sets a cookie. Signed-out pages keep the route's own Cache-Control
 * (public pages ask for a short public cache); without one they are not cached. `Vary: Cookie`
 * tells caches that the same address differs once someone signs in.
 */
function applyCachePolicy(request: Request, headers: Headers) {
  const cookie = request.headers.get("cookie") ?? "";
  if (/(?:^|;\s*)(?:__Secure-)?vvf\.session_token=/.test(cookie) || headers.has("Set-Cookie")) {
    headers.set("Cache-Control", "private, no-store");
  } else if (!headers.has("Cache-Control")) {
    headers.set("Cache-Control", "no-cache");
  }
  if (!/\bcookie\b/i.test(headers.get("Vary") ?? "")) headers.append("Vary", "Cookie");
}

export function handleDataRequest(response: Response, { request }: { request: Request }) {
  applyCachePolicy(request, response.headers);
  return response;
}
