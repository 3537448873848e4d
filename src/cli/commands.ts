// What each command does, given a connected target. Results go to stdout
// (JSON where a script reads them); everything else to stderr.
import type { PaginationResult } from "convex/server";
import type { SignalRequest } from "../shared/signalValidators.js";
import {
  isTerminal,
  type Run,
  type RunStatus,
  type RunSummary,
} from "../shared/validators.js";
import { CliError, EXIT, type ExitCode } from "./exitCodes.js";
import { err, out } from "./io.js";
import { ApprovalPrompter, canPrompt } from "./prompt.js";
import { RunReporter, formatDuration, type OutputMode } from "./render.js";
import type { Target } from "./target.js";
import { exitCodeOf, watchRun } from "./watch.js";

/** How a command shows its results, and whether it may ask questions. */
export type Presentation = { mode: OutputMode; prompt: boolean };

function printJson(value: unknown, mode: OutputMode): void {
  out(mode === "tty" ? JSON.stringify(value, null, 2) : JSON.stringify(value));
}

/**
 * Watch a run to its end and print its output as JSON on stdout (`--json`:
 * a last `{ type: "end", ... }` line); the exit code says how it ended.
 */
export async function watchToEnd(
  target: Target,
  runId: string,
  presentation: Presentation,
): Promise<ExitCode> {
  const reporter = new RunReporter(presentation.mode);
  const prompter =
    presentation.prompt && presentation.mode === "tty" && canPrompt()
      ? new ApprovalPrompter(reporter, (request, value) =>
          target.client.mutation(target.api.sendSignal, {
            runId: request.runId,
            signal: request.signal,
            requestId: request.requestId,
            value,
          }),
        )
      : undefined;
  const run = await watchRun(target, runId, reporter, prompter);
  reporter.finish();
  reportEnd(run, presentation.mode, reporter);
  return exitCodeOf(run);
}

function reportEnd(run: Run, mode: OutputMode, reporter: RunReporter): void {
  const took =
    run.finishedAt !== undefined
      ? ` in ${formatDuration(run.finishedAt - run.startedAt)}`
      : "";
  if (mode === "json") {
    printJson(
      {
        type: "end",
        runId: run.runId,
        status: run.status,
        output: run.output,
        error: run.error,
      },
      mode,
    );
    return;
  }
  if (run.status === "completed") {
    reporter.line(`completed${took}`);
    printJson(run.output ?? null, mode);
    return;
  }
  const error = run.error
    ? `: ${run.error.code ? `${run.error.code}: ` : ""}${run.error.message}` +
      (run.error.step ? ` (step ${run.error.step.name})` : "")
    : "";
  reporter.line(`${run.status}${took}${error}`);
}

/** `run`: start a run; with `watch`, follow it to its end. */
export async function runCommand(
  target: Target,
  args: {
    workflow: string;
    input: unknown;
    tags?: string[];
    idempotencyKey?: string;
    watch: boolean;
  },
  presentation: Presentation,
): Promise<ExitCode> {
  const runId = await target.client.mutation(target.api.start, {
    workflow: args.workflow,
    input: args.input,
    tags: args.tags?.length ? args.tags : undefined,
    idempotencyKey: args.idempotencyKey,
  });
  if (args.watch) return await watchToEnd(target, runId, presentation);
  if (presentation.mode === "json") printJson({ runId }, presentation.mode);
  else out(runId);
  if (target.offline?.hosted) {
    err(
      "note: this process hosted the offline runtime, which stops now and takes the run with it; " +
        "use --watch, or keep a runtime up with `convex-agent-workflows serve`",
    );
  }
  return EXIT.OK;
}

/** `get`: the run as JSON. */
export async function getCommand(
  target: Target,
  runId: string,
  presentation: Presentation,
): Promise<ExitCode> {
  const run = await target.client.query(target.api.getRun, { runId });
  if (!run) throw new CliError(`no run ${runId}`, EXIT.REFUSED);
  printJson(run, presentation.mode);
  return EXIT.OK;
}

/** Read pages of a paginated query until `limit` items (or the end). */
async function collect<T>(
  limit: number,
  page: (
    cursor: string | null,
    numItems: number,
  ) => Promise<PaginationResult<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  while (items.length < limit) {
    const result: PaginationResult<T> = await page(
      cursor,
      Math.min(100, limit - items.length),
    );
    items.push(...result.page);
    if (result.isDone) break;
    cursor = result.continueCursor;
  }
  return items.slice(0, limit);
}

/** `--owner`: an owner id; "*" for every owner's; omitted for the caller's own. */
function ownerFilter(owner: string | undefined): string | null | undefined {
  return owner === "*" ? null : owner;
}

function runLine(run: RunSummary): string {
  const p = run.progress;
  const progress =
    p?.completed !== undefined && p.total ? `${p.completed}/${p.total}` : "";
  return [
    run.runId,
    run.status,
    run.name,
    progress,
    new Date(run.startedAt).toISOString(),
    run.tags.join(","),
  ].join("\t");
}

/** `list`: runs, newest first, filtered like listRuns. */
export async function listCommand(
  target: Target,
  args: {
    status?: RunStatus;
    name?: string;
    tag?: string;
    owner?: string;
    limit: number;
  },
  presentation: Presentation,
): Promise<ExitCode> {
  const runs = await collect(args.limit, (cursor, numItems) =>
    target.client.query(target.api.listRuns, {
      owner: ownerFilter(args.owner),
      status: args.status,
      name: args.name,
      tag: args.tag,
      paginationOpts: { cursor, numItems },
    }),
  );
  if (presentation.mode === "json") printJson(runs, presentation.mode);
  else for (const run of runs) out(runLine(run));
  return EXIT.OK;
}

function requestLine(request: SignalRequest): string {
  return [
    request.requestId,
    request.runId,
    request.runName,
    request.signal,
    request.assignees.join(",") || "-",
    request.title ?? "",
  ].join("\t");
}

/** `inbox`: pending approval requests (an assignee's, or the caller's runs'). */
export async function inboxCommand(
  target: Target,
  args: { assignee?: string; owner?: string; limit: number },
  presentation: Presentation,
): Promise<ExitCode> {
  // An approver's inbox spans every owner's runs (the policy decides).
  const owner =
    args.owner !== undefined
      ? ownerFilter(args.owner)
      : args.assignee !== undefined
        ? null
        : undefined;
  const requests = await collect(args.limit, (cursor, numItems) =>
    target.client.query(target.api.pendingSignals, {
      owner,
      assignee: args.assignee,
      paginationOpts: { cursor, numItems },
    }),
  );
  if (presentation.mode === "json") printJson(requests, presentation.mode);
  else for (const request of requests) out(requestLine(request));
  return EXIT.OK;
}

/** `events`: a run's event log; with `follow`, new events until it ends. */
export async function eventsCommand(
  target: Target,
  runId: string,
  follow: boolean,
  presentation: Presentation,
): Promise<ExitCode> {
  const { client, api } = target;
  const show = (event: {
    seq: number;
    type: string;
    data?: unknown;
    at: number;
  }) =>
    presentation.mode === "json"
      ? out(JSON.stringify(event))
      : out(
          [
            event.seq,
            new Date(event.at).toISOString(),
            event.type,
            event.data === undefined ? "" : JSON.stringify(event.data),
          ].join("\t"),
        );
  let after = 0;
  const drain = async () => {
    for (;;) {
      const page = await client.query(api.listEvents, { runId, after });
      page.events.forEach(show);
      after = page.cursor;
      if (page.isDone) return;
    }
  };
  await drain();
  if (!follow) return EXIT.OK;
  // New events arrive through a subscription from the cursor on; the run's
  // own subscription says when to stop.
  await new Promise<void>((resolve, reject) => {
    let unsubscribeEvents = () => {};
    const subscribe = () => {
      unsubscribeEvents = client.onUpdate(
        api.listEvents,
        { runId, after },
        (page) => {
          if (page.events.length === 0) return;
          page.events.forEach(show);
          after = page.cursor;
          unsubscribeEvents();
          subscribe();
        },
        reject,
      );
    };
    subscribe();
    const unsubscribeRun = client.onUpdate(
      api.getRun,
      { runId },
      (run) => {
        if (run && !isTerminal(run.status)) return;
        unsubscribeRun();
        unsubscribeEvents();
        // The events written with the end: read what is left once more.
        drain().then(resolve, reject);
      },
      reject,
    );
  });
  return EXIT.OK;
}

/** `signal`: send a signal (an approval's decision) to a run. */
export async function signalCommand(
  target: Target,
  args: { runId: string; signal: string; value: unknown; requestId?: string },
  presentation: Presentation,
): Promise<ExitCode> {
  const result = await target.client.mutation(target.api.sendSignal, args);
  printJson(result, presentation.mode);
  return EXIT.OK;
}

/** `cancel`: cancel a run (and its running children). */
export async function cancelCommand(
  target: Target,
  runId: string,
  presentation: Presentation,
): Promise<ExitCode> {
  await target.client.mutation(target.api.cancel, { runId });
  if (presentation.mode === "json")
    printJson({ runId, canceled: true }, presentation.mode);
  else out(`canceled ${runId}`);
  return EXIT.OK;
}

/** `restart`: run a finished run again, from the start or from a step. */
export async function restartCommand(
  target: Target,
  runId: string,
  from: string | undefined,
  presentation: Presentation,
): Promise<ExitCode> {
  const step =
    from === undefined ? undefined : /^\d+$/.test(from) ? Number(from) : from;
  await target.client.mutation(target.api.restart, { runId, from: step });
  if (presentation.mode === "json")
    printJson({ runId, restarted: true }, presentation.mode);
  else out(`restarted ${runId}`);
  return EXIT.OK;
}
