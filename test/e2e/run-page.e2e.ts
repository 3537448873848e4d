// What the run page shows of a finished ticket from the component's
// newer fields: each step's input and output (a line each, the whole on
// demand, fetched with getStep when the line is cut), and the ticket's
// cost including its child run (getRun's usageTotal).
import { describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api.js";
import {
  actAs,
  expectNoConsoleErrors,
  expectNoPageErrors,
  runHeader,
  screenshot,
  waitForText,
  waitUntil,
  useE2E,
} from "./harness.js";

const e2e = useE2E();

const agent = () => e2e.backend.t.withIdentity({ subject: "support:ana" });

/** Wait until the run has `status` in the backend; the run. */
async function runWithStatus(runId: string, status: string) {
  const run = await waitUntil(
    `run ${runId} ${status}`,
    () => agent().query(api.workflowsApi.getRun, { runId }),
    (run) => run?.status === status,
  );
  return run!;
}

describe("the run page", () => {
  test("shows each step's input and output, whole on demand, and the cost including the child run", async () => {
    // A body long enough that its step previews are cut.
    const END = "END-OF-BODY";
    const body = `Please refund the duplicate charge. ${"Details follow. ".repeat(80)}${END}`;
    const { runId } = await e2e.backend.t
      .withIdentity({ subject: "customer:ada", name: "Ada Park" })
      .mutation(api.tickets.submitTicket, {
        subject: "Charged twice for invoice INV-2041",
        body,
      });
    const waiting = await runWithStatus(runId, "waiting");
    await agent().mutation(api.workflowsApi.sendSignal, {
      runId,
      requestId: waiting.pendingSignals[0]!.requestId,
      signal: "reply-approval",
      value: { approved: true },
    });
    const run = await runWithStatus(runId, "completed");
    // Most of a ticket's cost is its child run's: the reply is written there.
    expect(run.usageTotal!.costUsd).toBeGreaterThan(run.usage!.costUsd);
    expect(run.usageTotal!.llmCalls).toBe(2);

    const { page, log } = await e2e.openPage("run-page-values", "support:ana");
    await page.goto(e2e.url(`/runs/${runId}`));
    const header = runHeader(page);
    // (Shown in capitals by the stylesheet.)
    await waitForText(
      header.getByTestId("run-cost-label"),
      /^cost incl\. child runs$/i,
    );
    const usage = header.getByTestId("run-usage");
    expect(Number(await usage.getAttribute("data-cost-usd"))).toBe(
      run.usageTotal!.costUsd,
    );
    expect(await usage.innerText()).toContain("2 calls");

    const row = (name: string) =>
      page.locator(`[data-testid=step-row][data-step-name="${name}"]`);
    await row("Close ticket").waitFor();
    const load = row("Load ticket");
    expect(await load.getByTestId("step-input").innerText()).toContain(
      '"ticketId"',
    );
    const loaded = load.getByTestId("step-result");
    expect(await loaded.innerText()).toContain("Please refund the duplicate");
    // Cut: the line does not reach the body's end...
    expect(await loaded.locator("code").getAttribute("data-truncated")).toBe(
      "true",
    );
    expect(await loaded.innerText()).not.toContain(END);
    // ...the whole output does (getStep).
    await load.getByTestId("step-io-toggle").click();
    await waitForText(load.getByTestId("step-output-whole"), END);
    expect(await load.getByTestId("step-input-whole").innerText()).toContain(
      '"ticketId"',
    );

    // An LLM step's output line is the model's answer.
    expect(
      await row("Classify ticket").getByTestId("step-result").innerText(),
    ).toContain('{"category":"billing","priority":"normal"}');
    // The approval step: the request in, the decision out.
    const approval = row("reply-approval");
    expect(await approval.getByTestId("step-input").innerText()).toContain(
      '"draft"',
    );
    expect(await approval.getByTestId("step-result").innerText()).toContain(
      '"outcome":"approved"',
    );
    await screenshot(page, "run-page-values", { fullPage: true });

    // Its customer reads the same, whole values included.
    await actAs(page, "customer:ada");
    await row("Load ticket").getByTestId("step-io-toggle").click();
    await waitForText(row("Load ticket").getByTestId("step-output-whole"), END);
    expectNoPageErrors(log);
    expectNoConsoleErrors(log);
  });
});
