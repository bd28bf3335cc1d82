import { Writable } from "node:stream";
import zlib from "node:zlib";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import Negotiator from "negotiator";
import { DATABASE_RETRY_AFTER_SECONDS, PAGE_BROTLI_QUALITY } from "./services/http.server";
import { NonceProvider } from "./utils/nonce";

const ABORT_DELAY = 5_000;

export default function handleRequest(
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
  // The whole page is rendered before it is sent (no route streams deferred data), and sent as
  // one piece: React writes a page in small pieces, and each piece would otherwise go through
  // the compression stream on its own, which cost more CPU than the compression itself.
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    let shellStatus = responseStatusCode;
    // Cleared once the page is done: a pending timer would keep the whole render (and the page)
    // in memory for ABORT_DELAY after it was sent, hundreds of pages under load.
    let abortTimer: NodeJS.Timeout | undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
          // As when the page streamed: an error after this point is logged, the status stays.
          shellStatus = responseStatusCode;
        },
        onAllReady() {
          const chunks: Buffer[] = [];
          const body = new Writable({
            // React listens for "close" to abort a page whose reader went away: this stream
            // closes only after the page is whole, and the abort then made two errors (and their
            // stack traces) on every page for nothing.
            emitClose: false,
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
            final(done) {
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              clearTimeout(abortTimer);
              const page = compressedForItsReader(request, Buffer.concat(chunks), responseHeaders);
              resolve(new Response(page, { headers: responseHeaders, status: shellStatus }));
              done();
            },
          });
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged, never shown: people get the error page instead.
          if (shellRendered) console.error(error);
        },
      },
    );
    abortTimer = setTimeout(abort, ABORT_DELAY);
  });
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
