// The LLM flow-control benchmarks' side of the test app
// (test/bench/llm-flow.bench-run.ts): an instance whose tenants are
// concurrency keys, one with a provider rate limit, and an LLM action on a
// mock model with a fixed latency that records each call's key, begin and
// end in (fake) time. Nothing here is used by the test suites.
import { MockLanguageModelV3 } from "ai/test";
import { v } from "convex/values";
import { AgentWorkflows } from "../../src/client/index.js";
import { llmAction } from "../../src/llm/index.js";
import { components } from "./_generated/api.js";
import { mockLlm, mockModel } from "./mockModel.js";

/** The global cap of the fairness bench; every key's cap is the same. */
export const FAIR_CAP = 4;

/** Tenants as keys: each may use every slot, none more. */
export const fairFlows = new AgentWorkflows(components.agentWorkflows, {
  name: "benchFair",
  llm: {
    maxParallelism: FAIR_CAP,
    keys: { default: { maxParallelism: FAIR_CAP } },
  },
});

/** The rate-limit bench's cap: high enough never to bind. */
export const RATE_CAP = 16;
export const RATE_RPM = 60;

export const rateFlows = new AgentWorkflows(components.agentWorkflows, {
  name: "benchRate",
  llm: {
    maxParallelism: RATE_CAP,
    rateLimits: { bench: { requestsPerMinute: RATE_RPM } },
  },
});

/** A model call's begin or end, in the order they happened. */
export type FlowEvent = {
  kind: "begin" | "end";
  t: number;
  key: string;
  call: number;
};

/** Shared with the bench (convex-test runs functions in this process). */
export const benchFlow = {
  /** Every call's latency. */
  latencyMs: 0,
  events: [] as FlowEvent[],
  reset(latencyMs: number) {
    this.latencyMs = latencyMs;
    this.events = [];
  },
};

const PROMPT = /flow-call:([^:]*):(\d+)/;

/** The prompt of call number `call` of `key`. */
export const flowPrompt = (key: string, call: number) =>
  `flow-call:${key}:${call}`;

const flowModel = new MockLanguageModelV3({
  provider: "mock",
  modelId: "mock-1",
  doGenerate: async (options) => {
    const match = PROMPT.exec(JSON.stringify(options.prompt));
    const key = match?.[1] ?? "?";
    const call = match ? Number(match[2]) : -1;
    benchFlow.events.push({ kind: "begin", t: Date.now(), key, call });
    // mockModel reads its latency synchronously when the call begins.
    mockLlm.latencyMs = benchFlow.latencyMs;
    try {
      return await mockModel.doGenerate(options);
    } finally {
      benchFlow.events.push({ kind: "end", t: Date.now(), key, call });
    }
  },
});

export const complete = llmAction(
  { component: components.agentWorkflows },
  {
    args: { prompt: v.string() },
    model: flowModel,
    prompt: ({ prompt }) => prompt,
  },
);
