// Approval decisions as support staff see them: the run page's Decisions
// panel (who, approve or reject, the note, an edited reply against its
// draft), the agent who loses a race to decide (told who won, and the
// message stays after the card goes), and what one identity was told not
// following the tab to the next. Expected refusals log no console errors.
import { describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api.js";
import {
  actAs,
  expectNoConsoleErrors,
  expectNoPageErrors,
  routeSync,
  screenshot,
  waitForAttribute,
  waitForRunStatus,
  waitForText,
  waitUntil,
  useE2E,
} from "./harness.js";

const e2e = useE2E();

const ada = () =>
  e2e.backend.t.withIdentity({ subject: "customer:ada", name: "Ada Park" });
const agent = (subject: "support:ana" | "support:raj") =>
  e2e.backend.t.withIdentity({ subject });

/** Ada's ticket, submitted through the backend, once it waits for approval. */
async function waitingTicket(
  subject: string,
): Promise<{ runId: string; requestId: string; draft: string }> {
  const { runId } = await ada().mutation(api.tickets.submitTicket, {
    subject,
    body: "My card was charged twice for invoice INV-2041. Please refund one.",
  });
  const run = await waitUntil(
    `run ${runId} to wait for approval`,
    () => agent("support:ana").query(api.workflowsApi.getRun, { runId }),
    (run) => run?.status === "waiting" && run.pendingSignals.length > 0,
  );
  const request = run!.pendingSignals[0]!;
  const draft = (request.details as { draft: string }).draft;
  return { runId, requestId: request.requestId, draft };
}

describe("decisions", () => {
  test("an edited approval shows who approved and the reply sent against the draft", async () => {
    const { runId, draft } = await waitingTicket("Charged twice in March");
    const { page, log } = await e2e.openPage("decision-edited", "support:ana");
    await page.goto(e2e.url(`/runs/${runId}`));
    const approval = page.getByTestId("pending-approval");
    await approval.getByTestId("edit-button").click();
    const edited = draft.replace("Best regards,", "Kind regards,\nAna");
    expect(edited).not.toBe(draft);
    await approval.getByTestId("approval-edit-input").fill(edited);
    await approval.getByTestId("confirm-edit-button").click();
    await waitForRunStatus(page, "completed");

    const decision = page.locator(
      "[data-testid=decisions] [data-testid=decision]",
    );
    await waitForAttribute(decision, "data-by", "support:ana");
    expect(await decision.getAttribute("data-approve")).toBe("true");
    expect(await decision.innerText()).toContain(
      "Ana Silva (support:ana) approved an edited reply",
    );
    const diff = decision.getByTestId("decision-diff");
    const added = await diff.locator("[data-kind=added]").allInnerTexts();
    const removed = await diff.locator("[data-kind=removed]").allInnerTexts();
    expect(added.map((line) => line.trim())).toEqual([
      "+ Kind regards,",
      "+ Ana",
    ]);
    expect(removed.map((line) => line.trim())).toEqual(["− Best regards,"]);
    // The kept lines and the added ones are the reply that was sent.
    const sent = await diff
      .locator("[data-kind=same], [data-kind=added]")
      .allInnerTexts();
    expect(sent.map((line) => line.slice(2).replace(/\n$/, ""))).toEqual(
      edited.split("\n"),
    );
    const ticket = await e2e.backend.t.run(
      async (ctx) =>
        await ctx.db
          .query("tickets")
          .filter((q) => q.eq(q.field("runId"), runId))
          .first(),
    );
    expect(ticket?.reply).toBe(edited);
    await screenshot(page, "decision-edited", { fullPage: true });
    expectNoPageErrors(log);
    expectNoConsoleErrors(log);
  });

  test("the agent who loses a race to decide is told who decided, and it stays until another identity takes the tab", async () => {
    const { runId, requestId } = await waitingTicket("Refund the duplicate");
    const { page, log } = await e2e.openPage("decision-race", "support:raj");
    const sync = await routeSync(page);
    await page.goto(e2e.url(`/runs/${runId}`));
    const approval = page.getByTestId("pending-approval");
    await approval.getByTestId("approve-button").waitFor();

    // Raj clicks Approve on the card he sees, but his decision reaches
    // the backend just after Ana's, and the news of hers reaches his page
    // only with the answer to his.
    sync.hold("sent", "received");
    await approval.getByTestId("approve-button").click();
    await waitUntil(
      "Raj's decision to be on its way",
      () => sync.sent.filter((m) => m.type === "Mutation").length,
      (count) => count > 0,
    );
    await agent("support:ana").mutation(api.workflowsApi.sendSignal, {
      runId,
      requestId,
      signal: "reply-approval",
      value: { approved: true },
    });
    sync.release("sent");
    await waitUntil(
      "the backend's answer to Raj's decision",
      () => sync.received.filter((m) => m.type === "MutationResponse").length,
      (count) => count > 0,
    );
    // Then everything at once: the card goes, the refusal comes.
    sync.release("received");

    const refused = page.getByTestId("decision-refused");
    await waitForAttribute(refused, "data-code", "SIGNAL_ALREADY_DECIDED");
    expect(await refused.getAttribute("data-request-id")).toBe(requestId);
    await waitForText(
      refused.getByTestId("decision-refused-reason"),
      "Already decided by Ana Silva (support:ana) (approved",
    );
    await page.getByTestId("pending-approval").waitFor({ state: "detached" });
    await waitForRunStatus(page, "completed");
    // It stays: nothing takes it away but Dismiss or another identity.
    await page.waitForTimeout(1_000);
    expect(await refused.count()).toBe(1);
    await screenshot(page, "decision-race-lost", { fullPage: true });
    // Shown in the page, logged as info, not as a console error.
    expect(log.consoleInfo.join("\n")).toContain(
      "Refused (SIGNAL_ALREADY_DECIDED",
    );
    expectNoConsoleErrors(log);

    // The Decisions panel agrees: Ana's approval is the one on record.
    const decisions = page.locator(
      "[data-testid=decisions] [data-testid=decision]",
    );
    await waitForAttribute(decisions, "data-by", "support:ana");
    expect(await decisions.count()).toBe(1);

    // Ana takes the tab: Raj's refusal is not hers to see.
    await actAs(page, "support:ana");
    await page.getByTestId("run-page").waitFor();
    expect(await page.getByTestId("decision-refused").count()).toBe(0);
    expectNoPageErrors(log);
    expectNoConsoleErrors(log);
  });

  test("a refusal on an approval card is gone when the tab acts as another agent", async () => {
    const { runId } = await waitingTicket("Invoice address is wrong");
    const { page, log } = await e2e.openPage("decision-switch", "support:ana");
    await page.goto(e2e.url(`/runs/${runId}`));
    const approval = page.getByTestId("pending-approval");
    await approval.getByTestId("edit-button").click();
    // Over the signal's 5,000 characters: refused by the backend.
    await approval.getByTestId("approval-edit-input").fill("x".repeat(5001));
    await approval.getByTestId("confirm-edit-button").click();
    await waitForAttribute(
      approval.getByTestId("signal-error"),
      "data-code",
      "INVALID_SIGNAL_VALUE",
    );
    expect(log.consoleInfo.join("\n")).toContain(
      "Refused (INVALID_SIGNAL_VALUE",
    );

    await actAs(page, "support:raj");
    await page.getByTestId("pending-approval").waitFor();
    await page
      .getByTestId("pending-approval")
      .getByTestId("approve-button")
      .waitFor();
    expect(await page.getByTestId("signal-error").count()).toBe(0);
    expect(await page.getByTestId("decision-refused").count()).toBe(0);
    // Still waiting: the refused decision decided nothing.
    await waitForRunStatus(page, "waiting");
    expectNoPageErrors(log);
    expectNoConsoleErrors(log);
  });
});
