// Who sees what, through the app's public API (convex/workflowsApi.ts),
// each caller signed in as themselves: a customer's listRuns shows only
// their own runs, another customer's run is NOT_AUTHORIZED, and a support
// agent lists every owner's runs with `owner: null`.
import { api } from "../../convex/_generated/api.js";
import { bold, dim, green, out, red } from "./format.js";
import type { DemoConvex } from "../../src/offline/app.js";
import { AGENTS, CUSTOMERS, type User } from "./tickets.js";

/** A ticket the demo submitted: its number, who submitted it, its run. */
export type Owned = { number: number; customer: User; runId: string };

const PAGE = { numItems: 100, cursor: null };

/** Print who sees which tickets' runs; returns what was not as expected. */
export async function showAccess(
  t: DemoConvex,
  tickets: Owned[],
): Promise<string[]> {
  const problems: string[] = [];
  const numbers = (runIds: string[]) =>
    tickets
      .filter((ticket) => runIds.includes(ticket.runId))
      .map((ticket) => `#${ticket.number}`);
  const line = (who: string, call: string, result: string) =>
    out(`  ${who.padEnd(12)}  ${call.padEnd(28)}  ${result}`);

  out(
    `${bold("Who sees what")}  ${dim("api.workflowsApi, each caller signed in as themselves")}`,
  );
  for (const customer of Object.values(CUSTOMERS)) {
    const { page } = await t
      .withIdentity(customer)
      .query(api.workflowsApi.listRuns, { paginationOpts: PAGE });
    const seen = numbers(page.map((run) => run.runId));
    const expected = tickets
      .filter((ticket) => ticket.customer.subject === customer.subject)
      .map((ticket) => `#${ticket.number}`);
    const onlyOwn = page.every((run) => run.owner === customer.subject);
    const ok = onlyOwn && seen.join() === expected.join();
    line(
      customer.subject,
      "listRuns()",
      `${ok ? green("✔") : red("✘")} tickets ${seen.join(", ") || "none"} ${dim(`(${page.length} runs, children included, all theirs)`)}`,
    );
    if (!ok)
      problems.push(
        `${customer.subject} listed tickets [${seen.join(", ")}], expected [${expected.join(", ")}] and only their own runs`,
      );
  }

  const foreign = tickets.find(
    (ticket) => ticket.customer.subject !== CUSTOMERS.ben.subject,
  );
  if (foreign) {
    let code = "allowed";
    try {
      await t
        .withIdentity(CUSTOMERS.ben)
        .query(api.workflowsApi.getRun, { runId: foreign.runId });
    } catch (error) {
      code =
        ((error as { data?: { code?: string } }).data?.code ??
          (error instanceof Error ? error.message : String(error))) ||
        "error";
    }
    const ok = code === "NOT_AUTHORIZED";
    line(
      CUSTOMERS.ben.subject,
      `getRun(ticket #${foreign.number})`,
      ok ? `${green("✔")} refused: NOT_AUTHORIZED` : red(`✘ ${code}`),
    );
    if (!ok)
      problems.push(
        `${CUSTOMERS.ben.subject} reading ticket #${foreign.number}'s run was not refused with NOT_AUTHORIZED (${code})`,
      );
  }

  const agent = AGENTS.ana;
  const { page } = await t
    .withIdentity(agent)
    .query(api.workflowsApi.listRuns, { paginationOpts: PAGE, owner: null });
  const seen = numbers(page.map((run) => run.runId));
  const owners = [...new Set(page.map((run) => run.owner))].sort();
  const ok = seen.length === tickets.length;
  line(
    agent.subject,
    "listRuns({ owner: null })",
    `${ok ? green("✔") : red("✘")} tickets ${seen.join(", ")} ${dim(`(${page.length} runs of ${owners.join(", ")})`)}`,
  );
  if (!ok)
    problems.push(
      `${agent.subject} listed tickets [${seen.join(", ")}], expected all ${tickets.length}`,
    );
  out();
  return problems;
}
