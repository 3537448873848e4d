// Workflows that run into Convex's and the workflow journal's limits, and
// handlers that break the rules: each run must fail with a code, a short
// message and (where one did it) the step.
import { v } from "convex/values";
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { internalAction, internalMutation } from "./_generated/server.js";
import { approval } from "./approvals.js";
import { flows } from "./workflows.js";

/** A string of `bytes` characters. */
export const blob = internalAction({
  args: { bytes: v.number() },
  returns: v.string(),
  handler: async (_ctx, { bytes }): Promise<string> => "x".repeat(bytes),
});

/** One step whose result is `bytes` long. */
export const bigStepResult = flows.define({
  name: "bigStepResult",
  input: z.object({ bytes: z.number() }),
  output: z.number(),
  handler: async (step, { bytes }): Promise<number> =>
    (await step.runAction(internal.limits.blob, { bytes }, { name: "blob" }))
      .length,
});

/** Returns `bytes` of output. */
export const bigOutput = flows.define({
  name: "bigOutput",
  input: z.object({ bytes: z.number() }),
  output: z.string(),
  handler: async (_step, { bytes }): Promise<string> => "y".repeat(bytes),
});

/** `steps` steps of `bytes` each: the journal grows past its 8 MiB. */
export const journalFiller = flows.define({
  name: "journalFiller",
  input: z.object({ steps: z.number(), bytes: z.number() }),
  output: z.number(),
  handler: async (step, { steps, bytes }): Promise<number> => {
    let total = 0;
    for (let i = 0; i < steps; i++) {
      const part = await step.runAction(
        internal.limits.blob,
        { bytes },
        { name: `part${i}` },
      );
      total += part.length;
    }
    return total;
  },
});

/** Handler executions so far: the nondeterministic handler reads it. */
export const replays = { count: 0 };

/** Asks for another step on replay than the first time. */
export const nondeterministic = flows.define({
  name: "nondeterministic",
  input: z.object({}),
  output: z.null(),
  handler: async (step): Promise<null> => {
    replays.count += 1;
    const name = replays.count === 1 ? "first" : "changed";
    await step.runAction(internal.limits.blob, { bytes: 1 }, { name });
    await step.runAction(internal.limits.blob, { bytes: 1 }, { name: "next" });
    return null;
  },
});

/** Throws without any step failing. */
export const throws = flows.define({
  name: "throws",
  input: z.object({}),
  output: z.null(),
  handler: async (step): Promise<null> => {
    await step.runAction(internal.limits.blob, { bytes: 1 }, { name: "ok" });
    throw new Error("the handler gave up");
  },
});

/** Waits for an approval with a timeout it does not catch. */
export const uncaughtTimeout = flows.define({
  name: "uncaughtTimeout",
  input: z.object({ timeoutMs: z.number() }),
  output: z.boolean(),
  handler: async (step, { timeoutMs }): Promise<boolean> =>
    (await step.waitForSignal(approval, { timeoutMs, title: "Quick!" }))
      .approved,
});

/** Emits `bytes` of event data. */
export const bigEvent = flows.define({
  name: "bigEvent",
  input: z.object({ bytes: z.number() }),
  output: z.null(),
  handler: async (step, { bytes }): Promise<null> => {
    await step.emit("big", { text: "z".repeat(bytes) });
    return null;
  },
});

/** Starts a child with `bytes` of input. */
export const bigChildInput = flows.define({
  name: "bigChildInput",
  input: z.object({ bytes: z.number() }),
  output: z.null(),
  handler: async (step, { bytes }): Promise<null> => {
    await step.runWorkflow(internal.workflows.pipeline, {
      words: ["x".repeat(bytes)],
      key: "child",
    });
    return null;
  },
});

/** `children` child runs one after another, then a long sleep. */
export const family = flows.define({
  name: "family",
  input: z.object({ children: z.number() }),
  output: z.null(),
  handler: async (step, { children }): Promise<null> => {
    for (let i = 0; i < children; i++) {
      await step.runWorkflow(
        internal.workflows.pipeline,
        { words: [`w${i}`], key: "family" },
        { name: `child${i}` },
      );
    }
    await step.sleep(60 * 60 * 1000, { name: "nap" });
    return null;
  },
});

/** Writes `rows` counter rows in one transaction. */
export const writeRows = internalMutation({
  args: { rows: v.number() },
  returns: v.null(),
  handler: async (ctx, { rows }): Promise<null> => {
    for (let i = 0; i < rows; i++) {
      await ctx.db.insert("counters", { key: `bulk${i}`, count: i });
    }
    return null;
  },
});

/** Writes more rows inline than one transaction may: killed by the limit. */
export const overLimit = flows.define({
  name: "overLimit",
  input: z.object({ rows: z.number() }),
  output: z.null(),
  handler: async (step, { rows }): Promise<null> => {
    await step.runMutation(
      internal.limits.writeRows,
      { rows },
      { inline: true, name: "bulk" },
    );
    return null;
  },
});
