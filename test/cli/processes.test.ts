// @vitest-environment node
// Several CLI processes sharing one offline runtime: a watched run waiting
// for an approval is answered by `signal` from a second process, and runs
// on a `serve`d runtime are listed, read, canceled and their events shown.
import { afterEach, expect, test } from "vitest";
import {
  AGENT,
  CLI_TIMEOUT,
  REPLY_INPUT,
  cli,
  killAll,
  start,
  stateDir,
} from "./harness.js";

afterEach(killAll);

test(
  "run --watch waits for an approval that `signal` in a second process answers",
  async () => {
    const state = stateDir();
    const watcher = start(
      ["run", "approvedReply", "--input", REPLY_INPUT, "--watch", ...AGENT],
      state,
    );
    const [, runId] = await watcher.waitFor(/^run (\S+) \(approvedReply\)$/m);
    const [, requestId] = await watcher.waitFor(
      /^waiting for reply-approval for team:support: Send the reply to Ada\? \(request (\S+)\)$/m,
    );
    expect(watcher.stderr()).toContain(
      `answer, e.g.: convex-agent-workflows signal ${runId} reply-approval`,
    );

    // The second process finds the runtime the first one hosts.
    const inbox = await cli(
      ["inbox", "--assignee", "team:support", "--json", ...AGENT],
      state,
    );
    expect(inbox.code).toBe(0);
    expect(JSON.parse(inbox.stdout)).toEqual([
      expect.objectContaining({
        requestId,
        runId,
        signal: "reply-approval",
        status: "pending",
      }),
    ]);

    const refused = await cli(
      [
        "signal",
        runId!,
        "reply-approval",
        "--value",
        '{"approved": true}',
        "--as",
        "customer:eve",
      ],
      state,
    );
    expect(refused.code).toBe(4);
    expect(refused.stderr).toBe(
      "error: NOT_AUTHORIZED: Not allowed: sendSignal.\n",
    );

    const badValue = await cli(
      [
        "signal",
        runId!,
        "reply-approval",
        "--value",
        '{"approved": "yes"}',
        ...AGENT,
      ],
      state,
    );
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toMatch(/^error: INVALID_SIGNAL_VALUE: /);

    const answer = await cli(
      [
        "signal",
        runId!,
        "reply-approval",
        "--value",
        '{"approved": true, "editedReply": "Refunded, Ada."}',
        "--request",
        requestId!,
        ...AGENT,
      ],
      state,
    );
    expect(answer.stderr).toBe("");
    expect(answer.code).toBe(0);
    expect(JSON.parse(answer.stdout)).toMatchObject({ requestId });

    const result = await watcher.done;
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      status: "sent",
      reply: "Refunded, Ada.",
    });
    expect(result.stderr).toMatch(/^step completed: reply-approval \(signal/m);
  },
  CLI_TIMEOUT,
);

test(
  "on a served runtime: run (idempotent, tags), watch, get, list, cancel (the watcher exits 3), restart, events",
  async () => {
    const state = stateDir();
    const server = start(["serve"], state);
    await server.waitFor(/^http:\/\/127\.0\.0\.1:\d+$/m, "stdout");

    const startArgs = [
      "run",
      "approvedReply",
      "--input",
      REPLY_INPUT,
      ...AGENT,
    ];
    const started = await cli([...startArgs, "--idempotency-key", "k1"], state);
    expect(started.code).toBe(0);
    expect(started.stderr).toBe("");
    const runId = started.stdout.trim();
    // The same key starts no second run.
    const again = await cli([...startArgs, "--idempotency-key", "k1"], state);
    expect(again.stdout).toBe(`${runId}\n`);
    // The demo decides no tags: asking for one is refused as bad input.
    const tagged = await cli([...startArgs, "--tag", "vip"], state);
    expect(tagged.code).toBe(2);
    expect(tagged.stderr).toMatch(
      /^error: INVALID_ARGUMENT: Clients may not set tags/,
    );

    const watcher = start(["watch", runId, ...AGENT], state);
    await watcher.waitFor(/^waiting for reply-approval/m);

    const got = await cli(["get", runId, ...AGENT], state);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({
      runId,
      name: "approvedReply",
      status: "waiting",
      owner: "support:ana",
      input: JSON.parse(REPLY_INPUT),
    });

    const listed = await cli(
      ["list", "--status", "waiting", "--name", "approvedReply", ...AGENT],
      state,
    );
    expect(listed.code).toBe(0);
    expect(listed.stdout.split("\t").slice(0, 4)).toEqual([
      runId,
      "waiting",
      "approvedReply",
      "1/2",
    ]);
    const none = await cli(
      ["list", "--json", "--status", "failed", ...AGENT],
      state,
    );
    expect(JSON.parse(none.stdout)).toEqual([]);
    const badStatus = await cli(["list", "--status", "done", ...AGENT], state);
    expect(badStatus.code).toBe(2);

    // A customer may not read a support agent's run: refused, exit 4.
    const foreign = await cli(["get", runId, "--as", "customer:eve"], state);
    expect(foreign.code).toBe(4);
    expect(foreign.stderr).toBe(
      "error: NOT_AUTHORIZED: Not allowed: getRun.\n",
    );

    // Only a finished run restarts: refused in its state, exit 4.
    const early = await cli(["restart", runId, ...AGENT], state);
    expect(early.code).toBe(4);
    expect(early.stderr).toMatch(/^error: RUN_NOT_FINISHED: /);

    const follower = start(["events", runId, "--follow", ...AGENT], state);
    await follower.waitFor(/\trun\.created\t/, "stdout");

    const canceled = await cli(["cancel", runId, ...AGENT], state);
    expect(canceled.code).toBe(0);
    expect(canceled.stdout).toBe(`canceled ${runId}\n`);

    const watched = await watcher.done;
    expect(watched.code).toBe(3);
    expect(watched.stdout).toBe("");
    expect(watched.stderr).toMatch(/^canceled in /m);

    const followed = await follower.done;
    expect(followed.code).toBe(0);
    expect(followed.stdout).toMatch(/^\d+\t\S+\trun\.canceled\t/m);

    const restarted = await cli(["restart", runId, ...AGENT], state);
    expect(restarted.code).toBe(0);
    expect(restarted.stdout).toBe(`restarted ${runId}\n`);

    const events = await cli(["events", runId, "--json", ...AGENT], state);
    expect(events.code).toBe(0);
    const types = events.stdout
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types[0]).toBe("run.created");
    expect(types).toEqual(
      expect.arrayContaining(["run.canceled", "run.restarted"]),
    );

    server.child.kill("SIGINT");
    const served = await server.done;
    expect(served.code).toBe(0);
    // Its data went with it: a new command starts a fresh runtime.
    const fresh = await cli(["get", runId, ...AGENT], state);
    expect(fresh.code).not.toBe(0);
  },
  CLI_TIMEOUT,
);
