// npm run demo: the demo app (convex/) end to end on an embedded, in-memory
// Convex runtime (convex-test), with live progress read through the app's
// own queries. Offline, no API key, no deployment. Exits 1 if any run does
// not complete.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { api } from "../../convex/_generated/api.js";
import type { Id } from "../../convex/_generated/dataModel.js";
import {
  bold,
  brief,
  colorStatus,
  dim,
  elapsed,
  green,
  out,
  red,
  table,
} from "./format.js";
import { Monitor, type RunWatcher } from "./live.js";
import { quietFunctionLogs } from "./quiet.js";
import { createApp } from "./runtime.js";
import { SAMPLE_TICKETS } from "./tickets.js";

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
const APP_DIR = path.join(ROOT, "convex");
/** Real time allowed for all runs to finish (they take well under a second). */
const TIMEOUT_MS = Number(process.env.DEMO_TIMEOUT_MS ?? 30_000);
/** Pause between two rounds of re-reading the watched queries. */
const POLL_MS = 2;
/** The ticket whose drafted reply is printed at the end. */
const SHOWN_REPLY = 0;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)}s`;

async function main(): Promise<number> {
  const started = performance.now();
  const logs = quietFunctionLogs();

  out(bold("convex-agent-workflows demo"));
  out(
    [
      "  Runs the demo app's backend (convex/: support tickets triaged and answered",
      "  by durable workflows) on convex-test, an embedded, in-memory, offline Convex",
      "  runtime inside this Node process. This is NOT a deployment: no Convex backend,",
      "  no network, no API key, and nothing is saved. Scheduled functions run on real",
      "  timers; the app's offline text steps are rules (convex/supportText.ts), not an LLM.",
    ].join("\n"),
  );
  out();

  const { t, components, moduleCount, tables } = await createApp(APP_DIR);
  out(bold("Runtime"));
  out(
    `  app         convex/ (${moduleCount} modules), tables: ${tables.join(", ")}`,
  );
  for (const [i, line] of componentTree(components).entries()) {
    out(`  ${i === 0 ? "components" : "          "}  ${line}`);
  }
  out(`  ready in ${seconds(performance.now() - started)}`);
  out();

  const seeded = await t.mutation(api.tickets.seedKnowledgeBase, {});
  out(
    `${bold("Knowledge base")}  ${seeded} articles (api.tickets.seedKnowledgeBase)`,
  );
  out();

  out(bold("Live"));
  out(
    dim(
      "  tickets submitted with api.tickets.submitTicket; runs read with api.tickets.getRun,",
    ),
  );
  out(
    dim(
      "  listSteps and listEvents, printed whenever what they return changes",
    ),
  );
  const monitor = new Monitor(t);
  const watching = monitor.run({ intervalMs: POLL_MS, timeoutMs: TIMEOUT_MS });
  const submitted: { ticketId: Id<"tickets">; watcher: RunWatcher }[] = [];
  for (const [i, ticket] of SAMPLE_TICKETS.entries()) {
    const { ticketId, runId } = await t.mutation(
      api.tickets.submitTicket,
      ticket,
    );
    const name = (await t.query(api.tickets.getRun, { runId }))?.name;
    const watcher = monitor.watch(runId, { name });
    out(
      `${elapsed()}  ${bold(`ticket #${i + 1}`)} submitted: "${ticket.subject}" from ${ticket.customer} → ${watcher.label}`,
    );
    submitted.push({ ticketId, watcher });
  }
  monitor.close();
  const finished = await watching;
  // Let functions already running (e.g. the pools' bookkeeping) settle.
  await t.finishInProgressScheduledFunctions();
  out();

  const problems: string[] = [];
  if (!finished) {
    problems.push(
      `runs still unfinished after ${seconds(TIMEOUT_MS)} (set DEMO_TIMEOUT_MS to wait longer)`,
    );
  }

  out(bold("Summary"));
  const watchers = [...monitor.watchers].sort((a, b) =>
    a.number.localeCompare(b.number, "en", { numeric: true }),
  );
  const rows = watchers.map((w) => {
    const run = w.run;
    const output = run?.output as Record<string, unknown> | undefined;
    let shown = "";
    if (output && "category" in output) {
      shown = `${output.category} / ${output.priority} / ${output.status}`;
    } else if (output && typeof output.reply === "string") {
      shown = `reply: ${output.reply.length} chars`;
    } else if (run?.error) {
      shown = red(run.error.message);
    }
    const took =
      run?.finishedAt !== undefined
        ? `${run.finishedAt - run.startedAt} ms`
        : "-";
    if (run?.status !== "completed") {
      problems.push(
        `run ${w.number} (${run?.name ?? w.runId}) is ${run?.status ?? "missing"}`,
      );
    }
    return [
      w.number,
      run?.name ?? "?",
      colorStatus(run?.status ?? "missing"),
      shown,
      String(w.steps.length),
      took,
    ];
  });
  for (const line of table(
    [
      "run",
      "workflow",
      "status",
      "output (category / priority / status)",
      "steps",
      "time",
    ],
    rows,
  )) {
    out(line);
  }
  out();

  out(bold("Tickets") + dim("  (api.tickets.getTicket)"));
  const tickets = [];
  for (const [i, { ticketId, watcher }] of submitted.entries()) {
    const ticket = await t.query(api.tickets.getTicket, { ticketId });
    tickets.push(ticket);
    const expected = (watcher.run?.output as { status?: string } | undefined)
      ?.status;
    if (!ticket) {
      problems.push(`ticket #${i + 1} not found`);
      continue;
    }
    if (
      watcher.run?.status === "completed" &&
      (ticket.status !== expected || !ticket.reply)
    ) {
      problems.push(
        `ticket #${i + 1} is "${ticket.status}"${ticket.reply ? "" : " with no reply"}, its run said "${expected}"`,
      );
    }
    out(
      `  #${i + 1}  ${ticket.status.padEnd(9)}  ${(ticket.category ?? "-").padEnd(8)}  ${(ticket.priority ?? "-").padEnd(6)}  ${ticket.subject}`,
    );
  }
  out();

  const shown = tickets[SHOWN_REPLY];
  if (shown?.reply) {
    out(
      bold(`Drafted reply for ticket #${SHOWN_REPLY + 1}`) +
        dim(`  (${shown.customer}, "${shown.subject}")`),
    );
    for (const line of shown.reply.split("\n"))
      out(`  ${dim("│")} ${line}`.trimEnd());
    out();
  }

  const total = seconds(performance.now() - started);
  const dropped = logs.dropped();
  const byName = new Map<string, number>();
  for (const w of watchers)
    byName.set(w.run?.name ?? "?", (byName.get(w.run?.name ?? "?") ?? 0) + 1);
  const counts = [...byName]
    .map(([name, count]) => `${count} ${name}`)
    .join(" + ");
  if (problems.length > 0) {
    for (const problem of problems) out(red(`✘ ${problem}`));
    out(red(`Demo failed after ${total}.`));
    return 1;
  }
  out(
    green("✔ ") +
      `${submitted.length} tickets, ${watchers.length} runs (${counts}) completed; demo took ${total}.` +
      (dropped > 0
        ? dim(` ${dropped} workpool report log line(s) hidden.`)
        : ""),
  );
  return 0;
}

/** Component paths ("a", "a/b", "a/b/c", "a/d"), depth first, as tree lines. */
function componentTree(paths: string[]): string[] {
  const parentOf = (p: string) => p.split("/").slice(0, -1).join("/");
  const isLast = (p: string) =>
    !paths.slice(paths.indexOf(p) + 1).some((q) => parentOf(q) === parentOf(p));
  return paths.map((p) => {
    const segments = p.split("/");
    if (segments.length === 1) return p;
    let prefix = "";
    // One column per ancestor below the root: a bar while it has siblings to come.
    for (let depth = 2; depth < segments.length; depth++) {
      prefix += isLast(segments.slice(0, depth).join("/")) ? "   " : "│  ";
    }
    return `${prefix}${isLast(p) ? "└─" : "├─"} ${segments.at(-1)}`;
  });
}

// Exit explicitly: the pools leave timers for future work (e.g. recovery
// checks) that would keep the process alive. Flush stdout first.
const exit = (code: number) =>
  process.stdout.write("", () => process.exit(code));
main().then(exit, (error: unknown) => {
  process.stderr.write(
    `${red("Demo crashed:")} ${error instanceof Error ? (error.stack ?? error.message) : brief(error)}\n`,
  );
  exit(1);
});
