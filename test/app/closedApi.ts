// publicApi with a policy that refuses everything, for the property test
// (test/publicApi.property.test.ts): whatever a client sends, every failure
// is a documented code or an argument-validation error, and writes nothing.
import { internal } from "./_generated/api.js";
import { approval, ping, vote } from "./approvals.js";
import { flows } from "./workflows.js";

export const {
  getRun,
  listRuns,
  listSteps,
  listEvents,
  liveText,
  getLlmCall,
  pendingSignals,
  sendSignal,
  start,
  cancel,
  restart,
} = flows.publicApi({
  authorize: () => false,
  workflows: {
    review: internal.approvals.review,
    pipeline: internal.workflows.pipeline,
    parent: internal.parents.parent,
  },
  signals: [approval, ping, vote],
  tags: (_ctx, request) => request.tags,
});
