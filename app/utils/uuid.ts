// Ids in URLs and forms are checked before they reach a query: PostgreSQL refuses a malformed
// uuid with an error, where the page should simply say "not found".
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a uuid written in the usual 8-4-4-4-12 hexadecimal form. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
