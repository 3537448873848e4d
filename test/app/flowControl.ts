// LLM flow control in the tests (test/llm-flow-*.test.ts): an instance with
// caps per key and rate limits, and workflows that queue calls with a key,
// a priority or a rate limit.
import { z } from "zod";
import { AgentWorkflows } from "../../src/client/index.js";
import { components, internal } from "./_generated/api.js";

/** The global cap of these tests' calls. */
export const FLOW_CAP = 4;

export const flowFlows = new AgentWorkflows(components.agentWorkflows, {
  name: "flow",
  llm: {
    maxParallelism: FLOW_CAP,
    // "small:*" keys run 2 at once, "mid:*" 3; any other key only the global cap.
    keys: (key) =>
      key.startsWith("small:")
        ? { maxParallelism: 2 }
        : key.startsWith("mid:")
          ? { maxParallelism: 3 }
          : key.startsWith("one:")
            ? { maxParallelism: 1 }
            : undefined,
    rateLimits: {
      // 6 a minute: one every 10 s.
      slow: { requestsPerMinute: 6 },
      tokens: { tokensPerMinute: 1_000 },
    },
    retry: { maxAttempts: 3, initialBackoffMs: 1000, base: 2 },
  },
});

/**
 * `calls` LLM steps at once, under the key `tenant` (the workflow's
 * default key, from its input), each with the step's priority.
 */
export const tenantCalls = flowFlows.define({
  name: "tenantCalls",
  input: z.object({
    tenant: z.string(),
    calls: z.number().int().min(1),
    priority: z
      .union([z.enum(["high", "normal", "low"]), z.number()])
      .optional(),
    label: z.string().optional(),
  }),
  output: z.object({ texts: z.array(z.string()) }),
  llm: { key: ({ tenant }) => tenant },
  handler: async (
    step,
    { tenant, calls, priority, label },
  ): Promise<{ texts: string[] }> => {
    const texts: { text: string }[] = await Promise.all(
      Array.from({ length: calls }, (_, i) =>
        step.llm(
          internal.llmActions.complete,
          { prompt: `${label ?? tenant}#${i}` },
          { name: `call${i}`, priority },
        ),
      ),
    );
    return { texts: texts.map((t) => t.text) };
  },
});

/** One LLM step under a rate limit, with a token estimate. */
export const limitedCall = flowFlows.define({
  name: "limitedCall",
  input: z.object({
    prompt: z.string(),
    rateLimit: z.string(),
    estimatedTokens: z.number().int().optional(),
  }),
  output: z.object({ text: z.string() }),
  handler: async (
    step,
    { prompt, rateLimit, estimatedTokens },
  ): Promise<{ text: string }> => {
    const { text }: { text: string } = await step.llm(
      internal.llmActions.complete,
      { prompt },
      { rateLimit, estimatedTokens },
    );
    return { text };
  },
});

/** A step whose flow options come from the input, unchecked (for bad input). */
export const anyOptions = flowFlows.define({
  name: "anyOptions",
  input: z.object({ options: z.any() }),
  output: z.object({ text: z.string() }),
  handler: async (step, { options }): Promise<{ text: string }> => {
    const { text }: { text: string } = await step.llm(
      internal.llmActions.complete,
      { prompt: "x" },
      options,
    );
    return { text };
  },
});

/**
 * Two LLM steps at once under the workflow's defaults (key "one:wf",
 * priority high): the first keeps them, the second asks for low itself.
 */
export const withDefaults = flowFlows.define({
  name: "withDefaults",
  input: z.object({}),
  output: z.object({ texts: z.array(z.string()) }),
  llm: { key: "one:wf", priority: "high" },
  handler: async (step): Promise<{ texts: string[] }> => {
    const answers: { text: string }[] = await Promise.all([
      step.llm(internal.llmActions.complete, { prompt: "wf-default" }),
      step.llm(
        internal.llmActions.complete,
        { prompt: "wf-low" },
        { priority: "low" },
      ),
    ]);
    return { texts: answers.map((a) => a.text) };
  },
});
