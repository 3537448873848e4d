// The decisions this tab sent on approval requests, kept above the cards.
// A card goes away as soon as its request stops being pending, often
// before the answer to its own decision comes back: an agent who lost a
// race to decide would never see why. App mounts one store per signed-in
// user, so nothing one user was told shows to the next.
import { errorInfo, type ErrorInfo } from "convex-agent-workflows/react";
import { useConvex } from "convex/react";
import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import { fns } from "./functions";
import type { ReplyDecision, SignalRequest } from "./types";

/** A decision this tab sent, and what became of it. */
export type SentDecision = {
  request: SignalRequest;
  value: ReplyDecision;
  state: "sending" | "sent" | "refused";
  /** Why the backend refused it (state "refused"). */
  error?: ErrorInfo;
};

type DecisionStore = {
  /** By request id, in the order sent. */
  sent: ReadonlyMap<string, SentDecision>;
  /** Send a decision; resolves true once recorded, false when refused. */
  decide: (request: SignalRequest, value: ReplyDecision) => Promise<boolean>;
  /** Forget what happened to a request's decision (the card starts over). */
  dismiss: (requestId: string) => void;
};

const DecisionStoreContext = createContext<DecisionStore | null>(null);

/** Holds the signed-in user's sent decisions; key it by the user. */
export function DecisionStoreProvider({ children }: { children: ReactNode }) {
  const convex = useConvex();
  const [sent, setSent] = useState<ReadonlyMap<string, SentDecision>>(
    new Map(),
  );
  const put = useCallback((entry: SentDecision) => {
    setSent((current) => new Map(current).set(entry.request.requestId, entry));
  }, []);
  const decide = useCallback(
    async (request: SignalRequest, value: ReplyDecision) => {
      put({ request, value, state: "sending" });
      try {
        await convex.mutation(fns.sendSignal, {
          runId: request.runId,
          requestId: request.requestId,
          signal: request.signal,
          value,
        });
        put({ request, value, state: "sent" });
        return true;
      } catch (error) {
        put({ request, value, state: "refused", error: errorInfo(error) });
        return false;
      }
    },
    [convex, put],
  );
  const dismiss = useCallback((requestId: string) => {
    setSent((current) => {
      if (!current.has(requestId)) return current;
      const next = new Map(current);
      next.delete(requestId);
      return next;
    });
  }, []);
  const store = useMemo(
    () => ({ sent, decide, dismiss }),
    [sent, decide, dismiss],
  );
  return (
    <DecisionStoreContext.Provider value={store}>
      {children}
    </DecisionStoreContext.Provider>
  );
}

export function useDecisionStore(): DecisionStore {
  const store = useContext(DecisionStoreContext);
  if (!store) throw new Error("useDecisionStore needs a DecisionStoreProvider");
  return store;
}

/**
 * Refused decisions on requests no longer shown as pending (`pending`: the
 * request ids still listed), optionally of one run only.
 */
export function useRefusedElsewhere(
  pending: ReadonlySet<string>,
  runId?: string,
): SentDecision[] {
  const { sent } = useDecisionStore();
  return [...sent.values()].filter(
    (entry) =>
      entry.state === "refused" &&
      !pending.has(entry.request.requestId) &&
      (runId === undefined || entry.request.runId === runId),
  );
}
