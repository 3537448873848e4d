import type { ComponentApi } from "../component/_generated/component.js";
import type {
  FunctionReference,
  GenericActionCtx,
  GenericDataModel,
  GenericMutationCtx,
  GenericQueryCtx,
} from "convex/server";

/** `components.agentWorkflows` in the app. */
export type AgentWorkflowsComponent = ComponentApi;

/** Any ctx that can run queries: a query, mutation or action ctx. */
export type RunQueryCtx = Pick<GenericQueryCtx<GenericDataModel>, "runQuery">;
/** Any ctx that can run mutations: a mutation or action ctx. */
export type RunMutationCtx = Pick<
  GenericMutationCtx<GenericDataModel>,
  "runQuery" | "runMutation"
>;
export type RunActionCtx = Pick<
  GenericActionCtx<GenericDataModel>,
  "runQuery" | "runMutation" | "runAction"
>;

/**
 * What a workflow mutation returns: its run id when started directly, or
 * the handler's result when the workflow engine polls it. The same shape as
 * `@convex-dev/workflow`'s, so workflow references keep their output type.
 */
export type WorkflowMutationResult<Output> =
  | string
  | {
      kind: "complete";
      runResult:
        | { kind: "success"; returnValue: Output }
        | { kind: "failed"; error: string }
        | { kind: "canceled" };
    };

/** The arguments of a workflow mutation when it is started directly. */
export type WorkflowMutationArgs<Input> = {
  args?: Input;
  onComplete?: string;
  context?: unknown;
  startAsync?: boolean;
  workflowId?: string;
  generationNumber?: number;
};

/** A reference to a workflow defined with `AgentWorkflows.define`. */
export type WorkflowReference<Input = any, Output = any> = FunctionReference<
  "mutation",
  "internal",
  WorkflowMutationArgs<Input>,
  WorkflowMutationResult<Output>
>;

/** The input type of a workflow reference. */
export type WorkflowInput<W> =
  W extends FunctionReference<
    "mutation",
    any,
    WorkflowMutationArgs<infer I>,
    any
  >
    ? I
    : never;

/** The output type of a workflow reference. */
export type WorkflowOutput<W> =
  W extends FunctionReference<"mutation", any, any, infer R>
    ? R extends { kind: "complete"; runResult: infer RR }
      ? RR extends { kind: "success"; returnValue: infer O }
        ? O
        : never
      : never
    : never;
