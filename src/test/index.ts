// convex-agent-workflows/test: testing an app that uses agentWorkflows, with
// convex-test and vitest (fake timers).
export { register, schema, modules } from "./register.js";
export { testKit, type TestKit, type TestKitOptions } from "./kit.js";
export {
  mockLlm,
  restoreLlm,
  MockLlm,
  type Scripted,
  type ScriptedUsage,
} from "./mockLlm.js";
import { modules, register, schema } from "./register.js";

/** As the official components' test helpers export theirs. */
export default { register, schema, modules };
