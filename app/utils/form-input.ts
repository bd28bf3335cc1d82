// What a form may carry, shared by the server's form reading (app/services/forms.server.ts)
// and the schemas: text without hidden control characters, and whole numbers that fit the
// database's integer columns. Pure: safe on both sides.

/** PostgreSQL's `integer`: a larger number in a form is refused before any query sees it. */
export const MAX_INTEGER = 2_147_483_647;

/**
 * Control characters no form has a use for: NUL (PostgreSQL refuses it in text), the other C0
 * controls, DEL and the C1 controls. Tab, line feed and carriage return are ordinary text (a
 * textarea sends CR LF between lines).
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Vertical tab and form feed: what word processors put for a line or page break, and what pasting from them can bring. */
const LINE_BREAK_CONTROLS = /[\u000B\u000C]/g;

export const CONTROL_CHARACTER_MESSAGE =
  "This had a hidden character that cannot be saved (a control character, such as a null byte). It is now shown as \u201c\uFFFD\u201d: remove it and send again.";

/** Line and page breaks from a word processor become ordinary line breaks; nothing else changes. */
export function normaliseLineBreaks(value: string): string {
  return value.replace(LINE_BREAK_CONTROLS, "\n");
}

export function hasControlCharacter(value: string): boolean {
  return CONTROL_CHARACTER.test(value);
}

/** The text with each control character made visible as the replacement character. */
export function markControlCharacters(value: string): string {
  return value.replace(new RegExp(CONTROL_CHARACTER.source, "g"), "\uFFFD");
}

/**
 * True when an address (path and query, as sent) cannot be read: a broken %-escape, or a
 * control character once decoded (a NUL in a forum's name in the path reached the database).
 */
export function isUnreadableAddress(pathAndQuery: string): boolean {
  const [path, query = ""] = pathAndQuery.split(/\?(.*)/s, 2);
  try {
    return hasControlCharacter(decodeURIComponent(path)) || hasControlCharacter(decodeURIComponent(query.replace(/\+/g, " ")));
  } catch {
    return true;
  }
}
