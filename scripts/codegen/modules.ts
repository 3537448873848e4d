// Which files are Convex modules, and what public functions they export.
import path from "node:path";
import { bundleAndImport } from "../../src/offline/bundle.js";
import { listModules } from "../../src/offline/modules.js";

export { listModules };
import {
  importPath,
  type ExportedFunction,
  type ExportTree,
} from "./templates.js";
import { parseValidator, validatorToType } from "./validatorTypes.js";

type RegisteredFunction = {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  exportArgs?: () => string;
  exportReturns?: () => string;
};

/**
 * Import every module (with `overlay` standing in for `_generated/`) and
 * build the tree of public queries, mutations and actions: one branch per
 * module path segment, one leaf per function.
 */
export async function publicFunctionTree(
  dir: string,
  modulePaths: string[],
  overlay: Map<string, string>,
): Promise<ExportTree> {
  const root: ExportTree = new Map();
  if (modulePaths.length === 0) return root;
  const entryPoints = modulePaths.map((m) => path.join(dir, m));
  const modules = await bundleAndImport({ entryPoints, overlay });
  modulePaths.forEach((modulePath, i) => {
    const namespace = modules.get(entryPoints[i]!)!;
    const functions: [string, ExportedFunction][] = [];
    for (const [name, value] of Object.entries(namespace)) {
      const fn = asPublicFunction(value);
      if (!fn) continue;
      try {
        functions.push([name, describe(fn)]);
      } catch (e) {
        throw new Error(
          `${modulePath}: function "${name}": ${(e as Error).message}`,
        );
      }
    }
    // Like the backend's export tree: only modules with public functions.
    if (functions.length === 0) return;
    let branch = root;
    for (const segment of importPath(modulePath).split("/")) {
      let next = branch.get(segment);
      if (next === undefined) {
        next = new Map();
        branch.set(segment, next);
      }
      if (!(next instanceof Map)) {
        throw new Error(
          `${modulePath}: "${segment}" is both a function and a module folder`,
        );
      }
      branch = next;
    }
    for (const [name, fn] of functions) {
      if (branch.has(name)) {
        throw new Error(
          `${modulePath}: "${name}" is both a function and a module folder`,
        );
      }
      branch.set(name, fn);
    }
  });
  return root;
}

function asPublicFunction(value: unknown): RegisteredFunction | undefined {
  if (
    typeof value !== "function" &&
    (typeof value !== "object" || value === null)
  ) {
    return undefined;
  }
  const fn = value as RegisteredFunction;
  if (!(fn.isQuery || fn.isMutation || fn.isAction)) return undefined; // incl. httpAction
  return fn.isPublic ? fn : undefined;
}

function describe(fn: RegisteredFunction): ExportedFunction {
  const kind = fn.isQuery ? "query" : fn.isMutation ? "mutation" : "action";
  const args = parseValidator(fn.exportArgs?.() ?? "null");
  let argsType = "any";
  if (args) {
    if (args.type !== "object" && args.type !== "any") {
      throw new Error(`unexpected args validator type "${args.type}"`);
    }
    argsType = validatorToType(args);
  }
  const returns = parseValidator(fn.exportReturns?.() ?? "null");
  const returnsType = returns ? validatorToType(returns) : "any";
  return { kind, argsType, returnsType };
}
