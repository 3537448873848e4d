// convex-agent-workflows/llm: the helpers that call models through the AI
// SDK (`ai`). Only apps with LLM steps import this entry, so the main entry
// works without `ai` installed.
export {
  llmAction,
  type LlmActionSpec,
  type LlmActionHost,
} from "./llmAction.js";
export { classifyLlmError, retryAfterMs } from "./errors.js";
