// npm run demo:cli: the demo app (convex/) end to end on an embedded,
// in-memory Convex runtime (convex-test): two customers submit tickets,
// live progress is read through the app's own queries, each customer sees
// only their own runs, and the demo acts as the support agents who approve
// or reject the drafted replies. Every call is made as a signed-in user
// (convex-test's withIdentity). Offline, no API key, no deployment. Exits 1
// if anything ends other than expected (scripts/demo/checks.ts).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { api } from "../../convex/_generated/api.js";
import { showAccess } from "./access.js";
import { actAsAgents, type AgentsReport } from "./agents.js";
import { findProblems } from "./checks.js";
import { bold, brief, dim, elapsed, green, out, red } from "./format.js";
import { printInbox, readInbox } from "./inbox.js";
import { Monitor } from "./live.js";
import { quietFunctionLogs } from "./quiet.js";
import {
  printReply,
  printSummary,
  printTickets,
  readFinal,
  type Submitted,
} from "./report.js";
import { createApp } from "../../src/offline/app.js";
import { AGENTS, SAMPLE_TICKETS } from "./tickets.js";

const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
const APP_DIR = path.join(ROOT, "convex");
/** Real time allowed for all runs to finish (they take well under a second). */
const TIMEOUT_MS = Number(process.env.DEMO_TIMEOUT_MS ?? 30_000);
/** Pause between two rounds of re-reading the watched queries. */
const POLL_MS = 2;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)}s`;

async function main(): Promise<number> {
  const started = performance.now();
  const logs = quietFunctionLogs();

  out(bold("convex-agent-workflows demo"));
  out(
    [
      "  Runs the demo app's backend (convex/: support tickets triaged and answered by",
      "  durable workflows, each reply approved by a support agent before it is sent)",
      "  on convex-test, an embedded, in-memory, offline Convex runtime inside this",
      "  Node process. This is NOT a deployment: no Convex backend, no network, no API",
      "  key, and nothing is saved. Scheduled functions run on real timers; the app's",
      "  offline text steps are rules (convex/supportText.ts), not an LLM; the two",
      "  customers and the support agents are this script, signed in as each of them.",
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
      "  tickets submitted by customers with api.tickets.submitTicket (each run owned by",
    ),
  );
  out(
    dim(
      `  its customer); runs read as ${AGENTS.ana.subject} with api.workflowsApi.getRun, listSteps`,
    ),
  );
  out(dim("  and listEvents, printed whenever what they return changes"));
  const monitor = new Monitor(t.withIdentity(AGENTS.ana));
  // Until every ticket's run waits for a support agent's approval.
  const watching = monitor.run({
    intervalMs: POLL_MS,
    timeoutMs: TIMEOUT_MS,
    until: () => monitor.allWaiting(),
  });
  const submitted: Submitted[] = [];
  for (const [i, { customer, ticket, review }] of SAMPLE_TICKETS.entries()) {
    const { ticketId, runId } = await t
      .withIdentity(customer)
      .mutation(api.tickets.submitTicket, ticket);
    const name = (await monitor.t.query(api.workflowsApi.getRun, { runId }))
      ?.name;
    const watcher = monitor.watch(runId, { name });
    out(
      `${elapsed()}  ${bold(`ticket #${i + 1}`)} submitted by ${customer.subject}: "${ticket.subject}" → ${watcher.label}`,
    );
    submitted.push({ ticketId, watcher, review });
  }
  monitor.close();
  const allWaiting = await watching;
  out();

  const problems: string[] = [];
  let agents: AgentsReport | null = null;
  if (allWaiting) {
    problems.push(
      ...(await showAccess(
        t,
        submitted.map(({ watcher }, i) => ({
          number: i + 1,
          customer: SAMPLE_TICKETS[i]!.customer,
          runId: watcher.runId,
        })),
      )),
    );
    const inbox = await readInbox(monitor.t);
    const ticketOf = (runId: string) => {
      const i = submitted.findIndex((s) => s.watcher.runId === runId);
      return i < 0 ? "?" : `#${i + 1}`;
    };
    printInbox(inbox, ticketOf);
    agents = await actAsAgents(
      t,
      inbox,
      submitted.map(({ watcher, review }, i) => ({
        number: i + 1,
        runId: watcher.runId,
        review,
      })),
    );
    out(bold("Live") + dim("  (after the decisions)"));
  } else {
    problems.push(
      `runs not all waiting for approval after ${seconds(TIMEOUT_MS)} (set DEMO_TIMEOUT_MS to wait longer)`,
    );
  }
  const finished = await monitor.run({
    intervalMs: POLL_MS,
    timeoutMs: allWaiting ? TIMEOUT_MS : 0,
  });
  // Let functions already running (e.g. the pools' bookkeeping) settle.
  await t.finishInProgressScheduledFunctions();
  out();
  if (allWaiting && !finished) {
    problems.push(
      `runs still unfinished after ${seconds(TIMEOUT_MS)} (set DEMO_TIMEOUT_MS to wait longer)`,
    );
  }

  const watchers = [...monitor.watchers].sort((a, b) =>
    a.number.localeCompare(b.number, "en", { numeric: true }),
  );
  printSummary(watchers);
  const finals = await readFinal(monitor.t, submitted);
  printTickets(finals);
  const shown =
    finals.find((f) => f.review.editedReply !== undefined) ?? finals[0];
  if (shown) printReply(shown);
  const inboxAfter = await readInbox(monitor.t);
  problems.push(...findProblems({ watchers, finals, agents, inboxAfter }));

  const total = seconds(performance.now() - started);
  const dropped = logs.dropped();
  if (problems.length > 0) {
    for (const problem of problems) out(red(`✘ ${problem}`));
    out(red(`Demo failed after ${total}.`));
    return 1;
  }
  const byName = new Map<string, number>();
  for (const w of watchers)
    byName.set(w.run?.name ?? "?", (byName.get(w.run?.name ?? "?") ?? 0) + 1);
  const counts = [...byName]
    .map(([name, count]) => `${count} ${name}`)
    .join(" + ");
  const approved = finals.filter((f) => f.review.approved).length;
  const refused = agents?.refusal ? 1 : 0;
  const customers = new Set(SAMPLE_TICKETS.map((s) => s.customer.subject));
  out(
    green("✔ ") +
      `${submitted.length} tickets, ${watchers.length} runs (${counts}) completed; ` +
      `${approved} replies approved, ${finals.length - approved} rejected; ${customers.size} customers saw only their own runs, ` +
      `${refused} customer's approval refused; demo took ${total}.` +
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
