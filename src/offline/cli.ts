// npx tsx src/offline/cli.ts [--port 3210] [--host 127.0.0.1] [--static dir]
// Starts the offline, in-memory development backend for the demo app and
// prints the URL to give ConvexReactClient. Not a Convex deployment:
// nothing is saved; Ctrl-C stops it and its data is gone.
import { parseArgs } from "node:util";
import {
  listenProblem,
  OFFLINE_LABEL,
  routeFunctionLogs,
  startOfflineBackend,
} from "./index.js";

// Held from the start: @convex-dev/workflow unsets globalThis.process while
// its handlers run.
const stdout = process.stdout;

const USAGE =
  "usage: npx tsx src/offline/cli.ts [--port 3210] [--host 127.0.0.1] [--static dir] [--poll-ms 75]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "3210" },
      host: { type: "string", default: "127.0.0.1" },
      static: { type: "string" },
      "poll-ms": { type: "string", default: "75" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  const pollMs = Number(values["poll-ms"]);
  if (!Number.isInteger(port) || port < 0 || !(pollMs > 0)) {
    throw new Error(USAGE);
  }
  routeFunctionLogs((line) => stdout.write(`${line}\n`));
  const backend = await startOfflineBackend({
    host: values.host,
    port,
    staticDir: values.static,
    pollMs,
  }).catch((error: unknown) => {
    const problem = listenProblem(error, values.host, port, "--port");
    throw problem ? new Error(problem) : error;
  });
  const say = (line: string) => stdout.write(`${OFFLINE_LABEL} ${line}\n`);
  say(`URL: ${backend.url}`);
  say(
    `use it as: new ConvexReactClient("${backend.url}") (VITE_CONVEX_URL=${backend.url})`,
  );
  say("Ctrl-C to stop");
  const stop = () => {
    say("stopping");
    // The app's workpools leave timers behind; exit once the server is closed.
    void backend.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${OFFLINE_LABEL} failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
