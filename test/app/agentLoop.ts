// A long agent loop (test/continueAsNew.test.ts): each turn the model picks a
// tool (an LLM step with structured output) and the workflow runs it (a
// mutation step). Every `every` turns the run continues as new with its
// state (the running total, the turn count, the last few tool calls), so
// each segment's journal stays short however many turns the loop takes.
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { flows } from "./workflows.js";

const vToolCall = z.object({ tool: z.string(), amount: z.number() });

export const agentLoop = flows.define({
  name: "agentLoop",
  input: z.object({
    goal: z.string(),
    turns: z.number().int().min(1),
    every: z.number().int().min(1),
    key: z.string(),
    // The state carried from segment to segment.
    turn: z.number().int().default(0),
    total: z.number().default(0),
    recent: z.array(vToolCall).max(5).default([]),
  }),
  output: z.object({
    total: z.number(),
    turns: z.number(),
    segment: z.number(),
    recent: z.array(vToolCall),
  }),
  handler: async (
    step,
    state,
  ): Promise<{
    total: number;
    turns: number;
    segment: number;
    recent: { tool: string; amount: number }[];
  }> => {
    let { turn, total, recent } = state;
    const segmentEnd = Math.min(state.turns, turn + state.every);
    while (turn < segmentEnd) {
      const { object: call } = await step.llm(internal.llmActions.agentTurn, {
        goal: state.goal,
        total,
        turn,
      });
      // The tool runs as a step of its own (journaled, exactly once).
      total = await step.runMutation(internal.steps.applyTool, {
        key: state.key,
        tool: call.tool,
        amount: call.amount,
      });
      recent = [...recent, { tool: call.tool, amount: call.amount }].slice(-5);
      turn += 1;
    }
    if (turn < state.turns) {
      return step.continueAsNew({ ...state, turn, total, recent });
    }
    return { total, turns: turn, segment: step.segment, recent };
  },
});
