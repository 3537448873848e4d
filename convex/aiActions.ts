// The demo's LLM actions, run as LLM steps (step.llm) through the
// component's dispatcher: capped, rate limited, retried on provider
// errors, accounted.
import { llmAction } from "convex-agent-workflows/llm";
import { v } from "convex/values";
import { z } from "zod";
import { flows } from "./flows.js";
import { classifierModel, writerModel } from "./models.js";

export const classifyTicket = llmAction(flows, {
  args: { subject: v.string(), body: v.string() },
  model: () => classifierModel(),
  system:
    "You triage customer support tickets. Categories: billing, outage, account, general. " +
    "Priority is urgent when the customer cannot work or says so, else normal.",
  prompt: ({ subject, body }) => `Subject: ${subject}\nBody: ${body}`,
  output: z.object({
    category: z.enum(["billing", "outage", "account", "general"]),
    priority: z.enum(["normal", "urgent"]),
  }),
});

export const writeReply = llmAction(flows, {
  args: { customer: v.string(), points: v.array(v.string()) },
  model: () => writerModel(),
  system:
    "You write short, warm replies to support tickets, as a list of the given points " +
    "between a greeting and a sign-off from the Support team.",
  prompt: ({ customer, points }) =>
    `Customer: ${customer}\nPoints:\n${points.map((p) => `- ${p}`).join("\n")}`,
  stream: true,
  maxOutputTokens: 600,
});
