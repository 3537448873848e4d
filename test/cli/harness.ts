// Runs the built bin (dist/cli/index.js) as a user does, against the demo
// app's offline runtime. Each test gets its own state dir, so the processes
// of one test find each other's runtime and no other test's.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repo = fileURLToPath(new URL("../..", import.meta.url));
const bin = path.join(repo, "dist/cli/index.js");

/** Spawning node and loading the app take seconds; be generous. */
export const CLI_TIMEOUT = 90_000;

/** A support agent (convex/users.ts): may start, read and answer runs. */
export const AGENT = ["--as", "support:ana"];

export type Result = { code: number | null; stdout: string; stderr: string };

/** A running CLI process, its output so far and a way to wait for it. */
export type Running = {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr (or stdout) matches `pattern`; its match. */
  waitFor(
    pattern: RegExp,
    stream?: "stdout" | "stderr",
  ): Promise<RegExpMatchArray>;
  done: Promise<Result>;
};

/** Every process `start` started, until `killAll` ends them. */
const started: ChildProcess[] = [];

/** End every process still running (call after each test). */
export function killAll(): void {
  for (const child of started.splice(0)) child.kill("SIGKILL");
}

/** A fresh state dir: the offline runtimes these processes share. */
export function stateDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "cli-test-state-"));
}

/** The command line that runs the built bin with `args`. */
export function binCommand(args: string[]): string[] {
  if (!fs.existsSync(bin))
    throw new Error(`${bin} is missing: run npm run build first`);
  return [process.execPath, bin, ...args];
}

/**
 * Start `convex-agent-workflows ...args` with `state` as its state dir
 * (`options.command`: another command line that runs it, e.g. in a pty).
 */
export function start(
  args: string[],
  state: string,
  options: { stdin?: string; command?: string[]; keepStdinOpen?: boolean } = {},
): Running {
  const [file, ...fileArgs] = options.command ?? binCommand(args);
  const child = spawn(file!, fileArgs, {
    cwd: repo,
    env: {
      ...process.env,
      CONVEX_AGENT_WORKFLOWS_STATE_DIR: state,
      CONVEX_URL: "",
      CONVEX_AUTH_TOKEN: "",
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  started.push(child);
  let stdout = "";
  let stderr = "";
  const waiters: (() => void)[] = [];
  const changed = () => waiters.splice(0).forEach((w) => w());
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    changed();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    changed();
  });
  if (options.keepStdinOpen) child.stdin!.write(options.stdin ?? "");
  else child.stdin!.end(options.stdin ?? "");
  const done = new Promise<Result>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  const waitFor = (pattern: RegExp, stream: "stdout" | "stderr" = "stderr") =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = (stream === "stdout" ? stdout : stderr).match(pattern);
        if (match) return resolve(match);
        if (child.exitCode !== null)
          return reject(
            new Error(`exited ${child.exitCode} before ${pattern}:\n${stderr}`),
          );
        waiters.push(check);
      };
      check();
    });
  void done.then(changed);
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor,
    done,
  };
}

/** Run `convex-agent-workflows ...args` to its end. */
export function cli(
  args: string[],
  state: string,
  options: { stdin?: string } = {},
): Promise<Result> {
  return start(args, state, options).done;
}

/** The demo's quickReply input. */
export const REPLY_INPUT = JSON.stringify({
  customer: "Ada",
  points: ["Your refund was issued", "It takes 3 days"],
});
