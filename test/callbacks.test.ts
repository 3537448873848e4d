// Callback URLs of signal waits: the app's notify mutation receives a
// one-time URL, an outside system POSTs the value there (no sign-in), and
// the decision lands in the audit trail as made by the callback. Wrong,
// reused and expired tokens are refused (404 / 410) and write nothing; only
// the token's hash is ever stored.
import { describe, expect, test } from "vitest";
import { httpRouter } from "convex/server";
import type { RunId } from "../src/client/index.js";
import {
  callbackArgs,
  resolveCallbackSettings,
} from "../src/client/callbacks.js";
import { internal } from "./app/_generated/api.js";
import { approval } from "./app/approvals.js";
import { flows } from "./app/workflows.js";
import {
  allRows,
  drainNow,
  elapse,
  eventTypes,
  expectCode,
  getRun,
  history,
  makeTest,
  rowCounts,
  untilStatus,
  useFakeTimers,
  type TestApp,
} from "./harness.js";
import { expectLogs } from "./quietLogs.js";

useFakeTimers();

type LinkedInput = {
  draft: string;
  notify?: "default" | "slack" | "failing";
  signal?: "approval" | "vote";
  assignees?: string[];
  quorum?: number;
  timeoutMs?: number;
};

async function startLinked(t: TestApp, input: LinkedInput): Promise<RunId> {
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.callbacks.linkedReview, input, {
      owner: "alice",
    }),
  );
  await untilStatus(t, runId, "waiting");
  // The token is made by a function scheduled right after the wait opens.
  await drainNow(t);
  return runId;
}

/** The URLs the notify mutation kept for a run. */
const links = (t: TestApp, runId: RunId) =>
  t.run(async (ctx) =>
    (
      await ctx.db
        .query("callbackLinks")
        .withIndex("run", (q) => q.eq("runId", runId))
        .collect()
    ).map((link) => link.url),
  );

async function linkOf(t: TestApp, runId: RunId): Promise<string> {
  const urls = await links(t, runId);
  expect(urls).toHaveLength(1);
  return urls[0]!;
}

/** POST to a callback URL the way an outside system would: no identity. */
async function post(t: TestApp, url: string, body: unknown) {
  const { pathname } = new URL(url);
  const response = await t.fetch(pathname, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const PREFIX = "https://test.convex.site/wf/callbacks/";

describe("callback URLs", () => {
  expectLogs('SIGNAL_TIMED_OUT: No "approval" signal');
  test("an outside system answers the wait once, recorded as the callback; only the token's hash is stored", async () => {
    const t = makeTest();
    const runId = await startLinked(t, { draft: "Hello" });
    const url = await linkOf(t, runId);
    expect(url.startsWith(PREFIX)).toBe(true);
    const token = url.slice(PREFIX.length);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Not in the journal, the events, the request or any scheduled call:
    // only the app's own table (where this app chose to keep it) has it.
    for (const [table, rows] of Object.entries(await allRows(t))) {
      const stored = JSON.stringify(rows).includes(token);
      expect([table, stored]).toEqual([table, table === "app:callbackLinks"]);
    }
    const [request] = await history(t, runId);
    expect(request!.callback).toEqual({
      by: "callback",
      issuedAt: expect.any(Number),
    });

    const answered = await post(t, url, {
      value: { approved: true, draft: "Hello, edited" },
    });
    expect(answered).toEqual({
      status: 200,
      body: { runId, status: "delivered", requestId: request!.requestId },
    });
    await untilStatus(t, runId, "completed");
    expect((await getRun(t, runId))?.output).toEqual({
      approved: true,
      text: "Hello, edited",
    });
    const [decided] = await history(t, runId);
    expect(decided!.decisions).toEqual([
      {
        by: "callback",
        value: { approved: true, draft: "Hello, edited" },
        approve: true,
        at: expect.any(Number),
      },
    ]);
    expect(decided!.callback?.usedAt).toEqual(expect.any(Number));
    expect(await eventTypes(t, runId)).toEqual(
      expect.arrayContaining([
        "run.signal.requested",
        "run.signal.callbackIssued",
        "run.signal.decided",
      ]),
    );

    // Reused: gone, and nothing written.
    const before = await rowCounts(t);
    const reused = await post(t, url, { value: { approved: false } });
    expect(reused).toMatchObject({
      status: 410,
      body: { code: "CALLBACK_GONE" },
    });
    expect(await rowCounts(t)).toEqual(before);
  });

  test("wrong, malformed and huge tokens are 404; a bad value is 400; none writes anything", async () => {
    const t = makeTest();
    const runId = await startLinked(t, { draft: "Hello" });
    const url = await linkOf(t, runId);
    const before = await rowCounts(t);
    const forged = "A".repeat(43);
    for (const token of [forged, "short", "x".repeat(5000), "tok%20en"]) {
      const result = await post(t, PREFIX + token, {
        value: { approved: true },
      });
      expect([token.slice(0, 10), result.status, result.body.code]).toEqual([
        token.slice(0, 10),
        404,
        "CALLBACK_NOT_FOUND",
      ]);
    }
    for (const body of [
      { value: { approved: "yes" } },
      { value: { approved: true, draft: "x".repeat(281) } },
      {},
    ]) {
      const result = await post(t, url, body);
      expect(result).toMatchObject({
        status: 400,
        body: { code: "INVALID_SIGNAL_VALUE" },
      });
    }
    const huge = await post(t, url, {
      value: { approved: true, note: "x".repeat(70_000) },
    });
    expect(huge.status).toBe(400);
    expect(await rowCounts(t)).toEqual(before);
    // The token survived the refusals.
    expect((await post(t, url, { value: { approved: true } })).status).toBe(
      200,
    );
  });

  test("the token dies with its request: timed out, run canceled, or answered another way", async () => {
    const t = makeTest();
    const expired = await startLinked(t, { draft: "a", timeoutMs: 60_000 });
    const canceled = await startLinked(t, { draft: "b" });
    const answered = await startLinked(t, { draft: "c" });
    const urls = {
      expired: await linkOf(t, expired),
      canceled: await linkOf(t, canceled),
      answered: await linkOf(t, answered),
    };
    await elapse(t, 61_000);
    expect((await getRun(t, expired))?.status).toBe("failed");
    await t.run((ctx) => flows.cancel(ctx, canceled));
    await t.run((ctx) =>
      flows.signal(ctx, {
        runId: answered,
        signal: approval,
        value: { approved: true },
        by: "alice",
      }),
    );
    const before = await rowCounts(t);
    for (const [which, url] of Object.entries(urls)) {
      const result = await post(t, url, { value: { approved: true } });
      expect([which, result.status, result.body.code]).toEqual([
        which,
        410,
        "CALLBACK_GONE",
      ]);
    }
    expect(await rowCounts(t)).toEqual(before);
    // A deleted run's tokens are unknown.
    await untilStatus(t, answered, "completed");
    await t.run((ctx) => flows.cleanup(ctx, answered));
    await drainNow(t);
    const deleted = await post(t, urls.answered, { value: { approved: true } });
    expect(deleted).toMatchObject({
      status: 404,
      body: { code: "CALLBACK_NOT_FOUND" },
    });
  });

  test("a quorum takes one decision per token; a custom notify records its own name", async () => {
    const t = makeTest();
    const runId = await startLinked(t, {
      draft: "Hello",
      notify: "slack",
      assignees: ["alice", "bob"],
      quorum: 2,
    });
    const url = await linkOf(t, runId);
    const first = await post(t, url, { value: { approved: true } });
    expect(first).toMatchObject({ status: 200, body: { status: "recorded" } });
    expect((await getRun(t, runId))?.status).toBe("waiting");
    const again = await post(t, url, { value: { approved: true } });
    expect(again).toMatchObject({
      status: 410,
      body: { code: "CALLBACK_GONE" },
    });
    await t.run((ctx) =>
      flows.signal(ctx, {
        runId,
        signal: approval,
        value: { approved: true },
        by: "alice",
      }),
    );
    await untilStatus(t, runId, "completed");
    const [request] = await history(t, runId);
    expect(request!.decisions.map((d) => d.by).sort()).toEqual([
      "alice",
      "slack",
    ]);
    expect(request!.outcome).toBe("approved");
  });

  test("a failing notify leaves the request without a callback, logged, and still answerable", async () => {
    const t = makeTest();
    const runId = await startLinked(t, { draft: "Hello", notify: "failing" });
    // The notify mutation's own write rolled back with it.
    expect(await links(t, runId)).toEqual([]);
    const events = (await t.run((ctx) => flows.listEvents(ctx, runId))).events;
    expect(events.at(-1)).toMatchObject({
      type: "run.signal.callbackFailed",
      data: { signal: "approval", message: expect.stringContaining("chat") },
    });
    const [request] = await history(t, runId);
    expect(request!.callback).toEqual({ by: "callback" });
    await t.run((ctx) =>
      flows.signal(ctx, {
        runId,
        signal: approval,
        value: { approved: false },
        by: "alice",
      }),
    );
    await untilStatus(t, runId, "completed");
  });

  test("a signal not listed in httpApi's signals takes no callbacks", async () => {
    const t = makeTest();
    const runId = await startLinked(t, { draft: "Hello", signal: "vote" });
    const url = await linkOf(t, runId);
    const before = await rowCounts(t);
    const result = await post(t, url, { value: { choice: "yes" } });
    expect(result).toMatchObject({
      status: 404,
      body: {
        code: "CALLBACK_NOT_FOUND",
        message: expect.stringContaining("vote"),
      },
    });
    expect(await rowCounts(t)).toEqual(before);
  });
});

describe("callback settings", () => {
  const notify = internal.callbacks.notify;

  test("a callback needs a notify mutation and a site URL", async () => {
    await expectCode(
      callbackArgs(
        resolveCallbackSettings({ siteUrl: "https://x.convex.site" }),
        true,
      ),
      "INVALID_ARGUMENT",
    );
    const saved = process.env.CONVEX_SITE_URL;
    delete process.env.CONVEX_SITE_URL;
    try {
      const { message } = await expectCode(
        callbackArgs(resolveCallbackSettings({ notify }), true),
        "INVALID_ARGUMENT",
      );
      expect(message).toContain("CONVEX_SITE_URL");
      process.env.CONVEX_SITE_URL = "https://from-env.convex.site/";
      // Read when the settings are made (the instance), not later.
      const settings = resolveCallbackSettings({ notify, basePath: "/api/" });
      delete process.env.CONVEX_SITE_URL;
      expect(settings).toMatchObject({
        siteUrl: "https://from-env.convex.site/",
        basePath: "/api",
      });
      await expectCode(
        callbackArgs(resolveCallbackSettings({ notify, siteUrl: "ftp://x" }), {
          by: "x",
        }),
        "INVALID_ARGUMENT",
      );
    } finally {
      if (saved === undefined) delete process.env.CONVEX_SITE_URL;
      else process.env.CONVEX_SITE_URL = saved;
    }
  });

  test("httpApi refuses to serve callbacks where the instance does not point them", () => {
    expect(() =>
      flows.httpApi(httpRouter(), {
        basePath: "/elsewhere",
        api: {} as never,
        signals: [approval],
      }),
    ).toThrow(/callbacks.basePath/);
  });
});
