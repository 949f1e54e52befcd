import { describe, expect, it } from "vitest";
import { Timings } from "../../../src/runtime/timings.ts";

/** Busy for at least `ms` milliseconds (the clock, not a sleep: the time is spent making the item). */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe("Timings.timeEach", () => {
  it("yields the items as they are and records the time spent making them, not the time between them", async () => {
    const timings = new Timings();
    function* items() {
      busy(20);
      yield "a";
      busy(20);
      yield "b";
    }
    const seen: string[] = [];
    const started = performance.now();
    for (const item of timings.timeEach("making", items())) {
      seen.push(item);
      // The consumer's own time (a write waiting for the disk) is not the maker's.
      busy(50);
    }
    const total = performance.now() - started;
    expect(seen).toEqual(["a", "b"]);
    const made = timings.totals().making!;
    expect(made).toBeGreaterThanOrEqual(39);
    expect(made).toBeLessThan(total - 99);
  });

  it("records a failure's time too, and passes the error on", () => {
    const timings = new Timings();
    function* failing(): Generator<string> {
      busy(5);
      throw new Error("no key");
    }
    expect(() => [...timings.timeEach("failing", failing())]).toThrow("no key");
    expect(timings.totals().failing).toBeGreaterThanOrEqual(4);
  });
});
