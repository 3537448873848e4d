import { defineApp } from "convex/server";
import agentWorkflows from "../src/component/convex.config.js";

const app = defineApp();
app.use(agentWorkflows);

export default app;
