/// <reference types="vite/client" />
import actionRetrier from "@convex-dev/action-retrier/test";
import batchWorker from "@convex-dev/batch-worker/test";
import workflow from "@convex-dev/workflow/test";
import workpool from "@convex-dev/workpool/test";
import type { TestConvex } from "convex-test";
import type { GenericSchema, SchemaDefinition } from "convex/server";
import schema from "./component/schema.js";

type Modules = Record<string, () => Promise<any>>;

/**
 * Load every module now and hand convex-test loaders that return them.
 * `@convex-dev/workflow` unsets `globalThis.process` while a handler runs,
 * and a module first imported at that moment fails to load.
 */
async function preload(modules: Modules): Promise<Modules> {
  // As Convex does, skip files with more than one dot in their name
  // (convex.config.ts, tests): they are not function modules.
  const entries = Object.entries(modules).filter(
    ([path]) => (path.split("/").pop() ?? "").split(".").length <= 2,
  );
  const loaded = await Promise.all(
    entries.map(async ([path, load]) => [path, await load()]),
  );
  return Object.fromEntries(
    loaded.map(([path, module]) => [path, () => Promise.resolve(module)]),
  );
}

const modules = await preload(import.meta.glob("./component/**/*.ts"));
const workflowModules = await preload(workflow.modules);
const workpoolModules = await preload(workpool.modules);
const batchWorkerModules = await preload(batchWorker.modules);
const retrierModules = await preload(actionRetrier.modules);

type AnyTestConvex = TestConvex<SchemaDefinition<GenericSchema, boolean>>;

/**
 * Register the agentWorkflows component and every component nested in it
 * with a convex-test instance:
 *
 * ```ts
 * const t = convexTest(schema, modules);
 * register(t);
 * ```
 *
 * @param name - The name used in `app.use(agentWorkflows, { name })`.
 */
export function register<
  Schema extends SchemaDefinition<GenericSchema, boolean>,
>(t: TestConvex<Schema>, name: string = "agentWorkflows"): void {
  const test = t as unknown as AnyTestConvex;
  test.registerComponent(name, schema, modules);
  registerPool(test, `${name}/workflow/workpool`);
  test.registerComponent(`${name}/workflow`, workflow.schema, workflowModules);
  registerPool(test, `${name}/llmPool`);
  test.registerComponent(
    `${name}/retrier`,
    actionRetrier.schema,
    retrierModules,
  );
}

function registerPool(t: AnyTestConvex, path: string) {
  t.registerComponent(path, workpool.schema, workpoolModules);
  t.registerComponent(
    `${path}/batchWorker`,
    batchWorker.schema,
    batchWorkerModules,
  );
}

export default { register, schema, modules };
