import { AgentWorkflows } from "../src/client/index.js";
import { components } from "./_generated/api.js";

/** The app's one entry to the agentWorkflows component. */
export const flows = new AgentWorkflows(components.agentWorkflows, {
  workpoolOptions: { maxParallelism: 10 },
  // Requests assigned to "team:support" may be answered by support agents
  // (ids "support:<name>"); an assignee can always answer their own.
  authorizeSignal: (_ctx, { request, by }) =>
    request === null ||
    request.assignees.length === 0 ||
    request.assignees.some(
      (assignee) =>
        assignee === by ||
        (assignee === "team:support" && by.startsWith("support:")),
    ),
});
