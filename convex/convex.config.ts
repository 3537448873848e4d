import { defineApp } from "convex/server";
import { v } from "convex/values";
import agentWorkflows from "convex-agent-workflows/convex.config.js";

const app = defineApp({
  env: {
    // Set to use OpenAI; without it the demo uses its offline model.
    OPENAI_API_KEY: v.optional(v.string()),
    // The OpenAI model (default gpt-4o-mini).
    OPENAI_MODEL: v.optional(v.string()),
    // Without OPENAI_API_KEY: how long the offline model takes to start
    // answering, in ms (default 0), e.g. 5000 to watch calls queue.
    OFFLINE_MODEL_LATENCY_MS: v.optional(v.string()),
  },
});
app.use(agentWorkflows);

export default app;
