// What the test app's public APIs (ownedApi, openApi, closedApi) let
// clients start and send, in one place.
import type { WorkflowReference } from "../../src/client/index.js";
import { internal } from "./_generated/api.js";
import { approval, ping, vote } from "./approvals.js";

export const publicWorkflows: Record<string, WorkflowReference> = {
  review: internal.approvals.review,
  committee: internal.approvals.committee,
  parent: internal.parents.parent,
  oneCall: internal.llmWorkflows.oneCall,
  pipeline: internal.workflows.pipeline,
};

export const publicSignals = [approval, ping, vote];
