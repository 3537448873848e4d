// An app (its Convex functions folder, e.g. convex/) on an embedded,
// in-memory Convex runtime (convex-test), built the way a deployment is:
// walk its convex.config.ts and every component
// it uses (and they use), load each one's function modules and schema, and
// register it at its path. No vite, no import.meta.glob.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { convexTest, type TestConvex } from "convex-test";
import type { GenericSchema, SchemaDefinition } from "convex/server";
import { readComponentDefinition } from "./componentConfig.js";
import { listModules } from "./modules.js";

type AnySchema = SchemaDefinition<GenericSchema, boolean>;
/** Function modules keyed by path, as loaders convex-test takes. */
export type Modules = Record<string, () => Promise<unknown>>;
/** An app on convex-test (the offline backend's `t`). */
export type DemoConvex = TestConvex<AnySchema>;
/** The app called as one signed-in user (`t.withIdentity(...)`). */
export type DemoUser = ReturnType<DemoConvex["withIdentity"]>;

/** One Convex functions directory: its schema and its modules, already imported. */
async function loadFunctionsDir(
  dir: string,
): Promise<{ schema: AnySchema | undefined; modules: Modules }> {
  // Modules are imported up front and handed to convex-test as loaders that
  // return them: @convex-dev/workflow unsets globalThis.process while a
  // handler runs, and a module first imported at that moment fails to load.
  const files = listModules(dir);
  const generated = fs
    .readdirSync(path.join(dir, "_generated"))
    .filter((f) => /^api\.(js|ts)$/.test(f))
    .map((f) => `_generated/${f}`);
  if (generated.length === 0)
    throw new Error(`${dir}: no _generated/api (run codegen first)`);
  const modules: Modules = {};
  for (const file of [...generated, ...files]) {
    const module: unknown = await import(
      pathToFileURL(path.join(dir, file)).href
    );
    // convex-test keys modules by path; any common prefix works as long as
    // one key contains "_generated".
    modules[`${dir}/${file}`] = () => Promise.resolve(module);
  }
  const schemaFile = ["schema.ts", "schema.js"]
    .map((f) => path.join(dir, f))
    .find((f) => fs.existsSync(f));
  const schema = schemaFile
    ? ((await import(pathToFileURL(schemaFile).href)) as { default: AnySchema })
        .default
    : undefined;
  return { schema, modules };
}

/** A convex-test instance of the app in `appDir`, with every component registered. */
export async function createApp(appDir: string): Promise<{
  t: DemoConvex;
  components: string[];
  moduleCount: number;
  tables: string[];
  /** The app's function modules, keyed `${appDir}/<path with extension>`. */
  modules: Modules;
}> {
  const app = await loadFunctionsDir(appDir);
  // Enforce Convex's per-transaction limits, as a deployment would.
  const t = convexTest({
    schema: app.schema,
    modules: app.modules,
    transactionLimits: true,
  }) as unknown as DemoConvex;
  const registered: string[] = [];
  const loaded = new Map<
    string,
    Awaited<ReturnType<typeof loadFunctionsDir>>
  >();
  const walk = async (dir: string, prefix: string) => {
    const definition = await readComponentDefinition(dir);
    for (const child of definition.children) {
      const componentPath = prefix ? `${prefix}/${child.name}` : child.name;
      let functions = loaded.get(child.dir);
      if (!functions) {
        functions = await loadFunctionsDir(child.dir);
        loaded.set(child.dir, functions);
      }
      if (!functions.schema)
        throw new Error(`${child.dir}: a component needs a schema`);
      t.registerComponent(componentPath, functions.schema, functions.modules);
      registered.push(componentPath);
      await walk(child.dir, componentPath);
    }
  };
  await walk(appDir, "");
  const moduleCount = Object.keys(app.modules).filter(
    (p) => !p.includes("/_generated/"),
  ).length;
  const tables = Object.keys(app.schema?.tables ?? {});
  return {
    t,
    components: registered,
    moduleCount,
    tables,
    modules: app.modules,
  };
}
