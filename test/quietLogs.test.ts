// expectLogs: declared logs are captured, every other log still reaches the
// console. The console here is a stand-in that records what it is given.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { expectLogs } from "./quietLogs.js";

test("with nothing declared the console is left alone", () => {
  expect(vi.isMockFunction(console.error)).toBe(false);
  expect(vi.isMockFunction(console.log)).toBe(false);
});

describe("expectLogs", () => {
  let printed: [method: string, ...args: unknown[]][] = [];
  const record =
    (method: string) =>
    (...args: unknown[]) => {
      printed.push([method, ...args]);
    };
  beforeEach(() => {
    printed = [];
    vi.stubGlobal("console", {
      error: record("error"),
      warn: record("warn"),
      log: record("log"),
      info: record("info"),
      debug: record("debug"),
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const logs = expectLogs("failed on purpose", /^Error: gate \w+ is closed$/);

  test("a matching log is captured; any other is printed", () => {
    const unexpected = new Error("something else broke");
    console.error(new Error("failed on purpose"));
    console.error(unexpected);
    console.warn("Error: gate g is closed");
    console.log("Error: gate g is closed, then opened");
    console.info("step", { failed: "on purpose" });

    expect(logs.captured).toEqual([
      "Error: failed on purpose",
      "Error: gate g is closed",
    ]);
    expect(printed).toEqual([
      ["error", unexpected],
      ["log", "Error: gate g is closed, then opened"],
      ["info", "step", { failed: "on purpose" }],
    ]);
  });

  test("each test starts with nothing captured", () => {
    expect(logs.captured).toEqual([]);
    console.debug("failed on purpose");
    expect(logs.captured).toEqual(["failed on purpose"]);
    expect(printed).toEqual([]);
  });

  describe("nested", () => {
    const inner = expectLogs("Journal entry mismatch");

    test("a block's declarations add to the enclosing ones, and come first", () => {
      console.error("Error: Journal entry mismatch: a !== b");
      console.error("failed on purpose");
      console.error("Journal entry not found");
      console.error("Journal entry mismatch, failed on purpose");

      expect(inner.captured).toEqual([
        "Error: Journal entry mismatch: a !== b",
        "Journal entry mismatch, failed on purpose",
      ]);
      expect(logs.captured).toEqual(["failed on purpose"]);
      expect(printed).toEqual([["error", "Journal entry not found"]]);
    });
  });
});

test("after the block the console is restored", () => {
  expect(vi.isMockFunction(console.error)).toBe(false);
  expect(vi.isMockFunction(console.log)).toBe(false);
});
