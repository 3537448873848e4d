import { defineComponent } from "convex/server";
import workflow from "@convex-dev/workflow/convex.config";
import workpool from "@convex-dev/workpool/convex.config";

const component = defineComponent("agentWorkflows");

// The journal, replay, retries and events.
component.use(workflow);
// A separate pool so LLM calls get their own parallelism cap.
component.use(workpool, { name: "llmPool" });

export default component;
