/* eslint-disable */
/**
 * Generated `ComponentApi` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type { FunctionReference } from "convex/server";

/**
 * A utility for referencing a Convex component's exposed API.
 *
 * Useful when expecting a parameter like `components.myComponent`.
 * Usage:
 * ```ts
 * async function myFunction(ctx: QueryCtx, component: ComponentApi) {
 *   return ctx.runQuery(component.someFile.someQuery, { ...args });
 * }
 * ```
 */
export type ComponentApi<Name extends string | undefined = string | undefined> =
  {
    access: {
      describe: FunctionReference<
        "query",
        "internal",
        {
          callId?: string;
          requestId?: string;
          runId?: string;
          signal?: string;
        },
        {
          call: { callId: string; owner?: string; runId?: string } | null;
          instance?: string;
          request: {
            assignees: Array<string>;
            quorum: number;
            requestId: string;
            signal: string;
            status: "pending" | "decided" | "expired" | "canceled";
          } | null;
          run: {
            name: string;
            owner?: string;
            parentRunId?: string;
            runId: string;
            status:
              | "queued"
              | "running"
              | "waiting"
              | "completed"
              | "failed"
              | "canceled";
            tags: Array<string>;
          } | null;
        },
        Name
      >;
    };
    children: {
      start: FunctionReference<
        "mutation",
        "internal",
        {
          functionName: string;
          input: any;
          name: string;
          runId: string;
          workflowHandle: string;
        },
        { childRunId: string; eventId: string },
        Name
      >;
    };
    config: {
      getConfig: FunctionReference<
        "query",
        "internal",
        {},
        {
          llmKeyCaps: Array<{ key: string; maxParallelism: number }>;
          llmKeys: Array<{
            key: string;
            maxParallelism?: number;
            queued: number;
            running: number;
          }>;
          llmMaxParallelism: number;
          llmRateLimits: Array<{
            burst?: number;
            name: string;
            requestsPerMinute?: number;
            tokensPerMinute?: number;
          }>;
          llmRunning: number;
          nextSweepAt?: number;
          overridden: boolean;
          retention: {
            canceled?: number | false;
            completed?: number | false;
            failed?: number | false;
          };
        },
        Name
      >;
      setLlmKeyCap: FunctionReference<
        "mutation",
        "internal",
        { key: string; maxParallelism: number | null },
        null,
        Name
      >;
      setLlmParallelism: FunctionReference<
        "mutation",
        "internal",
        { maxParallelism: number | null },
        null,
        Name
      >;
      setLlmRateLimit: FunctionReference<
        "mutation",
        "internal",
        {
          limits: {
            burst?: number;
            requestsPerMinute?: number;
            tokensPerMinute?: number;
          } | null;
          name: string;
        },
        null,
        Name
      >;
      setRetention: FunctionReference<
        "mutation",
        "internal",
        {
          canceled?: number | false | null;
          completed?: number | false | null;
          failed?: number | false | null;
        },
        null,
        Name
      >;
    };
    control: {
      cancel: FunctionReference<
        "mutation",
        "internal",
        { runId: string },
        null,
        Name
      >;
      cleanup: FunctionReference<
        "mutation",
        "internal",
        { runId: string },
        null,
        Name
      >;
      restart: FunctionReference<
        "mutation",
        "internal",
        { from?: number | string; runId: string; segment?: number },
        null,
        Name
      >;
    };
    events: {
      emit: FunctionReference<
        "mutation",
        "internal",
        { data?: any; runId: string; type: string },
        number,
        Name
      >;
      listEvents: FunctionReference<
        "query",
        "internal",
        { after?: number; limit?: number; runId: string },
        {
          cursor: number;
          events: Array<{ at: number; data?: any; seq: number; type: string }>;
          isDone: boolean;
        },
        Name
      >;
      reportProgress: FunctionReference<
        "mutation",
        "internal",
        { completed?: number; message?: string; runId: string; total?: number },
        null,
        Name
      >;
    };
    llm: {
      calls: {
        getCall: FunctionReference<
          "query",
          "internal",
          { callId: string },
          {
            attempts: number;
            callId: string;
            costUsd?: number;
            createdAt: number;
            error?: string;
            finishedAt?: number;
            key?: string;
            model?: string;
            name: string;
            owner?: string;
            priority?: number;
            provider?: string;
            queue?: {
              ahead?: number;
              key?: string;
              priority: number;
              reason:
                | "globalCap"
                | "keyCap"
                | "rateLimit"
                | "retryBackoff"
                | "dispatching";
              until?: number;
            };
            result?: any;
            runId?: string;
            status:
              | "queued"
              | "running"
              | "retrying"
              | "completed"
              | "failed"
              | "canceled";
            threadId?: string;
            usage?: {
              estimated?: boolean;
              inputTokens: number;
              outputTokens: number;
              totalTokens: number;
            };
          } | null,
          Name
        >;
        listCalls: FunctionReference<
          "query",
          "internal",
          { runId: string },
          Array<{
            attempts: number;
            callId: string;
            costUsd?: number;
            createdAt: number;
            error?: string;
            finishedAt?: number;
            key?: string;
            model?: string;
            name: string;
            owner?: string;
            priority?: number;
            provider?: string;
            queue?: {
              ahead?: number;
              key?: string;
              priority: number;
              reason:
                | "globalCap"
                | "keyCap"
                | "rateLimit"
                | "retryBackoff"
                | "dispatching";
              until?: number;
            };
            result?: any;
            runId?: string;
            status:
              | "queued"
              | "running"
              | "retrying"
              | "completed"
              | "failed"
              | "canceled";
            threadId?: string;
            usage?: {
              estimated?: boolean;
              inputTokens: number;
              outputTokens: number;
              totalTokens: number;
            };
          }>,
          Name
        >;
        markStarted: FunctionReference<
          "mutation",
          "internal",
          { attempt: number; callId: string; prompt?: string; system?: string },
          null,
          Name
        >;
        recordCanceledUsage: FunctionReference<
          "mutation",
          "internal",
          {
            callId: string;
            model?: string;
            usage: {
              estimated?: boolean;
              inputTokens: number;
              outputTokens: number;
              totalTokens: number;
            };
          },
          null,
          Name
        >;
      };
      cancel: {
        cancelCall: FunctionReference<
          "mutation",
          "internal",
          { callId: string },
          boolean,
          Name
        >;
      };
      oneShot: {
        start: FunctionReference<
          "mutation",
          "internal",
          {
            flow?: {
              estimatedTokens?: number;
              key?: string;
              keyCap?: number;
              priority?: number;
              rateLimit?: {
                burst?: number;
                name: string;
                requestsPerMinute?: number;
                tokensPerMinute?: number;
              };
            };
            fnArgs: any;
            fnHandle: string;
            maxParallelism?: number;
            name: string;
            owner?: string;
            passCallContext: boolean;
            prices?: Record<
              string,
              { inputPerMillion: number; outputPerMillion: number }
            >;
            retry?: {
              base: number;
              initialBackoffMs: number;
              maxAttempts: number;
            };
          },
          string,
          Name
        >;
      };
      start: {
        start: FunctionReference<
          "mutation",
          "internal",
          {
            budget?: { maxCostUsd?: number; maxTokens?: number };
            flow?: {
              estimatedTokens?: number;
              key?: string;
              keyCap?: number;
              priority?: number;
              rateLimit?: {
                burst?: number;
                name: string;
                requestsPerMinute?: number;
                tokensPerMinute?: number;
              };
            };
            fnArgs: any;
            fnHandle: string;
            maxParallelism?: number;
            name: string;
            passCallContext: boolean;
            prices?: Record<
              string,
              { inputPerMillion: number; outputPerMillion: number }
            >;
            retry?: {
              base: number;
              initialBackoffMs: number;
              maxAttempts: number;
            };
            runId: string;
            threadId?: string;
          },
          { callId: string; eventId: string },
          Name
        >;
      };
      text: {
        appendText: FunctionReference<
          "mutation",
          "internal",
          { attempt: number; callId: string; seq: number; text: string },
          boolean,
          Name
        >;
        liveText: FunctionReference<
          "query",
          "internal",
          { callId?: string; runId?: string },
          {
            attempt: number;
            callId: string;
            done: boolean;
            name: string;
            status:
              | "queued"
              | "running"
              | "retrying"
              | "completed"
              | "failed"
              | "canceled";
            text: string;
          } | null,
          Name
        >;
      };
      usage: {
        recordAgentUsage: FunctionReference<
          "mutation",
          "internal",
          {
            model: string;
            provider: string;
            threadId: string;
            usage: {
              estimated?: boolean;
              inputTokens: number;
              outputTokens: number;
              totalTokens: number;
            };
          },
          boolean,
          Name
        >;
      };
    };
    runs: {
      getRun: FunctionReference<
        "query",
        "internal",
        { runId: string },
        {
          currentSteps: Array<{
            kind:
              | "action"
              | "mutation"
              | "query"
              | "child"
              | "sleep"
              | "event"
              | "signal"
              | "llm";
            name: string;
            startedAt: number;
            stepNumber: number;
          }>;
          error?: {
            code?: string;
            message: string;
            step?: { name: string; stepNumber: number };
          };
          expiresAt?: number;
          finishedAt?: number;
          input: any;
          name: string;
          output?: any;
          owner?: string;
          parentRunId?: string;
          pendingSignals: Array<{
            approvals: number;
            assignees: Array<string>;
            callback?: { by: string; issuedAt?: number; usedAt?: number };
            closedAt?: number;
            details?: any;
            expiresAt?: number;
            outcome?:
              "delivered" | "approved" | "rejected" | "timedOut" | "canceled";
            quorum: number;
            requestId: string;
            requestedAt: number;
            runId: string;
            runName: string;
            signal: string;
            status: "pending" | "decided" | "expired" | "canceled";
            title?: string;
          }>;
          progress?: {
            completed?: number;
            fraction?: number;
            message?: string;
            total?: number;
            updatedAt: number;
          };
          queuedLlmCalls?: Array<{
            ahead?: number;
            callId: string;
            key?: string;
            name: string;
            priority: number;
            reason:
              | "globalCap"
              | "keyCap"
              | "rateLimit"
              | "retryBackoff"
              | "dispatching";
            until?: number;
          }>;
          runId: string;
          segment?: number;
          startedAt: number;
          status:
            | "queued"
            | "running"
            | "waiting"
            | "completed"
            | "failed"
            | "canceled";
          stepsStarted: number;
          tags: Array<string>;
          updatedAt: number;
          usage?: {
            costUsd: number;
            estimated?: boolean;
            inputTokens: number;
            llmCalls: number;
            outputTokens: number;
            totalTokens: number;
          };
          usageTotal?: {
            costUsd: number;
            estimated?: boolean;
            inputTokens: number;
            llmCalls: number;
            outputTokens: number;
            totalTokens: number;
          };
        } | null,
        Name
      >;
      listRuns: FunctionReference<
        "query",
        "internal",
        {
          name?: string;
          owner?: string;
          paginationOpts: {
            cursor: string | null;
            endCursor?: string | null;
            id?: number;
            maximumBytesRead?: number;
            maximumRowsRead?: number;
            numItems: number;
          };
          status?:
            | "queued"
            | "running"
            | "waiting"
            | "completed"
            | "failed"
            | "canceled";
          tag?: string;
        },
        {
          continueCursor: string;
          isDone: boolean;
          page: Array<{
            error?: {
              code?: string;
              message: string;
              step?: { name: string; stepNumber: number };
            };
            expiresAt?: number;
            finishedAt?: number;
            name: string;
            owner?: string;
            parentRunId?: string;
            progress?: {
              completed?: number;
              fraction?: number;
              message?: string;
              total?: number;
              updatedAt: number;
            };
            runId: string;
            segment?: number;
            startedAt: number;
            status:
              | "queued"
              | "running"
              | "waiting"
              | "completed"
              | "failed"
              | "canceled";
            stepsStarted: number;
            tags: Array<string>;
            updatedAt: number;
            usage?: {
              costUsd: number;
              estimated?: boolean;
              inputTokens: number;
              llmCalls: number;
              outputTokens: number;
              totalTokens: number;
            };
            usageTotal?: {
              costUsd: number;
              estimated?: boolean;
              inputTokens: number;
              llmCalls: number;
              outputTokens: number;
              totalTokens: number;
            };
          }>;
          pageStatus?: "SplitRecommended" | "SplitRequired" | null;
          splitCursor?: string | null;
        },
        Name
      >;
    };
    segments: {
      continueAsNew: FunctionReference<
        "mutation",
        "internal",
        { input: any; runId: string },
        { segment: number },
        Name
      >;
    };
    signals: {
      callback: {
        answer: FunctionReference<
          "mutation",
          "internal",
          { approve: boolean; instance: string; token: string; value: any },
          {
            result: {
              requestId?: string;
              status: "delivered" | "recorded" | "buffered";
            };
            runId: string;
          },
          Name
        >;
        lookup: FunctionReference<
          "query",
          "internal",
          { instance: string; token: string },
          | { state: "unknown" }
          | { state: "gone" }
          | { requestId: string; runId: string; signal: string; state: "open" },
          Name
        >;
      };
      inbox: {
        pendingSignals: FunctionReference<
          "query",
          "internal",
          {
            assignee?: string;
            owner?: string;
            paginationOpts: {
              cursor: string | null;
              endCursor?: string | null;
              id?: number;
              maximumBytesRead?: number;
              maximumRowsRead?: number;
              numItems: number;
            };
            runId?: string;
          },
          {
            continueCursor: string;
            isDone: boolean;
            page: Array<{
              approvals: number;
              assignees: Array<string>;
              callback?: { by: string; issuedAt?: number; usedAt?: number };
              closedAt?: number;
              details?: any;
              expiresAt?: number;
              outcome?:
                "delivered" | "approved" | "rejected" | "timedOut" | "canceled";
              quorum: number;
              requestId: string;
              requestedAt: number;
              runId: string;
              runName: string;
              signal: string;
              status: "pending" | "decided" | "expired" | "canceled";
              title?: string;
            }>;
            pageStatus?: "SplitRecommended" | "SplitRequired" | null;
            splitCursor?: string | null;
          },
          Name
        >;
        signalHistory: FunctionReference<
          "query",
          "internal",
          { runId: string },
          Array<{
            approvals: number;
            assignees: Array<string>;
            callback?: { by: string; issuedAt?: number; usedAt?: number };
            closedAt?: number;
            decisions: Array<{
              approve: boolean;
              at: number;
              by: string;
              value: any;
            }>;
            details?: any;
            expiresAt?: number;
            outcome?:
              "delivered" | "approved" | "rejected" | "timedOut" | "canceled";
            quorum: number;
            requestId: string;
            requestedAt: number;
            runId: string;
            runName: string;
            signal: string;
            status: "pending" | "decided" | "expired" | "canceled";
            title?: string;
          }>,
          Name
        >;
      };
      open: {
        open: FunctionReference<
          "mutation",
          "internal",
          {
            assignees?: Array<string>;
            callback?: { by: string; notify: string; urlPrefix: string };
            details?: any;
            quorum?: number;
            runId: string;
            signal: string;
            timeoutMs?: number;
            title?: string;
          },
          { eventId: string; requestId: string },
          Name
        >;
      };
      send: {
        send: FunctionReference<
          "mutation",
          "internal",
          {
            approve: boolean;
            by: string;
            requestId?: string;
            runId: string;
            signal: string;
            value: any;
          },
          { requestId?: string; status: "delivered" | "recorded" | "buffered" },
          Name
        >;
        target: FunctionReference<
          "query",
          "internal",
          { requestId?: string; runId: string; signal: string },
          {
            instance?: string;
            request: {
              approvals: number;
              assignees: Array<string>;
              callback?: { by: string; issuedAt?: number; usedAt?: number };
              closedAt?: number;
              details?: any;
              expiresAt?: number;
              outcome?:
                "delivered" | "approved" | "rejected" | "timedOut" | "canceled";
              quorum: number;
              requestId: string;
              requestedAt: number;
              runId: string;
              runName: string;
              signal: string;
              status: "pending" | "decided" | "expired" | "canceled";
              title?: string;
            } | null;
            run: {
              name: string;
              owner?: string;
              parentRunId?: string;
              runId: string;
              status:
                | "queued"
                | "running"
                | "waiting"
                | "completed"
                | "failed"
                | "canceled";
              tags: Array<string>;
            };
          },
          Name
        >;
      };
    };
    steps: {
      getStep: FunctionReference<
        "query",
        "internal",
        { runId: string; segment?: number; stepNumber: number },
        {
          args?: { bytes: number; preview: string; truncated: boolean };
          attempts?: number;
          childRunId?: string;
          error?: string;
          finishedAt?: number;
          input?: any;
          kind:
            | "action"
            | "mutation"
            | "query"
            | "child"
            | "sleep"
            | "event"
            | "signal"
            | "llm";
          llm?: {
            callId: string;
            costUsd?: number;
            key?: string;
            model?: string;
            priority?: number;
            prompt?: { bytes: number; preview: string; truncated: boolean };
            queue?: {
              ahead?: number;
              key?: string;
              priority: number;
              reason:
                | "globalCap"
                | "keyCap"
                | "rateLimit"
                | "retryBackoff"
                | "dispatching";
              until?: number;
            };
            system?: { bytes: number; preview: string; truncated: boolean };
            text?: { bytes: number; preview: string; truncated: boolean };
            usage?: {
              estimated?: boolean;
              inputTokens: number;
              outputTokens: number;
              totalTokens: number;
            };
          };
          llmText?: { prompt?: string; system?: string; text?: string };
          name: string;
          output?: any;
          result?: { bytes: number; preview: string; truncated: boolean };
          segment?: number;
          signal?: {
            approvals: number;
            assignees: Array<string>;
            callback?: { by: string; issuedAt?: number; usedAt?: number };
            closedAt?: number;
            decisions: Array<{
              approve: boolean;
              at: number;
              by: string;
              value: any;
            }>;
            details?: any;
            expiresAt?: number;
            outcome?:
              "delivered" | "approved" | "rejected" | "timedOut" | "canceled";
            quorum: number;
            requestId: string;
            requestedAt: number;
            runId: string;
            runName: string;
            signal: string;
            status: "pending" | "decided" | "expired" | "canceled";
            title?: string;
          };
          startedAt: number;
          status: "running" | "waiting" | "completed" | "failed" | "canceled";
          stepId: string;
          stepNumber: number;
        } | null,
        Name
      >;
      listSteps: FunctionReference<
        "query",
        "internal",
        {
          includeInternal?: boolean;
          paginationOpts: {
            cursor: string | null;
            endCursor?: string | null;
            id?: number;
            maximumBytesRead?: number;
            maximumRowsRead?: number;
            numItems: number;
          };
          runId: string;
        },
        {
          continueCursor: string;
          isDone: boolean;
          page: Array<{
            args?: { bytes: number; preview: string; truncated: boolean };
            attempts?: number;
            childRunId?: string;
            error?: string;
            finishedAt?: number;
            kind:
              | "action"
              | "mutation"
              | "query"
              | "child"
              | "sleep"
              | "event"
              | "signal"
              | "llm";
            llm?: {
              callId: string;
              costUsd?: number;
              key?: string;
              model?: string;
              priority?: number;
              prompt?: { bytes: number; preview: string; truncated: boolean };
              queue?: {
                ahead?: number;
                key?: string;
                priority: number;
                reason:
                  | "globalCap"
                  | "keyCap"
                  | "rateLimit"
                  | "retryBackoff"
                  | "dispatching";
                until?: number;
              };
              system?: { bytes: number; preview: string; truncated: boolean };
              text?: { bytes: number; preview: string; truncated: boolean };
              usage?: {
                estimated?: boolean;
                inputTokens: number;
                outputTokens: number;
                totalTokens: number;
              };
            };
            name: string;
            result?: { bytes: number; preview: string; truncated: boolean };
            segment?: number;
            signal?: {
              approvals: number;
              assignees: Array<string>;
              callback?: { by: string; issuedAt?: number; usedAt?: number };
              closedAt?: number;
              decisions: Array<{
                approve: boolean;
                at: number;
                by: string;
                value: any;
              }>;
              details?: any;
              expiresAt?: number;
              outcome?:
                "delivered" | "approved" | "rejected" | "timedOut" | "canceled";
              quorum: number;
              requestId: string;
              requestedAt: number;
              runId: string;
              runName: string;
              signal: string;
              status: "pending" | "decided" | "expired" | "canceled";
              title?: string;
            };
            startedAt: number;
            status: "running" | "waiting" | "completed" | "failed" | "canceled";
            stepId: string;
            stepNumber: number;
          }>;
          pageStatus?: "SplitRecommended" | "SplitRequired" | null;
          splitCursor?: string | null;
        },
        Name
      >;
    };
    traces: {
      exportTrace: FunctionReference<
        "query",
        "internal",
        { runId: string; serviceName?: string },
        {
          resourceSpans: Array<{
            resource: {
              attributes: Array<{
                key: string;
                value:
                  | { stringValue: string }
                  | { intValue: number }
                  | { doubleValue: number }
                  | { boolValue: boolean }
                  | { arrayValue: { values: Array<{ stringValue: string }> } };
              }>;
              droppedAttributesCount: number;
            };
            scopeSpans: Array<{
              scope: { name: string };
              spans: Array<{
                attributes: Array<{
                  key: string;
                  value:
                    | { stringValue: string }
                    | { intValue: number }
                    | { doubleValue: number }
                    | { boolValue: boolean }
                    | {
                        arrayValue: { values: Array<{ stringValue: string }> };
                      };
                }>;
                droppedAttributesCount: number;
                droppedEventsCount: number;
                endTimeUnixNano: string;
                events: Array<{
                  attributes: Array<{
                    key: string;
                    value:
                      | { stringValue: string }
                      | { intValue: number }
                      | { doubleValue: number }
                      | { boolValue: boolean }
                      | {
                          arrayValue: {
                            values: Array<{ stringValue: string }>;
                          };
                        };
                  }>;
                  droppedAttributesCount: number;
                  name: string;
                  timeUnixNano: string;
                }>;
                kind: number;
                name: string;
                parentSpanId?: string;
                spanId: string;
                startTimeUnixNano: string;
                status: { code: number; message?: string };
                traceId: string;
              }>;
            }>;
          }>;
        },
        Name
      >;
    };
    wf: {
      event: {
        create: FunctionReference<"mutation", "internal", any, any, Name>;
        send: FunctionReference<"mutation", "internal", any, any, Name>;
      };
      journal: {
        load: FunctionReference<"query", "internal", any, any, Name>;
        startSteps: FunctionReference<"mutation", "internal", any, any, Name>;
      };
      workflow: {
        cancel: FunctionReference<"mutation", "internal", any, any, Name>;
        cleanup: FunctionReference<"mutation", "internal", any, any, Name>;
        complete: FunctionReference<"mutation", "internal", any, any, Name>;
        create: FunctionReference<"mutation", "internal", any, any, Name>;
        getStatus: FunctionReference<"query", "internal", any, any, Name>;
        list: FunctionReference<"query", "internal", any, any, Name>;
        listByName: FunctionReference<"query", "internal", any, any, Name>;
        listSteps: FunctionReference<"query", "internal", any, any, Name>;
        restart: FunctionReference<"mutation", "internal", any, any, Name>;
      };
    };
  };
