// Who may join which Socket.IO room. Every room a client asks for is checked here against the
// same model functions the pages use, so a socket can never see more than its user could read.
import { db } from "../../db/client";
import { getThreadForViewer } from "~/models/threads/threads.server";
import { can } from "~/utils/permissions";
import { PRESENCE_PREFIX, registerRoom } from "./realtime.server";

export function registerRooms() {
  // A thread's live updates: whoever may read the thread.
  registerRoom("thread:", async (user, room) => {
    const t = await getThreadForViewer(room.slice("thread:".length), user);
    return !!t && t.published;
  });
  // The review queue and the presence on each item: moderators only.
  registerRoom("moderation", async (user, room) => room === "moderation" && can(user?.role, "moderation:review"));
  registerRoom(PRESENCE_PREFIX, async (user) => can(user?.role, "moderation:review"));
}
