// One client's query set on the offline backend: what it subscribed to,
// the versions it has been sent, and the Transition that brings it up to a
// new snapshot, carrying only the results that changed.
import type { JSONValue } from "convex/values";
import type { OfflineIdentity } from "./auth.js";
import {
  encodeVersion,
  type AddQuery,
  type Outcome,
  type RemoveQuery,
  type ServerMessage,
  type StateModification,
  type StateVersion,
} from "./protocol.js";

export type QueryRunner = (
  udfPath: string,
  args: JSONValue[],
  identity: OfflineIdentity | null,
) => Promise<Outcome>;

/**
 * Results of identical queries (same udfPath, args and identity) at one
 * snapshot, shared by all clients, so N tabs of one user watching the same
 * run cost one query. Another user's result is never shared: a query's
 * answer depends on who asks. A result is at least as new as the snapshot
 * it is filed under.
 */
export class QueryCache {
  private ts = -1n;
  private results = new Map<string, Promise<Outcome>>();

  constructor(private readonly run: QueryRunner) {}

  get(
    ts: bigint,
    udfPath: string,
    args: JSONValue[],
    identity: OfflineIdentity | null,
  ): Promise<Outcome> {
    if (ts > this.ts) {
      this.ts = ts;
      this.results.clear();
    }
    // A caller behind the newest snapshot gets a fresh (newer) result.
    if (ts < this.ts) return this.run(udfPath, args, identity);
    const key = JSON.stringify([udfPath, args, identity]);
    let result = this.results.get(key);
    if (!result) {
      result = this.run(udfPath, args, identity);
      this.results.set(key, result);
    }
    return result;
  }
}

type Subscription = {
  udfPath: string;
  args: JSONValue[];
  /** The last result sent for it, serialized, to send only changes. */
  sent?: string;
  /** A paginated query's end, pinned by its first result (its journal). */
  endCursor?: string;
};

type Json = Record<string, JSONValue>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `{ ..., paginationOpts: { cursor, numItems } }` with no end cursor yet. */
function unpinnedPage(args: JSONValue[]): boolean {
  const opts = isObject(args[0]) ? args[0].paginationOpts : undefined;
  return isObject(opts) && (opts.endCursor ?? null) === null;
}

/**
 * Like a deployment's query journal: a paginated query keeps the end cursor
 * of its first result, so as rows come and go its page grows or shrinks
 * instead of shifting into the next page.
 */
function argsToRun(s: Subscription): JSONValue[] {
  if (s.endCursor === undefined || !unpinnedPage(s.args)) return s.args;
  const first = s.args[0] as Json;
  const opts = first.paginationOpts as Json;
  return [{ ...first, paginationOpts: { ...opts, endCursor: s.endCursor } }];
}

/** The end cursor a client hands back in Add.journal after a reconnect. */
function journalEndCursor(journal: string | null | undefined) {
  try {
    const parsed: unknown = journal ? JSON.parse(journal) : null;
    return isObject(parsed) && typeof parsed.endCursor === "string"
      ? parsed.endCursor
      : undefined;
  } catch {
    return undefined;
  }
}

export class QuerySet {
  /** The endVersion of the last Transition sent (the client starts at zero). */
  private sent: StateVersion = { querySet: 0, ts: 0n, identity: 0 };
  private querySetVersion = 0;
  private identityVersion = 0;
  /** Who the queries run as (from the last accepted Authenticate). */
  private identity: OfflineIdentity | null = null;
  private readonly subscriptions = new Map<number, Subscription>();
  private removed = new Set<number>();
  /** The snapshot the current results were computed at. */
  private evaluatedTs = -1n;
  /** A Transition is owed even if no result changed. */
  private dirty = false;

  get size(): number {
    return this.subscriptions.size;
  }

  /**
   * Apply a ModifyQuerySet. Returns a warning if its baseVersion is not the
   * current version (the change is applied anyway).
   */
  modify(
    baseVersion: number,
    newVersion: number,
    modifications: (AddQuery | RemoveQuery)[],
  ): string | null {
    const warning =
      baseVersion === this.querySetVersion
        ? null
        : `ModifyQuerySet from version ${baseVersion}, expected ${this.querySetVersion}`;
    for (const m of modifications) {
      if (m.type === "Add") {
        this.subscriptions.set(m.queryId, {
          udfPath: m.udfPath,
          args: m.args,
          endCursor: journalEndCursor(m.journal),
        });
        this.removed.delete(m.queryId);
      } else {
        this.subscriptions.delete(m.queryId);
        this.removed.add(m.queryId);
      }
    }
    this.querySetVersion = newVersion;
    this.dirty = true;
    return warning;
  }

  /** An accepted Authenticate: the identity moves on, every query re-runs. */
  authenticate(baseVersion: number, identity: OfflineIdentity | null): void {
    this.identityVersion = baseVersion + 1;
    this.identity = identity;
    this.dirty = true;
  }

  /** Owe a Transition: a mutation resolves on the client only after one. */
  force(): void {
    this.dirty = true;
  }

  needsTransition(ts: bigint): boolean {
    return this.dirty || ts !== this.evaluatedTs;
  }

  /**
   * Re-run every subscribed query at snapshot `ts` (read before running
   * them) and return the Transition to send, or null if nothing changed.
   * Calls must not overlap.
   */
  async transition(
    ts: bigint,
    run: QueryRunner,
  ): Promise<ServerMessage | null> {
    if (!this.needsTransition(ts)) return null;
    const dirty = this.dirty;
    this.dirty = false;
    const end: StateVersion = {
      querySet: this.querySetVersion,
      ts: ts > this.sent.ts ? ts : this.sent.ts,
      identity: this.identityVersion,
    };
    // The identity that goes with end.identity, even if another
    // Authenticate arrives while these queries run.
    const identity = this.identity;
    const removed = [...this.removed];
    this.removed = new Set();
    const entries = [...this.subscriptions];
    const outcomes = await Promise.all(
      entries.map(([, s]) => run(s.udfPath, argsToRun(s), identity)),
    );
    this.evaluatedTs = ts;
    const modifications: StateModification[] = removed.map((queryId) => ({
      type: "QueryRemoved",
      queryId,
    }));
    entries.forEach(([queryId, subscription], i) => {
      const outcome = outcomes[i]!;
      if (
        subscription.endCursor === undefined &&
        outcome.success &&
        isObject(outcome.value) &&
        typeof outcome.value.continueCursor === "string" &&
        unpinnedPage(subscription.args)
      ) {
        subscription.endCursor = outcome.value.continueCursor;
      }
      const text = JSON.stringify(outcome);
      if (subscription.sent === text) return;
      subscription.sent = text;
      const journal =
        subscription.endCursor === undefined
          ? null
          : JSON.stringify({ endCursor: subscription.endCursor });
      modifications.push(modification(queryId, outcome, journal));
    });
    if (modifications.length === 0 && !dirty) return null;
    const frame: ServerMessage = {
      type: "Transition",
      startVersion: encodeVersion(this.sent),
      endVersion: encodeVersion(end),
      modifications,
    };
    this.sent = end;
    return frame;
  }
}

function modification(
  queryId: number,
  outcome: Outcome,
  journal: string | null,
): StateModification {
  if (outcome.success) {
    return {
      type: "QueryUpdated",
      queryId,
      value: outcome.value,
      logLines: [],
      journal,
    };
  }
  return {
    type: "QueryFailed",
    queryId,
    errorMessage: outcome.errorMessage,
    logLines: [],
    ...(outcome.errorData !== undefined
      ? { errorData: outcome.errorData }
      : {}),
    journal,
  };
}
