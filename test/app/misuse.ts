// Workflows whose handlers misuse the step API: each should fail its run
// with a clear message and never reach the step after the mistake.
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { flows } from "./workflows.js";

/** Reports more completed than total. */
export const overProgress = flows.define({
  name: "overProgress",
  input: z.object({ key: z.string() }),
  output: z.null(),
  handler: async (step, { key }): Promise<null> => {
    await step.progress({ completed: 3, total: 2 });
    await step.runMutation(
      internal.steps.increment,
      { key },
      { name: "after" },
    );
    return null;
  },
});

/** Emits an event in the component's reserved "run." namespace. */
export const reservedEvent = flows.define({
  name: "reservedEvent",
  input: z.object({ key: z.string() }),
  output: z.null(),
  handler: async (step, { key }): Promise<null> => {
    await step.emit("run.completed", { fake: true });
    await step.runMutation(
      internal.steps.increment,
      { key },
      { name: "after" },
    );
    return null;
  },
});
