// Roles and permissions, declared once. Server guards (app/services/session.server.ts) refuse
// what this table does not grant, and the UI reads the same table to hide what would be refused.

export const ROLES = ["member", "moderator", "responder", "admin", "officer"] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATIONS = ["met", "mopac"] as const;
export type Organisation = (typeof ORGANISATIONS)[number];

export const ROLE_LABELS: Record<Role, string> = {
  member: "Member",
  moderator: "Moderator",
  responder: "Responder",
  admin: "Administrator",
  officer: "Police officer",
};

export const ORGANISATION_LABELS: Record<Organisation, string> = {
  met: "Metropolitan Police",
  mopac: "MOPAC",
};

/**
 * Roles that read the forum as staff (members-only threads, closed consultations…). Officers are
 * not in it: they see nothing of the forum beyond the public (My Met Service only), although
 * they must use two-factor authentication like staff (TWO_FACTOR_ROLES below).
 */
export const STAFF_ROLES: readonly Role[] = ["moderator", "responder", "admin"];

/**
 * The roles that must sign in with two-factor authentication, declared here and nowhere else:
 * every forum staff role (they read what members shared in confidence) and police officers. An
 * account holding one reaches nothing until it has set up an authenticator app: the session
 * guards (app/services/session.server.ts) and the sockets enforce it. A role listed here needs
 * nothing more.
 */
export const TWO_FACTOR_ROLES: readonly Role[] = [...STAFF_ROLES, "officer"];

const PERMISSIONS = {
  "forum:read-own": ["member", "moderator", "responder", "admin"],
  "forum:read-all": ["moderator", "responder", "admin"],
  "forum:manage": ["admin"],
  "forum:manage-membership": ["moderator", "admin"],
  "invitation:create": ["moderator", "admin"],
  "invitation:revoke": ["moderator", "admin"],
  "people:list": ["moderator", "admin"],
  "people:see-email": ["admin"],
  "people:change-role": ["admin"],
  "people:suspend": ["moderator", "admin"],
  // Display names change only this way: moderators rename members, administrators anyone.
  "people:rename": ["moderator", "admin"],
  // Clearing someone's authenticator app and backup codes, so they set it up again.
  "people:reset-two-factor": ["admin"],
  // Deleting a staff or officer's account (members delete their own).
  "people:delete-staff": ["admin"],
  "outbox:read": ["admin"],
  "audit:read": ["moderator", "admin"],
  // Threads and posts
  "post:create": ["member", "moderator", "admin"],
  "post:report": ["member", "moderator", "responder", "admin"],
  "moderation:review": ["moderator", "admin"],
  "thread:mark-for-response": ["moderator", "admin"],
  "official-response:publish": ["responder"],
  // Consultations and meetings (later issues)
  "consultation:draft": ["moderator", "responder", "admin"],
  "consultation:open-close": ["moderator", "admin"],
  "consultation:answer": ["member"],
  // Publishing a closed consultation's results (after the written answers were moderated).
  "consultation:publish-results": ["moderator", "admin"],
  "meeting:manage": ["moderator", "admin"],
  "action:update-own-organisation": ["responder"],
  // Actions owned by the forum's facilitators are updated by moderators (issue 5).
  "action:update-facilitator": ["moderator", "admin"],
  // My Met Service (issue 14): officers ask victims for feedback and see their own figures.
  "feedback:request": ["officer"],
  "feedback:see-own": ["officer"],
} as const satisfies Record<string, readonly Role[]>;

/**
 * Who supervises My Met Service feedback (every borough, every officer): the force's
 * responders (organisation `met`) and admins. Officers belong to the force only.
 */
export function canSuperviseFeedback(user: { role: Role; organisation: Organisation | null } | null | undefined): boolean {
  if (!user) return false;
  return user.role === "admin" || (user.role === "responder" && user.organisation === "met");
}

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function isStaff(role: Role | null | undefined): boolean {
  return !!role && STAFF_ROLES.includes(role);
}

/** Whether an account with this role must use two-factor authentication (TWO_FACTOR_ROLES). */
export function mustUseTwoFactor(role: Role | null | undefined): boolean {
  return !!role && TWO_FACTOR_ROLES.includes(role);
}

/** Which roles a person with `role` may invite: moderators invite members, admins anyone. */
export function invitableRoles(role: Role): Role[] {
  if (role === "admin") return [...ROLES];
  if (role === "moderator") return ["member"];
  return [];
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function isOrganisation(value: unknown): value is Organisation {
  return typeof value === "string" && (ORGANISATIONS as readonly string[]).includes(value);
}
