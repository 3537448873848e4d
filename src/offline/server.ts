// The offline backend's HTTP server: the sync WebSocket at
// /api/<version>/sync, /health, optional static files; and the poll that
// pushes changes made by scheduled functions to every client.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { Connection } from "./connection.js";
import { brief, type Logger } from "./log.js";
import type { OfflineRuntime } from "./runtime.js";
import { MutationLog } from "./sessions.js";
import { serveStatic } from "./static.js";
import { QueryCache } from "./subscriptions.js";

/** Any client version: the client appends its own. */
const SYNC_PATH = /^\/api\/[^/]+\/sync\/?$/;

export type ServerOptions = {
  host: string;
  port: number;
  staticDir?: string;
  /** How often subscribed queries are re-checked for changes. */
  pollMs: number;
  runtime: OfflineRuntime;
  log: Logger;
};

export class OfflineServer {
  private readonly connections = new Set<Connection>();
  private readonly cache: QueryCache;
  private readonly mutationLog = new MutationLog();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly http: http.Server;
  private pollTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private nextConnection = 1;

  private constructor(private readonly options: ServerOptions) {
    const { runtime } = options;
    this.cache = new QueryCache((udfPath, args, identity) =>
      runtime.run("query", udfPath, args, identity),
    );
    this.http = http.createServer((req, res) => this.handleHttp(req, res));
    this.http.on("upgrade", (req, socket, head) => {
      const { pathname } = new URL(req.url ?? "/", "http://localhost");
      if (!SYNC_PATH.test(pathname)) {
        socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const name = `client ${this.nextConnection++}`;
        const connection = new Connection(
          ws,
          name,
          runtime,
          this.cache,
          this.mutationLog,
          options.log,
        );
        this.connections.add(connection);
        ws.on("close", () => this.connections.delete(connection));
      });
    });
  }

  static async listen(options: ServerOptions): Promise<OfflineServer> {
    const server = new OfflineServer(options);
    await new Promise<void>((resolve, reject) => {
      server.http.once("error", reject);
      server.http.listen(options.port, options.host, () => {
        server.http.off("error", reject);
        resolve();
      });
    });
    server.schedulePoll();
    return server;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Cut every client's socket, as a backend restart would. */
  dropConnections(): number {
    const count = this.connections.size;
    for (const connection of this.connections) connection.drop();
    this.connections.clear();
    return count;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.dropConnections();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private schedulePoll(): void {
    if (this.closing) return;
    this.pollTimer = setTimeout(() => void this.poll(), this.options.pollMs);
    this.pollTimer.unref();
  }

  /**
   * Scheduled functions (workflow steps, workpools) write with no client
   * involved: when the latest commit moves, re-run subscriptions.
   */
  private async poll(): Promise<void> {
    try {
      if (this.connections.size > 0) {
        const ts = await this.options.runtime.snapshotTs();
        await Promise.all(
          [...this.connections]
            .filter((c) => c.querySet.needsTransition(ts))
            .map((c) => c.requestSync()),
        );
      }
    } catch (error) {
      this.options.log(`poll failed: ${brief(error)}`);
    } finally {
      this.schedulePoll();
    }
  }

  private handleHttp(req: http.IncomingMessage, res: http.ServerResponse) {
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    if (pathname === "/health") {
      res.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-store",
      });
      res.end(JSON.stringify({ ok: true, offline: true }));
      return;
    }
    const { staticDir } = this.options;
    if (staticDir && serveStatic(staticDir, req, res)) return;
    if (!staticDir && pathname === "/" && req.method === "GET") {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      res.end(
        "Offline, in-memory development backend (convex-test) for an app's convex/ folder.\n" +
          "Not a Convex deployment: nothing is saved. Connect a ConvexClient or\n" +
          `ConvexReactClient to http://${req.headers.host ?? "this host"}.\n`,
      );
      return;
    }
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end(`Not found: ${pathname} (offline in-memory backend)\n`);
  }
}
