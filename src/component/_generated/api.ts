/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type * as access from "../access.js";
import type * as children from "../children.js";
import type * as config from "../config.js";
import type * as control from "../control.js";
import type * as deletion from "../deletion.js";
import type * as events from "../events.js";
import type * as lifecycle from "../lifecycle.js";
import type * as llm_accounting from "../llm/accounting.js";
import type * as llm_calls from "../llm/calls.js";
import type * as llm_cancel from "../llm/cancel.js";
import type * as llm_complete from "../llm/complete.js";
import type * as llm_dispatch from "../llm/dispatch.js";
import type * as llm_finish from "../llm/finish.js";
import type * as llm_keys from "../llm/keys.js";
import type * as llm_newCall from "../llm/newCall.js";
import type * as llm_oneShot from "../llm/oneShot.js";
import type * as llm_overrides from "../llm/overrides.js";
import type * as llm_queue from "../llm/queue.js";
import type * as llm_queueInfo from "../llm/queueInfo.js";
import type * as llm_rateLimits from "../llm/rateLimits.js";
import type * as llm_start from "../llm/start.js";
import type * as llm_text from "../llm/text.js";
import type * as llm_usage from "../llm/usage.js";
import type * as restart from "../restart.js";
import type * as retention_expiry from "../retention/expiry.js";
import type * as retention_sweep from "../retention/sweep.js";
import type * as runStore from "../runStore.js";
import type * as runs from "../runs.js";
import type * as segments from "../segments.js";
import type * as sha256 from "../sha256.js";
import type * as signals_callback from "../signals/callback.js";
import type * as signals_fire from "../signals/fire.js";
import type * as signals_inbox from "../signals/inbox.js";
import type * as signals_open from "../signals/open.js";
import type * as signals_requests from "../signals/requests.js";
import type * as signals_send from "../signals/send.js";
import type * as stepDetails from "../stepDetails.js";
import type * as stepStarts from "../stepStarts.js";
import type * as steps from "../steps.js";
import type * as traceSpans from "../traceSpans.js";
import type * as traces from "../traces.js";
import type * as usageTree from "../usageTree.js";
import type * as views from "../views.js";
import type * as wf_event from "../wf/event.js";
import type * as wf_journal from "../wf/journal.js";
import type * as wf_types from "../wf/types.js";
import type * as wf_workflow from "../wf/workflow.js";

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import { anyApi, componentsGeneric } from "convex/server";

const fullApi: ApiFromModules<{
  access: typeof access;
  children: typeof children;
  config: typeof config;
  control: typeof control;
  deletion: typeof deletion;
  events: typeof events;
  lifecycle: typeof lifecycle;
  "llm/accounting": typeof llm_accounting;
  "llm/calls": typeof llm_calls;
  "llm/cancel": typeof llm_cancel;
  "llm/complete": typeof llm_complete;
  "llm/dispatch": typeof llm_dispatch;
  "llm/finish": typeof llm_finish;
  "llm/keys": typeof llm_keys;
  "llm/newCall": typeof llm_newCall;
  "llm/oneShot": typeof llm_oneShot;
  "llm/overrides": typeof llm_overrides;
  "llm/queue": typeof llm_queue;
  "llm/queueInfo": typeof llm_queueInfo;
  "llm/rateLimits": typeof llm_rateLimits;
  "llm/start": typeof llm_start;
  "llm/text": typeof llm_text;
  "llm/usage": typeof llm_usage;
  restart: typeof restart;
  "retention/expiry": typeof retention_expiry;
  "retention/sweep": typeof retention_sweep;
  runStore: typeof runStore;
  runs: typeof runs;
  segments: typeof segments;
  sha256: typeof sha256;
  "signals/callback": typeof signals_callback;
  "signals/fire": typeof signals_fire;
  "signals/inbox": typeof signals_inbox;
  "signals/open": typeof signals_open;
  "signals/requests": typeof signals_requests;
  "signals/send": typeof signals_send;
  stepDetails: typeof stepDetails;
  stepStarts: typeof stepStarts;
  steps: typeof steps;
  traceSpans: typeof traceSpans;
  traces: typeof traces;
  usageTree: typeof usageTree;
  views: typeof views;
  "wf/event": typeof wf_event;
  "wf/journal": typeof wf_journal;
  "wf/types": typeof wf_types;
  "wf/workflow": typeof wf_workflow;
}> = anyApi as any;

/**
 * A utility for referencing Convex functions in your app's public API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
export const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
> = anyApi as any;

/**
 * A utility for referencing Convex functions in your app's internal API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = internal.myModule.myFunction;
 * ```
 */
export const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
> = anyApi as any;

export const components = componentsGeneric() as unknown as {
  workflow: import("@convex-dev/workflow/_generated/component.js").ComponentApi<"workflow">;
  retrier: import("@convex-dev/action-retrier/_generated/component.js").ComponentApi<"retrier">;
  rateLimiter: import("@convex-dev/rate-limiter/_generated/component.js").ComponentApi<"rateLimiter">;
};
