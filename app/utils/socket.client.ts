// One Socket.IO connection per browser tab, opened on first use. The server decides which
// rooms this connection may join (app/services/rooms.server.ts); joining is asked, not assumed.
import { io, type Socket } from "socket.io-client";

let socket: Socket | undefined;

export function getSocket(): Socket {
  socket ??= io({ transports: ["websocket", "polling"], withCredentials: true });
  return socket;
}

/** Joins a room (again after every reconnect); returns a function that leaves it. */
export function joinRoom(room: string, onJoined?: (ok: boolean) => void): () => void {
  const s = getSocket();
  const join = () => s.emit("join", room, (result: { ok: boolean }) => onJoined?.(result.ok));
  join();
  s.on("connect", join);
  return () => {
    s.off("connect", join);
    s.emit("leave", room);
  };
}
