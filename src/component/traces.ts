// A finished run's trace as OTLP/JSON, made from what the component stores,
// for the steps that ran in queries and mutations where no tracer runs: a
// span for the run, one per step, a "chat {model}" span under each LLM
// step, a signal wait's decisions as events, and each child run's spans
// under its step. One transaction reads it all, so it is bounded: at most
// MAX_TRACE_SPANS spans and MAX_JOURNAL_BYTES of journal entries read.
import { getConvexSize, v, type Value } from "convex/values";
import { parseRunError, workflowError } from "../shared/errors.js";
import {
  genAiRequestAttributes,
  genAiResponseAttributes,
  genAiSpanName,
  type SpanAttributes,
} from "../shared/genAi.js";
import { vOtlpTrace, type OtlpSpan, type OtlpTrace } from "../shared/otlp.js";
import { checkRunId, checkServiceName } from "../shared/validate.js";
import { isTerminal } from "../shared/validators.js";
import { components } from "./_generated/api.js";
import { query, type QueryCtx } from "./_generated/server.js";
import {
  findRun,
  findSegment,
  journalOf,
  requireRun,
  type RunDoc,
} from "./runStore.js";
import { NO_EXTRAS, stepExtras, type JournalStep } from "./stepDetails.js";
import { isInternalStep, stepRecord } from "./stepStarts.js";
import {
  keyValues,
  otlpSpan,
  otlpTrace,
  spanEvent,
  spanIdOf,
  traceIdOf,
} from "./traceSpans.js";
import { stepStatus, viewKind } from "./views.js";

/** The most spans one export holds; past it the root is marked truncated. */
export const MAX_TRACE_SPANS = 1_000;
/** The most journal entries (with their arguments and results) one export reads. */
export const MAX_JOURNAL_BYTES = 4 * 1024 * 1024;
const JOURNAL_PAGE = 100;

type JournalPage = {
  page: JournalStep[];
  isDone: boolean;
  continueCursor: string;
};
const DEFAULT_SERVICE_NAME = "convex-agent-workflows";

/**
 * A finished run's trace: an OTLP/JSON `ExportTraceServiceRequest` to POST
 * to a collector's `/v1/traces`. Ids come from the run's and steps' ids, so
 * exporting twice gives the same trace. RUN_NOT_FOUND, RUN_NOT_FINISHED,
 * INVALID_ARGUMENT.
 */
export const exportTrace = query({
  args: { runId: v.string(), serviceName: v.optional(v.string()) },
  returns: vOtlpTrace,
  handler: async (ctx, args): Promise<OtlpTrace> => {
    checkRunId(args.runId);
    checkServiceName(args.serviceName);
    const run = await requireRun(ctx, args.runId);
    if (!isTerminal(run.status)) {
      throw workflowError(
        "RUN_NOT_FINISHED",
        `Run "${run.workflowId}" is ${run.status}; only a finished run's trace can be exported.`,
        { runId: run.workflowId },
      );
    }
    const walk = new TraceWalk(ctx, await traceIdOf(run.workflowId));
    await walk.run(run);
    return otlpTrace(args.serviceName ?? DEFAULT_SERVICE_NAME, walk.spans);
  },
});

/** Spans of a run and its children, breadth first, within the bounds. */
class TraceWalk {
  readonly spans: OtlpSpan[] = [];
  #journalBytes = 0;
  #truncated = false;
  /** Child runs found, to be walked after the runs above them. */
  readonly #children: { run: RunDoc; parentSpanId: string }[] = [];

  constructor(
    private readonly ctx: QueryCtx,
    private readonly traceId: string,
  ) {}

  async run(root: RunDoc): Promise<void> {
    await this.#addRun(root, undefined);
    while (this.#children.length > 0 && this.#roomForSpan()) {
      const { run, parentSpanId } = this.#children.shift()!;
      await this.#addRun(run, parentSpanId);
    }
    if (this.#truncated) {
      this.spans[0]!.attributes.push(
        ...keyValues({ "workflow.trace.truncated": true }),
      );
    }
  }

  #roomForSpan(): boolean {
    if (this.spans.length < MAX_TRACE_SPANS) return true;
    this.#truncated = true;
    return false;
  }

  #roomToRead(): boolean {
    if (this.#journalBytes < MAX_JOURNAL_BYTES) return true;
    this.#truncated = true;
    return false;
  }

  /** The run's span, then its steps (under a span per segment when it continued as new). */
  async #addRun(run: RunDoc, parentSpanId: string | undefined) {
    const spanId = await spanIdOf({ kind: "run", id: run.workflowId });
    const endMs = runEnd(run);
    this.spans.push(
      otlpSpan({
        traceId: this.traceId,
        spanId,
        parentSpanId,
        name: run.name,
        startMs: run.startedAt,
        endMs,
        attributes: runAttributes(run),
        error:
          run.status === "failed"
            ? (run.error?.message ?? "The run failed.")
            : undefined,
      }),
    );
    const lastSegment = run.segment ?? 0;
    if (lastSegment === 0) {
      await this.#addSteps(run, journalOf(run), spanId, undefined);
      return;
    }
    for (let segment = 0; segment <= lastSegment; segment++) {
      if (!this.#roomForSpan()) return;
      const row = await findSegment(this.ctx, run.workflowId, segment);
      if (!row) continue;
      const segmentSpanId = await spanIdOf({
        kind: "segment",
        id: row.journalId,
      });
      this.spans.push(
        otlpSpan({
          traceId: this.traceId,
          spanId: segmentSpanId,
          parentSpanId: spanId,
          name: `segment ${segment}`,
          startMs: row.startedAt,
          endMs: row.endedAt ?? endMs,
          attributes: { "workflow.segment": segment },
        }),
      );
      await this.#addSteps(run, row.journalId, segmentSpanId, segment);
    }
  }

  /** A journal's steps in order, a page at a time (the component's own left out). */
  async #addSteps(
    run: RunDoc,
    journal: string,
    parentSpanId: string,
    segment: number | undefined,
  ) {
    let cursor: string | null = null;
    do {
      if (!this.#roomForSpan() || !this.#roomToRead()) return;
      const page: JournalPage = await this.ctx.runQuery(
        components.workflow.workflow.listSteps,
        {
          workflowId: journal,
          order: "asc",
          paginationOpts: { numItems: JOURNAL_PAGE, cursor },
        },
      );
      for (const step of page.page) {
        this.#journalBytes += getConvexSize(step as unknown as Value);
        if (isInternalStep(step.name)) continue;
        if (!this.#roomForSpan()) return;
        await this.#addStep(run, journal, step, parentSpanId, segment);
      }
      cursor = page.isDone ? null : page.continueCursor;
    } while (cursor !== null);
  }

  async #addStep(
    run: RunDoc,
    journal: string,
    step: JournalStep,
    parentSpanId: string,
    segment: number | undefined,
  ) {
    const info = await stepRecord(this.ctx, journal, step.stepNumber);
    const child =
      info?.kind === "child" && info.childWorkflowId
        ? await findRun(this.ctx, info.childWorkflowId)
        : null;
    const { call, request } =
      info?.kind === "child"
        ? NO_EXTRAS
        : await stepExtras(this.ctx, step, info);
    const kind = viewKind(step, info);
    const result = step.runResult;
    const status = stepStatus(
      result === undefined && !isTerminal(run.status),
      kind,
      result?.kind,
    );
    const error =
      result?.kind === "failed" ? parseRunError(result.error) : undefined;
    const spanId = await spanIdOf({ kind: "step", id: step.stepId });
    const endMs = step.completedAt ?? runEnd(run);
    this.spans.push(
      otlpSpan({
        traceId: this.traceId,
        spanId,
        parentSpanId,
        name: step.name,
        // Such a step began with the inline step before it (hidden), which
        // made the call, the request or the child run.
        startMs: Math.min(
          step.startedAt,
          call?.createdAt ?? Infinity,
          request?.requestedAt ?? Infinity,
          child?.startedAt ?? Infinity,
        ),
        endMs,
        attributes: {
          "workflow.step.number": step.stepNumber,
          "workflow.step.kind": kind,
          "workflow.step.status": status,
          "workflow.step.attempts": call?.attempts ?? info?.attempts,
          "workflow.segment": segment,
          "workflow.child_run_id": info?.childWorkflowId,
          "workflow.signal.name": request?.signal,
          "workflow.signal.request_id": request?.requestId,
          "workflow.signal.outcome": request?.outcome,
          "error.type": error ? (error.code ?? "_OTHER") : undefined,
        },
        events: request?.decisions.map((decision) =>
          spanEvent("workflow.signal.decision", decision.at, {
            "workflow.signal.by": decision.by,
            "workflow.signal.approve": decision.approve,
          }),
        ),
        error: error?.message,
      }),
    );
    if (child) this.#children.push({ run: child, parentSpanId: spanId });
    if (call && this.#roomForSpan()) {
      this.spans.push(
        otlpSpan({
          traceId: this.traceId,
          spanId: await spanIdOf({ kind: "call", id: call._id }),
          parentSpanId: spanId,
          name: genAiSpanName(call.model),
          kind: "client",
          startMs: call.createdAt,
          endMs: call.finishedAt ?? endMs,
          attributes: {
            ...genAiRequestAttributes({ provider: call.provider }),
            ...genAiResponseAttributes({
              responseModel: call.model,
              usage: call.usage,
            }),
            "workflow.llm.call_id": call._id,
            "workflow.llm.attempts": call.attempts,
            "workflow.llm.status": call.status,
            "workflow.llm.cost_usd": call.costUsd,
          },
          error:
            call.status === "failed"
              ? (call.error ?? "The call failed.")
              : undefined,
        }),
      );
    }
  }
}

/** When a run's spans end: when it finished (a child being canceled: its last change). */
function runEnd(run: RunDoc): number {
  return run.finishedAt ?? run.updatedAt;
}

function runAttributes(run: RunDoc): SpanAttributes {
  return {
    "workflow.run_id": run.workflowId,
    "workflow.name": run.name,
    "workflow.status": run.status,
    "workflow.tags": run.tags,
    "workflow.parent_run_id": run.parentRunId,
    "workflow.segments": run.segment ? run.segment + 1 : undefined,
    "workflow.usage.input_tokens": run.usage?.inputTokens,
    "workflow.usage.output_tokens": run.usage?.outputTokens,
    "workflow.usage.cost_usd": run.usage?.costUsd,
    "workflow.usage.llm_calls": run.usage?.llmCalls,
    "error.type":
      run.status === "failed" ? (run.error?.code ?? "_OTHER") : undefined,
  };
}
