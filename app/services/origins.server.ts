// Requests from other websites (issue 11, item 7; docs/decisions/027-one-list-of-origins.md).
// A browser says where a request comes from: `Origin` on every POST, PUT, PATCH and DELETE
// (forms included, with or without JavaScript) and on every WebSocket, and `Sec-Fetch-Site`
// on every request of a current browser. A state-changing request or a Socket.IO handshake is
// accepted only when one of them says "this site" (allowedOrigins in config.server.ts); a
// request that says neither (a script, or a very old browser) is refused too, so a page
// elsewhere can never act with a member's cookie, whatever the cookie's SameSite.
import { allowedOrigins } from "./config.server";

export const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

type HeaderValue = string | string[] | undefined;
const one = (value: HeaderValue) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

/** The origin a Node request was sent to, as its Host header and protocol say (http unless TLS or a trusted proxy say https). */
export function requestOriginOf(req: { headers: Record<string, HeaderValue>; protocol?: string; socket?: object }): string | null {
  const host = one(req.headers.host);
  if (!host) return null;
  const protocol = req.protocol ?? (req.socket && "encrypted" in req.socket && req.socket.encrypted ? "https" : "http");
  return `${protocol}://${host}`;
}

/**
 * True when the browser says the request comes from this site: its `Origin` is one of ours or,
 * without an `Origin` (or with the opaque "null"), `Sec-Fetch-Site` is "same-origin".
 */
export function comesFromThisSite(headers: Record<string, HeaderValue>, requestOrigin: string | null): boolean {
  const origin = one(headers.origin);
  if (origin && origin !== "null") return allowedOrigins(requestOrigin).includes(origin.replace(/\/$/, ""));
  return one(headers["sec-fetch-site"]) === "same-origin";
}

/**
 * CSP `connect-src`: this site and the other allowed origins, each also as its WebSocket
 * address (ws:// for http://, wss:// for https://), never a scheme wildcard.
 */
export function connectSources(requestOrigin: string | null): string[] {
  const origins = allowedOrigins(requestOrigin);
  return ["'self'", ...origins.flatMap((o) => [o, o.replace(/^http/, "ws")])];
}
