// What a page's live connection has done, read from its traffic: the Socket.IO rooms the
// server acknowledged joining. Journeys wait for the join before acting, so a live update can
// never be missed because the page was not listening yet.
import type { Page } from "@playwright/test";

/**
 * The Socket.IO rooms the page's tab has joined, as the server acknowledged them. Socket.IO
 * tries a WebSocket first and falls back to HTTP long-polling (on a loaded machine it
 * sometimes does), so both are read.
 */
export function trackJoinedRooms(page: Page): Set<string> {
  const joined = new Set<string>();
  // A join is `42<ack id>["join","<room>"]`; its acknowledgement `43<ack id>[{"ok":true}]`. Over
  // long-polling the answer can be read before the question, so either order counts.
  const watch = () => {
    const asked = new Map<string, string>();
    const acked = new Set<string>();
    return {
      sent(packet: string) {
        const m = packet.match(/^42(\d+)\["join","([^"]+)"\]$/);
        if (!m) return;
        asked.set(m[1], m[2]);
        if (acked.has(m[1])) joined.add(m[2]);
      },
      received(packet: string) {
        const m = packet.match(/^43(\d+)\[\{"ok":true/);
        if (!m) return;
        acked.add(m[1]);
        if (asked.has(m[1])) joined.add(asked.get(m[1])!);
      },
    };
  };
  const text = (payload: string | Buffer) => (typeof payload === "string" ? payload : payload.toString("utf8"));
  page.on("websocket", (ws) => {
    const w = watch();
    ws.on("framesent", ({ payload }) => w.sent(text(payload)));
    ws.on("framereceived", ({ payload }) => w.received(text(payload)));
  });
  // Long-polling: one session id (sid) per connection; packets are separated by \x1e.
  const polls = new Map<string, ReturnType<typeof watch>>();
  page.on("requestfinished", async (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith("/socket.io/") || url.searchParams.get("transport") !== "polling") return;
    const sid = url.searchParams.get("sid");
    if (!sid) return;
    if (!polls.has(sid)) polls.set(sid, watch());
    const w = polls.get(sid)!;
    for (const packet of (request.postData() ?? "").split("\x1e")) w.sent(packet);
    const response = await request.response().catch(() => null);
    const body = response ? await response.text().catch(() => "") : "";
    for (const packet of body.split("\x1e")) w.received(packet);
  });
  return joined;
}
