/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type * as aiActions from "../aiActions.js";
import type * as approvals from "../approvals.js";
import type * as cliDemo from "../cliDemo.js";
import type * as drafting from "../drafting.js";
import type * as flows from "../flows.js";
import type * as llmPool from "../llmPool.js";
import type * as models from "../models.js";
import type * as offlineModel from "../offlineModel.js";
import type * as runSteps from "../runSteps.js";
import type * as support from "../support.js";
import type * as supportSteps from "../supportSteps.js";
import type * as supportText from "../supportText.js";
import type * as tickets from "../tickets.js";
import type * as users from "../users.js";
import type * as workflowsApi from "../workflowsApi.js";

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";

declare const fullApi: ApiFromModules<{
  aiActions: typeof aiActions;
  approvals: typeof approvals;
  cliDemo: typeof cliDemo;
  drafting: typeof drafting;
  flows: typeof flows;
  llmPool: typeof llmPool;
  models: typeof models;
  offlineModel: typeof offlineModel;
  runSteps: typeof runSteps;
  support: typeof support;
  supportSteps: typeof supportSteps;
  supportText: typeof supportText;
  tickets: typeof tickets;
  users: typeof users;
  workflowsApi: typeof workflowsApi;
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
  agentWorkflows: import("convex-agent-workflows/_generated/component.js").ComponentApi<"agentWorkflows">;
};
