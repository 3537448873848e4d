import { formatCost, formatTokens } from "./format";
import type { RunUsage } from "./types";

/** A run's LLM spend: tokens and cost (a dash before its first call). */
export function UsageSummary({
  usage,
  detailed = false,
}: {
  usage: RunUsage | undefined;
  detailed?: boolean;
}) {
  if (!usage || usage.llmCalls === 0) {
    return (
      <span className="usage usage--none" data-testid="run-usage">
        —
      </span>
    );
  }
  return (
    <span
      className="usage"
      data-testid="run-usage"
      title={`${formatTokens(usage.inputTokens)} in · ${formatTokens(usage.outputTokens)} out · ${usage.llmCalls} LLM call${usage.llmCalls === 1 ? "" : "s"}`}
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
