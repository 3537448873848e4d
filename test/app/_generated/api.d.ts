/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type * as agentLoop from "../agentLoop.js";
import type * as agentSteps from "../agentSteps.js";
import type * as approvals from "../approvals.js";
import type * as bareWorkflows from "../bareWorkflows.js";
import type * as benchFlow from "../benchFlow.js";
import type * as benchLlm from "../benchLlm.js";
import type * as callbacks from "../callbacks.js";
import type * as clientApi from "../clientApi.js";
import type * as closedApi from "../closedApi.js";
import type * as flowControl from "../flowControl.js";
import type * as guardedApprovals from "../guardedApprovals.js";
import type * as http from "../http.js";
import type * as limits from "../limits.js";
import type * as llmActions from "../llmActions.js";
import type * as llmFlows from "../llmFlows.js";
import type * as llmWorkflows from "../llmWorkflows.js";
import type * as longRuns from "../longRuns.js";
import type * as misuse from "../misuse.js";
import type * as mockModel from "../mockModel.js";
import type * as openApi from "../openApi.js";
import type * as ownedApi from "../ownedApi.js";
import type * as parents from "../parents.js";
import type * as publicWorkflows from "../publicWorkflows.js";
import type * as raceParents from "../raceParents.js";
import type * as retention from "../retention.js";
import type * as retentionParents from "../retentionParents.js";
import type * as roles from "../roles.js";
import type * as steps from "../steps.js";
import type * as traced from "../traced.js";
import type * as usageTree from "../usageTree.js";
import type * as workflows from "../workflows.js";

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";

declare const fullApi: ApiFromModules<{
  agentLoop: typeof agentLoop;
  agentSteps: typeof agentSteps;
  approvals: typeof approvals;
  bareWorkflows: typeof bareWorkflows;
  benchFlow: typeof benchFlow;
  benchLlm: typeof benchLlm;
  callbacks: typeof callbacks;
  clientApi: typeof clientApi;
  closedApi: typeof closedApi;
  flowControl: typeof flowControl;
  guardedApprovals: typeof guardedApprovals;
  http: typeof http;
  limits: typeof limits;
  llmActions: typeof llmActions;
  llmFlows: typeof llmFlows;
  llmWorkflows: typeof llmWorkflows;
  longRuns: typeof longRuns;
  misuse: typeof misuse;
  mockModel: typeof mockModel;
  openApi: typeof openApi;
  ownedApi: typeof ownedApi;
  parents: typeof parents;
  publicWorkflows: typeof publicWorkflows;
  raceParents: typeof raceParents;
  retention: typeof retention;
  retentionParents: typeof retentionParents;
  roles: typeof roles;
  steps: typeof steps;
  traced: typeof traced;
  usageTree: typeof usageTree;
  workflows: typeof workflows;
}>;

/**
 * A utility for referencing Convex functions in your app's public API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;

/**
 * A utility for referencing Convex functions in your app's internal API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = internal.myModule.myFunction;
 * ```
 */
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;

export declare const components: {
  agentWorkflows: import("../../../src/component/_generated/component.js").ComponentApi<"agentWorkflows">;
  workflow: import("@convex-dev/workflow/_generated/component.js").ComponentApi<"workflow">;
  agent: import("@convex-dev/agent/_generated/component.js").ComponentApi<"agent">;
};
