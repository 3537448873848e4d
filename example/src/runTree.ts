import type { RunListItem } from "./types";

export type RunRowItem = {
  run: RunListItem;
  /** 0 for a top-level run, 1 for a child listed under its parent. */
  depth: number;
  /** A child whose parent is not on this page. */
  orphan: boolean;
};

/**
 * Runs newest first, each child run moved under its parent (oldest child
 * first) when the parent is in the list; other children keep their place.
 */
export function nestRuns(runs: RunListItem[]): RunRowItem[] {
  const ids = new Set(runs.map((run) => run.runId));
  const children = new Map<string, RunListItem[]>();
  for (const run of runs) {
    if (run.parentRunId && ids.has(run.parentRunId)) {
      const list = children.get(run.parentRunId) ?? [];
      list.push(run);
      children.set(run.parentRunId, list);
    }
  }
  const rows: RunRowItem[] = [];
  const visit = (run: RunListItem, depth: number) => {
    rows.push({
      run,
      depth,
      orphan: !!run.parentRunId && !ids.has(run.parentRunId),
    });
    const kids = (children.get(run.runId) ?? []).sort(
      (a, b) => a.startedAt - b.startedAt,
    );
    for (const kid of kids) visit(kid, Math.min(depth + 1, 3));
  };
  for (const run of runs) {
    if (!(run.parentRunId && ids.has(run.parentRunId))) visit(run, 0);
  }
  return rows;
}
