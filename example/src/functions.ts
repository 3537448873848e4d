// The backend functions the UI calls, read once. `api.module.fn` builds a
// new proxy on every access, and some hooks (useRunEvents → useQueries)
// need the same reference on every render.
import { api } from "../../convex/_generated/api.js";

export const fns = {
  getRun: api.workflowsApi.getRun,
  listRuns: api.workflowsApi.listRuns,
  listSteps: api.workflowsApi.listSteps,
  getStep: api.workflowsApi.getStep,
  listEvents: api.workflowsApi.listEvents,
  liveText: api.workflowsApi.liveText,
  pendingSignals: api.workflowsApi.pendingSignals,
  sendSignal: api.workflowsApi.sendSignal,
  cancel: api.workflowsApi.cancel,
  restart: api.workflowsApi.restart,
  submitTicket: api.tickets.submitTicket,
  runSteps: api.runSteps.list,
  approvalHistory: api.approvals.history,
  llmPool: api.llmPool.status,
  setLlmCap: api.llmPool.setCap,
  setLlmKeyCap: api.llmPool.setKeyCap,
};
