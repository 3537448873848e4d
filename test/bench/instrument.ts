// Counting function executions, document reads and document writes in
// convex-test, identically for every component.
//
// Why the counts mean what they say (convex-test 0.0.71, dist/index.js):
//
// - Executions. convex-test runs every query, mutation and action through
//   `runQueryWithHandler` / `runMutationWithHandler` / `runActionWithHandler`,
//   whatever started it: the test, a scheduled function (`runScheduledFunction`
//   -> `fun` -> `*FromPath`), an action's `ctx.runQuery/runMutation/runAction`
//   (syscalls `1.0/actions/*`), or a nested call from a query or mutation,
//   including into a child component (syscall `1.0/runUdf`). Each of them calls
//   `executionContextStorage.run(ctx, ...)` exactly once, with
//   `ctx = { componentPath, udfPath, udfType }`. We wrap that `run` method of
//   that one AsyncLocalStorage (test/bench/vitest.config.ts exports it from
//   convex-test) and count one execution per call.
//   convex-test also runs its own bookkeeping as fake mutations with udfPath
//   "custom" (moving a `_scheduled_functions` row to inProgress/success around
//   each scheduled function, and `t.run`): those are not function executions
//   and are not counted, except the one `t.run` the bench uses as "the app
//   mutation that starts the run" (see `asAppMutation`), counted on both sides.
// - Reads and writes. Function code reaches the database only through
//   `Convex.asyncSyscall` (convex/server's `performAsyncSyscall` reads the
//   global `Convex` on every call). We wrap `globalThis.Convex` and, for the
//   syscalls that hand documents to function code, count the documents in the
//   result: `1.0/get` (db.get, db.system.get; 1 if not null),
//   `1.0/queryStreamNext` (one document per call: for-await, collect, take,
//   first, unique all iterate through it) and `1.0/queryPage` (paginate: the
//   page's documents). Writes are `1.0/insert`, `1.0/shallowMerge` (patch),
//   `1.0/replace` and `1.0/remove`, one document each. convex-test's own
//   bookkeeping (scheduled function rows, the document a patch reads before
//   merging) calls its DatabaseFake directly, never these syscalls, so it is
//   not counted. `1.0/count` returns no documents and is not counted.
//   Each syscall is attributed to the execution that made it
//   (`executionContextStorage.getStore()`), so counts can be broken down by
//   function and by component.
// - Journal bytes: `getConvexSize` of every document read from a `steps`
//   table of a component whose path ends in "workflow" (the nested
//   @convex-dev/workflow component, at `workflow` for the bare baseline and
//   `agentWorkflows/workflow` for ours).
import type { AsyncLocalStorage } from "node:async_hooks";
import * as convexTestModule from "convex-test";
import { getConvexSize, jsonToConvex, type JSONValue } from "convex/values";

export type ExecutionContext = {
  componentPath: string;
  udfPath: string;
  udfType: string;
};

type ConvexSyscalls = {
  syscall: (op: string, args: string) => string;
  asyncSyscall: (op: string, args: string) => Promise<string>;
  jsSyscall: (op: string, args: unknown) => unknown;
};

/** Label of the `t.run` the bench counts as the app mutation that starts a run. */
export const APP_START = "(app mutation calling start)";

/** One function, as `componentPath|udfPath` ("app" for the root component). */
export function functionKey(ctx: ExecutionContext | undefined): string {
  if (!ctx) return "(outside any function)";
  const component = ctx.componentPath === "" ? "app" : ctx.componentPath;
  const udf = ctx.udfPath === "custom" ? APP_START : ctx.udfPath;
  return `${component}|${udf}`;
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function tableOf(id: string): string {
  // convex-test ids are `<counter digits><table name>`.
  return id.replace(/^[0-9]+/, "");
}

function sum(map: Map<string, number>): number {
  let total = 0;
  for (const value of map.values()) total += value;
  return total;
}

/** Everything counted during one measured run. */
export class Counts {
  /** Executions by function key. */
  readonly execs = new Map<string, number>();
  /** Documents read by the function that read them. */
  readonly reads = new Map<string, number>();
  /** Documents read by `component|table`. */
  readonly readsByTable = new Map<string, number>();
  /** Documents written by the function that wrote them. */
  readonly writes = new Map<string, number>();
  /** Functions scheduled (scheduler.runAfter/runAt), by the function that scheduled them. */
  readonly scheduled = new Map<string, number>();
  journalBytesRead = 0;

  get totalExecs(): number {
    return sum(this.execs);
  }
  get totalReads(): number {
    return sum(this.reads);
  }
  get totalWrites(): number {
    return sum(this.writes);
  }
  get totalScheduled(): number {
    return sum(this.scheduled);
  }

  onExecution(ctx: ExecutionContext): void {
    bump(this.execs, functionKey(ctx));
  }

  onSyscall(
    ctx: ExecutionContext | undefined,
    op: string,
    args: string,
    result: string,
  ): void {
    switch (op) {
      case "1.0/get": {
        const doc = JSON.parse(result) as Record<string, JSONValue> | null;
        if (doc !== null) this.read(ctx, doc);
        return;
      }
      case "1.0/queryStreamNext": {
        const { value, done } = JSON.parse(result) as {
          value: Record<string, JSONValue> | null;
          done: boolean;
        };
        if (!done && value !== null) this.read(ctx, value);
        return;
      }
      case "1.0/queryPage": {
        const { page } = JSON.parse(result) as {
          page: Record<string, JSONValue>[];
        };
        for (const doc of page) this.read(ctx, doc);
        return;
      }
      case "1.0/insert":
      case "1.0/shallowMerge":
      case "1.0/replace":
      case "1.0/remove":
        bump(this.writes, functionKey(ctx));
        return;
      case "1.0/schedule":
      case "1.0/actions/schedule":
        bump(this.scheduled, functionKey(ctx));
        return;
      default:
        return;
    }
  }

  private read(
    ctx: ExecutionContext | undefined,
    doc: Record<string, JSONValue>,
  ): void {
    bump(this.reads, functionKey(ctx));
    const componentPath = ctx?.componentPath ?? "";
    const table = tableOf(String(doc._id));
    bump(
      this.readsByTable,
      `${componentPath === "" ? "app" : componentPath}|${table}`,
    );
    if (table === "steps" && componentPath.split("/").pop() === "workflow") {
      this.journalBytesRead += getConvexSize(jsonToConvex(doc));
    }
  }
}

type Internals = {
  executionContextStorage: AsyncLocalStorage<ExecutionContext>;
};

function internals(): Internals {
  const exposed = (
    convexTestModule as unknown as { __benchInternals?: Internals }
  ).__benchInternals;
  if (!exposed) {
    throw new Error(
      "convex-test internals are not exposed: run the bench with " +
        "`npm run bench` (test/bench/vitest.config.ts adds the export).",
    );
  }
  return exposed;
}

let active: Counts | null = null;
let countAppMutation = false;
let installed = false;

/**
 * Install the counting wrappers. Call after the first `convexTest()` (it
 * installs `globalThis.Convex`); later calls do nothing.
 */
export function installInstrumentation(): void {
  if (installed) return;
  const storage = internals().executionContextStorage;
  const g = globalThis as unknown as { Convex?: ConvexSyscalls };
  const original = g.Convex;
  if (!original)
    throw new Error("Call installInstrumentation after convexTest().");

  type Run = (
    store: ExecutionContext,
    callback: (...args: unknown[]) => unknown,
    ...args: unknown[]
  ) => unknown;
  const run = storage.run.bind(storage) as Run;
  const counted: Run = (store, callback, ...args) => {
    if (active && (store.udfPath !== "custom" || countAppMutation)) {
      active.onExecution(store);
    }
    return run(store, callback, ...args);
  };
  (storage as unknown as { run: Run }).run = counted;

  // convex-test's own `Convex` reads the current test's syscalls on each
  // access; keep that and wrap the async one.
  g.Convex = {
    get syscall() {
      return original.syscall;
    },
    get asyncSyscall() {
      const inner = original.asyncSyscall;
      return async (op: string, args: string): Promise<string> => {
        const ctx = storage.getStore();
        const result = await inner(op, args);
        active?.onSyscall(ctx, op, args, result);
        return result;
      };
    },
    get jsSyscall() {
      return original.jsSyscall;
    },
  };
  installed = true;
}

/** Count everything `fn` causes into `counts`. */
export async function measure<T>(
  counts: Counts,
  fn: () => Promise<T>,
): Promise<T> {
  if (active) throw new Error("measure() calls cannot overlap");
  active = counts;
  try {
    return await fn();
  } finally {
    active = null;
  }
}

/**
 * Run `fn`, counting the convex-test `t.run` mutation it makes as one
 * execution: it stands for the app mutation that calls `start`.
 */
export async function asAppMutation<T>(fn: () => Promise<T>): Promise<T> {
  countAppMutation = true;
  try {
    return await fn();
  } finally {
    countAppMutation = false;
  }
}
