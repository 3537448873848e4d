// Signals with a quorum: distinct approvals counted up to the quorum, any
// one rejection (as the signal's \`approves\` judges it) ending the wait.
import { describe, expect, test } from "vitest";
import { internal } from "./app/_generated/api.js";
import { approval, vote } from "./app/approvals.js";
import { flows } from "./app/workflows.js";
import {
  count,
  drainNow,
  getRun,
  history,
  inbox,
  makeTest,
  untilStatus,
  useFakeTimers,
} from "./harness.js";

useFakeTimers();

describe("signals: quorum", () => {
  test("quorum 2 of 3: the first approval is recorded, the second settles with its value", async () => {
    const t = makeTest();
    const members = ["ann", "ben", "cat"];
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.approvals.review, {
        draft: "Thanks, fixed!",
        key: "q1",
        assignees: members,
        quorum: 2,
      }),
    );
    const { requestId } = (await getRun(t, runId))!.pendingSignals[0]!;

    const first = await t.run((ctx) =>
      flows.signal(ctx, {
        runId,
        signal: approval,
        value: { approved: true, note: "ann ok" },
        by: "ann",
      }),
    );
    expect(first).toEqual({ status: "recorded", requestId });
    await drainNow(t);
    const waiting = await getRun(t, runId);
    expect(waiting?.status).toBe("waiting");
    expect(waiting?.pendingSignals).toMatchObject([
      { requestId, status: "pending", approvals: 1, quorum: 2 },
    ]);
    for (const member of members) {
      expect((await inbox(t, member)).map((r) => r.requestId)).toEqual([
        requestId,
      ]);
    }

    const second = await t.run((ctx) =>
      flows.signal(ctx, {
        runId,
        signal: approval,
        value: { approved: true, note: "cat ok" },
        by: "cat",
      }),
    );
    expect(second).toEqual({ status: "delivered", requestId });
    await untilStatus(t, runId, "completed");
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      output: { approved: true, note: "cat ok" },
    });
    for (const member of members) expect(await inbox(t, member)).toEqual([]);
    const [entry] = await history(t, runId);
    expect(entry).toMatchObject({
      outcome: "approved",
      approvals: 2,
      decisions: [
        { by: "ann", approve: true },
        { by: "cat", approve: true },
      ],
    });
    expect(await count(t, "q1")).toBe(1);
  });

  test("quorum 2 of 3: one rejection (by the signal's own `approves`) ends the wait", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.approvals.committee, {
        members: ["ann", "ben", "cat"],
        quorum: 2,
      }),
    );
    const yes = await t.run((ctx) =>
      flows.signal(ctx, {
        runId,
        signal: vote,
        value: { choice: "yes" },
        by: "ann",
      }),
    );
    expect(yes.status).toBe("recorded");
    const no = await t.run((ctx) =>
      flows.signal(ctx, {
        runId,
        signal: vote,
        value: { choice: "no" },
        by: "ben",
      }),
    );
    expect(no.status).toBe("delivered");
    await untilStatus(t, runId, "completed");
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      output: { choice: "no" },
    });
    const [entry] = await history(t, runId);
    expect(entry).toMatchObject({
      outcome: "rejected",
      approvals: 1,
      decisions: [
        { by: "ann", value: { choice: "yes" }, approve: true },
        { by: "ben", value: { choice: "no" }, approve: false },
      ],
    });
    expect(await inbox(t, "cat")).toEqual([]);
  });
});
