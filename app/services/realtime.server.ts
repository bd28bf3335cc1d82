// Socket.IO: authenticated from the session cookie. A socket only ever joins rooms its user
// may read: `canJoinRoom` is the single gate, and every room a client asks for goes through it.
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { auth } from "./auth.server";
import { getSingleton, setSingleton } from "~/utils/singleton";
import type { CurrentUser } from "./session.server";
import { isOrganisation, isRole } from "~/utils/permissions";

export type SocketData = { user: CurrentUser | null };
type RoomCheck = (user: CurrentUser | null, room: string) => Promise<boolean>;

const roomChecks: { prefix: string; check: RoomCheck }[] = [];
/** Rooms whose members are announced to each other (review items). */
export const PRESENCE_PREFIX = "review-item:";

/** Later features register who may join rooms that start with `prefix`. */
export function registerRoom(prefix: string, check: RoomCheck) {
  roomChecks.push({ prefix, check });
}

export async function canJoinRoom(user: CurrentUser | null, room: string): Promise<boolean> {
  // Own room only; a signed-out socket has none (not even "user:undefined").
  if (user && room === `user:${user.id}`) return true;
  const entry = roomChecks.find((r) => room.startsWith(r.prefix));
  if (!entry) return false;
  try {
    return await entry.check(user, room);
  } catch {
    return false;
  }
}

async function userFromHandshake(socket: Socket): Promise<CurrentUser | null> {
  const cookie = socket.handshake.headers.cookie;
  if (!cookie) return null;
  const headers = new Headers({ cookie });
  const result = await auth().api.getSession({ headers });
  if (!result) return null;
  const u = result.user as typeof result.user & { role?: string; organisation?: string | null; status?: string };
  if (u.status !== "active") return null;
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: isRole(u.role) ? u.role : "member",
    organisation: isOrganisation(u.organisation) ? u.organisation : null,
  };
}

export async function createRealtime(httpServer: HttpServer, options: { redisUrl?: string } = {}) {
  const io = new Server(httpServer, { serveClient: false, cors: { origin: false } });
  let closeRedis: (() => Promise<void>) | undefined;
  if (options.redisUrl) {
    const { createClient } = await import("redis");
    const { createAdapter } = await import("@socket.io/redis-adapter");
    const pub = createClient({ url: options.redisUrl });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
    closeRedis = async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
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
  // Presence: who is looking at a review item, so two moderators never handle it unknowingly.
  const announcePresence = async (room: string) => {
    if (!room.startsWith(PRESENCE_PREFIX)) return;
    const sockets = await io.in(room).fetchSockets();
    const viewers = [...new Map(sockets.map((s) => [(s.data as SocketData).user?.id, (s.data as SocketData).user?.name])).values()].filter(Boolean);
    io.to(room).emit("presence", { room, viewers });
    // The queue shows, beside each item, who is looking at it.
    io.to("moderation").emit("presence:item", { postId: room.slice(PRESENCE_PREFIX.length), viewers });
  };
  /** Everyone looking at any review item now, across every process (for a queue just opened). */
  const presenceSnapshot = async () => {
    const byItem = new Map<string, Map<string, string>>();
    for (const s of await io.fetchSockets()) {
      const u = (s.data as SocketData).user;
      if (!u) continue;
      for (const r of s.rooms) {
        if (!r.startsWith(PRESENCE_PREFIX)) continue;
        const postId = r.slice(PRESENCE_PREFIX.length);
        const viewers = byItem.get(postId) ?? new Map<string, string>();
        viewers.set(u.id, u.name);
        byItem.set(postId, viewers);
      }
    }
    return Object.fromEntries([...byItem].map(([postId, viewers]) => [postId, [...viewers.values()]]));
  };
  io.on("connection", (socket) => {
    const { user } = socket.data as SocketData;
    if (user) void socket.join(`user:${user.id}`);
    socket.on("join", async (room: unknown, ack?: (result: { ok: boolean; error?: string }) => void) => {
      const ok = typeof room === "string" && room.length < 200 && (await canJoinRoom(user, room));
      if (ok) {
        await socket.join(room as string);
        await announcePresence(room as string);
        if (room === "moderation") socket.emit("presence:snapshot", await presenceSnapshot());
      }
      if (typeof ack === "function") ack(ok ? { ok } : { ok, error: "not allowed" });
    });
    socket.on("leave", async (room: unknown) => {
      if (typeof room !== "string") return;
      await socket.leave(room);
      await announcePresence(room);
    });
    socket.on("disconnecting", () => {
      const rooms = [...socket.rooms].filter((r) => r.startsWith(PRESENCE_PREFIX));
      // After the socket has left, tell the others who is still looking.
      setTimeout(() => rooms.forEach((r) => void announcePresence(r)), 0);
    });
  });
  setSingleton("io", io);
  return {
    io,
    close: async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await closeRedis?.();
      setSingleton("io", undefined);
    },
  };
}

/** Emits to a room if Socket.IO is running (it is not in model tests without a server). */
export function emitTo(room: string, event: string, payload: unknown) {
  getSingleton<Server>("io")?.to(room).emit(event, payload);
}
