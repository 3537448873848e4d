export { AgentWorkflows, vRunCompleteArgs } from "./AgentWorkflows.js";
export type { PublicApiOptions, StartRequest } from "./publicApi.js";
export {
  registerHttpApi,
  MAX_WAIT_SECONDS,
  MAX_STREAM_SECONDS,
  type HttpApiOptions,
  type HttpApiFunctions,
} from "./httpApi.js";
export {
  ownerOnly,
  type AccessRequest,
  type Authorize,
  type PolicyCtx,
  type RunOperation,
} from "./policy.js";
export type { AgentWorkflowsOptions } from "./AgentWorkflows.js";
export {
  DEFAULT_HTTP_BASE_PATH,
  type CallbackSettings,
  type CallbackNotify,
  type WaitCallback,
} from "./callbacks.js";
export type { WorkflowDefinition, RegisteredWorkflow } from "./define.js";
export type {
  StartOptions,
  RestartOptions,
  RunCompleteArgs,
} from "./control.js";
export type { ListRunsOptions } from "./queries.js";
export type {
  StepContext,
  StepOptions,
  ActionStepOptions,
  TransactionStepOptions,
} from "./stepContext.js";
export type {
  AgentWorkflowsComponent,
  WorkflowInput,
  WorkflowOutput,
  WorkflowReference,
} from "./types.js";
export { startRun, cancelRun, restartRun, cleanupRun } from "./control.js";
export {
  getRun,
  listRuns,
  listSteps,
  listEvents,
  exportTrace,
} from "./queries.js";
export type { OtlpTrace, OtlpSpan } from "../shared/otlp.js";
export {
  defineSignal,
  SignalTimeoutError,
  sendSignal,
  pendingSignals,
  signalHistory,
  type SignalDefinition,
  type WaitForSignalOptions,
  type SendSignalArgs,
  type AuthorizeSignal,
  type PendingSignalsOptions,
} from "./signals.js";
export * from "../shared/signalValidators.js";
export * from "../shared/llmValidators.js";
export {
  startLlmCall,
  getLlmCall,
  listLlmCalls,
  liveText,
  agentUsageHandler,
} from "./llmQueries.js";
export type {
  LlmOptions,
  LlmStepOptions,
  LlmFlowOptions,
  KeyLimits,
  Budget,
  LlmArgs,
} from "./llmStep.js";
export type {
  LlmPriority,
  RateLimitSpec,
  LlmQueueInfo,
  LlmWaitReason,
} from "../shared/llmFlow.js";
export { PRIORITY_LEVELS, PRIORITY_STEP_MS } from "../shared/llmFlow.js";
export {
  ERROR_CODES,
  isWorkflowError,
  type ErrorCode,
  type WorkflowErrorData,
} from "../shared/errors.js";
export * from "../shared/validators.js";
