// A one-shot LLM call outside any workflow: started from a mutation,
// queued with the dispatcher like an LLM step (same caps, keys and rate
// limits), read with `getCall`.
import { v } from "convex/values";
import { checkFlow, vLlmFlow } from "../../shared/llmFlow.js";
import {
  DEFAULT_LLM_RETRY,
  vLlmRetry,
  vModelPrice,
} from "../../shared/llmValidators.js";
import { checkLlmOptions, checkOwner } from "../../shared/validate.js";
import { mutation } from "../_generated/server.js";
import { newCall } from "./newCall.js";

export const start = mutation({
  args: {
    name: v.string(),
    fnHandle: v.string(),
    fnArgs: v.any(),
    retry: v.optional(vLlmRetry),
    maxParallelism: v.optional(v.number()),
    prices: v.optional(v.record(v.string(), vModelPrice)),
    passCallContext: v.boolean(),
    owner: v.optional(v.string()),
    flow: v.optional(vLlmFlow),
  },
  returns: v.string(),
  handler: async (ctx, args): Promise<string> => {
    checkLlmOptions(args);
    checkOwner(args.owner);
    checkFlow(args.flow);
    return await newCall(ctx, {
      name: args.name,
      fnHandle: args.fnHandle,
      fnArgs: args.fnArgs,
      retry: args.retry ?? DEFAULT_LLM_RETRY,
      maxParallelism: args.maxParallelism,
      prices: args.prices,
      passCallContext: args.passCallContext,
      owner: args.owner,
      flow: args.flow,
    });
  },
});
