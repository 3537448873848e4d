// The hooks' pure helpers: deriveProgress (what a progress bar shows) and
// errorInfo (what a form shows for a failed call).
import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import type { Run, RunSummary } from "../shared/validators.js";
import { errorInfo } from "./errors.js";
import { deriveProgress } from "./progress.js";

const STARTED = 1_000_000;

function summary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: "run1" as RunSummary["runId"],
    name: "supportTicket",
    status: "running",
    tags: [],
    stepsStarted: 0,
    startedAt: STARTED,
    updatedAt: STARTED,
    ...overrides,
  };
}

const step = (name: string, stepNumber: number) => ({
  name,
  stepNumber,
  kind: "action" as const,
  startedAt: STARTED,
});

describe("deriveProgress", () => {
  test("nothing to derive without a run", () => {
    expect(deriveProgress(undefined, STARTED)).toBeUndefined();
    expect(deriveProgress(null, STARTED)).toBeUndefined();
  });

  test("reported progress: completed, total, percent and message", () => {
    const progress = deriveProgress(
      {
        ...summary({
          stepsStarted: 4,
          progress: {
            completed: 2,
            total: 5,
            message: "Drafting a reply",
            fraction: 0.4,
            updatedAt: STARTED + 100,
          },
        }),
        currentSteps: [step("drafting:draftReply", 8), step("other", 9)],
      },
      STARTED + 1500,
    );
    expect(progress).toEqual({
      completed: 2,
      total: 5,
      percent: 40,
      message: "Drafting a reply",
      currentStep: "drafting:draftReply",
      elapsedMs: 1500,
      done: false,
    });
  });

  test("percent is rounded and capped at 100; unknown without a total", () => {
    const at = (completed: number, total?: number) =>
      deriveProgress(
        summary({ progress: { completed, total, updatedAt: STARTED } }),
        STARTED,
      )!.percent;
    expect(at(1, 3)).toBe(33);
    expect(at(2, 3)).toBe(67);
    expect(at(7, 5)).toBe(100);
    expect(at(0, 5)).toBe(0);
    expect(at(3)).toBeUndefined();
    expect(at(3, 0)).toBeUndefined();
  });

  test("without reported progress: steps started minus those still running", () => {
    const run: RunSummary & Pick<Run, "currentSteps"> = {
      ...summary({ stepsStarted: 3 }),
      currentSteps: [step("writeReply", 2)],
    };
    expect(deriveProgress(run, STARTED + 10)).toEqual({
      completed: 2,
      total: undefined,
      percent: undefined,
      message: undefined,
      currentStep: "writeReply",
      elapsedMs: 10,
      done: false,
    });
    // A summary (useRuns) has no current steps: all started ones count.
    expect(deriveProgress(summary({ stepsStarted: 3 }), STARTED)).toMatchObject(
      { completed: 3, currentStep: undefined },
    );
    expect(
      deriveProgress({ ...summary(), currentSteps: [step("a", 0)] }, STARTED)!
        .completed,
    ).toBe(0);
  });

  test("a completed run is 100% and done; elapsed stops at finishedAt", () => {
    const progress = deriveProgress(
      summary({
        status: "completed",
        stepsStarted: 7,
        finishedAt: STARTED + 2500,
        progress: { completed: 4, total: 5, updatedAt: STARTED },
      }),
      STARTED + 999_999,
    );
    expect(progress).toMatchObject({
      completed: 4,
      total: 5,
      percent: 100,
      done: true,
      elapsedMs: 2500,
    });
    // Even with no total reported.
    expect(
      deriveProgress(summary({ status: "completed" }), STARTED)!.percent,
    ).toBe(100);
  });

  test("failed and canceled runs are done at the percent they reached", () => {
    for (const status of ["failed", "canceled"] as const) {
      expect(
        deriveProgress(
          summary({
            status,
            finishedAt: STARTED + 40,
            progress: { completed: 1, total: 4, updatedAt: STARTED },
          }),
          STARTED + 1000,
        ),
      ).toMatchObject({ percent: 25, done: true, elapsedMs: 40 });
    }
    for (const status of ["queued", "running", "waiting"] as const) {
      expect(deriveProgress(summary({ status }), STARTED)!.done).toBe(false);
    }
  });

  test("elapsed time is never negative (clock skew)", () => {
    expect(deriveProgress(summary(), STARTED - 50)!.elapsedMs).toBe(0);
  });
});

describe("errorInfo", () => {
  test("a validation error: code, message, path and the field's message", () => {
    const error = new ConvexError({
      code: "INVALID_INPUT",
      message: "subject is required",
      path: ["subject"],
    });
    expect(errorInfo(error)).toEqual({
      code: "INVALID_INPUT",
      message: "subject is required",
      path: ["subject"],
      fields: { subject: "subject is required" },
    });
  });

  test("issues map to fields, the first message per field", () => {
    const error = new ConvexError({
      code: "INVALID_INPUT",
      message: "Invalid input",
      path: ["customer", "name"],
      issues: [
        { path: ["customer", "name"], message: "Required" },
        { path: ["customer", "email"], message: "Invalid email" },
        { path: ["items", 0, "qty"], message: "Must be positive" },
        { path: [], message: "Top level" },
      ],
    });
    expect(errorInfo(error)).toEqual({
      code: "INVALID_INPUT",
      message: "Invalid input",
      path: ["customer", "name"],
      fields: { customer: "Required", items: "Must be positive" },
    });
  });

  test("a coded error without a path has no fields", () => {
    expect(
      errorInfo(
        new ConvexError({ code: "NOT_AUTHORIZED", message: "Not allowed" }),
      ),
    ).toEqual({
      code: "NOT_AUTHORIZED",
      message: "Not allowed",
      path: undefined,
      fields: {},
    });
  });

  test("a path without a message still marks its field", () => {
    expect(errorInfo(new ConvexError({ path: ["body"] })).fields).toEqual({
      body: "Invalid",
    });
  });

  test("ConvexErrors with other data, and other errors, give their message", () => {
    expect(errorInfo(new ConvexError("Out of stock"))).toEqual({
      message: "Out of stock",
      fields: {},
    });
    expect(errorInfo(new ConvexError(null)).fields).toEqual({});
    expect(errorInfo(new Error("[Request ID: 1] Server Error"))).toEqual({
      message: "[Request ID: 1] Server Error",
      fields: {},
    });
    expect(errorInfo("offline")).toEqual({ message: "offline", fields: {} });
    expect(errorInfo(undefined)).toEqual({
      message: "undefined",
      fields: {},
    });
  });
});
