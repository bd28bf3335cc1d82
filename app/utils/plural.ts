// One home for "1 action" / "2 actions": English plural rules from the platform (Intl.PluralRules),
// so no page writes "1 actions done" or "1 days" by hand. Safe on both sides.
const rules = new Intl.PluralRules("en-GB");

/** The word for a count: `pluralWord(1, "action")` → "action", `pluralWord(2, "action")` → "actions". */
export function pluralWord(count: number, one: string, many = `${one}s`): string {
  return rules.select(count) === "one" ? one : many;
}

/** The count with its word: `plural(1, "day")` → "1 day", `plural(3, "action is", "actions are")` → "3 actions are". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${pluralWord(count, one, many)}`;
}
