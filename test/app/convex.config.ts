import workflow from "@convex-dev/workflow/convex.config";
import { defineApp } from "convex/server";
import agentWorkflows from "../../src/component/convex.config.js";

const app = defineApp();
app.use(agentWorkflows);
// Bare @convex-dev/workflow, the benchmark's baseline.
app.use(workflow);

export default app;
