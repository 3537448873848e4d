import { formatCost, formatTokens } from "./format";
import type { RunUsage } from "./types";

/** A run's LLM spend: tokens and cost (a dash before its first call). */
export function UsageSummary({
  usage,
  detailed = false,
  includesChildren = false,
}: {
  usage: RunUsage | undefined;
  detailed?: boolean;
  /** The numbers add up the run's child runs too (getRun's usageTotal). */
  includesChildren?: boolean;
}) {
  if (!usage || usage.llmCalls === 0) {
    return (
      <span className="usage usage--none" data-testid="run-usage">
        —
      </span>
    );
  }
  const calls = `${usage.llmCalls} LLM call${usage.llmCalls === 1 ? "" : "s"}`;
  return (
    <span
      className="usage"
      data-testid="run-usage"
      data-cost-usd={usage.costUsd}
      data-includes-children={includesChildren ? "true" : undefined}
      title={`${formatTokens(usage.inputTokens)} in · ${formatTokens(usage.outputTokens)} out · ${calls}${includesChildren ? ", child runs included" : ""}`}
    >
      <span className="usage__tokens">
        {formatTokens(usage.totalTokens)} tok
      </span>
      <span className="usage__cost">{formatCost(usage.costUsd)}</span>
      {detailed && (
        <span className="usage__calls">
          {usage.llmCalls} call{usage.llmCalls === 1 ? "" : "s"}
        </span>
      )}
    </span>
  );
}
