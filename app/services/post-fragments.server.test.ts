import { describe, expect, it } from "vitest";
import { StringLru } from "./post-fragments.server";

describe("StringLru", () => {
  it("drops the least recently used strings once the characters held pass the bound", () => {
    const lru = new StringLru(30);
    lru.set("a", "x".repeat(9)); // 10 characters with its key
    lru.set("b", "x".repeat(9));
    lru.set("c", "x".repeat(9));
    expect(lru.get("a")).toBeDefined(); // "a" is now the most recently used
    lru.set("d", "x".repeat(9)); // 40 > 30: the oldest, "b", goes
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBeDefined();
    expect(lru.get("c")).toBeDefined();
    expect(lru.get("d")).toBeDefined();
    expect(lru.size).toBe(3);
  });

  it("replaces a key's string without counting the old one", () => {
    const lru = new StringLru(25);
    lru.set("a", "x".repeat(9));
    lru.set("a", "y".repeat(9));
    lru.set("b", "x".repeat(9));
    expect(lru.get("a")).toBe("y".repeat(9));
    expect(lru.size).toBe(2);
  });

  it("keeps a single string larger than the bound rather than nothing", () => {
    const lru = new StringLru(5);
    lru.set("a", "x".repeat(50));
    expect(lru.get("a")).toBe("x".repeat(50));
    lru.set("b", "x");
    expect(lru.get("a")).toBeUndefined();
    expect(lru.get("b")).toBe("x");
  });
});
