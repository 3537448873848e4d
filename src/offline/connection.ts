// One client's WebSocket session: its messages in, its Transitions and
// responses out, in the order the Convex client requires.
import type { JSONValue } from "convex/values";
import type { WebSocket } from "ws";
import { decodeDevToken, type OfflineIdentity } from "./auth.js";
import { brief, type Logger } from "./log.js";
import {
  parseClientMessage,
  responseFrame,
  type ClientMessage,
  type Outcome,
  type ServerMessage,
} from "./protocol.js";
import type { FunctionKind, OfflineRuntime } from "./runtime.js";
import type { MutationLog } from "./sessions.js";
import { QuerySet, type QueryCache } from "./subscriptions.js";

const PING_MS = 15_000;

export class Connection {
  readonly querySet = new QuerySet();
  private syncing: Promise<void> | null = null;
  private syncAgain = false;
  /** Mutations of one client run one at a time, in order, as on Convex. */
  private mutations: Promise<void> = Promise.resolve();
  private readonly ping: NodeJS.Timeout;
  private closed = false;
  private sessionId: string | null = null;
  /**
   * Who this client's mutations and actions run as: the identity of its
   * last accepted Authenticate (its queries' is kept by the query set).
   */
  private identity: OfflineIdentity | null = null;

  constructor(
    private readonly socket: WebSocket,
    readonly name: string,
    private readonly runtime: OfflineRuntime,
    private readonly cache: QueryCache,
    private readonly mutationLog: MutationLog,
    private readonly log: Logger,
  ) {
    socket.on("message", (data, isBinary) => {
      if (isBinary) return this.log(`${name}: ignored a binary frame`);
      this.receive(data.toString());
    });
    socket.on("close", () => this.dispose());
    socket.on("error", (error) => this.log(`${name}: ${brief(error)}`));
    // The client reconnects after 60 s without a message.
    this.ping = setInterval(() => this.send({ type: "Ping" }), PING_MS);
    this.ping.unref();
  }

  /** Close the socket as a server restart would (the client reconnects). */
  drop(): void {
    this.socket.terminate();
    this.dispose();
  }

  /** Bring the client up to date if the data or its query set changed. */
  requestSync(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      try {
        do {
          this.syncAgain = false;
          await this.syncOnce();
        } while (this.syncAgain && !this.closed);
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    try {
      const ts = await this.runtime.snapshotTs();
      const frame = await this.querySet.transition(ts, (udfPath, args, who) =>
        this.cache.get(ts, udfPath, args, who),
      );
      if (frame) this.send(frame);
    } catch (error) {
      this.fail("query re-run", error);
    }
  }

  private receive(text: string): void {
    let message: ClientMessage;
    try {
      message = parseClientMessage(text);
    } catch (error) {
      this.log(`${this.name}: ${brief(error)}`);
      return;
    }
    switch (message.type) {
      case "Connect":
        this.sessionId = message.sessionId;
        this.log(
          `${this.name}: client connected (connection #${message.connectionCount + 1}` +
            (message.lastCloseReason
              ? `, after: ${message.lastCloseReason})`
              : ")"),
        );
        return;
      case "ModifyQuerySet": {
        const warning = this.querySet.modify(
          message.baseVersion,
          message.newVersion,
          message.modifications,
        );
        if (warning) this.log(`${this.name}: ${warning}`);
        void this.requestSync();
        return;
      }
      case "Authenticate":
        this.authenticate(message);
        return;
      case "Mutation": {
        const { requestId, udfPath, args, componentPath } = message;
        // As whoever the client was when it sent it.
        const identity = this.identity;
        this.mutations = this.mutations
          .then(() =>
            this.mutate(requestId, udfPath, args, componentPath, identity),
          )
          .catch((error: unknown) => this.fail(`mutation ${udfPath}`, error));
        return;
      }
      case "Action":
        this.act(
          message.requestId,
          message.udfPath,
          message.args,
          message.componentPath,
          this.identity,
        ).catch((error: unknown) =>
          this.fail(`action ${message.udfPath}`, error),
        );
        return;
      case "Event":
        return;
    }
  }

  /**
   * Sign the client in (a "User" token) or out ("None"). The token's payload
   * is decoded WITHOUT checking any signature: a development backend only.
   * A token it cannot read gets an AuthError and changes nothing.
   */
  private authenticate(
    message: Extract<ClientMessage, { type: "Authenticate" }>,
  ): void {
    const { baseVersion } = message;
    let identity: OfflineIdentity | null = null;
    try {
      if (message.tokenType === "Admin")
        throw new Error("admin keys are not supported");
      if (message.tokenType === "User")
        identity = decodeDevToken(message.value ?? "");
    } catch (error) {
      this.log(`${this.name}: sign-in refused: ${brief(error)}`);
      this.send({
        type: "AuthError",
        error: `Offline backend: ${brief(error)}`,
        baseVersion,
        authUpdateAttempted: true,
      });
      return;
    }
    const was = this.identity?.subject ?? null;
    this.identity = identity;
    if (identity?.subject !== was) {
      this.log(
        identity
          ? `${this.name}: signed in as ${identity.subject} (unsigned dev token, signature NOT checked: dev only)`
          : `${this.name}: signed out (anonymous)`,
      );
    }
    this.querySet.authenticate(baseVersion, identity);
    void this.requestSync();
  }

  private run(
    kind: FunctionKind,
    udfPath: string,
    args: JSONValue[],
    componentPath: string | undefined,
    identity: OfflineIdentity | null,
  ): Promise<Outcome> {
    // Calls into a component from a client need admin rights on Convex.
    if (componentPath) {
      return Promise.resolve({
        success: false,
        errorMessage: `Calls with a componentPath (${componentPath}) are not supported by the offline backend.`,
      });
    }
    return this.runtime.run(kind, udfPath, args, identity);
  }

  private async mutate(
    requestId: number,
    udfPath: string,
    args: JSONValue[],
    componentPath: string | undefined,
    identity: OfflineIdentity | null,
  ): Promise<void> {
    const { result, repeated } = this.mutationLog.once(
      this.sessionId,
      requestId,
      async () => {
        const outcome = await this.run(
          "mutation",
          udfPath,
          args,
          componentPath,
          identity,
        );
        // Any snapshot read after the commit is at or past its timestamp.
        const ts = outcome.success
          ? await this.runtime.snapshotTs()
          : undefined;
        return { outcome, ts };
      },
    );
    const { outcome, ts } = await result;
    if (repeated) {
      this.log(
        `${this.name}: mutation ${udfPath} (request ${requestId}) sent again after a reconnect: answered from the session, not run twice`,
      );
    } else if (!outcome.success) {
      this.log(
        `${this.name}: mutation ${udfPath} failed: ${outcome.errorMessage}`,
      );
    }
    this.send(responseFrame("MutationResponse", requestId, outcome, ts));
    if (!outcome.success) return;
    // The client resolves the mutation on the next Transition at or past ts.
    this.querySet.force();
    await this.requestSync();
  }

  private async act(
    requestId: number,
    udfPath: string,
    args: JSONValue[],
    componentPath: string | undefined,
    identity: OfflineIdentity | null,
  ): Promise<void> {
    const outcome = await this.run(
      "action",
      udfPath,
      args,
      componentPath,
      identity,
    );
    if (!outcome.success) {
      this.log(
        `${this.name}: action ${udfPath} failed: ${outcome.errorMessage}`,
      );
    }
    this.send(responseFrame("ActionResponse", requestId, outcome));
    // What it wrote shows up without waiting for the next poll.
    await this.requestSync();
  }

  /** The backend itself failed (not the function): log it and carry on. */
  private fail(what: string, error: unknown): void {
    this.log(`${this.name}: ${what}: offline backend error: ${brief(error)}`);
  }

  private send(frame: ServerMessage): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(frame));
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ping);
    this.log(`${this.name}: disconnected`);
  }
}
