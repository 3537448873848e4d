// What a step did beyond the journal's own record: an LLM step's call, a
// signal wait's request and decisions, a child step's run. Read for each
// step `listSteps` shows and for `getStep`; each is one index lookup.
import type { LlmQueueInfo } from "../shared/llmFlow.js";
import type { SignalHistoryEntry } from "../shared/signalValidators.js";
import type { Doc } from "./_generated/dataModel.js";
import type { QueryCtx } from "./_generated/server.js";
import { queueInfo } from "./llm/queueInfo.js";
import { findRun } from "./runStore.js";
import { historyEntry } from "./signals/requests.js";
import type { ReturnsOf } from "./wf/types.js";

export type JournalStep = ReturnsOf<"workflow", "listSteps">["page"][number];

export type StepExtras = {
  call: Doc<"llmCalls"> | null;
  /** A queued LLM step's place (see llm/queueInfo.ts). */
  queue?: LlmQueueInfo;
  request: SignalHistoryEntry | null;
  /** A child step: the child run's input (null if the run is gone). */
  child: { input: unknown } | null;
};

export const NO_EXTRAS: StepExtras = { call: null, request: null, child: null };

export async function stepExtras(
  ctx: QueryCtx,
  step: JournalStep,
  info: Doc<"stepInfo"> | null,
): Promise<StepExtras> {
  if (step.kind !== "event" || step.eventId === undefined) return NO_EXTRAS;
  const eventId = step.eventId;
  switch (info?.kind) {
    case "llm": {
      const call = await ctx.db
        .query("llmCalls")
        .withIndex("eventId", (q) => q.eq("eventId", eventId))
        .first();
      const queue = call ? await queueInfo(ctx, call) : undefined;
      return { ...NO_EXTRAS, call, queue };
    }
    case "signal": {
      const request = await ctx.db
        .query("signalRequests")
        .withIndex("eventId", (q) => q.eq("eventId", eventId))
        .first();
      return {
        ...NO_EXTRAS,
        request: request ? await historyEntry(ctx, request) : null,
      };
    }
    case "child": {
      const run = info.childWorkflowId
        ? await findRun(ctx, info.childWorkflowId)
        : null;
      return { ...NO_EXTRAS, child: run ? { input: run.input } : null };
    }
    default:
      return NO_EXTRAS;
  }
}
