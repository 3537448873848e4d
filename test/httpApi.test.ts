// The HTTP API (flows.httpApi) through convex-test's `fetch`: every route,
// the owner model of publicApi behind it, errors as { code, message } with
// their statuses, and nothing written when a call is refused.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { RunId } from "../src/client/index.js";
import {
  getRun,
  makeTest,
  rowCounts,
  settle,
  untilStatus,
  type TestApp,
} from "./harness.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const as = (t: TestApp, subject: string) =>
  t.withIdentity({ subject, tokenIdentifier: `test|${subject}` });

type Fetcher = { fetch: TestApp["fetch"] };

async function call(
  who: Fetcher,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await who.fetch(`/wf${path}`, {
    method,
    headers: { "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json(), response };
}

const review = { draft: "Hello", key: "http", assignees: ["alice"] };

describe("the HTTP API", () => {
  test("start, read, answer and see a run end, as its owner", async () => {
    const t = makeTest();
    const alice = as(t, "alice");
    const started = await call(alice, "POST", "/workflows/review", {
      input: review,
      idempotencyKey: "h1",
    });
    expect(started).toMatchObject({
      status: 200,
      body: { runId: expect.any(String) },
    });
    const runId = started.body.runId as RunId;
    expect((await getRun(t, runId))?.owner).toBe("alice");
    await untilStatus(t, runId, "waiting");

    const run = await call(alice, "GET", `/runs/${runId}`);
    expect(run).toMatchObject({
      status: 200,
      body: { runId, status: "waiting" },
    });
    const steps = await call(alice, "GET", `/runs/${runId}/steps`);
    expect(steps.body.page.length).toBeGreaterThan(0);
    const events = await call(alice, "GET", `/runs/${runId}/events?after=0`);
    expect(events.body.events[0]).toMatchObject({
      seq: 1,
      type: "run.created",
    });

    const sent = await call(alice, "POST", `/runs/${runId}/signals/approval`, {
      value: { approved: true },
    });
    expect(sent).toMatchObject({ status: 200, body: { status: "delivered" } });
    await untilStatus(t, runId, "completed");
    // A second decision: the request is settled.
    const again = await call(alice, "POST", `/runs/${runId}/signals/approval`, {
      value: { approved: true },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("RUN_FINISHED");
  });

  test("cancel and restart through their routes", async () => {
    const t = makeTest();
    const alice = as(t, "alice");
    const { body } = await call(alice, "POST", "/workflows/review", {
      input: review,
    });
    const runId = body.runId as RunId;
    await untilStatus(t, runId, "waiting");
    const restartEarly = await call(
      alice,
      "POST",
      `/runs/${runId}/restart`,
      {},
    );
    expect(restartEarly).toMatchObject({
      status: 409,
      body: { code: "RUN_NOT_FINISHED" },
    });
    expect(await call(alice, "POST", `/runs/${runId}/cancel`)).toMatchObject({
      status: 200,
      body: { runId, canceled: true },
    });
    expect((await getRun(t, runId))?.status).toBe("canceled");
    expect(
      await call(alice, "POST", `/runs/${runId}/restart`, { from: 0 }),
    ).toMatchObject({ status: 200, body: { restarted: true } });
    await untilStatus(t, runId, "waiting");
  });

  test("refusals: 401 without identity, 403 for another owner, nothing written", async () => {
    const t = makeTest();
    const { body } = await call(as(t, "alice"), "POST", "/workflows/review", {
      input: review,
    });
    const runId = body.runId as RunId;
    await untilStatus(t, runId, "waiting");
    const before = await rowCounts(t);
    const bob = as(t, "bob");
    for (const [who, status] of [
      [t, 401],
      [bob, 403],
    ] as const) {
      for (const [method, path, payload] of [
        ["GET", `/runs/${runId}`, undefined],
        ["GET", `/runs/${runId}/steps`, undefined],
        ["GET", `/runs/${runId}/events`, undefined],
        [
          "POST",
          `/runs/${runId}/signals/approval`,
          { value: { approved: true } },
        ],
        ["POST", `/runs/${runId}/cancel`, undefined],
        ["POST", `/runs/${runId}/restart`, {}],
      ] as const) {
        const result = await call(who, method, path, payload);
        expect([path, result.status, result.body.code]).toEqual([
          path,
          status,
          "NOT_AUTHORIZED",
        ]);
      }
    }
    expect(
      (await call(t, "POST", "/workflows/review", { input: review })).status,
    ).toBe(401);
    expect(await rowCounts(t)).toEqual(before);
  });

  test("bad input is 400, an unknown run 403 (it reveals nothing), an oversized input 413", async () => {
    const t = makeTest();
    const alice = as(t, "alice");
    const before = await rowCounts(t);
    const cases: [string, "GET" | "POST", string, unknown, number, string][] = [
      [
        "not JSON",
        "POST",
        "/workflows/review",
        undefined,
        400,
        "INVALID_ARGUMENT",
      ],
      [
        "unlisted workflow",
        "POST",
        "/workflows/constructor",
        {},
        400,
        "INVALID_ARGUMENT",
      ],
      [
        "bad input",
        "POST",
        "/workflows/review",
        { input: { draft: 1 } },
        400,
        "INVALID_INPUT",
      ],
      [
        "wait too long",
        "POST",
        "/workflows/review?wait=600",
        { input: review },
        400,
        "INVALID_ARGUMENT",
      ],
      ["unknown run", "GET", "/runs/nope", undefined, 403, "NOT_AUTHORIZED"],
      ["no route", "GET", "/nothing/here", undefined, 404, "NOT_FOUND"],
      [
        "too large",
        "POST",
        "/workflows/pipeline",
        { input: { words: ["w".repeat(401 * 1024)], key: "k" } },
        413,
        "INPUT_TOO_LARGE",
      ],
    ];
    for (const [what, method, path, payload, status, code] of cases) {
      const response = await alice.fetch(`/wf${path}`, {
        method,
        body:
          what === "not JSON"
            ? "{not json"
            : payload === undefined
              ? undefined
              : JSON.stringify(payload),
      });
      const body = await response.json();
      expect([what, response.status, body.code]).toEqual([what, status, code]);
      expect(typeof body.message).toBe("string");
    }
    expect(await rowCounts(t)).toEqual(before);
  });

  test("?wait= returns the ended run, or its status when time is up", async () => {
    vi.useRealTimers();
    const t = makeTest();
    const alice = as(t, "alice");
    const done = await call(alice, "POST", "/workflows/pipeline?wait=20", {
      input: { words: ["a", "b"], key: "wait" },
    });
    expect(done).toMatchObject({
      status: 200,
      body: { status: "completed", output: { text: "A B" } },
    });
    const waiting = await call(alice, "POST", "/workflows/review?wait=1", {
      input: review,
    });
    expect(waiting.status).toBe(200);
    expect(["queued", "running", "waiting"]).toContain(waiting.body.status);
    expect(waiting.body.output).toBeUndefined();
    await settle(t).catch(() => undefined);
  }, 30_000);

  test("CORS: listed origins get the headers and a preflight answer", async () => {
    const t = makeTest();
    const preflight = await t.fetch("/wf/workflows/review", {
      method: "OPTIONS",
      headers: { Origin: "https://app.example" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe(
      "https://app.example",
    );
    const other = await call(t, "GET", "/runs/x", undefined, {
      Origin: "https://evil.example",
    });
    expect(
      other.response.headers.get("Access-Control-Allow-Origin"),
    ).toBeNull();
  });

  test("events as a stream (text/event-stream): all of them, then the stream ends with the run or its time", async () => {
    vi.useRealTimers();
    const t = makeTest();
    const alice = as(t, "alice");
    const stream = (runId: string, query = "") =>
      alice.fetch(`/wf/runs/${runId}/events?after=0${query}`, {
        headers: { Accept: "text/event-stream" },
      });
    const events = (text: string) =>
      text
        .split("\n\n")
        .filter((block) => block.startsWith("id: "))
        .map(
          (block) =>
            JSON.parse(block.split("data: ")[1]!) as {
              seq: number;
              type: string;
            },
        );

    const done = await call(alice, "POST", "/workflows/pipeline?wait=20", {
      input: { words: ["a"], key: "sse" },
    });
    const finished = await stream(done.body.runId);
    expect(finished.headers.get("Content-Type")).toBe("text/event-stream");
    const all = events(await finished.text());
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.at(-1)?.type).toBe("run.completed");

    const waiting = await call(alice, "POST", "/workflows/review?wait=2", {
      input: review,
    });
    const open = await stream(waiting.body.runId, "&seconds=1");
    const sofar = events(await open.text());
    expect(sofar.map((e) => e.type)).toContain("run.signal.requested");

    expect(
      (
        await as(t, "bob").fetch(`/wf/runs/${waiting.body.runId}/events`, {
          headers: { Accept: "text/event-stream" },
        })
      ).status,
    ).toBe(403);
    expect((await stream(waiting.body.runId, "&seconds=0")).status).toBe(400);
  }, 30_000);
});
