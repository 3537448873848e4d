// What a ticket cost: its run's LLM spend plus its child runs' (the reply
// is written in a child run, most of the cost). getRun's `usageTotal` sums
// the run and every run below it; `usage` is the run's own calls only.
import type { Run, RunUsage } from "./types";

/** The run's spend including its children when known, else its own. */
export function runCost(run: Pick<Run, "usage" | "usageTotal">): {
  usage: RunUsage | undefined;
  includesChildren: boolean;
} {
  return run.usageTotal
    ? { usage: run.usageTotal, includesChildren: true }
    : { usage: run.usage, includesChildren: false };
}
