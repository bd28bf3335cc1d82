// Sends events to Socket.IO rooms. Models call this (through publishEvents, once their
// transaction has committed); the rooms and what each carries are declared in rooms.server.ts,
// and the Socket.IO server is started by realtime.server.ts, which leaves it here as a
// process-wide singleton. Without a server (model tests) an event goes nowhere.
import { createHash } from "node:crypto";
import type { Server } from "socket.io";
import { getSingleton } from "~/utils/singleton";
import type { RoomEvent } from "./rooms.server";

export const IO_SINGLETON = "io";

/** Emits each event to its room, if Socket.IO is running in this process. */
export function sendRoomEvents(events: readonly RoomEvent[]) {
  const io = getSingleton<Server>(IO_SINGLETON);
  if (!io) return;
  for (const e of events) io.to(e.room).emit(e.event, e.payload);
}

/**
 * Ends every socket `userId` has open, in every process (the Redis adapter carries it): after
 * their account is suspended, deleted or given another role. (Signing out and password resets
 * end sessions through better-auth, whose hook calls disconnectSession for each.)
 */
export function disconnectUser(userId: string) {
  getSingleton<Server>(IO_SINGLETON)?.in(`user:${userId}`).disconnectSockets(true);
}

/**
 * The room every socket signed in with one session joins on connecting (never a client's to
 * join: rooms.server.ts declares no such room). Named by a hash of the session's token, so the
 * token itself never travels through Redis.
 */
export function sessionRoom(sessionToken: string) {
  return `session:${createHash("sha256").update(sessionToken).digest("hex").slice(0, 32)}`;
}

/** Ends the sockets of one session, in every process: after it is signed out or revoked. */
export function disconnectSession(sessionToken: string) {
  getSingleton<Server>(IO_SINGLETON)?.in(sessionRoom(sessionToken)).disconnectSockets(true);
}
