// Escalation as plain workflow code (test/app/approvals.ts `escalation`):
// wait 24 h for the assignee; on timeout wait 4 h for their manager; then
// reject. The clock moves only through `elapse` and `elapseUntil`.
import { describe, expect, test } from "vitest";
import type { RunId } from "../src/client/index.js";
import { internal } from "./app/_generated/api.js";
import { approval, HOUR } from "./app/approvals.js";
import { flows } from "./app/workflows.js";
import {
  CLOCK_SLACK_MS,
  expectAround,
  elapse,
  elapseUntil,
  expectCode,
  getRun,
  history,
  inbox,
  makeTest,
  signalState,
  type TestApp,
  untilStatus,
  useFakeTimers,
} from "./harness.js";

useFakeTimers();

const approve = (t: TestApp, runId: RunId, by: string, requestId?: string) =>
  t.run((ctx) =>
    flows.signal(ctx, {
      runId,
      signal: approval,
      value: { approved: true, note: `ok from ${by}` },
      by,
      requestId,
    }),
  );

describe("signals: escalation (24 h for the assignee, then 4 h for the manager)", () => {
  async function startEscalation(t: TestApp): Promise<RunId> {
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.approvals.escalation, {
        assignee: "alice",
        manager: "mona",
        draft: "Refund approved.",
      }),
    );
    expect(await inbox(t, "alice")).toMatchObject([
      { title: "Approve the reply", assignees: ["alice"] },
    ]);
    expect(await inbox(t, "mona")).toEqual([]);
    return runId;
  }

  test("nobody answers: after 24 h the manager's request appears; after 4 more hours the run ends rejected/expired", async () => {
    const t = makeTest();
    const startedAt = Date.now();
    const runId = await startEscalation(t);
    const [first] = await inbox(t, "alice");
    expect(first!.expiresAt! - first!.requestedAt).toBe(24 * HOUR);

    await elapse(t, first!.expiresAt! - Date.now() - CLOCK_SLACK_MS);
    expect(await inbox(t, "mona")).toEqual([]);
    expect((await getRun(t, runId))?.status).toBe("waiting");
    await elapse(t, CLOCK_SLACK_MS);
    // The assignee's request expired at exactly 24 h...
    expect(await inbox(t, "alice")).toEqual([]);
    const timedOut = (await history(t, runId)).at(-1)!;
    expect(timedOut).toMatchObject({
      assignees: ["alice"],
      outcome: "timedOut",
    });
    expectAround(timedOut.closedAt!, first!.expiresAt!);
    // ...and the resumed run opens the manager's.
    await elapseUntil(t, async () => (await inbox(t, "mona")).length > 0);
    const escalated = await inbox(t, "mona");
    expect(escalated).toMatchObject([
      {
        title: "Escalated: approve the reply",
        details: { draft: "Refund approved.", escalatedFrom: "alice" },
        assignees: ["mona"],
      },
    ]);
    const { requestId, requestedAt, expiresAt } = escalated[0]!;
    expect(requestedAt - startedAt - 24 * HOUR).toBeLessThan(1000);
    expect(expiresAt).toBe(requestedAt + 4 * HOUR);
    const run = await getRun(t, runId);
    expect(run?.status).toBe("waiting");
    expect(run?.pendingSignals.map((r) => r.requestId)).toEqual([requestId]);

    await elapse(t, expiresAt! - Date.now() - CLOCK_SLACK_MS);
    expect((await getRun(t, runId))?.status).toBe("waiting");
    await elapse(t, CLOCK_SLACK_MS);
    await untilStatus(t, runId, "completed");
    expect(await getRun(t, runId)).toMatchObject({
      output: { status: "rejected", reason: "expired", stage: "manager" },
    });
    expect(await inbox(t, "mona")).toEqual([]);
    expect(
      (await history(t, runId)).map((e) => [e.assignees, e.outcome]),
    ).toEqual([
      [["mona"], "timedOut"],
      [["alice"], "timedOut"],
    ]);
    expectAround((await history(t, runId))[0]!.closedAt!, expiresAt!);
  });

  test("the manager approves the escalated request; the assignee's late answer is SIGNAL_TIMED_OUT", async () => {
    const t = makeTest();
    const runId = await startEscalation(t);
    const [first] = await inbox(t, "alice");
    await elapse(t, 24 * HOUR);
    await elapseUntil(t, async () => (await inbox(t, "mona")).length > 0);
    await elapse(t, HOUR);
    const [escalated] = await inbox(t, "mona");

    const before = await signalState(t, runId, ["alice", "mona"]);
    await expectCode(
      approve(t, runId, "alice", first!.requestId),
      "SIGNAL_TIMED_OUT",
    );
    expect(await signalState(t, runId, ["alice", "mona"])).toEqual(before);

    expect(await approve(t, runId, "mona")).toEqual({
      status: "delivered",
      requestId: escalated!.requestId,
    });
    await untilStatus(t, runId, "completed");
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      output: { status: "approved", reason: "decided", stage: "manager" },
    });
    expect(
      (await history(t, runId)).map((e) => [
        e.outcome,
        e.decisions.map((d) => d.by),
      ]),
    ).toEqual([
      ["approved", ["mona"]],
      ["timedOut", []],
    ]);
    expect(await inbox(t, "mona")).toEqual([]);
  });
});
