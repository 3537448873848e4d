import agent from "@convex-dev/agent/convex.config";
import workflow from "@convex-dev/workflow/convex.config";
import { defineApp } from "convex/server";
import agentWorkflows from "../../src/component/convex.config.js";

const app = defineApp();
app.use(agentWorkflows);
// Bare @convex-dev/workflow, the benchmark's baseline.
app.use(workflow);
// @convex-dev/agent, for the agent LLM step test.
app.use(agent);

export default app;
