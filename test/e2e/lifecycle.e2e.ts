// A support ticket's whole life in the browser: submitted from the form by
// a customer, watched live on its run page (progress, steps, the reply
// streaming in), then approved, or rejected with a note, from the
// approvals inbox by a support agent.
import { describe, expect, test } from "vitest";
import {
  actAs,
  changes,
  expectNoPageErrors,
  inboxItem,
  progressValue,
  runHeader,
  runPageHistory,
  screenshot,
  submitTicket,
  waitForAttribute,
  waitForRunStatus,
  waitForText,
  waitUntil,
  type RunPageSnapshot,
  useE2E,
} from "./harness.js";

const e2e = useE2E();

/** The live text panel's states while the child run wrote the reply. */
function replyStates(history: RunPageSnapshot[]): RunPageSnapshot[] {
  return history.filter(
    (snapshot) => snapshot.call === "Write reply" && snapshot.liveText !== null,
  );
}

describe("a support ticket", () => {
  test("is submitted, streams its reply, is approved in the inbox and completes", async () => {
    const { page, log } = await e2e.openPage("run-completed", "customer:ada");
    const runId = await submitTicket(e2e, page, {
      subject: "Charged twice for my March invoice",
      body: "My card was charged twice for invoice INV-2041 (49.00 EUR). Could you refund the duplicate payment?",
    });
    await page.getByTestId("offline-badge").waitFor();

    // Live on the run page until it waits for the approval.
    await waitForRunStatus(page, "waiting");
    // Its customer sees the approval wait, not the decision buttons.
    await page.getByTestId("awaiting-agent").waitFor();
    await waitForAttribute(
      page.locator("[data-testid=step-row][data-step-name=reply-approval]"),
      "data-status",
      "waiting",
    );
    const liveText = page.getByTestId("live-text");
    await waitForAttribute(liveText, "data-done", "true");
    await page.getByTestId("live-caret").waitFor({ state: "detached" });
    const reply = await liveText.innerText();
    expect(reply).toContain("Hi Ada Park,");
    expect(reply).toContain("Refunds: Refunds go back to the original card");
    expect(reply.trim().endsWith("Support team")).toBe(true);

    const waiting = await runPageHistory(page, runId);
    // The progress bar moved forward (0/5, 1/5, 2/5 ... 3/5 waiting).
    const progress = changes(
      waiting.map((s) => s.progress).filter((p) => p !== null),
    );
    expect(progress.length, `progress seen: ${progress}`).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(60);
    // The step timeline grew, and its steps changed status as they ran.
    const stepCounts = changes(waiting.map((s) => s.steps.length));
    expect(stepCounts.length, `step counts: ${stepCounts}`).toBeGreaterThan(1);
    expect(stepCounts).toEqual([...stepCounts].sort((a, b) => a - b));
    expect(waiting.at(-1)!.steps).toEqual([
      "Load ticket:completed",
      "Classify ticket:completed",
      "Save triage:completed",
      "Find articles:completed",
      "Draft reply:completed",
      "reply-approval:waiting",
    ]);
    // Shown by name, never as a function's module:name.
    expect(await page.getByTestId("step-name").allInnerTexts()).toEqual([
      "Load ticket",
      "Classify ticket",
      "Save triage",
      "Find articles",
      "Draft reply",
      "Reply approval",
    ]);
    expect(
      waiting.some((s) => s.steps.includes("Draft reply:running")),
      "the child workflow step was seen running",
    ).toBe(true);
    // The reply streamed in: shorter texts, each a start of the final one,
    // with the caret, before the whole reply.
    const states = replyStates(waiting);
    const partials = states.filter(
      (s) => s.liveText!.length > 0 && s.liveText!.length < reply.length,
    );
    expect(
      partials.length,
      `live text states: ${JSON.stringify(states.map((s) => s.liveText))}`,
    ).toBeGreaterThan(0);
    for (const partial of partials)
      expect(reply.startsWith(partial.liveText!)).toBe(true);
    expect(partials.some((s) => s.caret && s.liveDone === "false")).toBe(true);
    expect(states.at(-1)).toMatchObject({ liveDone: "true", caret: false });
    expect(states.at(-1)!.at).toBeGreaterThan(partials[0]!.at);

    // Signed in as Ana, a support agent, in the same tab: the draft to decide.
    await actAs(page, "support:ana");
    const approval = page.getByTestId("pending-approval");
    await waitForText(approval.getByTestId("approval-draft"), "Hi Ada Park,");
    expect(
      (await approval.getByTestId("approval-draft").innerText()).trim(),
    ).toBe(reply.trim());

    // Approve it from the inbox.
    await page.getByTestId("nav-inbox").click();
    await waitForText(page.getByTestId("inbox-identity"), "support:ana");
    const item = inboxItem(page, runId);
    await waitForText(
      item.getByTestId("approval-title"),
      "Send the reply to Ada Park?",
    );
    await item.getByTestId("approve-button").click();
    await item.waitFor({ state: "detached" });

    // Back on its run page: completed, 100 %.
    await page.goBack();
    await waitForRunStatus(page, "completed");
    await waitUntil(
      "progress 100",
      () => progressValue(page),
      (v) => v === 100,
    );
    await waitForText(
      runHeader(page).getByTestId("progress-message"),
      "Completed: answered",
    );
    await waitForText(page.getByTestId("run-output"), "answered");
    await waitForAttribute(
      page.locator("[data-testid=step-row][data-step-name='Close ticket']"),
      "data-status",
      "completed",
    );
    await expect
      .poll(() => page.getByTestId("pending-approval").count())
      .toBe(0);
    const history = await runPageHistory(page, runId);
    const final = history.at(-1)!;
    expect(final.steps.length).toBeGreaterThan(waiting.at(-1)!.steps.length);
    expect(final.steps).toContain("reply-approval:completed");
    expect(
      changes(history.map((s) => s.progress).filter((p) => p !== null)).at(-1),
    ).toBe(100);
    await page.getByTestId("live-text").waitFor();
    await screenshot(page, "run-completed", { fullPage: true });
    expectNoPageErrors(log);
  });

  test("rejected from the inbox with a note ends as rejected", async () => {
    const { page, log } = await e2e.openPage("run-rejected", "support:raj");
    const runId = await submitTicket(e2e, page, {
      subject: "Can we export reports to CSV?",
      body: "Our finance team would like the monthly usage report as a CSV file.",
    });
    await waitForRunStatus(page, "waiting");

    await page.getByTestId("nav-inbox").click();
    const item = inboxItem(page, runId);
    await item.getByTestId("reject-button").click();
    const note = "Already answered by phone this morning.";
    await item.getByTestId("approval-note-input").fill(note);
    await item.getByTestId("confirm-reject-button").click();
    await item.waitFor({ state: "detached" });

    await page.goBack();
    await waitForRunStatus(page, "completed");
    // Not a green "Completed" over a full bar: the outcome, and a bar that
    // stops where the run stopped (3 of 5).
    const header = runHeader(page);
    await waitForText(
      header.getByTestId("progress-message"),
      "Completed: rejected · stopped at 3 / 5",
    );
    const pill = header.getByTestId("status-pill");
    expect(await pill.getAttribute("data-outcome")).toBe("rejected");
    expect(await pill.innerText()).toBe("Rejected");
    expect(await header.getByTestId("run-progress-count").innerText()).toBe(
      "3 / 5",
    );
    expect(await progressValue(page)).toBe(60);
    const output = page.getByTestId("run-output");
    await waitForText(output, "rejected");
    expect(await output.innerText()).toMatch(/status\s+rejected/);
    await waitForAttribute(
      page.locator("[data-testid=step-row][data-step-name=reply-approval]"),
      "data-status",
      "completed",
    );
    // The decision, with who made it and why, is on the page.
    await waitForText(page.getByTestId("event-log"), "support:raj");
    const decision = page.locator(
      "[data-testid=decisions] [data-testid=decision]",
    );
    await waitForAttribute(decision, "data-by", "support:raj");
    expect(await decision.getAttribute("data-approve")).toBe("false");
    expect(await decision.innerText()).toContain(
      "Raj Patel (support:raj) rejected the reply",
    );
    expect(await decision.getByTestId("decision-note").innerText()).toBe(note);

    // The note reached the ticket.
    const ticket = await e2e.backend.t.run(
      async (ctx) =>
        await ctx.db
          .query("tickets")
          .filter((q) => q.eq(q.field("runId"), runId))
          .first(),
    );
    expect(ticket).toMatchObject({ status: "rejected", note });
    await screenshot(page, "run-rejected", { fullPage: true });
    // The runs list agrees: why it stopped, and where.
    await page.getByTestId("nav-runs").click();
    const row = page.locator(`[data-testid=run-row][data-run-id="${runId}"]`);
    await waitForText(
      row.getByTestId("run-activity"),
      "Reply rejected · 3 / 5",
    );
    expect(
      await row.getByTestId("progress-bar").getAttribute("aria-valuenow"),
    ).toBe("60");
    expectNoPageErrors(log);
  });
});
