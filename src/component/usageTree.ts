// A run's LLM spend: `usage` is its own calls', `usageTotal` adds every
// descendant's. Both grow in the transaction that finishes a call, so
// reading a ticket's total cost is one row, never a scan of its tree.
import type { Usage } from "../shared/llmValidators.js";
import { LIMITS } from "../shared/validators.js";
import type { MutationCtx } from "./_generated/server.js";
import { addUsage } from "./llm/accounting.js";
import {
  findRun,
  updateRun,
  type RunDoc,
  type RunEventInput,
} from "./runStore.js";

/**
 * Add one finished call to its run (`usage` and `usageTotal`, with the
 * run's `events`) and to the `usageTotal` of each ancestor: at most
 * `LIMITS.maxChildDepth` rows, since children nest no deeper.
 */
export async function addRunUsage(
  ctx: MutationCtx,
  run: RunDoc,
  usage: Usage | undefined,
  costUsd: number | undefined,
  events: RunEventInput[],
): Promise<void> {
  await updateRun(
    ctx,
    run,
    {
      usage: addUsage(run.usage, usage, costUsd),
      usageTotal: addUsage(run.usageTotal ?? run.usage, usage, costUsd),
    },
    events,
  );
  let parentId = run.parentRunId;
  for (let hops = 0; parentId && hops < LIMITS.maxChildDepth; hops++) {
    const parent = await findRun(ctx, parentId);
    if (!parent) return;
    await ctx.db.patch("runs", parent._id, {
      usageTotal: addUsage(parent.usageTotal ?? parent.usage, usage, costUsd),
    });
    parentId = parent.parentRunId;
  }
}
