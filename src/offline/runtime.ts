// An app on convex-test, built by ./app.ts,
// and how the offline backend calls it: public functions only, by udfPath,
// with Convex JSON in and out, errors turned into what a deployment reports.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeFunctionReference, type UserIdentity } from "convex/server";
import {
  convexToJson,
  jsonToConvex,
  type JSONValue,
  type Value,
} from "convex/values";
import { createApp, type DemoConvex, type Modules } from "./app.js";
import type { OfflineIdentity } from "./auth.js";
import type { Outcome } from "./protocol.js";

/**
 * This repository's demo app (convex/ beside src/ and dist/); every other
 * app passes its own `appDir`, as the CLI does.
 */
export const DEFAULT_APP_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../convex",
);

export type FunctionKind = "query" | "mutation" | "action";

type RegisteredFunction = {
  isPublic?: boolean;
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
};

const KIND_FLAG = {
  query: "isQuery",
  mutation: "isMutation",
  action: "isAction",
} as const;

/** "dir/mod.js:fn" -> ["dir/mod", "fn"]; a bare "mod" means its default export. */
export function splitUdfPath(udfPath: string): [string, string] {
  const i = udfPath.lastIndexOf(":");
  const modulePath = (i < 0 ? udfPath : udfPath.slice(0, i)).replace(
    /\.js$/,
    "",
  );
  return [modulePath, i < 0 ? "default" : udfPath.slice(i + 1)];
}

/** A thrown value as the client sees it: a message, and a ConvexError's data. */
export function failure(error: unknown): Outcome {
  if (
    typeof error === "object" &&
    error !== null &&
    Symbol.for("ConvexError") in error
  ) {
    const { message, data } = error as { message: string; data: Value };
    return {
      success: false,
      errorMessage: `Uncaught ConvexError: ${message}`,
      errorData: convexToJson(data),
    };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { success: false, errorMessage: `Uncaught ${e.name}: ${e.message}` };
}

export class OfflineRuntime {
  private constructor(
    /** The convex-test instance: tests may read and write through it. */
    readonly t: DemoConvex,
    private readonly modules: Map<string, () => Promise<unknown>>,
  ) {}

  static async create(appDir = DEFAULT_APP_DIR): Promise<OfflineRuntime> {
    const { t, modules } = await createApp(appDir);
    return new OfflineRuntime(t, modulesByPath(appDir, modules));
  }

  /** The timestamp of the latest commit (0 before any). */
  async snapshotTs(): Promise<bigint> {
    // An inline query: it takes the runtime's transaction lock and never
    // commits, so reading the timestamp does not move it.
    return await this.t.query(async (ctx) => ctx.meta.getSnapshotTs());
  }

  /**
   * Run a public function by udfPath with the client's wire arguments, as
   * `identity` (from the connection's unverified dev token; null: anonymous).
   */
  async run(
    kind: FunctionKind,
    udfPath: string,
    args: JSONValue[],
    identity: OfflineIdentity | null = null,
  ): Promise<Outcome> {
    try {
      await this.checkPublic(kind, udfPath);
      if (args.length !== 1 || typeof args[0] !== "object" || !args[0]) {
        throw new Error(`${udfPath}: expected one arguments object`);
      }
      const convexArgs = jsonToConvex(args[0]) as Record<string, Value>;
      const value = await this.call(kind, udfPath, convexArgs, identity);
      return { success: true, value: convexToJson(value as Value) };
    } catch (error) {
      return failure(error);
    }
  }

  private async call(
    kind: FunctionKind,
    udfPath: string,
    args: Record<string, Value>,
    identity: OfflineIdentity | null,
  ): Promise<unknown> {
    // Custom claims ride along, as on Convex.
    const as = identity
      ? this.t.withIdentity(identity as Partial<UserIdentity>)
      : this.t;
    switch (kind) {
      case "query":
        return await as.query(makeFunctionReference<"query">(udfPath), args);
      case "mutation":
        return await as.mutation(
          makeFunctionReference<"mutation">(udfPath),
          args,
        );
      case "action":
        return await as.action(makeFunctionReference<"action">(udfPath), args);
    }
  }

  /** Clients may only call the app's public functions, of the right kind. */
  private async checkPublic(kind: FunctionKind, udfPath: string) {
    const [modulePath, name] = splitUdfPath(udfPath);
    const load = this.modules.get(modulePath);
    const exported = load
      ? ((await load()) as Record<string, unknown>)[name]
      : undefined;
    const fn =
      typeof exported === "function"
        ? (exported as unknown as RegisteredFunction)
        : undefined;
    if (!fn || fn.isPublic !== true) {
      throw new Error(
        `Could not find public function for '${modulePath}:${name}'` +
          " in the offline backend's app (convex/).",
      );
    }
    if (fn[KIND_FLAG[kind]] !== true) {
      throw new Error(`'${modulePath}:${name}' is not a ${kind}.`);
    }
  }
}

/** createApp's module map keyed by module path ("tickets", "dir/mod"). */
function modulesByPath(
  appDir: string,
  modules: Modules,
): Map<string, () => Promise<unknown>> {
  const byPath = new Map<string, () => Promise<unknown>>();
  for (const [key, load] of Object.entries(modules)) {
    const relative = key.slice(appDir.length + 1).replace(/\.[^./]+$/, "");
    if (!relative.startsWith("_generated/")) byPath.set(relative, load);
  }
  return byPath;
}
