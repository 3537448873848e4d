import {
  generateText,
  Output,
  streamText,
  type LanguageModel,
  type LanguageModelUsage,
} from "ai";
import {
  internalActionGeneric,
  type GenericActionCtx,
  type GenericDataModel,
  type RegisteredAction,
} from "convex/server";
import { v, type ObjectType, type PropertyValidators } from "convex/values";
import type { z } from "zod";
import { encodeLlmError } from "../shared/llmErrors.js";
import { modelOverride } from "../shared/modelOverride.js";
import type { LlmActionResult, Usage } from "../shared/llmValidators.js";
import { ChunkWriter } from "./chunkWriter.js";
import type { AgentWorkflowsComponent } from "../client/types.js";
import { classifyLlmError, LlmCallStopped } from "./errors.js";
import { estimateUsage, reportStoppedCall } from "./stopSpend.js";
import { traceModelCall } from "./tracing.js";

/**
 * Set by the component when the action runs as an LLM step (with its run)
 * or a one-shot call.
 */
type CallInfo = {
  callId: string;
  attempt: number;
  runId?: string;
  oneShot?: boolean;
};
const vCall = v.optional(
  v.object({
    callId: v.string(),
    attempt: v.number(),
    runId: v.optional(v.string()),
    oneShot: v.optional(v.boolean()),
  }),
);

export type LlmActionSpec<
  Args extends PropertyValidators,
  Schema extends z.ZodType | undefined,
> = {
  /** The action's arguments (Convex validators). */
  args: Args;
  /** An AI SDK model, or a function choosing one per call (e.g. by API key). */
  model: LanguageModel | ((args: ObjectType<Args>) => LanguageModel);
  system?: string | ((args: ObjectType<Args>) => string);
  prompt: (args: ObjectType<Args>) => string;
  /** Structured output: the model's object is validated against this schema. */
  output?: Schema;
  /** Stream the text into the run's live text (see `liveText`). */
  stream?: boolean;
  maxOutputTokens?: number;
  temperature?: number;
};

/** With an output schema, `object` is there and typed. */
type ActionResult<Schema> = Schema extends z.ZodType
  ? LlmActionResult<z.output<Schema>> & { object: z.output<Schema> }
  : LlmActionResult;

/** The component reference {@link llmAction} needs: an `AgentWorkflows` instance fits. */
export type LlmActionHost = { readonly component: AgentWorkflowsComponent };

/**
 * Define an app action that calls a model through the AI SDK, for
 * `step.llm` and `flows.llmCall` (text or structured output, optional
 * streaming into `liveText`). Export the result from a module in convex/:
 *
 * ```ts
 * import { llmAction } from "convex-agent-workflows/llm";
 * export const classify = llmAction(flows, {
 *   args: { body: v.string() },
 *   model: openai("gpt-4o-mini"),
 *   prompt: ({ body }) => `Classify: ${body}`,
 *   output: z.object({ category: z.enum(["billing", "other"]) }),
 * });
 * ```
 *
 * Inside it the SDK never retries (`maxRetries: 0`): retryable failures
 * (HTTP 408, 409, 429, 5xx, network errors) go back to the component's
 * pool, which retries with backoff and honors Retry-After; the rest fail
 * the step at once with the provider's message.
 *
 * @param flows - The app's `AgentWorkflows` (or `{ component: components.agentWorkflows }`).
 * @param spec - Arguments, model, prompt, and optional output schema and streaming.
 */
export function llmAction<
  Args extends PropertyValidators,
  Schema extends z.ZodType | undefined = undefined,
>(
  flows: LlmActionHost,
  spec: LlmActionSpec<Args, Schema>,
): RegisteredAction<
  "internal",
  ObjectType<Args> & { _call?: CallInfo },
  // One-shot calls may also get `{ llmFailure }` (see below); the component
  // turns that into a failed call, so callers never see it. (Spelled out, not
  // aliased: Convex reads the result type from RegisteredAction's own type
  // arguments.)
  ActionResult<Schema>
> {
  const { component } = flows;
  return internalActionGeneric({
    args: { ...spec.args, _call: vCall },
    handler: async (ctx, allArgs) => {
      const { _call: call, ...args } = allArgs as ObjectType<Args> & {
        _call?: CallInfo;
      };
      const userArgs = args as unknown as ObjectType<Args>;
      try {
        const system =
          typeof spec.system === "function"
            ? spec.system(userArgs)
            : spec.system;
        const prompt = spec.prompt(userArgs);
        // One-shot calls too: without it they show "queued" until they end.
        // It keeps the prompt, shown with the step.
        if (call) {
          await ctx.runMutation(component.llm.calls.markStarted, {
            callId: call.callId,
            attempt: call.attempt,
            system,
            prompt,
          });
        }
        const model = chooseModel(spec, userArgs);
        return await traceModelCall(
          { model: describeModel(model), spec, call },
          () =>
            callModel(ctx, component, { ...spec, model }, userArgs, call, {
              system,
              prompt,
            }),
        );
      } catch (error) {
        const info = classifyLlmError(error);
        // The action retrier retries every thrown error: hand it back the
        // ones a retry cannot fix as a value instead.
        if (call?.oneShot && !info.retryable)
          return { llmFailure: info.message };
        throw new Error(encodeLlmError(info));
      }
    },
  }) as never;
}

async function callModel<
  Args extends PropertyValidators,
  Schema extends z.ZodType | undefined,
>(
  ctx: GenericActionCtx<GenericDataModel>,
  component: AgentWorkflowsComponent,
  spec: LlmActionSpec<Args, Schema>,
  args: ObjectType<Args>,
  call: { callId: string; attempt: number } | undefined,
  { system, prompt }: { system: string | undefined; prompt: string },
): Promise<ActionResult<Schema>> {
  const model = chooseModel(spec, args);
  const request = {
    model,
    system,
    prompt,
    maxRetries: 0,
    maxOutputTokens: spec.maxOutputTokens,
    temperature: spec.temperature,
    ...(spec.output ? { output: Output.object({ schema: spec.output }) } : {}),
  };
  const { modelId, provider } = describeModel(model);
  if (spec.stream) {
    // A failing stream ends quietly and later awaits throw a generic "no
    // output" error: keep the provider's own error to classify it.
    let streamError: unknown;
    // Aborted when the component refuses a chunk: the call was canceled.
    const abort = new AbortController();
    const result = streamText({
      ...request,
      abortSignal: abort.signal,
      onError: ({ error }) => {
        streamError ??= error;
      },
    });
    const writer = new ChunkWriter(ctx, component, call, () => abort.abort());
    try {
      for await (const delta of result.textStream) {
        await writer.push(delta);
        if (abort.signal.aborted) break;
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
    if (abort.signal.aborted && call) {
      const sent = `${system ?? ""}${prompt}`;
      await reportStoppedCall(
        ctx,
        component,
        call.callId,
        modelId,
        estimateUsage(sent, writer.text),
      );
      throw new LlmCallStopped();
    }
    if (streamError !== undefined) throw streamError;
    await writer.flush();
    const text = await result.text;
    return {
      text,
      ...(spec.output ? { object: await result.output } : {}),
      model: (await result.response).modelId ?? modelId,
      provider,
      usage: toUsage(await result.usage),
    } as ActionResult<Schema>;
  }
  const result = await generateText(request);
  return {
    text: result.text,
    ...(spec.output ? { object: result.output } : {}),
    model: result.response.modelId ?? modelId,
    provider,
    usage: toUsage(result.usage),
  } as ActionResult<Schema>;
}

/** The test kit's model if one is set, else the spec's for these arguments. */
function chooseModel<Args extends PropertyValidators>(
  spec: { model: LlmActionSpec<Args, z.ZodType | undefined>["model"] },
  args: ObjectType<Args>,
): LanguageModel {
  return (
    (modelOverride() as LanguageModel | undefined) ??
    (typeof spec.model === "function" ? spec.model(args) : spec.model)
  );
}

function describeModel(model: LanguageModel): {
  modelId: string;
  provider: string;
} {
  if (typeof model === "string") {
    const [provider, ...rest] = model.split("/");
    return {
      modelId: rest.join("/") || model,
      provider: provider ?? "gateway",
    };
  }
  return { modelId: model.modelId, provider: model.provider };
}

export function toUsage(usage: LanguageModelUsage | undefined): Usage {
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  return {
    inputTokens,
    outputTokens,
    totalTokens: usage?.totalTokens ?? inputTokens + outputTokens,
  };
}
