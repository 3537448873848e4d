import type { ComponentApi } from "../component/_generated/component.js";
import type {
  FunctionArgs,
  FunctionReference,
  FunctionReturnType,
  GenericActionCtx,
  GenericDataModel,
  GenericMutationCtx,
  GenericQueryCtx,
} from "convex/server";

/** `components.agentWorkflows` in the app. */
export type AgentWorkflowsComponent = ComponentApi;

/**
 * Any ctx that can run queries: a query, mutation or action ctx. Written
 * out (not picked from one ctx) because an action's `runQuery` takes an
 * extra options argument and would not fit a query's.
 */
export type RunQueryCtx = {
  runQuery: <Query extends FunctionReference<"query", "public" | "internal">>(
    query: Query,
    args: FunctionArgs<Query>,
  ) => Promise<FunctionReturnType<Query>>;
};
/** Any ctx that can run mutations: a mutation or action ctx. */
export type RunMutationCtx = RunQueryCtx & {
  runMutation: <
    Mutation extends FunctionReference<"mutation", "public" | "internal">,
  >(
    mutation: Mutation,
    args: FunctionArgs<Mutation>,
  ) => Promise<FunctionReturnType<Mutation>>;
};
// Compile-time check: query, mutation and action ctxs all fit.
type Assert<T extends true> = T;
export type _CtxTypesFit = Assert<
  [
    GenericQueryCtx<GenericDataModel> extends RunQueryCtx ? true : false,
    GenericMutationCtx<GenericDataModel> extends RunMutationCtx ? true : false,
    GenericActionCtx<GenericDataModel> extends RunMutationCtx ? true : false,
  ] extends [true, true, true]
    ? true
    : false
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
