import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { vRateLimitSpec } from "../shared/llmFlow.js";
import {
  vLlmCallStatus,
  vLlmRetry,
  vModelPrice,
  vRunUsage,
  vUsage,
} from "../shared/llmValidators.js";
import {
  vSignalOutcome,
  vSignalRequestStatus,
} from "../shared/signalValidators.js";
import {
  vProgress,
  vRetention,
  vRunError,
  vRunStatus,
  vStepKind,
} from "../shared/validators.js";

export default defineSchema({
  // One row per workflow run (top-level and child), keyed by the nested
  // workflow's id. Live step state stays in the nested journal.
  runs: defineTable({
    workflowId: v.string(),
    name: v.string(),
    functionName: v.string(),
    status: vRunStatus,
    input: v.any(),
    output: v.optional(v.any()),
    error: v.optional(vRunError),
    tags: v.array(v.string()),
    // Who the run belongs to (a user or org id the app chose), set only on
    // the server; children inherit it. Leads an index for every list filter.
    owner: v.optional(v.string()),
    // The AgentWorkflows instance that defined the run: decisions on its
    // signals are judged by that instance's policy only.
    instance: v.optional(v.string()),
    idempotencyKey: v.optional(v.string()),
    parentRunId: v.optional(v.string()),
    // A child run: the event its parent awaits, sent when the child ends.
    parentEventId: v.optional(v.string()),
    appOnComplete: v.optional(
      v.object({ fnHandle: v.string(), context: v.optional(v.any()) }),
    ),
    progress: v.optional(vProgress),
    usage: v.optional(vRunUsage),
    // usage plus every descendant's: each finished call is added to its run
    // and to all of the run's ancestors in the same transaction.
    usageTotal: v.optional(vRunUsage),
    // 0 for a top-level run, the parent's plus one for a child (capped, so
    // the walk up to the root stays bounded).
    depth: v.optional(v.number()),
    stepsStarted: v.number(),
    eventSeq: v.number(),
    startedAt: v.number(),
    updatedAt: v.number(),
    finishedAt: v.optional(v.number()),
    // Retention of a top-level run, from its start envelope: its workflow's
    // own periods and the app's defaults (the `config` row's sit between).
    retention: v.optional(
      v.object({
        workflow: v.optional(vRetention),
        app: v.optional(vRetention),
      }),
    ),
    // When the retention sweeper deletes the finished run.
    expiresAt: v.optional(v.number()),
    // Continue-as-new: the current segment's number and its journal (the
    // nested workflow that runs it). Absent: segment 0, journal workflowId.
    segment: v.optional(v.number()),
    journalId: v.optional(v.string()),
  })
    .index("workflowId", ["workflowId"])
    .index("expiresAt", ["expiresAt"])
    .index("status", ["status"])
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes -- lists sort newest first: _creationTime right after these fields
    .index("name", ["name"])
    .index("name_status", ["name", "status"])
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes -- lists sort newest first: _creationTime right after these fields
    .index("owner", ["owner"])
    .index("owner_status", ["owner", "status"])
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes -- lists sort newest first: _creationTime right after these fields
    .index("owner_name", ["owner", "name"])
    .index("owner_name_status", ["owner", "name", "status"])
    // Idempotency keys are scoped per owner (and checked per workflow).
    .index("owner_idempotencyKey", ["owner", "idempotencyKey"])
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes -- lists sort newest first: _creationTime right after these fields
    .index("parent", ["parentRunId"])
    .index("parent_status", ["parentRunId", "status"])
    .index("parentEventId", ["parentEventId"]),

  // One row per (run, tag), so tag filters use an index. Name and status are
  // copied here so every filter combination stays an index range.
  runTags: defineTable({
    tag: v.string(),
    runId: v.id("runs"),
    name: v.string(),
    status: vRunStatus,
    owner: v.optional(v.string()),
  })
    .index("run", ["runId"])
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes -- lists sort newest first: _creationTime right after these fields
    .index("tag", ["tag"])
    .index("tag_status", ["tag", "status"])
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes -- lists sort newest first: _creationTime right after these fields
    .index("tag_name", ["tag", "name"])
    .index("tag_name_status", ["tag", "name", "status"])
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes -- lists sort newest first: _creationTime right after these fields
    .index("owner_tag", ["owner", "tag"])
    .index("owner_tag_status", ["owner", "tag", "status"])
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes -- lists sort newest first: _creationTime right after these fields
    .index("owner_tag_name", ["owner", "tag", "name"])
    .index("owner_tag_name_status", ["owner", "tag", "name", "status"]),

  // What kind each journal step is. The nested journal has only
  // "function", not action/mutation/query.
  stepInfo: defineTable({
    workflowId: v.string(),
    stepNumber: v.number(),
    name: v.string(),
    kind: vStepKind,
    childWorkflowId: v.optional(v.string()),
    attempts: v.optional(v.number()),
    // The journal's generation when the step started: a restart drops the
    // records of older generations from its step on.
    generation: v.optional(v.number()),
  }).index("step", ["workflowId", "stepNumber"]),

  // A run's event log: lifecycle, progress and the handler's own events.
  runEvents: defineTable({
    workflowId: v.string(),
    seq: v.number(),
    type: v.string(),
    data: v.optional(v.any()),
    at: v.number(),
  }).index("run_seq", ["workflowId", "seq"]),

  // The segments of a run that continued as new (step.continueAsNew), one
  // row each, segment 0 included once there is a second: its journal (a
  // nested workflow of its own) and the input it started with.
  segments: defineTable({
    runId: v.string(),
    segment: v.number(),
    journalId: v.string(),
    input: v.any(),
    startedAt: v.number(),
    endedAt: v.optional(v.number()),
  })
    .index("run_segment", ["runId", "segment"])
    .index("journalId", ["journalId"]),

  // A wait for a signal (step.waitForSignal): its request, timer and end.
  // Kept while the run exists: the audit trail.
  signalRequests: defineTable({
    workflowId: v.string(),
    runName: v.string(),
    // The run's owner, so an owner's pending requests are an index range.
    owner: v.optional(v.string()),
    signal: v.string(),
    eventId: v.string(),
    status: vSignalRequestStatus,
    title: v.optional(v.string()),
    details: v.optional(v.any()),
    assignees: v.array(v.string()),
    quorum: v.number(),
    approvals: v.number(),
    timerId: v.optional(v.id("_scheduled_functions")),
    requestedAt: v.number(),
    expiresAt: v.optional(v.number()),
    outcome: v.optional(vSignalOutcome),
    closedAt: v.optional(v.number()),
    // A callback URL (waitForSignal's `callback`): who its decision is
    // recorded as, the SHA-256 of its one-time token (never the token), when
    // it was issued and when it was used.
    callbackBy: v.optional(v.string()),
    callbackHash: v.optional(v.string()),
    callbackIssuedAt: v.optional(v.number()),
    callbackUsedAt: v.optional(v.number()),
  })
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes -- a run's requests newest first (signalHistory)
    .index("run", ["workflowId"])
    .index("run_signal", ["workflowId", "signal"])
    .index("run_status", ["workflowId", "status"])
    .index("status", ["status"])
    .index("owner_status", ["owner", "status"])
    .index("eventId", ["eventId"])
    .index("callbackHash", ["callbackHash"]),

  // Every decision sent to a request, never deleted while the run exists.
  signalDecisions: defineTable({
    requestId: v.id("signalRequests"),
    workflowId: v.string(),
    by: v.string(),
    value: v.any(),
    approve: v.boolean(),
    at: v.number(),
  })
    .index("request_by", ["requestId", "by"])
    .index("run", ["workflowId"]),

  // Pending requests per assignee, so the inbox is an index range.
  signalInbox: defineTable({
    assignee: v.string(),
    workflowId: v.string(),
    requestId: v.id("signalRequests"),
    owner: v.optional(v.string()),
  })
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes -- lists sort newest first: _creationTime right after these fields
    .index("assignee", ["assignee"])
    .index("assignee_owner", ["assignee", "owner"])
    .index("assignee_run", ["assignee", "workflowId"])
    .index("request", ["requestId"]),

  // A plain signal sent before its run reached the wait: kept for it.
  bufferedSignals: defineTable({
    workflowId: v.string(),
    signal: v.string(),
    value: v.any(),
    by: v.string(),
    // The signal's `approves(value)`, recorded with the decision once a
    // wait takes it (optional: rows buffered before it was kept).
    approve: v.optional(v.boolean()),
    at: v.number(),
  }).index("run_signal", ["workflowId", "signal"]),

  // One LLM call: an LLM step (resumed by an event) or a one-shot call.
  // Admitted by the dispatcher (llm/dispatch.ts), each attempt run by the
  // action retrier. Holds its accounting and its place in the queue.
  llmCalls: defineTable({
    workflowId: v.optional(v.string()),
    // A one-shot call's owner (an LLM step's owner is its run's).
    owner: v.optional(v.string()),
    eventId: v.optional(v.string()),
    name: v.string(),
    fnHandle: v.string(),
    fnArgs: v.any(),
    status: vLlmCallStatus,
    attempts: v.number(),
    retry: vLlmRetry,
    maxParallelism: v.optional(v.number()),
    prices: v.optional(v.record(v.string(), vModelPrice)),
    passCallContext: v.boolean(),
    threadId: v.optional(v.string()),
    // llmPool's work id, on calls queued before the dispatcher (unused).
    workId: v.optional(v.string()),
    retrierRunId: v.optional(v.string()),
    model: v.optional(v.string()),
    provider: v.optional(v.string()),
    usage: v.optional(vUsage),
    costUsd: v.optional(v.number()),
    result: v.optional(v.any()),
    error: v.optional(v.string()),
    text: v.optional(v.string()),
    // What an llmAction sent, as it started (each cut to
    // LIMITS.maxPromptChars): shown with the step.
    system: v.optional(v.string()),
    prompt: v.optional(v.string()),
    createdAt: v.number(),
    finishedAt: v.optional(v.number()),
    // Flow control (see src/shared/llmFlow.ts): the key and priority it
    // queues with, its place within the key, the app's caps and limits.
    key: v.optional(v.string()),
    priority: v.optional(v.number()),
    order: v.optional(v.number()),
    keyCap: v.optional(v.number()),
    rateLimit: v.optional(
      v.object({ name: v.string(), ...vRateLimitSpec.fields }),
    ),
    estimatedTokens: v.optional(v.number()),
    // Rate-limit capacity reserved for attempt `reservedAttempt`, and the
    // tokens it counted (corrected by the reported usage at the end).
    reservedAttempt: v.optional(v.number()),
    reservedTokens: v.optional(v.number()),
    // Out of the queue until then: waiting for a rate limit or a backoff.
    wait: v.optional(
      v.object({
        reason: v.union(v.literal("rateLimit"), v.literal("retryBackoff")),
        until: v.number(),
      }),
    ),
  })
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes -- a run's calls in creation order (listCalls, cleanup)
    .index("run", ["workflowId"])
    .index("run_status", ["workflowId", "status"])
    .index("eventId", ["eventId"])
    .index("thread_status", ["threadId", "status"])
    .index("retrierRunId", ["retrierRunId"]),

  // Streamed text of a call, append-only while it runs; compacted into the
  // call's `text` when it finishes.
  llmChunks: defineTable({
    callId: v.id("llmCalls"),
    attempt: v.number(),
    seq: v.number(),
    text: v.string(),
  }).index("call", ["callId", "attempt", "seq"]),

  // Deletions going on in scheduled batches: a run with everything below it
  // (cleanup), or the step records a restart dropped.
  deletions: defineTable({
    workflowId: v.string(),
    kind: v.union(v.literal("run"), v.literal("steps"), v.literal("segments")),
    // "steps": the step to go on from; "segments": the first segment to drop.
    fromStep: v.optional(v.number()),
    // Step records of generations below this one are dropped.
    belowGeneration: v.optional(v.number()),
  }),

  // The LLM dispatcher's state (one row): slots in use and the fair-queue
  // clock (the turn of the last call admitted).
  llmDispatch: defineTable({
    running: v.number(),
    turn: v.number(),
    // The app's llm.maxParallelism, as the latest call carried it.
    appCap: v.optional(v.number()),
  }),

  // A concurrency key with calls queued or running (deleted when idle).
  // Keys take turns: the open key with the lowest turn goes next.
  llmKeys: defineTable({
    key: v.string(),
    running: v.number(),
    waiting: v.number(),
    appCap: v.optional(v.number()),
    overrideCap: v.optional(v.number()),
    turn: v.number(),
    // The order of its first queued call.
    headOrder: v.optional(v.number()),
    // Has a queued call and a free slot under its own cap.
    open: v.boolean(),
  })
    .index("key", ["key"])
    .index("open", ["open", "turn", "headOrder"]),

  // Calls ready to start, in order within their key.
  llmQueue: defineTable({
    callId: v.id("llmCalls"),
    key: v.string(),
    order: v.number(),
  })
    .index("key_order", ["key", "order"])
    .index("callId", ["callId"]),

  // A slot taken by a running attempt, until its action reports (kept
  // apart from the call, which a cleanup may delete meanwhile).
  llmSlots: defineTable({
    retrierRunId: v.string(),
    key: v.string(),
    callId: v.id("llmCalls"),
  }).index("retrierRunId", ["retrierRunId"]),

  // Caps per key and rate limits set from the dashboard (over the app's).
  llmOverrides: defineTable({
    kind: v.union(v.literal("keyCap"), v.literal("rateLimit")),
    name: v.string(),
    maxParallelism: v.optional(v.number()),
    ...vRateLimitSpec.fields,
  }).index("kind_name", ["kind", "name"]),

  // Settings changed at run time (from the dashboard or CLI).
  config: defineTable({
    llmMaxParallelism: v.optional(v.number()),
    // Retention set from the dashboard: over the app's defaults, under a
    // workflow's own. null in a field: back to the app's default.
    retention: v.optional(vRetention),
    // The one pending retention sweep, and when it runs.
    sweepAt: v.optional(v.number()),
    sweepId: v.optional(v.id("_scheduled_functions")),
  }),
});
