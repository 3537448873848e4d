// Workflows that wait for people: approvals, quorums, timeouts, escalation
// and plain signals (see test/signals-*.test.ts).
import { z } from "zod";
import { defineSignal, SignalTimeoutError } from "../../src/client/index.js";
import { internal } from "./_generated/api.js";
import { flows } from "./workflows.js";

/** An approval: yes or no, optionally with the draft as the approver edited it. */
export const approval = defineSignal({
  name: "approval",
  value: z.object({
    approved: z.boolean(),
    draft: z.string().min(1).max(280).optional(),
    note: z.string().optional(),
  }),
});
export type Approval = z.output<typeof approval.value>;

/** A plain signal (no approvers): whoever sends it first answers the wait. */
export const ping = defineSignal({
  name: "ping",
  value: z.object({ n: z.number().int() }),
});

/** A vote whose own `approves` decides what counts as a rejection. */
export const vote = defineSignal({
  name: "vote",
  value: z.object({ choice: z.enum(["yes", "no"]) }),
  approves: (value) => value.choice === "yes",
});

export const HOUR = 60 * 60 * 1000;

const vReviewOutput = z.object({
  approved: z.boolean(),
  text: z.string(),
  note: z.string().nullable(),
});
type ReviewOutput = z.output<typeof vReviewOutput>;

/**
 * Ask for approval of a draft, then count the decision under `key` (so a
 * test sees the step after the wait run exactly once). On timeout:
 * "throw" lets SignalTimeoutError fail the run, "catch" catches it in the
 * handler and returns a fallback, "onTimeout" uses waitForSignal's own
 * fallback. `holdMs` keeps the run alive a while after the decision.
 */
export const review = flows.define({
  name: "review",
  input: z.object({
    draft: z.string(),
    key: z.string(),
    assignees: z.array(z.string()).optional(),
    quorum: z.number().int().optional(),
    timeoutMs: z.number().optional(),
    onTimeout: z.enum(["throw", "catch", "onTimeout"]).default("throw"),
    holdMs: z.number().optional(),
  }),
  output: vReviewOutput,
  handler: async (step, input): Promise<ReviewOutput> => {
    const options = {
      title: `Publish "${input.draft}"?`,
      details: { draft: input.draft },
      assignees: input.assignees,
      quorum: input.quorum,
      timeoutMs: input.timeoutMs,
    };
    let decision: Approval;
    if (input.onTimeout === "onTimeout") {
      decision = await step.waitForSignal(approval, {
        ...options,
        onTimeout: () => ({ approved: false, note: "onTimeout fallback" }),
      });
    } else if (input.onTimeout === "catch") {
      try {
        decision = await step.waitForSignal(approval, options);
      } catch (error) {
        if (!(error instanceof SignalTimeoutError)) throw error;
        decision = {
          approved: false,
          note: `caught ${error.name} ${error.code} ${error.signal} ${error.timeoutMs}`,
        };
      }
    } else {
      decision = await step.waitForSignal(approval, options);
    }
    await step.runMutation(
      internal.steps.increment,
      { key: input.key },
      { name: "afterDecision" },
    );
    if (input.holdMs !== undefined) {
      await step.sleep(input.holdMs, { name: "hold" });
    }
    return {
      approved: decision.approved,
      text: decision.draft ?? input.draft,
      note: decision.note ?? null,
    };
  },
});

/** Sleep, then wait for a plain `ping`: a ping sent during the sleep is kept for the wait. */
export const pingAfterSleep = flows.define({
  name: "pingAfterSleep",
  input: z.object({ sleepMs: z.number() }),
  output: z.object({ n: z.number() }),
  handler: async (step, { sleepMs }): Promise<{ n: number }> => {
    await step.sleep(sleepMs, { name: "before" });
    return await step.waitForSignal(ping);
  },
});

/** Sleep, then wait for a plain `approval` (no assignees): a buffered answer takes it. */
export const approvalAfterSleep = flows.define({
  name: "approvalAfterSleep",
  input: z.object({ sleepMs: z.number() }),
  output: z.object({ approved: z.boolean() }),
  handler: async (step, { sleepMs }): Promise<{ approved: boolean }> => {
    await step.sleep(sleepMs, { name: "before" });
    const { approved } = await step.waitForSignal(approval);
    return { approved };
  },
});

/** Two of three must vote yes; one "no" ends it. */
export const committee = flows.define({
  name: "committee",
  input: z.object({ members: z.array(z.string()), quorum: z.number().int() }),
  output: z.object({ choice: z.enum(["yes", "no"]) }),
  handler: async (
    step,
    { members, quorum },
  ): Promise<{ choice: "yes" | "no" }> =>
    await step.waitForSignal(vote, {
      title: "Ship it?",
      assignees: members,
      quorum,
    }),
});

const vEscalationOutput = z.object({
  status: z.enum(["approved", "rejected"]),
  reason: z.enum(["decided", "expired"]),
  stage: z.enum(["assignee", "manager"]),
  text: z.string(),
});
type EscalationOutput = z.output<typeof vEscalationOutput>;

/**
 * Escalation as plain code: wait 24 h for the assignee; on timeout wait 4 h
 * for their manager; if nobody answers, reject.
 */
export const escalation = flows.define({
  name: "escalation",
  input: z.object({
    assignee: z.string(),
    manager: z.string(),
    draft: z.string(),
  }),
  output: vEscalationOutput,
  handler: async (
    step,
    { assignee, manager, draft },
  ): Promise<EscalationOutput> => {
    const decided = (
      decision: Approval,
      stage: "assignee" | "manager",
    ): EscalationOutput => ({
      status: decision.approved ? "approved" : "rejected",
      reason: "decided",
      stage,
      text: decision.draft ?? draft,
    });
    try {
      const decision = await step.waitForSignal(approval, {
        title: "Approve the reply",
        details: { draft },
        assignees: [assignee],
        timeoutMs: 24 * HOUR,
      });
      return decided(decision, "assignee");
    } catch (error) {
      if (!(error instanceof SignalTimeoutError)) throw error;
    }
    try {
      const decision = await step.waitForSignal(approval, {
        title: "Escalated: approve the reply",
        details: { draft, escalatedFrom: assignee },
        assignees: [manager],
        timeoutMs: 4 * HOUR,
      });
      return decided(decision, "manager");
    } catch (error) {
      if (!(error instanceof SignalTimeoutError)) throw error;
      return {
        status: "rejected",
        reason: "expired",
        stage: "manager",
        text: draft,
      };
    }
  },
});
