// The Socket.IO server: started on the site's HTTP server (with the Redis adapter when
// REDIS_URL is set, so several processes share live events), it signs each socket in from the
// session cookie and answers the client's join and leave messages. Which rooms exist, who may
// join each and what each carries is declared in rooms.server.ts; this module only wires them.
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { setSingleton } from "~/utils/singleton";
import { IO_SINGLETON, sessionRoom } from "./live-events.server";
import { comesFromThisSite, requestOriginOf } from "./origins.server";
import { closeRedis as closeRedisClient, duplicateRedisClient, redisClient } from "./redis.server";
import { canJoinRoom, reviewItemOf, roomName } from "./rooms.server";
import { userFromSession, type CurrentUser } from "./session.server";

export type SocketData = { user: CurrentUser | null };

/** The person on a socket, from the cookie its handshake carried (null when signed out). */
function userFromHandshake(socket: Socket): Promise<CurrentUser | null> {
  return userFromSession(new Headers({ cookie: socket.handshake.headers.cookie ?? "" }));
}

/**
 * The person a join is decided for: as they are now, read again from the session the socket
 * connected with (the handshake's cookie stays on the socket). A session signed out, or an
 * account suspended, deleted or given another role since the socket connected, is decided on
 * as it is now, even where the disconnection those changes send has not arrived.
 */
async function userForJoin(socket: Socket): Promise<CurrentUser | null> {
  const now = await userFromHandshake(socket);
  (socket.data as SocketData).user = now;
  return now;
}

/** The session token in the handshake's cookie (better-auth signs it as `token.signature`). */
function sessionTokenOf(socket: Socket): string | null {
  for (const part of (socket.handshake.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (!/^(__Secure-)?vvf\.session_token$/.test(name)) continue;
    const token = decodeURIComponent(value.join("=")).split(".")[0];
    if (token) return token;
  }
  return null;
}

export async function createRealtime(httpServer: HttpServer, options: { redisUrl?: string } = {}) {
  const io = new Server(httpServer, {
    serveClient: false,
    cors: { origin: false },
    // Only this site's pages may open a socket (a browser's socket carries its cookie, so a page
    // elsewhere could otherwise listen as the member): the handshake's Origin must be one of
    // ours, or Sec-Fetch-Site same-origin (app/services/origins.server.ts).
    allowRequest: (req, callback) => callback(null, comesFromThisSite(req.headers, requestOriginOf(req))),
  });
  let closeRedis: (() => Promise<void>) | undefined;
  if (options.redisUrl) {
    const { createAdapter } = await import("@socket.io/redis-adapter");
    // Connected in the background: with Redis away the site starts and serves pages; the
    // adapter's subscriptions are made (again) whenever Redis is there (redis.server.ts).
    const pub = redisClient(options.redisUrl);
    const sub = duplicateRedisClient(pub, options.redisUrl);
    io.adapter(createAdapter(pub, sub));
    closeRedis = async () => {
      await Promise.allSettled([closeRedisClient(pub), closeRedisClient(sub)]);
    };
  }
  io.use(async (socket, next) => {
    try {
      (socket.data as SocketData).user = await userFromHandshake(socket);
      next();
    } catch (err) {
      next(err as Error);
    }
  });
  const moderationRoom = roomName("moderation");
  // Presence: who is looking at a review item, so two moderators never handle it unknowingly.
  const announcePresence = async (room: string) => {
    const postId = reviewItemOf(room);
    if (postId === null) return;
    const sockets = await io.in(room).fetchSockets();
    const viewers = [...new Map(sockets.map((s) => [(s.data as SocketData).user?.id, (s.data as SocketData).user?.name])).values()].filter(
      (name): name is string => Boolean(name),
    );
    io.to(room).emit("presence", { room, viewers });
    // The queue shows, beside each item, who is looking at it.
    io.to(moderationRoom).emit("presence:item", { postId, viewers });
  };
  /** Everyone looking at any review item now, across every process (for a queue just opened). */
  const presenceSnapshot = async () => {
    const byItem = new Map<string, Map<string, string>>();
    for (const s of await io.fetchSockets()) {
      const u = (s.data as SocketData).user;
      if (!u) continue;
      for (const r of s.rooms) {
        const postId = reviewItemOf(r);
        if (postId === null) continue;
        const viewers = byItem.get(postId) ?? new Map<string, string>();
        viewers.set(u.id, u.name);
        byItem.set(postId, viewers);
      }
    }
    return Object.fromEntries([...byItem].map(([postId, viewers]) => [postId, [...viewers.values()]]));
  };
  io.on("connection", (socket) => {
    const { user } = socket.data as SocketData;
    // Every socket of a person is in their own room, which is also how all of them can be
    // reached (or disconnected) at once: io.in(roomName("user", id)).
    if (user) void socket.join(roomName("user", user.id));
    // And in its session's room, so signing out (or a revoked session) ends just its sockets.
    const token = user ? sessionTokenOf(socket) : null;
    if (token) void socket.join(sessionRoom(token));
    // A listener that rejects (the database or Redis away) would be an unhandled rejection,
    // which ends the process: the join is refused instead, and the page still works.
    socket.on("join", async (room: unknown, ack?: (result: { ok: boolean; error?: string }) => void) => {
      let result: { ok: boolean; error?: string };
      try {
        const ok = await canJoinRoom(await userForJoin(socket), room);
        if (ok) {
          await socket.join(room as string);
          await announcePresence(room as string);
          if (room === moderationRoom) socket.emit("presence:snapshot", await presenceSnapshot());
        }
        result = ok ? { ok } : { ok, error: "not allowed" };
      } catch (err) {
        console.error("[realtime] a join failed:", err instanceof Error ? err.message : err);
        result = { ok: false, error: "unavailable" };
      }
      if (typeof ack === "function") ack(result);
    });
    socket.on("leave", async (room: unknown) => {
      if (typeof room !== "string") return;
      try {
        await socket.leave(room);
        await announcePresence(room);
      } catch (err) {
        console.error("[realtime] a leave failed:", err instanceof Error ? err.message : err);
      }
    });
    socket.on("disconnecting", () => {
      const rooms = [...socket.rooms].filter((r) => reviewItemOf(r) !== null);
      // After the socket has left, tell the others who is still looking.
      setTimeout(() => rooms.forEach((r) => void announcePresence(r).catch(() => undefined)), 0);
    });
  });
  setSingleton(IO_SINGLETON, io);
  return {
    io,
    close: async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await closeRedis?.();
      setSingleton(IO_SINGLETON, undefined);
    },
  };
}
