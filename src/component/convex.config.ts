import { defineComponent } from "convex/server";
import workflow from "@convex-dev/workflow/convex.config";
import workpool from "@convex-dev/workpool/convex.config";
import actionRetrier from "@convex-dev/action-retrier/convex.config";

const component = defineComponent("agentWorkflows");

// The journal, replay, retries and events.
component.use(workflow);
// A separate pool so LLM calls get their own parallelism cap.
component.use(workpool, { name: "llmPool" });
// One-shot LLM calls outside workflows, retried with backoff.
component.use(actionRetrier, { name: "retrier" });

export default component;
