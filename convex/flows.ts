import { AgentWorkflows } from "../src/client/index.js";
import { components } from "./_generated/api.js";

/** The app's one entry to the agentWorkflows component. */
export const flows = new AgentWorkflows(components.agentWorkflows, {
  workpoolOptions: { maxParallelism: 10 },
});
