import { useQuery_experimental } from "convex/react";
import type { FunctionReference } from "convex/server";
import { useEffect, useRef, useState } from "react";
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
  const call = data ? { ...data, text: undefined } : data;
  if (call) delete (call as { text?: string }).text;
  return {
    text: shown,
    fullText,
    done: data?.done ?? false,
    call: call as UseLiveTextResult["call"],
    isLoading: !skip && state.status === "pending",
    error: state.status === "error" ? errorInfo(state.error) : null,
  };
}

function useSmoothReveal(full: string, smooth: boolean, done: boolean): string {
  const [length, setLength] = useState(full.length);
  const sawStreaming = useRef(false);
  const target = useRef(full);
  // A new text (another call, a retry, another run) that does not continue
  // the one shown restarts: revealed from its start, or shown at once when
  // it is already final.
  let shownLength = length;
  if (!full.startsWith(target.current.slice(0, length))) {
    shownLength = 0;
    sawStreaming.current = false;
    // Render-time update: React re-renders at once with the new length.
    setLength(0);
  }
  target.current = full;
  if (full.length > 0 && !done) sawStreaming.current = true;
  if (done && !sawStreaming.current && shownLength < full.length) {
    // Render-time update: jump straight to the final text.
    shownLength = full.length;
    setLength(full.length);
  }
  useEffect(() => {
    if (!smooth || shownLength >= full.length) return;
    const timer = setInterval(() => {
      setLength((current) => {
        const goal = target.current.length;
        if (current >= goal) return current;
        const step = Math.max(2, Math.ceil((goal - current) / CATCH_UP_FRAMES));
        return Math.min(goal, current + step);
      });
    }, FRAME_MS);
    return () => clearInterval(timer);
  }, [smooth, shownLength, full.length]);
  return smooth ? full.slice(0, Math.min(shownLength, full.length)) : full;
}
