import { defineComponent } from "convex/server";
import workflow from "@convex-dev/workflow/convex.config";
import actionRetrier from "@convex-dev/action-retrier/convex.config";
import rateLimiter from "@convex-dev/rate-limiter/convex.config";

const component = defineComponent("agentWorkflows");

// The journal, replay, retries and events.
component.use(workflow);
// Runs each LLM call attempt the dispatcher admits (llm/dispatch.ts).
component.use(actionRetrier, { name: "retrier" });
// Provider rate limits: requests and tokens per minute (llm/rateLimits.ts).
component.use(rateLimiter, { name: "rateLimiter" });

export default component;
