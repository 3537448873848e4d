// Token and cost accounting: a call's usage and price, added to its run.
import type {
  PriceTable,
  RunUsage,
  Usage,
} from "../../shared/llmValidators.js";

/** USD for `usage` at the model's price, or undefined if it has none. */
export function costOf(
  prices: PriceTable | undefined,
  model: string | undefined,
  usage: Usage | undefined,
): number | undefined {
  if (!usage || !model) return undefined;
  const price = prices?.[model];
  if (!price) return undefined;
  return (
    (usage.inputTokens * price.inputPerMillion +
      usage.outputTokens * price.outputPerMillion) /
    1_000_000
  );
}

export function addUsage(
  total: RunUsage | undefined,
  usage: Usage | undefined,
  costUsd: number | undefined,
): RunUsage {
  const base = total ?? {
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    costUsd: 0,
    llmCalls: 0,
  };
  return {
    inputTokens: base.inputTokens + (usage?.inputTokens ?? 0),
    outputTokens: base.outputTokens + (usage?.outputTokens ?? 0),
    totalTokens: base.totalTokens + (usage?.totalTokens ?? 0),
    costUsd: base.costUsd + (costUsd ?? 0),
    llmCalls: base.llmCalls + 1,
  };
}

/** Sum two usages (an agent call reports one per model step). */
export function sumUsage(a: Usage | undefined, b: Usage): Usage {
  return {
    inputTokens: (a?.inputTokens ?? 0) + b.inputTokens,
    outputTokens: (a?.outputTokens ?? 0) + b.outputTokens,
    totalTokens: (a?.totalTokens ?? 0) + b.totalTokens,
  };
}

/** The accounting fields of an LLM action's result, if it has them. */
export function readAccounting(value: unknown): {
  model?: string;
  provider?: string;
  usage?: Usage;
} {
  if (typeof value !== "object" || value === null) return {};
  const { model, provider, usage } = value as Record<string, unknown>;
  const isUsage =
    typeof usage === "object" &&
    usage !== null &&
    typeof (usage as Usage).inputTokens === "number" &&
    typeof (usage as Usage).outputTokens === "number";
  return {
    model: typeof model === "string" ? model : undefined,
    provider: typeof provider === "string" ? provider : undefined,
    usage: isUsage
      ? {
          inputTokens: (usage as Usage).inputTokens,
          outputTokens: (usage as Usage).outputTokens,
          totalTokens:
            typeof (usage as Usage).totalTokens === "number"
              ? (usage as Usage).totalTokens
              : (usage as Usage).inputTokens + (usage as Usage).outputTokens,
        }
      : undefined,
  };
}
