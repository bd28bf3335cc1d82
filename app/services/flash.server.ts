// One-time messages after a redirect ("Your post has been sent", "Welcome"). They travel in a
// short-lived cookie, not in the address: a link copied or opened again later must not repeat
// a message meant for the person who just acted. The cookie holds only a key from FLASH_KEYS;
// the page that shows the message reads it and clears it in the same answer.
import { createCookie } from "@remix-run/node";
import { publicUrl } from "./config.server";

export const FLASH_KEYS = ["post-sent", "post-sent-at-risk", "welcome"] as const;
export type FlashKey = (typeof FLASH_KEYS)[number];

const isFlashKey = (value: unknown): value is FlashKey => typeof value === "string" && (FLASH_KEYS as readonly string[]).includes(value);

const flashCookie = () =>
  createCookie("vvf_flash", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    // Long enough to follow the redirect, short enough not to surprise anyone later.
    maxAge: 120,
    secure: publicUrl().startsWith("https://"),
  });

/** The Set-Cookie header that leaves a message for the next page. */
export async function setFlash(key: FlashKey): Promise<string> {
  return flashCookie().serialize(key);
}

/** Redirect headers plus the flash: for `redirect(url, { headers: await withFlash(key) })`. */
export async function withFlash(key: FlashKey, headers: HeadersInit = {}): Promise<Headers> {
  const all = new Headers(headers);
  all.append("Set-Cookie", await setFlash(key));
  return all;
}

/**
 * The message waiting for this request, and the header that clears it. A page that shows a
 * flash must send `clear` back, so the message is seen once.
 */
export async function readFlash(request: Request): Promise<{ flash: FlashKey | null; clear: HeadersInit }> {
  const cookieHeader = request.headers.get("Cookie");
  if (!cookieHeader || !cookieHeader.includes("vvf_flash=")) return { flash: null, clear: {} };
  const value = await flashCookie().parse(cookieHeader);
  const clear = { "Set-Cookie": await flashCookie().serialize("", { maxAge: 0, expires: new Date(0) }) };
  return { flash: isFlashKey(value) ? value : null, clear };
}
