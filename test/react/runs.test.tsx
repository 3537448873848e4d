// @vitest-environment jsdom
// The run hooks (useStartRun, useRun, useRunSteps, useRunEvents, useRuns)
// with the real ConvexReactClient against the offline backend: the demo's
// supportTicket workflow, watched live from submission to completion.
import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { components } from "../../convex/_generated/api.js";
import {
  useMutationState,
  useRun,
  useRunEvents,
  useRuns,
  useRunSteps,
  useStartRun,
} from "../../src/react/index.js";
import {
  approve,
  fns,
  renderRecorded,
  offlineHarness,
  TEST_TIMEOUT,
  TICKET,
  USER,
  WAIT,
} from "./harness.js";
import { expectLogs } from "../quietLogs.js";

const h = offlineHarness();

/** The values in order, each run of equal neighbours kept once. */
function transitions<T>(values: T[]): T[] {
  return values.filter((value, i) => i === 0 || value !== values[i - 1]);
}

describe("useStartRun", () => {
  expectLogs('Uncaught ConvexError: {"code":"INVALID_INPUT"');
  test(
    "bad input fails with INVALID_INPUT and the field; good input starts a run",
    async () => {
      const { result } = renderHook(() => useStartRun(fns.submitTicket), {
        wrapper: h.wrapper,
      });
      expect(result.current).toMatchObject({ isStarting: false, error: null });

      let pending!: Promise<unknown>;
      act(() => {
        pending = result.current.start({ ...TICKET, subject: "  " });
      });
      expect(result.current.isStarting).toBe(true);
      let outcome: unknown = "not yet";
      await act(async () => {
        outcome = await pending;
      });
      expect(outcome).toBeUndefined();
      expect(result.current.isStarting).toBe(false);
      expect(result.current.error).toMatchObject({
        code: "INVALID_INPUT",
        message: "subject is required",
        path: ["subject"],
        fields: { subject: "subject is required" },
      });

      // reset() clears the error; the next start clears it too.
      act(() => result.current.reset());
      expect(result.current.error).toBeNull();
      await act(async () => {
        await result.current.start({ ...TICKET, body: "" });
      });
      expect(result.current.error?.fields).toEqual({
        body: "body is required",
      });
      // Every missing field at once, each with its message, for the form.
      await act(async () => {
        await result.current.start({ subject: " ", body: "" });
      });
      expect(result.current.error).toMatchObject({
        code: "INVALID_INPUT",
        path: ["subject"],
        fields: {
          subject: "subject is required",
          body: "body is required",
        },
      });

      let started: Awaited<ReturnType<typeof result.current.start>>;
      await act(async () => {
        started = await result.current.start(TICKET);
      });
      expect(started!).toEqual({
        ticketId: expect.any(String),
        runId: expect.any(String),
      });
      expect(result.current).toMatchObject({ isStarting: false, error: null });
      const ticket = await h.client.query(fns.getTicket, {
        ticketId: started!.ticketId,
      });
      expect(ticket).toMatchObject({ runId: started!.runId });
    },
    TEST_TIMEOUT,
  );
});

describe("useRun", () => {
  test(
    "loading, then running with progress, waiting for approval, completed",
    async () => {
      const { runId } = await h.client.mutation(fns.submitTicket, TICKET);
      const { result, history } = renderRecorded(
        (id: string) => useRun(fns.getRun, id),
        { wrapper: h.wrapper, initialProps: runId },
      );
      expect(history[0]).toEqual({
        run: undefined,
        isLoading: true,
        error: null,
        progress: undefined,
      });

      await waitFor(
        () => expect(result.current.run?.status).toBe("waiting"),
        WAIT,
      );
      const running = history.find(
        ({ run, progress }) =>
          run?.status === "running" &&
          progress?.total === 5 &&
          progress.currentStep !== undefined,
      );
      expect(running, "a running state with a current step").toBeDefined();
      expect(running!.progress).toMatchObject({ done: false });
      expect(running!.progress!.percent).toBeLessThan(100);
      expect(running!.isLoading).toBe(false);

      const waiting = result.current;
      expect(waiting.run?.pendingSignals).toMatchObject([
        {
          signal: "reply-approval",
          status: "pending",
          assignees: ["team:support"],
          title: `Send the reply to ${USER.name}?`,
        },
      ]);
      expect(waiting.progress).toMatchObject({
        completed: 3,
        total: 5,
        percent: 60,
        message: "Waiting for approval",
        currentStep: "reply-approval",
        done: false,
      });

      await approve(h, runId);
      await waitFor(
        () => expect(result.current.run?.status).toBe("completed"),
        WAIT,
      );
      const { run, progress, error, isLoading } = result.current;
      expect(error).toBeNull();
      expect(isLoading).toBe(false);
      expect(run?.output).toMatchObject({ status: "answered" });
      expect(run?.pendingSignals).toEqual([]);
      expect(progress).toMatchObject({
        completed: 5,
        total: 5,
        percent: 100,
        message: "Done",
        done: true,
      });
      expect(progress!.elapsedMs).toBeGreaterThan(0);
      expect(progress!.elapsedMs).toBe(run!.finishedAt! - run!.startedAt);

      // Seen live, in order: loading, running, waiting, ..., completed.
      const statuses = transitions(history.map((r) => r.run?.status));
      expect(statuses[0]).toBeUndefined();
      const at = (status: string) => statuses.indexOf(status as never);
      expect(at("running")).toBeGreaterThan(0);
      expect(at("waiting")).toBeGreaterThan(at("running"));
      expect(statuses.at(-1)).toBe("completed");
      // Progress only moves forward.
      const completed = history
        .map((r) => r.progress?.completed)
        .filter((c) => c !== undefined);
      expect(completed).toEqual([...completed].sort((a, b) => a - b));
    },
    TEST_TIMEOUT,
  );

  test("skip loads nothing; an unknown run is null", async () => {
    const skipped = renderRecorded(() => useRun(fns.getRun, "skip"), {
      wrapper: h.wrapper,
    });
    const missing = renderHook(() => useRun(fns.getRun, "no-such-run"), {
      wrapper: h.wrapper,
    });
    const noId = renderHook(() => useRun(fns.getRun, undefined), {
      wrapper: h.wrapper,
    });
    await waitFor(() => expect(missing.result.current.run).toBeNull(), WAIT);
    expect(missing.result.current).toEqual({
      run: null,
      isLoading: false,
      error: null,
      progress: undefined,
    });
    for (const value of [...skipped.history, noId.result.current]) {
      expect(value).toEqual({
        run: undefined,
        isLoading: false,
        error: null,
        progress: undefined,
      });
    }
  });
});

describe("useMutationState", () => {
  expectLogs('Uncaught ConvexError: {"code":"RUN_NOT_FINISHED"');
  test(
    "cancel and restart a run, with the refusals' codes kept",
    async () => {
      const { runId } = await h.client.mutation(fns.submitTicket, TICKET);
      const { result } = renderHook(
        () => ({
          cancel: useMutationState(fns.cancel),
          restart: useMutationState(fns.restart),
          run: useRun(fns.getRun, runId),
        }),
        { wrapper: h.wrapper },
      );
      await waitFor(
        () => expect(result.current.run.run?.status).toBe("waiting"),
        WAIT,
      );

      // Only a finished run can restart.
      await act(async () => {
        expect(await result.current.restart.run({ runId })).toBeUndefined();
      });
      expect(result.current.restart).toMatchObject({
        isPending: false,
        error: { code: "RUN_NOT_FINISHED" },
      });

      await act(async () => {
        expect(await result.current.cancel.run({ runId })).toBeNull();
      });
      expect(result.current.cancel).toMatchObject({
        isPending: false,
        error: null,
      });
      await waitFor(
        () => expect(result.current.run.run?.status).toBe("canceled"),
        WAIT,
      );
      expect(result.current.run.run?.pendingSignals).toEqual([]);
      // Done, at the point it reached (not 100%), and no longer ticking.
      expect(result.current.run.progress).toMatchObject({
        done: true,
        percent: 60,
        elapsedMs:
          result.current.run.run!.finishedAt! -
          result.current.run.run!.startedAt,
      });

      // From the approval step: the run waits for a new decision. (Restarted
      // "as is", replaying the whole journal, a canceled run stays queued.)
      await act(async () => {
        expect(
          await result.current.restart.run({ runId, from: "reply-approval" }),
        ).toBeNull();
      });
      expect(result.current.restart.error).toBeNull();
      await waitFor(
        () =>
          expect(result.current.run.run?.pendingSignals).toMatchObject([
            { signal: "reply-approval", status: "pending" },
          ]),
        WAIT,
      );
      expect(result.current.run.run?.status).toBe("waiting");
      expect(result.current.run.progress?.done).toBe(false);
    },
    TEST_TIMEOUT,
  );
});

describe("useRunSteps", () => {
  test(
    "steps appear in order with their kinds, LLM usage and durations",
    async () => {
      const { runId } = await h.client.mutation(fns.submitTicket, TICKET);
      const { result, history } = renderRecorded(
        (id: string) => useRunSteps(fns.listSteps, id),
        { wrapper: h.wrapper, initialProps: runId },
      );
      expect(history[0]).toMatchObject({ steps: [], isLoading: true });

      await waitFor(
        () =>
          expect(result.current.steps.at(-1)).toMatchObject({
            kind: "signal",
            status: "waiting",
          }),
        WAIT,
      );
      const beforeApproval = result.current.steps;
      expect(beforeApproval.map((s) => [s.kind, s.name])).toEqual([
        ["query", "Load ticket"],
        ["llm", "Classify ticket"],
        ["mutation", "Save triage"],
        ["query", "Find articles"],
        ["child", "Draft reply"],
        ["signal", "reply-approval"],
      ]);
      const signal = beforeApproval.at(-1)!;
      expect(signal.finishedAt).toBeUndefined();
      expect(signal.durationMs).toBeUndefined();
      const llm = beforeApproval.find((s) => s.kind === "llm")!;
      expect(llm.llm).toMatchObject({
        callId: expect.any(String),
        model: "offline-rules-v1",
        usage: {
          inputTokens: expect.any(Number),
          outputTokens: expect.any(Number),
          totalTokens: expect.any(Number),
        },
      });
      expect(llm.llm!.usage!.totalTokens).toBeGreaterThan(0);
      expect(llm.llm!.costUsd).toBeGreaterThan(0);
      expect(
        beforeApproval.find((s) => s.kind === "child")!.childRunId,
      ).toEqual(expect.any(String));

      await approve(h, runId);
      await waitFor(
        () =>
          expect(result.current.steps.at(-1)).toMatchObject({
            kind: "mutation",
            name: "Close ticket",
            status: "completed",
          }),
        WAIT,
      );
      const { steps, isLoading, error, canLoadMore } = result.current;
      expect({ isLoading, error, canLoadMore }).toEqual({
        isLoading: false,
        error: null,
        canLoadMore: false,
      });
      expect(steps.map((s) => s.kind)).toEqual([
        "query",
        "llm",
        "mutation",
        "query",
        "child",
        "signal",
        "mutation",
      ]);
      const numbers = steps.map((s) => s.stepNumber);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      for (const step of steps) {
        expect(step.status).toBe("completed");
        expect(step.durationMs).toBe(step.finishedAt! - step.startedAt);
        expect(step.durationMs).toBeGreaterThanOrEqual(0);
      }
      // The wait for approval lasted until it was given.
      expect(steps[5]!.durationMs).toBeGreaterThan(0);
      // Steps were only ever added at the end, never reordered.
      const finalIds = steps.map((s) => s.stepId);
      for (const { steps: seen } of history) {
        expect(seen.map((s) => s.stepId)).toEqual(
          finalIds.slice(0, seen.length),
        );
      }
      expect(new Set(history.map((r) => r.steps.length)).size).toBeGreaterThan(
        2,
      );
    },
    TEST_TIMEOUT,
  );
});

describe("useRunEvents", () => {
  test(
    "events arrive in order, once each, across pages of 100",
    async () => {
      const { runId } = await h.client.mutation(fns.submitTicket, TICKET);
      const { result, history } = renderRecorded(
        (id: string) => useRunEvents(fns.listEvents, id),
        { wrapper: h.wrapper, initialProps: runId },
      );
      expect(history[0]).toEqual({ events: [], isLoading: true, error: null });

      await waitFor(
        () =>
          expect(result.current.events.at(-1)?.type).toBe(
            "run.signal.requested",
          ),
        WAIT,
      );
      const types = result.current.events.map((e) => e.type);
      expect(types[0]).toBe("run.created");
      expect(types[1]).toBe("run.progress");
      expect(types).toContain("run.llm.completed");
      expect(types.filter((t) => t === "run.progress")).toHaveLength(4);
      const before = types.length;

      // More than a page: the hook subscribes to the next page when one fills.
      const extra = 150;
      for (let i = 0; i < extra; i++) {
        await h.backend.t.mutation(components.agentWorkflows.events.emit, {
          runId,
          type: "test.tick",
          data: { i },
        });
      }
      await waitFor(
        () => expect(result.current.events).toHaveLength(before + extra),
        WAIT,
      );
      const ticks = result.current.events.filter((e) => e.type === "test.tick");
      expect(ticks.map((e) => e.data.i)).toEqual(
        Array.from({ length: extra }, (_, i) => i),
      );

      await approve(h, runId);
      await waitFor(
        () => expect(result.current.events.at(-1)?.type).toBe("run.completed"),
        WAIT,
      );
      const { events, isLoading, error } = result.current;
      expect({ isLoading, error }).toEqual({ isLoading: false, error: null });
      expect(events.length).toBeGreaterThan(150);
      expect(events.slice(before + extra).map((e) => e.type)).toEqual([
        "run.signal.decided",
        "run.progress",
        "run.progress",
        "run.completed",
      ]);
      // In order and each once: seq is 1, 2, 3, ...
      expect(events.map((e) => e.seq)).toEqual(
        Array.from({ length: events.length }, (_, i) => i + 1),
      );
      // Every rendered log was the start of the final one.
      for (const { events: seen } of history) {
        expect(seen.map((e) => e.seq)).toEqual(
          events.slice(0, seen.length).map((e) => e.seq),
        );
      }
    },
    TEST_TIMEOUT,
  );
});

describe("useRuns", () => {
  test(
    "a run moves from the waiting list to the completed one",
    async () => {
      const { result, history } = renderRecorded(
        () => ({
          waiting: useRuns(fns.listRuns, { status: "waiting" }),
          completed: useRuns(fns.listRuns, { status: "completed" }),
          named: useRuns(fns.listRuns, { name: "supportTicket" }),
        }),
        { wrapper: h.wrapper },
      );
      await waitFor(
        () => expect(result.current.completed.isLoading).toBe(false),
        WAIT,
      );
      const { runId } = await h.client.mutation(fns.submitTicket, TICKET);
      const find = (list: { runs: { runId: string }[] }) =>
        list.runs.find((run) => run.runId === runId);

      await waitFor(
        () => expect(find(result.current.waiting)).toBeDefined(),
        WAIT,
      );
      expect(find(result.current.completed)).toBeUndefined();
      expect(find(result.current.waiting)).toMatchObject({
        name: "supportTicket",
        status: "waiting",
        owner: USER.subject,
        progressView: { completed: 3, total: 5, percent: 60, done: false },
      });
      // Newest first.
      expect(result.current.named.runs[0]?.runId).toBe(runId);

      await approve(h, runId);
      await waitFor(
        () => expect(find(result.current.completed)).toBeDefined(),
        WAIT,
      );
      await waitFor(
        () => expect(find(result.current.waiting)).toBeUndefined(),
        WAIT,
      );
      expect(find(result.current.completed)).toMatchObject({
        status: "completed",
        progressView: { percent: 100, done: true },
      });
      for (const { waiting, completed } of history) {
        expect(waiting.runs.every((r) => r.status === "waiting")).toBe(true);
        expect(completed.runs.every((r) => r.status === "completed")).toBe(
          true,
        );
        expect(waiting.error ?? completed.error).toBeNull();
      }
      // The child run that drafted the reply is listed too.
      expect(
        result.current.completed.runs.some(
          (r) => r.parentRunId === runId && r.name === "draftReply",
        ),
      ).toBe(true);
    },
    TEST_TIMEOUT,
  );

  test("skip loads nothing", () => {
    const { result } = renderHook(() => useRuns(fns.listRuns, "skip"), {
      wrapper: h.wrapper,
    });
    expect(result.current).toMatchObject({
      runs: [],
      isLoading: false,
      error: null,
      canLoadMore: false,
    });
  });
});
