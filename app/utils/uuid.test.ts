import { describe, expect, it } from "vitest";
import { isUuid } from "./uuid";

describe("isUuid", () => {
  it("accepts a uuid in either case", () => {
    const id = crypto.randomUUID();
    expect(isUuid(id)).toBe(true);
    expect(isUuid(id.toUpperCase())).toBe(true);
  });

  it("refuses what PostgreSQL would reject as a uuid, so a bad link reads as not found", () => {
    for (const bad of ["", "123", "-".repeat(36), "0".repeat(36), `${crypto.randomUUID()}x`, " " + crypto.randomUUID(), "g".repeat(8) + "-0000-0000-0000-000000000000"]) {
      expect(isUuid(bad), bad).toBe(false);
    }
    expect(isUuid(undefined)).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});
