// Which model the demo's LLM actions use: OpenAI when OPENAI_API_KEY is
// set (OPENAI_MODEL picks the model, default gpt-4o-mini), otherwise the
// deterministic OFFLINE MODEL (convex/offlineModel.ts), named as such in
// every run's accounting ("offline/offline-rules-v1"). OFFLINE_MODEL_LATENCY_MS
// makes the offline model take that long to start answering, as a real
// one does, to watch calls queue behind the caps.
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import { env } from "./_generated/server.js";
import { offlineModel } from "./offlineModel.js";
import { classifyTicket, draftReplyText } from "./supportText.js";

export const OFFLINE_MODEL_ID = "offline-rules-v1";

function openAiModel(): LanguageModel | undefined {
  const apiKey = env.OPENAI_API_KEY;
  if (!apiKey) return undefined;
  return createOpenAI({ apiKey })(env.OPENAI_MODEL ?? "gpt-4o-mini");
}

/** OFFLINE_MODEL_LATENCY_MS in ms (read at every look: it may change). */
function offlineLatency(): number {
  const ms = Number(env.OFFLINE_MODEL_LATENCY_MS ?? 0);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

const offlineClassifier = offlineModel(
  OFFLINE_MODEL_ID,
  (prompt) => {
    const subject = /^Subject: (.*)$/m.exec(prompt)?.[1] ?? "";
    const body = /^Body: ([\s\S]*)$/m.exec(prompt)?.[1] ?? prompt;
    return JSON.stringify(classifyTicket(subject, body));
  },
  offlineLatency,
);

const offlineWriter = offlineModel(
  OFFLINE_MODEL_ID,
  (prompt) => {
    const customer = /^Customer: (.*)$/m.exec(prompt)?.[1] ?? "there";
    const points = [...prompt.matchAll(/^- (.*)$/gm)].map((m) => m[1]!);
    return draftReplyText(customer, points);
  },
  offlineLatency,
);

export function classifierModel(): LanguageModel {
  return openAiModel() ?? offlineClassifier;
}

export function writerModel(): LanguageModel {
  return openAiModel() ?? offlineWriter;
}
