// Registering the agentWorkflows component, and every component nested in
// it, with a convex-test instance. Plain compiled JavaScript: the function
// modules are found on disk next to each component's convex.config.js and
// imported by file URL, so nothing here needs a bundler's import.meta.glob.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { TestConvex } from "convex-test";
import type { GenericSchema, SchemaDefinition } from "convex/server";

type AnySchema = SchemaDefinition<GenericSchema, boolean>;
type AnyTestConvex = TestConvex<AnySchema>;
/** What convex-test's `registerComponent` takes: module path -> loader. */
export type Modules = Record<string, () => Promise<unknown>>;

/** A component's schema and function modules, already imported. */
export type LoadedComponent = { schema: AnySchema; modules: Modules };

/**
 * Function modules are `.js` (or, in this package's own source tree, `.ts`)
 * files with a single dot in their name: as Convex does, this skips
 * convex.config, declaration files, source maps and tests. `_generated/` is
 * kept: convex-test finds the modules' root by it.
 */
function moduleFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (relDir: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relDir), {
      withFileTypes: true,
    })) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (/^[^.]+\.(js|ts)$/.test(entry.name)) files.push(rel);
    }
  };
  walk("");
  return files.sort();
}

/**
 * Import a component's schema and every function module up front, and hand
 * convex-test loaders that return them: `@convex-dev/workflow` unsets
 * `globalThis.process` while a handler runs, and a module first imported at
 * that moment fails to load.
 */
async function loadComponent(dir: string): Promise<LoadedComponent> {
  const modules: Modules = {};
  let schema: AnySchema | undefined;
  for (const file of moduleFiles(dir)) {
    const module = (await import(
      pathToFileURL(path.join(dir, file)).href
    )) as Record<string, unknown>;
    if (/^schema\.(js|ts)$/.test(file)) schema = module.default as AnySchema;
    modules[`${dir}/${file}`] = () => Promise.resolve(module);
  }
  if (!schema) throw new Error(`${dir}: no schema module`);
  return { schema, modules };
}

/** The folder holding `pkg`'s component, resolved from the folder `from`. */
function componentDir(pkg: string, from: string): string {
  const config = createRequire(path.join(from, "package.json")).resolve(
    `${pkg}/convex.config.js`,
  );
  return path.dirname(config);
}

/**
 * The component tree, as mount path suffix -> folder. Nested packages are
 * resolved from the package that uses them, as a bundler would.
 */
function componentTree(): [string, string][] {
  // This package's component: `../component` next to this module.
  const own = fileURLToPath(new URL("../component", import.meta.url));
  const workflow = componentDir("@convex-dev/workflow", own);
  const workflowPool = componentDir("@convex-dev/workpool", workflow);
  return [
    ["", own],
    ["/workflow", workflow],
    ["/workflow/workpool", workflowPool],
    [
      "/workflow/workpool/batchWorker",
      componentDir("@convex-dev/batch-worker", workflowPool),
    ],
    ["/retrier", componentDir("@convex-dev/action-retrier", own)],
    ["/rateLimiter", componentDir("@convex-dev/rate-limiter", own)],
  ];
}

// Each folder is loaded once.
const loaded = new Map<string, Promise<LoadedComponent>>();
const tree = await Promise.all(
  componentTree().map(async ([suffix, dir]) => {
    let component = loaded.get(dir);
    if (!component) {
      component = loadComponent(dir);
      loaded.set(dir, component);
    }
    return [suffix, await component] as const;
  }),
);

/** The mount paths of the component and every component nested in it. */
export function componentPaths(name: string = "agentWorkflows"): string[] {
  return tree.map(([suffix]) => `${name}${suffix}`);
}

/** The component's own schema and modules (as the upstream kits export theirs). */
export const { schema, modules } = tree[0]![1];

/**
 * Register the agentWorkflows component and every component nested in it
 * (workflow, its workpool and batch worker, retrier, rateLimiter) with a convex-test instance.
 *
 * ```ts
 * const t = convexTest(schema, modules);
 * register(t);
 * ```
 *
 * @param t - The convex-test instance.
 * @param name - The name used in `app.use(agentWorkflows, { name })`.
 */
export function register<Schema extends AnySchema>(
  t: TestConvex<Schema>,
  name: string = "agentWorkflows",
): void {
  const test = t as unknown as AnyTestConvex;
  for (const [suffix, component] of tree) {
    test.registerComponent(
      `${name}${suffix}`,
      component.schema,
      component.modules,
    );
  }
}
