// @vitest-environment jsdom
// useLiveText on the demo's draftReply child run, whose "Write reply" LLM
// step streams its text (the offline model writes a word every 15 ms).
import { waitFor } from "@testing-library/react";
import { expect, test } from "vitest";
import { api } from "../../convex/_generated/api.js";
import { useLiveText, useRun, useRunSteps } from "../../src/react/index.js";
import {
  fns,
  renderRecorded,
  offlineHarness,
  TEST_TIMEOUT,
  TICKET,
  USER,
  WAIT,
} from "./harness.js";

const h = offlineHarness();

/** What a "model output" panel for a ticket's run shows: its child's live text. */
function useReplyText(parentRunId: string) {
  const { steps } = useRunSteps(fns.listSteps, parentRunId);
  const childRunId = steps.find((s) => s.kind === "child")?.childRunId;
  const live = useLiveText(fns.liveText, childRunId ?? "skip");
  const child = useRun(fns.getRun, childRunId ?? "skip");
  return { childRunId, live, child: child.run };
}

type Seen = ReturnType<typeof useReplyText>;

async function untilFinal(result: { current: Seen }) {
  await waitFor(() => {
    const { live, child } = result.current;
    expect(child?.status).toBe("completed");
    expect(live.done).toBe(true);
    expect(live.text).toBe(live.fullText);
  }, WAIT);
  return result.current;
}

/** The first test's run, finished: the second one comes back to it. */
let first: { parentRunId: string; final: string } | undefined;

test(
  "the child's text streams in, grows to the final reply and is done",
  async () => {
    const { runId } = await h.client.mutation(fns.submitTicket, TICKET);
    const { result, history } = renderRecorded(useReplyText, {
      wrapper: h.wrapper,
      initialProps: runId,
    });
    const { live, child, childRunId } = await untilFinal(result);

    const final = live.fullText;
    expect(child?.parentRunId).toBe(runId);
    expect(child?.output).toEqual({ reply: final });
    expect(final).toContain(`Hi ${USER.name},`);
    expect(live.call).toMatchObject({
      name: "Write reply",
      status: "completed",
      done: true,
      attempt: 1,
    });
    expect(live.call).not.toHaveProperty("text");
    expect(live.isLoading).toBe(false);
    expect(live.error).toBeNull();

    const seen = history.filter((s) => s.childRunId === childRunId);
    // The model's text was seen part-way, and it only ever grew.
    const streamed = seen.filter(
      (s) => !s.live.done && s.live.fullText.length > 0,
    );
    expect(streamed.length, "text seen while streaming").toBeGreaterThan(0);
    for (const { live: l } of seen)
      expect(final.startsWith(l.fullText)).toBe(true);
    expect(streamed.some((s) => s.live.fullText.length < final.length)).toBe(
      true,
    );
    // `text` reveals it smoothly: shorter than what arrived, a prefix of it.
    const revealing = seen.filter(
      (s) =>
        s.live.text.length > 0 && s.live.text.length < s.live.fullText.length,
    );
    expect(revealing.length).toBeGreaterThan(0);
    for (const { live: l } of seen) {
      expect(l.fullText.startsWith(l.text)).toBe(true);
    }
    const lengths = seen.map((s) => s.live.text.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    // done only once the text was final.
    for (const { live: l } of seen) {
      if (l.done) expect(l.fullText).toBe(final);
    }
    first = { parentRunId: runId, final };
  },
  TEST_TIMEOUT,
);

test(
  "a finished text is shown at once; switching to a streaming one reveals it from its start",
  async () => {
    expect(first, "needs the first test's run").toBeDefined();
    const { parentRunId, final } = first!;
    const { result, history, rerender } = renderRecorded(useReplyText, {
      wrapper: h.wrapper,
      initialProps: parentRunId,
    });
    await untilFinal(result);
    const shownAtOnce = (from: number) => {
      const arrived = history
        .slice(from)
        .filter((s) => s.live.fullText.length > 0);
      expect(arrived[0]!.live).toMatchObject({ done: true, text: final });
    };
    shownAtOnce(0);

    // The same panel, now on a run that streams a shorter reply (the same
    // user, signed in with a shorter name) than the one shown.
    const { runId } = await h.backend.t
      .withIdentity({ ...USER, name: "Al" })
      .mutation(api.tickets.submitTicket, TICKET);
    const from = history.length;
    rerender(runId);
    const second = await untilFinal(result);
    expect(second.child?.output).toEqual({ reply: second.live.fullText });
    expect(second.live.fullText.length).toBeLessThan(final.length);
    const arrived = history
      .slice(from)
      .filter(
        (s) => s.childRunId === second.childRunId && s.live.fullText.length > 0,
      );
    // Streaming when it first arrived: the reveal starts over, from nothing.
    expect(arrived[0]!.live.done).toBe(false);
    expect(arrived[0]!.live.text).toBe("");
    expect(
      arrived.some(
        (s) =>
          s.live.text.length > 0 && s.live.text.length < s.live.fullText.length,
      ),
    ).toBe(true);

    // Back to the first run, whose text is final: shown whole at once again.
    const back = history.length;
    rerender(parentRunId);
    await untilFinal(result);
    shownAtOnce(back);
  },
  TEST_TIMEOUT,
);

test("skip loads nothing", () => {
  const { history } = renderRecorded(() => useLiveText(fns.liveText, "skip"), {
    wrapper: h.wrapper,
  });
  for (const value of history) {
    expect(value).toEqual({
      text: "",
      fullText: "",
      done: false,
      call: undefined,
      isLoading: false,
      error: null,
    });
  }
});
