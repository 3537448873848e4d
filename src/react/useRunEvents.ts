import { useQueries } from "convex/react";
import {
  getFunctionName,
  makeFunctionReference,
  type FunctionReference,
} from "convex/server";
import { useMemo, useState } from "react";
import type { EventPage, RunEvent } from "../shared/validators.js";
import { errorInfo, type ErrorInfo } from "./errors.js";

export type ListEventsQuery = FunctionReference<
  "query",
  "public",
  { runId: string; after?: number; limit?: number },
  EventPage
>;

export type UseRunEventsResult = {
  events: RunEvent[];
  isLoading: boolean;
  error: ErrorInfo | null;
};

const PAGE = 100;
// One array for "just the first page", so the requests stay equal between
// renders (a new array each render would resubscribe forever).
const FIRST_PAGE: number[] = [0];

/**
 * A run's event log, live. Reads a page after each cursor and subscribes
 * to the next one once a page is full, so every event arrives, in order.
 */
export function useRunEvents(
  listEvents: ListEventsQuery,
  runId: string | "skip" | null | undefined,
): UseRunEventsResult {
  const skip = !runId || runId === "skip";
  // Cursors of the pages subscribed to; grows as pages fill up.
  const [cursors, setCursors] = useState<{ runId: string; after: number[] }>({
    runId: "",
    after: [0],
  });
  const after = cursors.runId === runId ? cursors.after : FIRST_PAGE;
  // `api.x.y` is a new object on each access: key the requests by name,
  // with a reference made from that name (queries are resolved by name).
  const queryName = getFunctionName(listEvents);
  const requests = useMemo(
    () =>
      skip
        ? {}
        : Object.fromEntries(
            after.map((cursor) => [
              String(cursor),
              {
                query: makeFunctionReference<"query">(queryName),
                args: { runId, after: cursor, limit: PAGE },
              },
            ]),
          ),
    [skip, runId, queryName, after],
  );
  const results = useQueries(requests);
  const events: RunEvent[] = [];
  let error: ErrorInfo | null = null;
  let isLoading = false;
  for (const cursor of after) {
    const page = results[String(cursor)] as EventPage | Error | undefined;
    if (page === undefined) {
      isLoading = !skip;
      break;
    }
    if (page instanceof Error) {
      error = errorInfo(page);
      break;
    }
    events.push(...page.events);
    const last = cursor === after[after.length - 1];
    if (last && !page.isDone && page.cursor !== cursor) {
      // Render-time state update for the next page: React re-renders once.
      setCursors({ runId: runId as string, after: [...after, page.cursor] });
    }
  }
  return { events, isLoading, error };
}
