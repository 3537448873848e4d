// The LLM benchmark's side of the test app (test/bench/llm.bench-run.ts):
// its own AgentWorkflows with an LLM cap of BENCH_LLM_CAP, a model that
// wraps the scripted mock model with a per-call latency and records every
// call's begin and end in (fake) time, and a workflow of sequential LLM
// steps. Nothing here is used by the test suites.
import { MockLanguageModelV3 } from "ai/test";
import { v } from "convex/values";
import { z } from "zod";
import { AgentWorkflows } from "../../src/client/index.js";
import { llmAction } from "../../src/llm/index.js";
import { components, internal } from "./_generated/api.js";
import { mockLlm, mockModel } from "./mockModel.js";

/** The LLM dispatcher's global cap (`llm.maxParallelism`) for the benchmark's runs. */
export const BENCH_LLM_CAP = 4;

export const benchFlows = new AgentWorkflows(components.agentWorkflows, {
  llm: { maxParallelism: BENCH_LLM_CAP },
});

/** One model call: its number (from the prompt) and when it ran. */
export type BenchCall = {
  index: number;
  latencyMs: number;
  begin: number;
  end: number;
};

/** Shared with the bench (convex-test runs functions in this process). */
export const benchLlm = {
  /** Latency of call number i (the bench fills it; 0 when missing). */
  latencies: [] as number[],
  /** Model calls in flight now. */
  inFlight: 0,
  /** (Date.now(), calls in flight just after) at each begin and end. */
  timeline: [] as { t: number; inFlight: number }[],
  /** Finished calls, in the order they ended. */
  calls: [] as BenchCall[],
  reset(latencies: number[]) {
    this.latencies = latencies;
    this.inFlight = 0;
    this.timeline = [];
    this.calls = [];
  },
};

const PROMPT = /bench-call-(\d+)/;

const benchModel = new MockLanguageModelV3({
  provider: "mock",
  modelId: "mock-1",
  doGenerate: async (options) => {
    const match = PROMPT.exec(JSON.stringify(options.prompt));
    const index = match ? Number(match[1]) : -1;
    const latencyMs = benchLlm.latencies[index] ?? 0;
    const begin = Date.now();
    benchLlm.inFlight += 1;
    benchLlm.timeline.push({ t: begin, inFlight: benchLlm.inFlight });
    // mockModel reads its latency synchronously when the call begins.
    mockLlm.latencyMs = latencyMs;
    try {
      return await mockModel.doGenerate(options);
    } finally {
      const end = Date.now();
      benchLlm.inFlight -= 1;
      benchLlm.timeline.push({ t: end, inFlight: benchLlm.inFlight });
      benchLlm.calls.push({ index, latencyMs, begin, end });
    }
  },
});

export const complete = llmAction(benchFlows, {
  args: { prompt: v.string() },
  model: benchModel,
  prompt: ({ prompt }) => prompt,
});

/** `steps` sequential LLM steps; call numbers run * steps + i. */
export const llmSteps = benchFlows.define({
  name: "benchLlmSteps",
  input: z.object({
    run: z.number().int().min(0),
    steps: z.number().int().min(1),
  }),
  output: z.object({ calls: z.number() }),
  handler: async (step, { run, steps }): Promise<{ calls: number }> => {
    for (let i = 0; i < steps; i++) {
      await step.llm(internal.benchLlm.complete, {
        prompt: `bench-call-${run * steps + i}`,
      });
    }
    return { calls: steps };
  },
});
