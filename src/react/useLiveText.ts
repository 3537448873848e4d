import { useQuery_experimental } from "convex/react";
import type { FunctionReference } from "convex/server";
import { useEffect, useState } from "react";
import type { LiveText } from "../shared/llmValidators.js";
import { errorInfo, type ErrorInfo } from "./errors.js";

export type LiveTextQuery = FunctionReference<
  "query",
  "public",
  { runId?: string; callId?: string },
  LiveText | null
>;

export type UseLiveTextResult = {
  /** The text revealed so far: it grows smoothly toward `fullText`. */
  text: string;
  /** Everything the model has written so far. */
  fullText: string;
  /** The call finished (its text is final). */
  done: boolean;
  /** The call's name and status (queued, running, retrying, completed...). */
  call: Omit<LiveText, "text"> | null | undefined;
  isLoading: boolean;
  error: ErrorInfo | null;
};

const FRAME_MS = 30;
// Reveal the backlog within ~0.6 s, at least a couple of characters a frame.
const CATCH_UP_FRAMES = 20;

/**
 * The text an LLM step is writing, live. Chunks arrive a sentence at a
 * time; `text` reveals them smoothly, like typing.
 */
export function useLiveText(
  liveText: LiveTextQuery,
  runId: string | "skip" | null | undefined,
  options: { callId?: string; smooth?: boolean } = {},
): UseLiveTextResult {
  const skip = !runId || runId === "skip";
  const state = useQuery_experimental({
    query: liveText,
    args: skip
      ? "skip"
      : options.callId
        ? { runId, callId: options.callId }
        : { runId },
  });
  const data = state.status === "success" ? state.data : undefined;
  const fullText = data?.text ?? "";
  // Text already final when it first loads is shown at once, not replayed.
  const shown = useSmoothReveal(
    fullText,
    options.smooth !== false,
    data?.done ?? false,
  );
  return {
    text: shown,
    fullText,
    done: data?.done ?? false,
    call: data ? withoutText(data) : data,
    isLoading: !skip && state.status === "pending",
    error: state.status === "error" ? errorInfo(state.error) : null,
  };
}

function withoutText({ text: _text, ...call }: LiveText) {
  return call;
}

type Reveal = {
  /** The part of the text revealed so far: a prefix of it. */
  shown: string;
  /** The text was seen while still being written: revealed smoothly. */
  sawStreaming: boolean;
};

function useSmoothReveal(full: string, smooth: boolean, done: boolean): string {
  const [reveal, setReveal] = useState<Reveal>(() => ({
    shown: full,
    sawStreaming: full.length > 0 && !done,
  }));
  let next = reveal;
  // A new text (another call, a retry, another run) that does not continue
  // the one shown restarts: revealed from its start, or shown at once when
  // it is already final.
  if (!full.startsWith(next.shown)) next = { shown: "", sawStreaming: false };
  if (full.length > 0 && !done && !next.sawStreaming) {
    next = { ...next, sawStreaming: true };
  }
  if (done && !next.sawStreaming && next.shown.length < full.length) {
    // Jump straight to the final text.
    next = { ...next, shown: full };
  }
  // Render-time update: React re-renders at once with the new state.
  if (next !== reveal) setReveal(next);
  const shownLength = next.shown.length;
  useEffect(() => {
    if (!smooth || shownLength >= full.length) return;
    const timer = setInterval(() => {
      setReveal((current) => {
        const length = current.shown.length;
        // Already all of it, or a tick for a text since replaced.
        if (length >= full.length || !full.startsWith(current.shown)) {
          return current;
        }
        const step = Math.max(
          2,
          Math.ceil((full.length - length) / CATCH_UP_FRAMES),
        );
        return { ...current, shown: full.slice(0, length + step) };
      });
    }, FRAME_MS);
    return () => clearInterval(timer);
  }, [smooth, shownLength, full]);
  return smooth ? next.shown : full;
}
