// publicApi with a policy that refuses everything, for the property test
// (test/publicApi.property.test.ts): whatever a client sends, every failure
// is a documented code or an argument-validation error, and writes nothing.
import { publicSignals, publicWorkflows } from "./publicWorkflows.js";
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
  workflows: publicWorkflows,
  signals: publicSignals,
  tags: (_ctx, request) => request.tags,
});
