// Waits answered through callback URLs (test/callbacks.test.ts): the notify
// mutations that receive the URL, and a review that waits with one.
import { z } from "zod";
import { vCallbackNotice, type WaitCallback } from "../../src/client/index.js";
import { internal } from "./_generated/api.js";
import { internalMutation } from "./_generated/server.js";
import { approval, vote } from "./approvals.js";
import { flows } from "./workflows.js";

/** Keeps each URL where a test (standing in for Slack or email) finds it. */
export const notify = internalMutation({
  args: vCallbackNotice,
  handler: async (ctx, notice) => {
    await ctx.db.insert("callbackLinks", {
      runId: notice.runId,
      requestId: notice.requestId,
      url: notice.callbackUrl,
    });
  },
});

/** A notify that fails (say, the chat service is down): its write rolls back. */
export const failingNotify = internalMutation({
  args: vCallbackNotice,
  handler: async (ctx, notice) => {
    await ctx.db.insert("callbackLinks", {
      runId: notice.runId,
      requestId: notice.requestId,
      url: notice.callbackUrl,
    });
    throw new Error("chat service unavailable");
  },
});

/**
 * Wait for an approval (or a vote) with a callback URL: the instance's
 * default notify (`callback: true`), a custom one recorded as "slack", or
 * one that fails.
 */
export const linkedReview = flows.define({
  name: "linkedReview",
  input: z.object({
    draft: z.string(),
    notify: z.enum(["default", "slack", "failing"]).default("default"),
    signal: z.enum(["approval", "vote"]).default("approval"),
    assignees: z.array(z.string()).optional(),
    quorum: z.number().int().optional(),
    timeoutMs: z.number().optional(),
  }),
  output: z.object({ approved: z.boolean(), text: z.string() }),
  handler: async (
    step,
    input,
  ): Promise<{ approved: boolean; text: string }> => {
    const callback: WaitCallback =
      input.notify === "default"
        ? true
        : input.notify === "slack"
          ? { notify: internal.callbacks.notify, by: "slack" }
          : { notify: internal.callbacks.failingNotify };
    const options = {
      title: `Publish "${input.draft}"?`,
      assignees: input.assignees,
      quorum: input.quorum,
      timeoutMs: input.timeoutMs,
      callback,
    };
    if (input.signal === "vote") {
      const { choice } = await step.waitForSignal(vote, options);
      return { approved: choice === "yes", text: input.draft };
    }
    const decision = await step.waitForSignal(approval, options);
    return {
      approved: decision.approved,
      text: decision.draft ?? input.draft,
    };
  },
});
