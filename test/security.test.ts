// publicApi as attackers meet it: a second signed-in user (bob) tries every
// operation on alice's runs, requests and LLM calls. Each attempt is
// refused with the documented code and writes nothing anywhere (every
// table's row count, nested components' included, is unchanged).
import { beforeEach, describe, expect, test } from "vitest";
import type { RunId } from "../src/client/index.js";
import { api, internal } from "./app/_generated/api.js";
import { guardedFlows } from "./app/guardedApprovals.js";
import { approval } from "./app/approvals.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import {
  expectCode,
  firstPage,
  getRun,
  makeTest,
  rowCounts,
  settle,
  untilStatus,
  useFakeTimers,
  type TestApp,
} from "./harness.js";

useFakeTimers();
beforeEach(() => mockLlm.reset());

const as = (t: TestApp, subject: string) =>
  t.withIdentity({ subject, tokenIdentifier: `test|${subject}` });

const owned = api.ownedApi;

/** Alice's review run, waiting for `assignees` (default: alice herself). */
async function aliceReview(t: TestApp, assignees = ["alice"]) {
  const runId = (await as(t, "alice").mutation(owned.start, {
    workflow: "review",
    input: { draft: "Hello", key: "sec", assignees },
  })) as RunId;
  await untilStatus(t, runId, "waiting");
  const run = await getRun(t, runId);
  return { runId, requestId: run!.pendingSignals[0]!.requestId };
}

/** Every attempt fails with `code`, and no table changes. */
async function expectRefusedAndNothingWritten(
  t: TestApp,
  attempts: (() => Promise<unknown>)[],
  code: Parameters<typeof expectCode>[1] = "NOT_AUTHORIZED",
) {
  const before = await rowCounts(t);
  for (const attempt of attempts) await expectCode(attempt(), code);
  expect(await rowCounts(t)).toEqual(before);
}

describe("another user's run", () => {
  test("bob cannot read, list, control or answer alice's run", async () => {
    const t = makeTest();
    const { runId, requestId } = await aliceReview(t);
    const bob = as(t, "bob");
    const page = firstPage;
    await expectRefusedAndNothingWritten(t, [
      () => bob.query(owned.getRun, { runId }),
      () => bob.query(owned.listSteps, { runId, paginationOpts: page }),
      () => bob.query(owned.listEvents, { runId }),
      () => bob.query(owned.liveText, { runId }),
      () => bob.query(owned.listRuns, { owner: "alice", paginationOpts: page }),
      () => bob.query(owned.listRuns, { owner: null, paginationOpts: page }),
      () =>
        bob.query(owned.pendingSignals, { owner: null, paginationOpts: page }),
      () =>
        bob.query(owned.pendingSignals, {
          owner: "alice",
          paginationOpts: page,
        }),
      () =>
        bob.query(owned.pendingSignals, {
          assignee: "alice",
          owner: null,
          paginationOpts: page,
        }),
      () =>
        bob.query(owned.pendingSignals, {
          runId,
          owner: null,
          paginationOpts: page,
        }),
      () =>
        bob.mutation(owned.sendSignal, {
          runId,
          signal: "approval",
          value: { approved: true },
        }),
      () =>
        bob.mutation(owned.sendSignal, {
          runId,
          signal: "approval",
          requestId,
          value: { approved: true },
        }),
      () => bob.mutation(owned.cancel, { runId }),
      () => bob.mutation(owned.restart, { runId, from: 0 }),
    ]);
    // Bob's own lists hold nothing of alice's.
    expect(
      (await bob.query(owned.listRuns, { paginationOpts: page })).page,
    ).toEqual([]);
    expect(
      (await bob.query(owned.pendingSignals, { paginationOpts: page })).page,
    ).toEqual([]);
    // Alice still sees and answers her own run.
    const alice = as(t, "alice");
    const mine = await alice.query(owned.listRuns, { paginationOpts: page });
    expect(mine.page.map((r) => [r.runId, r.owner])).toEqual([
      [runId, "alice"],
    ]);
    await alice.mutation(owned.sendSignal, {
      runId,
      signal: "approval",
      value: { approved: true },
    });
    await untilStatus(t, runId, "completed");
  });

  test("anonymous callers are refused everything, start included", async () => {
    const t = makeTest();
    const { runId } = await aliceReview(t);
    await expectRefusedAndNothingWritten(t, [
      () =>
        t.mutation(owned.start, {
          workflow: "pipeline",
          input: { words: ["a"], key: "anon" },
        }),
      () => t.query(owned.getRun, { runId }),
      () => t.query(owned.listRuns, { paginationOpts: firstPage }),
      () => t.query(owned.pendingSignals, { paginationOpts: firstPage }),
      () =>
        t.mutation(owned.sendSignal, {
          runId,
          signal: "approval",
          value: { approved: true },
        }),
      () => t.mutation(owned.cancel, { runId }),
    ]);
  });

  test("refusals reveal nothing: unknown and foreign runs, unknown names and decided requests look alike", async () => {
    const t = makeTest();
    const { runId, requestId } = await aliceReview(t);
    await as(t, "alice").mutation(owned.sendSignal, {
      runId,
      signal: "approval",
      value: { approved: false },
    });
    const bob = as(t, "bob");
    const refusals = await Promise.all(
      [
        () => bob.query(owned.getRun, { runId }),
        () => bob.query(owned.getRun, { runId: "no-such-run" }),
        () => bob.query(owned.getRun, { runId: requestId }),
      ].map((attempt) => expectCode(attempt(), "NOT_AUTHORIZED")),
    );
    expect(new Set(refusals.map((data) => JSON.stringify(data))).size).toBe(1);
    // The policy runs before the signal's name or the request's state is looked at.
    const signalRefusals = await Promise.all(
      [
        { signal: "approval", requestId }, // already decided
        { signal: "constructor" }, // no such signal
        { signal: "ping" }, // listed, but waits for nothing
      ].map((target) =>
        expectCode(
          bob.mutation(owned.sendSignal, {
            runId,
            value: { approved: true },
            ...target,
          }),
          "NOT_AUTHORIZED",
        ),
      ),
    );
    expect(
      new Set(signalRefusals.map((data) => JSON.stringify(data))).size,
    ).toBe(1);
    // Anonymous starts of a listed and of an unlisted workflow look alike too.
    const startRefusals = await Promise.all(
      ["review", "nope", "constructor"].map((workflow) =>
        expectCode(
          t.mutation(owned.start, { workflow, input: {} }),
          "NOT_AUTHORIZED",
        ),
      ),
    );
    expect(
      new Set(startRefusals.map((data) => JSON.stringify(data))).size,
    ).toBe(1);
  });

  test("object-key names are no workflow and no signal", async () => {
    const t = makeTest();
    const { runId } = await aliceReview(t);
    const alice = as(t, "alice");
    const names = ["constructor", "__proto__", "toString", "hasOwnProperty"];
    await expectRefusedAndNothingWritten(
      t,
      names.map(
        (workflow) => () =>
          alice.mutation(owned.start, { workflow, input: {} }),
      ),
      "INVALID_ARGUMENT",
    );
    await expectRefusedAndNothingWritten(
      t,
      names.map(
        (signal) => () =>
          alice.mutation(owned.sendSignal, { runId, signal, value: {} }),
      ),
      "WRONG_SIGNAL",
    );
  });
});

describe("owners, tags and idempotency keys", () => {
  test("the owner comes from the identity: an `owner` in the input or a forged tag changes nothing", async () => {
    const t = makeTest();
    const bob = as(t, "bob");
    const runId = (await bob.mutation(owned.start, {
      workflow: "pipeline",
      input: { words: ["a"], key: "forge", owner: "alice" },
    })) as RunId;
    expect((await getRun(t, runId))?.owner).toBe("bob");
    await expectRefusedAndNothingWritten(
      t,
      [
        () =>
          bob.mutation(owned.start, {
            workflow: "pipeline",
            input: { words: ["a"], key: "forge" },
            tags: ["owner:alice"],
          }),
      ],
      "INVALID_ARGUMENT",
    );
    await settle(t);
    const alice = as(t, "alice");
    expect(
      (await alice.query(owned.listRuns, { paginationOpts: firstPage })).page,
    ).toEqual([]);
  });

  test("a reused idempotency key never hands out another owner's run", async () => {
    const t = makeTest();
    const input = { words: ["a"], key: "idem" };
    const start = (who: string, workflow = "pipeline") =>
      as(t, who).mutation(owned.start, {
        workflow,
        input: workflow === "pipeline" ? input : { draft: "x", key: "idem" },
        idempotencyKey: "order-1",
      });
    const aliceRun = await start("alice");
    const bobRun = await start("bob");
    expect(bobRun).not.toBe(aliceRun);
    expect((await getRun(t, bobRun as RunId))?.owner).toBe("bob");
    expect(await start("alice")).toBe(aliceRun);
    // The same owner and key for another workflow: refused, never the first run.
    await expectRefusedAndNothingWritten(
      t,
      [() => start("alice", "review")],
      "IDEMPOTENCY_CONFLICT",
    );
  });

  test("with a tags option, the server decides a run's tags", async () => {
    const t = makeTest();
    const runId = (await as(t, "alice").mutation(api.ownedApi.supportStart, {
      workflow: "pipeline",
      input: { words: ["a"], key: "tags" },
      tags: ["priority:high", "owner:bob", "source:cli"],
    })) as RunId;
    expect((await getRun(t, runId))?.tags).toEqual([
      "source:web",
      "priority:high",
    ]);
  });
});

describe("a policy that widens access", () => {
  test("support staff see and cancel every run; customers see their own", async () => {
    const t = makeTest();
    await t.mutation(internal.roles.setRole, { user: "sam", role: "support" });
    const start = (who: string, key: string) =>
      as(t, who).mutation(api.ownedApi.supportStart, {
        workflow: "review",
        input: { draft: "d", key, assignees: [who] },
      });
    const aliceRun = (await start("alice", "a")) as RunId;
    const bobRun = (await start("bob", "b")) as RunId;
    await untilStatus(t, bobRun, "waiting");
    const list = (who: string, owner?: string | null) =>
      as(t, who).query(api.ownedApi.supportListRuns, {
        owner,
        paginationOpts: firstPage,
      });
    expect((await list("sam", null)).page.map((r) => r.runId).sort()).toEqual(
      [aliceRun, bobRun].sort(),
    );
    expect((await list("alice")).page.map((r) => r.runId)).toEqual([aliceRun]);
    await expectCode(list("alice", null), "NOT_AUTHORIZED");
    await expectCode(list("alice", "bob"), "NOT_AUTHORIZED");
    await as(t, "sam").mutation(api.ownedApi.supportCancel, { runId: bobRun });
    expect((await getRun(t, bobRun))?.status).toBe("canceled");
    await expectCode(
      as(t, "alice").mutation(api.ownedApi.supportCancel, { runId: bobRun }),
      "NOT_AUTHORIZED",
    );
    await as(t, "alice").mutation(api.ownedApi.supportCancel, {
      runId: aliceRun,
    });
    expect((await getRun(t, aliceRun))?.status).toBe("canceled");
  });
});

describe("approvals", () => {
  test("a request with assignees takes decisions only from them; the owner is no assignee", async () => {
    const t = makeTest();
    const { runId } = await aliceReview(t, ["dave"]);
    // Alice may act on her run, but the request is dave's.
    await expectRefusedAndNothingWritten(t, [
      () =>
        as(t, "alice").mutation(owned.sendSignal, {
          runId,
          signal: "approval",
          value: { approved: true },
        }),
      () =>
        t.run((ctx) =>
          flows.signal(ctx, {
            runId,
            signal: approval,
            value: { approved: true },
            by: "mallory",
          }),
        ),
    ]);
    // Dave is not the owner, but the request is assigned to him.
    const inbox = await as(t, "dave").query(owned.pendingSignals, {
      assignee: "dave",
      owner: null,
      paginationOpts: firstPage,
    });
    expect(inbox.page.map((r) => r.runId)).toEqual([runId]);
    await as(t, "dave").mutation(owned.sendSignal, {
      runId,
      signal: "approval",
      value: { approved: true },
    });
    await untilStatus(t, runId, "completed");
  });

  test("a quorum counts only assignees", async () => {
    const t = makeTest();
    const runId = (await as(t, "alice").mutation(owned.start, {
      workflow: "committee",
      input: { members: ["carol", "dave"], quorum: 2 },
    })) as RunId;
    await untilStatus(t, runId, "waiting");
    const vote = (who: string) =>
      as(t, who).mutation(owned.sendSignal, {
        runId,
        signal: "vote",
        value: { choice: "yes" },
      });
    await expectRefusedAndNothingWritten(t, [
      () => vote("bob"),
      () => vote("alice"),
    ]);
    expect(await vote("carol")).toMatchObject({ status: "recorded" });
    expect((await getRun(t, runId))?.pendingSignals[0]?.approvals).toBe(1);
    expect(await vote("dave")).toMatchObject({ status: "delivered" });
    await untilStatus(t, runId, "completed");
  });

  test("the signal policy is the one of the instance that defined the run", async () => {
    const t = makeTest();
    await t.mutation(internal.roles.setRole, { user: "mia", role: "manager" });
    const guarded = (await t.run((ctx) =>
      guardedFlows.start(ctx, internal.guardedApprovals.guardedReview, {
        assignees: ["role:manager"],
      }),
    )) as RunId;
    const plain = (await t.run((ctx) =>
      flows.start(ctx, internal.approvals.review, {
        draft: "d",
        key: "inst",
        assignees: ["mia"],
      }),
    )) as RunId;
    await untilStatus(t, guarded, "waiting");
    await untilStatus(t, plain, "waiting");
    const decide = (through: typeof flows, runId: RunId) =>
      t.run((ctx) =>
        through.signal(ctx, {
          runId,
          signal: approval,
          value: { approved: true },
          by: "mia",
        }),
      );
    await expectRefusedAndNothingWritten(t, [
      () => decide(flows, guarded), // would bypass guardedFlows' policy
      () => decide(guardedFlows, plain),
    ]);
    await decide(guardedFlows, guarded);
    await decide(flows, plain);
    await untilStatus(t, guarded, "completed");
    await untilStatus(t, plain, "completed");
  });
});

describe("LLM calls and live text", () => {
  test("a callId must belong to the run named; one-shot calls are their owner's", async () => {
    const t = makeTest();
    mockLlm.script = [
      { text: "Alice's secret answer.", inputTokens: 3, outputTokens: 4 },
      { text: "Bob's answer.", inputTokens: 3, outputTokens: 3 },
      { text: "One shot for alice.", inputTokens: 3, outputTokens: 4 },
    ];
    const startCall = (who: string) =>
      as(t, who).mutation(owned.start, {
        workflow: "oneCall",
        input: { prompt: who, stream: true },
      });
    const aliceRun = (await startCall("alice")) as RunId;
    await settle(t);
    const bobRun = (await startCall("bob")) as RunId;
    await settle(t);
    const [aliceCall] = await t.run((ctx) => flows.listLlmCalls(ctx, aliceRun));
    const callId = aliceCall!.callId;
    const shot = await as(t, "alice").mutation(owned.askOnce, { prompt: "q" });
    await settle(t);

    const bob = as(t, "bob");
    await expectRefusedAndNothingWritten(t, [
      () => bob.query(owned.liveText, { runId: bobRun, callId }),
      () => bob.query(owned.liveText, { callId }),
      () => bob.query(owned.getLlmCall, { callId }),
      () => bob.query(owned.liveText, { callId: shot }),
      () => bob.query(owned.getLlmCall, { callId: shot }),
      // Even the owner cannot read a call through a run it is not part of.
      () =>
        as(t, "alice").query(owned.liveText, { runId: aliceRun, callId: shot }),
    ]);
    const alice = as(t, "alice");
    expect(
      (await alice.query(owned.liveText, { runId: aliceRun, callId }))?.text,
    ).toBe("Alice's secret answer.");
    expect(await alice.query(owned.getLlmCall, { callId: shot })).toMatchObject(
      { owner: "alice", status: "completed" },
    );
    expect((await bob.query(owned.liveText, { runId: bobRun }))?.text).toBe(
      "Bob's answer.",
    );
  });
});

describe("child runs", () => {
  test("children inherit the owner; they are canceled through their parent", async () => {
    const t = makeTest();
    const alice = as(t, "alice");
    const parentId = (await alice.mutation(owned.start, {
      workflow: "parent",
      input: { words: ["a", "b", "c"], key: "kids" },
    })) as RunId;
    let childId: RunId | undefined;
    for (let i = 0; i < 50 && !childId; i++) {
      await t.finishInProgressScheduledFunctions();
      const runs = await t.run((ctx) =>
        flows.listRuns(ctx, { owner: "alice", paginationOpts: firstPage }),
      );
      childId = runs.page.find((r) => r.parentRunId === parentId)?.runId;
    }
    expect(childId).toBeDefined();
    expect((await getRun(t, childId!))?.owner).toBe("alice");
    expect(
      (await alice.query(owned.getRun, { runId: childId! }))?.parentRunId,
    ).toBe(parentId);
    await expectRefusedAndNothingWritten(t, [
      () => as(t, "bob").query(owned.getRun, { runId: childId! }),
    ]);
    await expectRefusedAndNothingWritten(
      t,
      [() => alice.mutation(owned.cancel, { runId: childId! })],
      "INVALID_ARGUMENT",
    );
    await settle(t);
    expect((await getRun(t, parentId))?.status).toBe("completed");
  });
});

test("the WorkflowManager is not reachable from the instance", () => {
  expect("manager" in flows).toBe(false);
  expect(Object.keys(flows)).not.toContain("manager");
});
