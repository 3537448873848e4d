// Where the CLI's calls go. Both targets are reached the same way, through
// the Convex client and the app's exported publicApi functions: a
// deployment (--url / CONVEX_URL) or, by default, the offline runtime of the
// app's own convex/ folder (./offlineHost.ts).
import fs from "node:fs";
import path from "node:path";
import { ConvexClient } from "convex/browser";
import WebSocket from "ws";
import { devToken } from "../offline/auth.js";
import { publicApiRefs, type PublicApiRefs } from "./api.js";
import { CliError, EXIT } from "./exitCodes.js";
import { env, isAlive } from "./io.js";
import { offlineHost, type OfflineHost } from "./offlineHost.js";

/** How to reach the app and who to be there (the CLI's global options). */
export type TargetOptions = {
  /** A deployment's URL; default: the offline runtime. */
  url?: string;
  /** A user's JWT from the app's auth provider. */
  token?: string;
  /** A deployment's admin or deploy key. */
  adminKey?: string;
  /** Act as this subject: an unsigned dev token offline, with the admin key on a deployment. */
  as?: string;
  /** The app's Convex functions folder (offline target). */
  appDir?: string;
  /** The module that exports the publicApi functions. */
  api: string;
  /** Log the offline runtime's lines on stderr. */
  verbose?: boolean;
};

/** A connected client and the app's publicApi references. */
export type Target = {
  client: ConvexClient;
  api: PublicApiRefs;
  /** The offline runtime, when that is the target. */
  offline?: OfflineHost;
  /**
   * Rejects if the target goes away for good: the process hosting the
   * offline runtime ended (with it, its runs). Never settles otherwise.
   */
  lost: Promise<never>;
  /** Close the client (and stop a runtime this process hosts). */
  close(): Promise<void>;
};

/** How often a runtime hosted by another process is checked for life. */
const HOST_CHECK_MS = 1000;

/**
 * Rejects once the process hosting `host` has ended: the client would
 * otherwise try to reconnect to it forever.
 */
function whenHostEnds(host: OfflineHost): {
  lost: Promise<never>;
  stop(): void;
} {
  let timer: ReturnType<typeof setInterval> | undefined;
  const lost = new Promise<never>((_resolve, reject) => {
    if (host.hosted) return;
    timer = setInterval(() => {
      if (isAlive(host.pid)) return;
      clearInterval(timer);
      reject(
        new CliError(
          `the process hosting the offline runtime (${host.pid}) has ended, and its runs with it`,
          EXIT.UNAVAILABLE,
        ),
      );
    }, HOST_CHECK_MS);
    timer.unref();
  });
  return { lost, stop: () => clearInterval(timer) };
}

/**
 * The app's functions folder: `--app-dir`, else convex.json's `functions`,
 * else ./convex (as the Convex CLI decides it).
 */
export function resolveAppDir(appDir: string | undefined): string {
  if (appDir) return path.resolve(appDir);
  try {
    const config = JSON.parse(fs.readFileSync("convex.json", "utf8")) as {
      functions?: unknown;
    };
    if (typeof config.functions === "string")
      return path.resolve(config.functions);
  } catch {
    // No convex.json, or one without `functions`.
  }
  return path.resolve("convex");
}

/** What `setAdminAuth` takes to act as a user (like `npx convex run --identity`). */
function adminIdentity(subject: string) {
  const issuer = "convex-agent-workflows-cli";
  return { subject, issuer, tokenIdentifier: `${issuer}|${subject}` };
}

function newClient(url: string): ConvexClient {
  return new ConvexClient(url, {
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    skipConvexDeploymentUrlCheck: true,
    unsavedChangesWarning: false,
    // Errors reach the CLI as exceptions; the client's own log lines would
    // repeat them on the console.
    logger: false,
  });
}

/** How long the first connection may take before the CLI gives up. */
const CONNECT_TIMEOUT_MS = 15_000;

/**
 * Resolves once the client's socket is open, or fails after the timeout:
 * on its own the client retries a wrong URL forever.
 */
function connected(client: ConvexClient, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(
        new CliError(
          `cannot reach ${url} (no connection after ${CONNECT_TIMEOUT_MS / 1000} s)`,
          EXIT.UNAVAILABLE,
        ),
      );
    }, CONNECT_TIMEOUT_MS);
    const check = () => {
      if (!client.connectionState().isWebSocketConnected) return false;
      clearTimeout(timer);
      resolve();
      return true;
    };
    const unsubscribe = client.subscribeToConnectionState(() => {
      if (check()) unsubscribe();
    });
    if (check()) unsubscribe();
  });
}

/**
 * Sign the client in with `token`; fails when the backend refuses it, so a
 * bad token is reported as such instead of as a refusal of the call.
 */
function signIn(client: ConvexClient, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    client.setAuth(
      async () => token,
      (accepted) =>
        accepted
          ? resolve()
          : reject(
              new CliError(
                "sign-in refused: the backend does not accept this token",
                EXIT.REFUSED,
              ),
            ),
    );
  });
}

/** Connect to the deployment or offline runtime `options` name. */
export async function connect(options: TargetOptions): Promise<Target> {
  // An empty variable counts as unset.
  const url = options.url ?? (env.CONVEX_URL || undefined);
  const token = options.token ?? (env.CONVEX_AUTH_TOKEN || undefined);
  const api = publicApiRefs(options.api);
  if (url) {
    const adminKey =
      options.adminKey ??
      (env.CONVEX_DEPLOY_KEY || env.CONVEX_ADMIN_KEY || undefined);
    if (options.as && !adminKey) {
      throw new CliError(
        "--as on a deployment needs an admin or deploy key (--admin-key); or sign in with --token",
        EXIT.USAGE,
      );
    }
    const client = newClient(url);
    if (adminKey) {
      // Internal in convex 1.x, and what the Convex CLI itself uses.
      (
        client as unknown as {
          setAdminAuth(key: string, identity?: object): void;
        }
      ).setAdminAuth(
        adminKey,
        options.as ? adminIdentity(options.as) : undefined,
      );
    }
    await Promise.all([
      connected(client, url),
      !adminKey && token ? signIn(client, token) : undefined,
    ]).catch(async (error: unknown) => {
      await client.close();
      throw error;
    });
    return {
      client,
      api,
      lost: new Promise<never>(() => {}),
      close: () => client.close(),
    };
  }
  if (options.adminKey) {
    throw new CliError(
      "--admin-key is for a deployment: pass --url too",
      EXIT.USAGE,
    );
  }
  const offline = await offlineHost(resolveAppDir(options.appDir), {
    verbose: options.verbose,
  });
  const client = newClient(offline.url);
  // Offline only: an UNSIGNED token that the offline runtime believes as is.
  const offlineToken =
    token ?? (options.as ? devToken({ subject: options.as }) : undefined);
  if (offlineToken) await signIn(client, offlineToken);
  const hostCheck = whenHostEnds(offline);
  return {
    client,
    api,
    offline,
    lost: hostCheck.lost,
    close: async () => {
      hostCheck.stop();
      await client.close();
      await offline.close();
    },
  };
}
