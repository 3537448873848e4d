// @vitest-environment node
// The deployment path (--url with a user's token) against a served offline
// runtime, a watcher whose runtime's host dies, and answering an approval
// at the prompt of an interactive terminal (a pty made by `script`).
import { afterEach, expect, test } from "vitest";
import { devToken } from "../../src/offline/auth.js";
import {
  AGENT,
  CLI_TIMEOUT,
  REPLY_INPUT,
  binCommand,
  cli,
  killAll,
  start,
  stateDir,
  type Running,
} from "./harness.js";

afterEach(killAll);

async function serve(state: string): Promise<{ server: Running; url: string }> {
  const server = start(["serve"], state);
  const [url] = await server.waitFor(/^http:\/\/127\.0\.0\.1:\d+$/m, "stdout");
  return { server, url: url! };
}

test(
  "--url with --token: the client path a deployment takes",
  async () => {
    const state = stateDir();
    const { url } = await serve(state);
    // Another state dir: nothing to find there, so only --url leads to the runtime.
    const elsewhere = stateDir();
    const token = devToken({ subject: "support:ana" });
    const result = await cli(
      [
        "run",
        "quickReply",
        "--input",
        REPLY_INPUT,
        "--watch",
        "--url",
        url,
        "--token",
        token,
      ],
      elsewhere,
    );
    expect(result.stderr).toMatch(/^completed in /m);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      words: expect.any(Number),
    });

    const forged = await cli(
      ["list", "--url", url, "--token", "not-a-jwt"],
      elsewhere,
    );
    expect(forged.code).toBe(4);
    expect(forged.stderr).toBe(
      "error: sign-in refused: the backend does not accept this token\n",
    );

    const anonymous = await cli(["list", "--url", url], elsewhere);
    expect(anonymous.code).toBe(4);

    const impersonate = await cli(
      ["list", "--url", url, "--as", "support:ana"],
      elsewhere,
    );
    expect(impersonate.code).toBe(2);
    expect(impersonate.stderr).toBe(
      "error: --as on a deployment needs an admin or deploy key (--admin-key); or sign in with --token\n",
    );
  },
  CLI_TIMEOUT,
);

test(
  "a watcher whose runtime's host ends says so and exits 5",
  async () => {
    const state = stateDir();
    const { server } = await serve(state);
    const started = await cli(
      ["run", "approvedReply", "--input", REPLY_INPUT, ...AGENT],
      state,
    );
    const runId = started.stdout.trim();
    const watcher = start(["watch", runId, ...AGENT], state);
    await watcher.waitFor(/^waiting for reply-approval/m);
    server.child.kill("SIGKILL");
    const result = await watcher.done;
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      /^error: the process hosting the offline runtime \(\d+\) has ended, and its runs with it$/m,
    );
  },
  CLI_TIMEOUT,
);

test(
  "in an interactive terminal, the watcher offers to answer the approval",
  async () => {
    const state = stateDir();
    const command = binCommand([
      "run",
      "approvedReply",
      "--input",
      REPLY_INPUT,
      "--watch",
      ...AGENT,
    ])
      .map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`)
      .join(" ");
    // `script` runs the command in a pty and passes our stdin to it.
    const terminal = start([], state, {
      command: ["script", "-qec", command, "/dev/null"],
      keepStdinOpen: true,
    });
    await terminal.waitFor(
      /answer reply-approval now\? \[a\]pprove, \[r\]eject, \[e\]dit, \[s\]kip: /,
      "stdout",
    );
    terminal.child.stdin!.write("e\n");
    await terminal.waitFor(/value to send as JSON/, "stdout");
    terminal.child.stdin!.write(
      '{"approved": true, "editedReply": "Refunded at the prompt."}\n',
    );
    const result = await terminal.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\[#{24}\] 100% completed Done/);
    expect(result.stdout).toContain("✓ reply-approval (signal");
    expect(result.stdout).toContain(
      '{\r\n  "reply": "Refunded at the prompt.",\r\n  "status": "sent"\r\n}',
    );
  },
  CLI_TIMEOUT,
);
