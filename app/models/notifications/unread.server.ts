// What "unread" means for the count beside "Notifications" in every signed-in page's header: the
// person's notifications not yet marked read. One definition, used by the count on its own
// (notifications.server.ts) and by the session's statement, which reads it with the account so
// that a signed-in page needs no statement of its own for it (app/services/session.server.ts).
import { getTableName, sql, type SQL } from "drizzle-orm";
import { user } from "../../../db/schema/auth";
import { notification } from "../../../db/schema/notifications";

/**
 * SQL: how many of this person's notifications are unread, as an integer — for a statement that
 * reads the `user` table (the person is its row; the names are written out in full, since drizzle
 * leaves a one-table statement's columns unqualified).
 */
export const unreadNotificationsOfUser: SQL<number> = sql<number>`(select count(*)::int from ${notification} as unread
  where unread.user_id = ${sql.identifier(getTableName(user))}.id and unread.read_at is null)`;
