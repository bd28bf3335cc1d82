// A display name is a pseudonym: the only name other people see. It must not give away who
// someone is, so it may not be an email address or a phone number.
export const DISPLAY_NAME_MIN = 3;
export const DISPLAY_NAME_MAX = 40;

export function displayNameProblem(raw: string): string | null {
  const name = raw.trim();
  if (name.length < DISPLAY_NAME_MIN) return `Display name must be at least ${DISPLAY_NAME_MIN} characters`;
  if (name.length > DISPLAY_NAME_MAX) return `Display name must be ${DISPLAY_NAME_MAX} characters or fewer`;
  if (/@/.test(name) || /\S+\.\S+@|\b[\w.+-]+\s*(at)\s*[\w-]+\s*(dot)\s*\w+/i.test(name)) {
    return "Display name must not be an email address";
  }
  if (/[^\p{L}\p{N} ._'-]/u.test(name)) {
    return "Display name can only use letters, numbers, spaces, full stops, hyphens, apostrophes and underscores";
  }
  const digits = name.replace(/\D/g, "");
  if (digits.length >= 7) return "Display name must not be a phone number or contain a long number";
  return null;
}

export function normaliseDisplayName(raw: string): string {
  return raw.trim().replace(/\s+/g, " ");
}
