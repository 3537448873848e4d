// The offline target: an in-memory runtime of the app's own convex/ folder
// (src/offline), shared by every CLI process on this machine through a small
// state file. The first process that needs it and finds none hosts it
// in-process; later processes (e.g. `signal` while another process runs
// `run --watch`) find it and connect to it. Its data lives as long as the
// hosting process.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { OfflineBackend } from "../offline/index.js";
import { CliError, EXIT } from "./exitCodes.js";
import { env, err, isAlive, onExit, pid } from "./io.js";

/** What the state file says about a running host. */
export type HostState = {
  url: string;
  pid: number;
  appDir: string;
  startedAt: number;
};

/** A running offline runtime: found in another process, or hosted by this one. */
export type OfflineHost = {
  url: string;
  /** The hosting process's id. */
  pid: number;
  /** Whether this process hosts it (it stops when this process ends). */
  hosted: boolean;
  /** Stop hosting (no-op for a runtime found in another process). */
  close(): Promise<void>;
};

/**
 * Where the state file of `appDir`'s host lives: the system's temp dir, or
 * `CONVEX_AGENT_WORKFLOWS_STATE_DIR` (to keep separate sets of processes apart).
 */
export function statePath(appDir: string): string {
  const hash = crypto
    .createHash("sha256")
    .update(path.resolve(appDir))
    .digest("hex")
    .slice(0, 16);
  const dir = env.CONVEX_AGENT_WORKFLOWS_STATE_DIR || os.tmpdir();
  return path.join(dir, `convex-agent-workflows-offline-${hash}.json`);
}

function readState(file: string): HostState | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(file, "utf8")) as HostState;
    return typeof state.url === "string" && typeof state.pid === "number"
      ? state
      : undefined;
  } catch {
    return undefined;
  }
}

async function answersHealth(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, {
      // Generous: a busy host (the app runs in its process) answers late.
      signal: AbortSignal.timeout(5000),
    });
    const body = (await response.json()) as { offline?: unknown };
    return response.ok && body.offline === true;
  } catch {
    return false;
  }
}

/** The running host of `appDir`, if its process is alive and it answers. */
export async function findHost(appDir: string): Promise<HostState | undefined> {
  const state = readState(statePath(appDir));
  if (!state || !isAlive(state.pid)) return undefined;
  return (await answersHealth(state.url)) ? state : undefined;
}

/** Load the TypeScript loader the app's convex/*.ts files need. */
async function registerTypeScript(): Promise<void> {
  try {
    const { register } = await import("tsx/esm/api");
    register();
  } catch {
    throw new CliError(
      "the offline target needs tsx to load convex/*.ts (npm install tsx), or pass --url",
      EXIT.UNAVAILABLE,
    );
  }
}

async function loadOfflineBackend(): Promise<
  typeof import("../offline/index.js")
> {
  try {
    await import("convex-test");
  } catch {
    throw new CliError(
      "the offline target needs convex-test (npm install --save-dev convex-test), or pass --url for a deployment",
      EXIT.UNAVAILABLE,
    );
  }
  return await import("../offline/index.js");
}

/**
 * Host `appDir`'s runtime in this process, listening on `port` (0: any free
 * one), and write the state file other processes find it by (removed when
 * this process ends).
 */
export async function hostRuntime(
  appDir: string,
  options: { port?: number; verbose?: boolean } = {},
): Promise<OfflineHost> {
  if (!fs.existsSync(appDir)) {
    throw new CliError(
      `no Convex functions folder at ${appDir} (pass --app-dir, or --url for a deployment)`,
      EXIT.USAGE,
    );
  }
  await registerTypeScript();
  const { startOfflineBackend, listenProblem, routeFunctionLogs } =
    await loadOfflineBackend();
  // The app's log lines must not mix with results on stdout.
  routeFunctionLogs(options.verbose ? err : false);
  let backend: OfflineBackend;
  try {
    backend = await startOfflineBackend({
      appDir,
      port: options.port ?? 0,
      log: options.verbose ? (line) => err(line) : false,
    });
  } catch (error) {
    const problem = listenProblem(
      error,
      "127.0.0.1",
      options.port ?? 0,
      "--port",
    );
    throw new CliError(
      problem ??
        `cannot load the app in ${appDir}: ${(error as Error).message.split("\n")[0]}`,
      problem ? EXIT.USAGE : EXIT.UNAVAILABLE,
    );
  }
  const file = statePath(appDir);
  const state: HostState = {
    url: backend.url,
    pid,
    appDir: path.resolve(appDir),
    startedAt: Date.now(),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(state));
  const forget = () => {
    // Only our own: another process may have started a host since.
    if (readState(file)?.pid === pid) fs.rmSync(file, { force: true });
  };
  onExit(forget);
  return {
    url: backend.url,
    pid,
    hosted: true,
    close: async () => {
      forget();
      await backend.close();
    },
  };
}

/**
 * The runtime of `appDir`: the one another process hosts, or a fresh one
 * hosted here.
 */
export async function offlineHost(
  appDir: string,
  options: { verbose?: boolean } = {},
): Promise<OfflineHost> {
  const found = await findHost(appDir);
  if (found) {
    return {
      url: found.url,
      pid: found.pid,
      hosted: false,
      close: async () => {},
    };
  }
  return await hostRuntime(appDir, options);
}
