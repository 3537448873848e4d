// Parents of children that fail or break limits (in their own module: a
// workflow referring to one in its own module makes the api type circular).
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { approval } from "./approvals.js";
import { flows } from "./workflows.js";

/** A failing child and a pending approval at once. */
export const childAndWait = flows.define({
  name: "childAndWait",
  input: z.object({}),
  output: z.null(),
  handler: async (step): Promise<null> => {
    await Promise.all([
      step.runWorkflow(internal.limits.throws, {}, { name: "failingChild" }),
      step.waitForSignal(approval, { title: "Meanwhile", assignees: ["x"] }),
    ]);
    return null;
  },
});

/** A child killed by a transaction limit. */
export const parentOfOverLimit = flows.define({
  name: "parentOfOverLimit",
  input: z.object({ rows: z.number() }),
  output: z.null(),
  handler: async (step, { rows }): Promise<null> => {
    await step.runWorkflow(
      internal.limits.overLimit,
      { rows },
      { name: "heavyChild" },
    );
    return null;
  },
});
