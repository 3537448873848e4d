// An offline, in-memory development and test backend for an app's Convex
// functions folder (default: this repository's demo app, convex/): convex-test behind the Convex sync protocol, so the real
// ConvexClient / ConvexReactClient, useQuery and useMutation work unchanged,
// with live updates, in Node, jsdom and the browser. It is NOT a Convex
// deployment: one process, nothing saved.
//
// Sign-in: a client's `setAuth` token is decoded and its functions run with
// that identity, but NO SIGNATURE IS CHECKED (./auth.ts): any client can
// claim to be anyone. Development and tests only.
//
//   const backend = await startOfflineBackend();
//   const client = new ConvexClient(backend.url, { webSocketConstructor: WebSocket });
//   client.setAuth(async () => devToken({ subject: "customer:ada" }));
import { makeLogger, type LogOption } from "./log.js";
import { DEFAULT_APP_DIR, OfflineRuntime } from "./runtime.js";
import type { DemoConvex } from "./app.js";
import { OfflineServer } from "./server.js";

/** The label every log line starts with. */
export { LABEL as OFFLINE_LABEL, routeFunctionLogs } from "./log.js";
export { devToken, type DevIdentityClaims } from "./auth.js";

export type OfflineBackendOptions = {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: any free port; read it from the result). */
  port?: number;
  /** Serve this directory's files too (index.html for other GET routes). */
  staticDir?: string;
  /** Log lines (each starts with the offline label); false for none. */
  log?: LogOption;
  /** How often subscriptions are re-checked for changes (default 75 ms). */
  pollMs?: number;
  /** The Convex functions directory (default: the demo app, convex/). */
  appDir?: string;
};

export type OfflineBackend = {
  /** What `new ConvexReactClient(url, ...)` takes: http://host:port. */
  url: string;
  port: number;
  /** The convex-test instance behind it, to seed or inspect data. */
  t: DemoConvex;
  /** Clients currently connected. */
  connectionCount(): number;
  /** Cut every client's socket (they reconnect and re-subscribe). */
  dropConnections(): number;
  close(): Promise<void>;
};

/**
 * What to tell a person when the backend cannot listen: for a busy port or
 * a port not allowed, one line saying so and how to pick another (`hint`,
 * e.g. "--port 5174"); undefined for any other error.
 */
export function listenProblem(
  error: unknown,
  host: string,
  port: number,
  hint: string,
): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "EADDRINUSE") {
    return `Port ${port} on ${host} is already in use. Choose another with ${hint}.`;
  }
  if (code === "EACCES") {
    return `Not allowed to listen on port ${port} on ${host}. Choose another with ${hint}.`;
  }
  return undefined;
}

export async function startOfflineBackend(
  options: OfflineBackendOptions = {},
): Promise<OfflineBackend> {
  const {
    host = "127.0.0.1",
    port = 0,
    staticDir,
    pollMs = 75,
    appDir = DEFAULT_APP_DIR,
  } = options;
  const log = makeLogger(options.log);
  const started = performance.now();
  const runtime = await OfflineRuntime.create(appDir);
  const server = await OfflineServer.listen({
    host,
    port,
    staticDir,
    pollMs,
    runtime,
    log,
  });
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const url = `http://${urlHost}:${server.port}`;
  log(
    `serving ${appDir} at ${url} (WebSocket ${url.replace(/^http/, "ws")}/api/<version>/sync` +
      `${staticDir ? `, static files from ${staticDir}` : ""}), ready in ` +
      `${Math.round(performance.now() - started)} ms`,
  );
  log(
    "sign-in: setAuth tokens are decoded WITHOUT any signature check " +
      "(unsigned dev tokens, dev only: any client can claim any identity)",
  );
  let closed: Promise<void> | null = null;
  return {
    url,
    port: server.port,
    t: runtime.t,
    connectionCount: () => server.connectionCount,
    dropConnections: () => {
      const count = server.dropConnections();
      log(`dropped ${count} connection(s)`);
      return count;
    },
    close: () => {
      closed ??= server.close().then(() => log("stopped; its data is gone"));
      return closed;
    },
  };
}
