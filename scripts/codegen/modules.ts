// Which files are Convex modules, and what public functions they export.
import fs from "node:fs";
import path from "node:path";
import { bundleAndImport } from "./bundle.js";
import {
  compareModulePaths,
  importPath,
  type ExportedFunction,
  type ExportTree,
} from "./templates.js";
import { parseValidator, validatorToType } from "./validatorTypes.js";

const ENTRY_POINT_EXTENSIONS = [
  ".js",
  ".mjs",
  ".cjs",
  ".ts",
  ".tsx",
  ".mts",
  ".cts",
  ".jsx",
];

/**
 * Module paths relative to `dir` ("/"-separated, with extension), sorted as
 * convex sorts them. Same rules as convex's `entryPoints()` in
 * dist/esm/bundler/index.js: skip _generated/, schema.*, dotfiles, emacs
 * "#" files, names with more than one dot (tests, convex.config.ts, .d.ts),
 * paths with spaces, folders holding their own convex.config.ts (nested
 * components), and .ts files with no import/export at all.
 */
export function listModules(dir: string): string[] {
  const modules: string[] = [];
  const walk = (relDir: string) => {
    const entries = fs
      .readdirSync(path.join(dir, relDir), { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const abs = path.join(dir, rel);
      if (entry.isDirectory()) {
        if (!fs.existsSync(path.join(abs, "convex.config.ts"))) walk(rel);
        continue;
      }
      if (!entry.isFile()) continue;
      const base = entry.name;
      if (rel.startsWith("_deps/")) {
        throw new Error(`${abs}: the "_deps" directory is reserved by Convex`);
      }
      if (!ENTRY_POINT_EXTENSIONS.some((ext) => rel.endsWith(ext))) continue;
      if (rel.startsWith("_generated/")) continue;
      if (base.startsWith(".") || base.startsWith("#")) continue;
      if (base === "schema.ts" || base === "schema.js") continue;
      if ((base.match(/\./g) ?? []).length > 1) continue;
      if (rel.includes(" ")) continue;
      if (/\.(ts|tsx)$/.test(base)) {
        const contents = fs.readFileSync(abs, "utf8");
        if (!/^\s{0,100}(import|export)/m.test(contents)) continue;
      }
      modules.push(rel);
    }
  };
  walk("");
  return modules.sort(compareModulePaths);
}

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
