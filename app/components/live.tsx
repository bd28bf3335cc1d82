// React hooks over the tab's Socket.IO connection. They only run in the browser (useEffect),
// so pages work the same without JavaScript — just without live updates.
import { useEffect, useRef } from "react";

type Handlers = Record<string, (payload: any) => void>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Joins `room` while the component is mounted and calls handlers for its events. */
export function useRoom(room: string | null, handlers: Handlers) {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (!room) return;
    let cleanup: (() => void) | undefined;
    let cancelled = false;
    const listeners: [string, (payload: unknown) => void][] = [];
    import("~/utils/socket.client").then(({ getSocket, joinRoom }) => {
      if (cancelled) return;
      const socket = getSocket();
      for (const event of Object.keys(latest.current)) {
        const listener = (payload: unknown) => latest.current[event]?.(payload);
        socket.on(event, listener);
        listeners.push([event, listener]);
      }
      const leave = joinRoom(room);
      cleanup = () => {
        leave();
        for (const [event, listener] of listeners) socket.off(event, listener);
      };
    });
    return () => {
      cancelled = true;
      cleanup?.();
    };
  }, [room]);
}
