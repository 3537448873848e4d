// npm run demo: build the demo UI and serve it, with the demo app's backend
// on the OFFLINE, IN-MEMORY development backend (convex-test behind the
// Convex sync protocol, src/offline/), at http://127.0.0.1:5173
// (`--port` / `PORT` and `--host` choose another address).
// Not a deployment: nothing is saved. `npm run dev` runs the same UI
// against a real Convex deployment instead.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "vite";
import {
  listenProblem,
  OFFLINE_LABEL,
  startOfflineBackend,
} from "../../src/offline/index.js";

// Held from the start: @convex-dev/workflow unsets globalThis.process
// while its handlers run.
const stdout = process.stdout;
const repo = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);

const USAGE =
  "Usage: npm run demo -- [--port 5173] [--host 127.0.0.1] (or PORT=5173 npm run demo)";

/** Say what is wrong, in one line, and stop. */
function fail(message: string): never {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.PORT ?? "5173" },
      host: { type: "string", default: "127.0.0.1" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`Not a port: "${values.port}". ${USAGE}`);
  }
  stdout.write("Building the demo UI (example/)...\n");
  await build({
    configFile: path.join(repo, "example/vite.config.ts"),
    logLevel: "warn",
  });
  const backend = await startOfflineBackend({
    host: values.host,
    port,
    staticDir: path.join(repo, "example/dist"),
  }).catch((error: unknown) => {
    const problem = listenProblem(
      error,
      values.host,
      port,
      "`npm run demo -- --port 5174` or `PORT=5174 npm run demo`",
    );
    if (problem) fail(problem);
    throw error;
  });
  stdout.write(
    [
      "",
      `  Demo app: ${backend.url}`,
      "",
      "  Backend: an in-memory, OFFLINE development backend (convex-test)",
      "  speaking the Convex sync protocol. Not a Convex deployment: nothing",
      "  is saved, and Ctrl-C ends it with its data. LLM steps use the offline",
      "  rules model unless OPENAI_API_KEY is set.",
      "",
      "  Users: customers Ada (customer:ada) and Ben (customer:ben), support",
      '  agents Ana (support:ana) and Raj (support:raj). "Acting as" signs the',
      "  tab in with an unsigned dev token: the offline backend does no",
      "  signature check (dev only).",
      "",
      "  Try: as Ada, New ticket → watch the run → switch to Ben (he cannot",
      "  see it) → switch to Ana → approve it in Approvals.",
      "",
    ].join("\n") + "\n",
  );
  const stop = () => {
    stdout.write(`${OFFLINE_LABEL} stopping\n`);
    // The app's workpools leave timers behind: exit once the server closed.
    void backend.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `demo failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
