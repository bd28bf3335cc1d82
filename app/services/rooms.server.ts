// Every Socket.IO room, in one place: its name, who may join it and what it carries.
//
// A socket joins only the rooms its user may read: every room a client asks for goes through
// `canJoinRoom`, which asks the same model functions the pages ask, so a socket never sees
// more than its user could read. Rooms carry events, never content (decision 007): a page
// that hears one reloads through its loader, which applies the reader's permissions again.
//
// Models send events through `publishEvents` (app/models/notifications/notifications.server.ts,
// after their transaction commits); the type `RoomEvent` below makes an event that a room does
// not carry, or a payload of the wrong shape, a type error. The Socket.IO server itself (the
// handshake, the join/leave messages, presence) is wired in app/services/realtime.server.ts.
import { consultationExists } from "~/models/consultations/consultations.server";
import { getThreadForViewer } from "~/models/threads/threads.server";
import { can, isStaff } from "~/utils/permissions";
import type { CurrentUser } from "./session.server";

/** A payload's shape, declared for the type checker (nothing is stored at run time). */
const payload = <T>() => undefined as unknown as T;

type RoomRule = {
  /** Rooms per thing are `<prefix><id>`; a room without a prefix has one fixed `name`. */
  prefix?: string;
  name?: string;
  /** Who may join, in words (the check below is the rule). */
  who: string;
  /** Whether `user` may join; `id` is what follows the prefix ("" for a fixed name). */
  mayJoin: (user: CurrentUser | null, id: string) => Promise<boolean> | boolean;
  /** The events sent to the room, each with its payload's shape. */
  carries: Record<string, unknown>;
};

export const ROOMS = {
  user: {
    prefix: "user:",
    who: "the signed-in person whose id it is; each of their sockets joins it on connecting",
    mayJoin: (user, id) => user !== null && user.id === id,
    carries: {
      /** A new notification for this person: the header's count goes up. */
      notification: payload<{ message: string; url: string }>(),
    },
  },
  thread: {
    prefix: "thread:",
    who: "whoever may read the thread (the same check as its page), once it is published",
    mayJoin: async (user, id) => {
      const t = await getThreadForViewer(id, user);
      return !!t && t.published;
    },
    carries: {
      "post:approved": payload<{ postId: string }>(),
      "post:removed": payload<{ postId: string }>(),
      "post:updated": payload<{ postId: string }>(),
      "response:published": payload<{ responseId: string }>(),
    },
  },
  moderation: {
    name: "moderation",
    who: "moderators and admins (permission moderation:review)",
    mayJoin: (user) => can(user?.role, "moderation:review"),
    carries: {
      /** Something entered, left or moved in the review queue. */
      "queue:changed": payload<{ postId?: string; status?: string }>(),
      /** Who is looking at one review item now (sent by the realtime wiring). */
      "presence:item": payload<{ postId: string; viewers: string[] }>(),
      /** Who is looking at every review item, sent to a socket that has just joined. */
      "presence:snapshot": payload<Record<string, string[]>>(),
    },
  },
  reviewItem: {
    prefix: "review-item:",
    who: "moderators and admins (permission moderation:review)",
    mayJoin: (user) => can(user?.role, "moderation:review"),
    carries: {
      /** Who else is looking at this item, so two moderators never handle it unknowingly. */
      presence: payload<{ room: string; viewers: string[] }>(),
      /** Someone decided the item (or its author withdrew it): the open page reloads its data and says who, what and when. */
      "item:decided": payload<{ postId: string; status: string }>(),
    },
  },
  consultation: {
    prefix: "consultation:",
    who: "staff (moderators, responders, admins), for a consultation that exists",
    mayJoin: async (user, id) => !!user && isStaff(user.role) && (await consultationExists(id)),
    carries: {
      /** The number of responses as it rises; never an answer. */
      "consultation:count": payload<{ consultationId: string; responses: number }>(),
      /** A lifecycle move (opened, closed, results published, responded). */
      "consultation:status": payload<{ consultationId: string; status: string }>(),
    },
  },
} as const satisfies Record<string, RoomRule>;

type Rooms = typeof ROOMS;
export type RoomKind = keyof Rooms;

/** A room's name as a type: `thread:${string}`, or "moderation". */
export type RoomName<K extends RoomKind = RoomKind> = K extends RoomKind
  ? Rooms[K] extends { prefix: infer P extends string }
    ? `${P}${string}`
    : Rooms[K] extends { name: infer N extends string }
      ? N
      : never
  : never;

type EventsOf<K extends RoomKind> = Rooms[K]["carries"];

/** An event a room carries, with its payload: what models hand to `publishEvents`. */
export type RoomEvent = {
  [K in RoomKind]: {
    [E in keyof EventsOf<K> & string]: { room: RoomName<K>; event: E; payload: EventsOf<K>[E] };
  }[keyof EventsOf<K> & string];
}[RoomKind];

/** The name of the room for `id` (the thread's, the consultation's, the person's…). */
export function roomName<K extends RoomKind>(kind: K, id?: string): RoomName<K> {
  const rule: RoomRule = ROOMS[kind];
  return (rule.prefix !== undefined ? `${rule.prefix}${id ?? ""}` : rule.name) as RoomName<K>;
}

/** Which declared room a name belongs to, and the id after its prefix; null for any other name. */
export function parseRoom(room: string): { kind: RoomKind; id: string } | null {
  for (const kind of Object.keys(ROOMS) as RoomKind[]) {
    const rule: RoomRule = ROOMS[kind];
    if (rule.name !== undefined && room === rule.name) return { kind, id: "" };
    if (rule.prefix !== undefined && room.startsWith(rule.prefix)) return { kind, id: room.slice(rule.prefix.length) };
  }
  return null;
}

/** Whether a review item's room: its members are announced to each other and to the queue. */
export function reviewItemOf(room: string): string | null {
  const parsed = parseRoom(room);
  return parsed?.kind === "reviewItem" ? parsed.id : null;
}

/**
 * The single gate: may `user` (null when signed out) join `room`? Anything that is not the name
 * of a declared room, and any check that fails, is a refusal. The caller passes the user as
 * they are now; a caller that re-reads the session first (see realtime.server.ts) gets a
 * decision on the user's current role and status.
 */
export async function canJoinRoom(user: CurrentUser | null, room: unknown): Promise<boolean> {
  if (typeof room !== "string" || room.length >= 200) return false;
  const parsed = parseRoom(room);
  if (!parsed) return false;
  const rule: RoomRule = ROOMS[parsed.kind];
  try {
    return await rule.mayJoin(user, parsed.id);
  } catch {
    return false;
  }
}
