// Workflows the tests and the benchmark run.
import { z } from "zod";
import { AgentWorkflows } from "../../src/client/index.js";
import { components, internal } from "./_generated/api.js";

export const flows: AgentWorkflows = new AgentWorkflows(
  components.agentWorkflows,
  {
    llm: {
      maxParallelism: 3,
      retry: { maxAttempts: 5, initialBackoffMs: 1000, base: 2 },
      prices: { "mock-1": { inputPerMillion: 2, outputPerMillion: 8 } },
    },
    // Callback URLs point at test/app/http.ts's routes.
    callbacks: {
      siteUrl: "https://test.convex.site",
      basePath: "/wf",
      notify: internal.callbacks.notify,
    },
  },
);

export const pipeline = flows.define({
  name: "pipeline",
  input: z.object({ words: z.array(z.string()).min(1), key: z.string() }),
  output: z.object({ text: z.string() }),
  handler: async (step, { words, key }): Promise<{ text: string }> => {
    const out: string[] = [];
    for (const [i, word] of words.entries()) {
      out.push(await step.runAction(internal.steps.shout, { word, key }));
      await step.progress({
        completed: i + 1,
        total: words.length,
        message: `word ${i + 1}`,
      });
    }
    await step.emit("pipeline.done", { count: out.length });
    return { text: out.join(" ") };
  },
});

export const flakyFlow = flows.define({
  name: "flaky",
  input: z.object({ key: z.string(), failTimes: z.number().int().min(0) }),
  output: z.object({ calls: z.number() }),
  retry: { maxAttempts: 4, initialBackoffMs: 100, base: 2 },
  handler: async (step, input): Promise<{ calls: number }> => {
    const calls = await step.runAction(internal.steps.flaky, input, {
      name: "callFlaky",
    });
    return { calls };
  },
});

export const gatedFlow = flows.define({
  name: "gated",
  input: z.object({ key: z.string() }),
  output: z.object({ first: z.string(), gate: z.string() }),
  handler: async (step, { key }): Promise<{ first: string; gate: string }> => {
    const first = await step.runAction(
      internal.steps.shout,
      { word: "first", key },
      { name: "first" },
    );
    const gate = await step.runAction(
      internal.steps.gated,
      { key },
      { name: "gate", retry: false },
    );
    return { first, gate };
  },
});

export const badOutput = flows.define({
  name: "badOutput",
  input: z.object({}),
  output: z.object({ n: z.number() }),
  handler: async (): Promise<{ n: number }> =>
    ({ n: "not a number" }) as unknown as { n: number },
});

export const sleeper = flows.define({
  name: "sleeper",
  input: z.object({ ms: z.number(), key: z.string() }),
  output: z.null(),
  handler: async (step, { ms, key }): Promise<null> => {
    await step.sleep(ms, { name: "nap" });
    await step.runMutation(internal.steps.increment, { key });
    return null;
  },
});

/** `steps` sequential action steps, for the benchmark. */
export const chain = flows.define({
  name: "chain",
  input: z.object({ steps: z.number().int().min(1), key: z.string() }),
  output: z.object({ done: z.number() }),
  handler: async (step, { steps, key }): Promise<{ done: number }> => {
    for (let i = 0; i < steps; i++) {
      await step.runAction(internal.steps.shout, { word: `w${i}`, key });
    }
    return { done: steps };
  },
});
