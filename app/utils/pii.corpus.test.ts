// The detector against its corpus (pii.corpus.txt): at least 300 lines, at least half of
// them things that must not be flagged, and on every kind recall of at least 95% and false
// alarms on at most 5% of the lines that do not carry the kind. The table is printed so a run
// shows the figures the README quotes (`npm run pii:report` prints the same).
import { formatScore, readCorpus, scoreCorpus } from "../../tests/support/pii-corpus";
import { PII_KINDS } from "./pii";

describe("the identifying-details corpus", () => {
  const cases = readCorpus();
  const score = scoreCorpus(cases);

  it("has at least 300 lines, half of them must-not-flag, and cases for every kind", () => {
    console.log(formatScore(score));
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(score.cleanLines * 2).toBeGreaterThanOrEqual(cases.length);
    for (const kind of PII_KINDS) expect(score.kinds.find((k) => k.kind === kind)?.positives, kind).toBeGreaterThanOrEqual(15);
  });

  it.each(PII_KINDS)("%s: recall at least 95%", (kind) => {
    const k = score.kinds.find((s) => s.kind === kind)!;
    const missed = score.misses.filter((m) => m.kind === kind).map((m) => `line ${m.line}: ${m.text} → ${JSON.stringify(m.found)}`);
    expect(k.recall, missed.join("\n")).toBeGreaterThanOrEqual(0.95);
  });

  it.each(PII_KINDS)("%s: false alarms on at most 5% of the lines without it", (kind) => {
    const k = score.kinds.find((s) => s.kind === kind)!;
    const alarms = score.alarms.filter((a) => a.kind === kind).map((a) => `line ${a.line}: ${a.text} → ${JSON.stringify(a.found)}`);
    expect(k.falseAlarmRate, alarms.join("\n")).toBeLessThanOrEqual(0.05);
  });

  it("flags at most 5% of the lines that must not be flagged at all", () => {
    expect(score.cleanLinesFlagged / score.cleanLines).toBeLessThanOrEqual(0.05);
  });

  it("scores a detector that misses or over-flags as failing (the scoring itself can fail)", () => {
    const blind = scoreCorpus(cases, () => []);
    expect(blind.kinds.every((k) => k.recall === 0)).toBe(true);
    const noisy = scoreCorpus(cases, (text) => [{ kind: "phone", text, start: 0, end: text.length }]);
    expect(noisy.kinds.find((k) => k.kind === "phone")!.falseAlarmRate).toBe(1);
  });
});
