// Cancel and restart from the run page, as a support agent (customers get
// no controls): each is enabled only where it can apply, cancel asks
// first, and a restart from a listed step is logged with the number and
// name the list shows. No refusal is provoked, so none is logged.
import { describe, expect, test } from "vitest";
import {
  expectNoConsoleErrors,
  expectNoPageErrors,
  runHeader,
  screenshot,
  submitTicket,
  waitForRunStatus,
  waitForText,
  waitUntil,
  useE2E,
} from "./harness.js";

const e2e = useE2E();

const TICKET = {
  subject: "Password reset link expired",
  body: "The password reset link in the email says it has expired. How do I get a new one?",
};

describe("run controls", () => {
  test("an active run: restart is off, cancel asks first, then cancel is off and restart on", async () => {
    const { page, log } = await e2e.openPage("run-canceled");
    const runId = await submitTicket(e2e, page, TICKET);
    await waitForRunStatus(page, "waiting");
    const header = runHeader(page);
    const cancel = header.getByTestId("cancel-button");
    const restart = header.getByTestId("restart-button");

    expect(await restart.isDisabled()).toBe(true);
    expect(await header.getByTestId("restart-from").isDisabled()).toBe(true);
    expect(await header.getByTestId("controls-hint").innerText()).toBe(
      "Only a finished run can restart.",
    );
    expect(await cancel.isEnabled()).toBe(true);

    // Cancel asks first; "Keep it running" changes nothing.
    await cancel.click();
    const confirm = header.getByTestId("cancel-confirm");
    await waitForText(confirm, "Cancel this run? Its child runs stop too.");
    await screenshot(page, "run-cancel-confirm");
    await header.getByTestId("cancel-keep-button").click();
    await confirm.waitFor({ state: "detached" });
    await page.waitForTimeout(300);
    await waitForRunStatus(page, "waiting");

    await cancel.click();
    await header.getByTestId("cancel-confirm-button").click();
    await waitForRunStatus(page, "canceled");
    await waitForText(header.getByTestId("control-done"), "Cancel requested.");
    await waitForText(header.getByTestId("progress-message"), "Canceled");
    await waitForText(page.getByTestId("event-log"), "run.canceled");
    expect(await page.getByTestId("pending-approval").count()).toBe(0);

    // Ended: cancel is off (with why), restart is on.
    await waitUntil(
      "cancel off and restart on",
      async () => ({
        cancel: await cancel.isDisabled(),
        restart: await restart.isEnabled(),
      }),
      (state) => state.cancel && state.restart,
    );
    expect(await header.getByTestId("controls-hint").innerText()).toBe(
      "The run has ended (canceled).",
    );
    expect(await header.getByTestId("cancel-error").count()).toBe(0);
    expect(await header.getByTestId("restart-error").count()).toBe(0);
    const ticket = await e2e.backend.t.run(
      async (ctx) =>
        await ctx.db
          .query("tickets")
          .filter((q) => q.eq(q.field("runId"), runId))
          .first(),
    );
    expect(ticket?.status).not.toBe("answered");
    await screenshot(page, "run-canceled", { fullPage: true });
    expectNoPageErrors(log);
    expectNoConsoleErrors(log);
  });

  test("a completed run: cancel is off; a restart from a listed step is logged as the list numbers it", async () => {
    const { page, log } = await e2e.openPage("run-restarted");
    await submitTicket(e2e, page, TICKET);
    await waitForRunStatus(page, "waiting");
    await page
      .getByTestId("pending-approval")
      .getByTestId("approve-button")
      .click();
    await waitForRunStatus(page, "completed");
    const header = runHeader(page);
    expect(await header.getByTestId("cancel-button").isDisabled()).toBe(true);
    expect(await header.getByTestId("controls-hint").innerText()).toBe(
      "The run has ended (completed).",
    );

    // The restart choices speak the timeline's numbers and names.
    const rows = page.getByTestId("step-row");
    await waitUntil(
      "the closing step listed",
      () => rows.count(),
      (count) => count === 7,
    );
    const listed = await rows.evaluateAll((items) =>
      items.map(
        (row) =>
          `${row.querySelector(".step__number")?.textContent}. ${row.querySelector("[data-testid=step-name]")?.textContent}`,
      ),
    );
    expect(listed).toEqual([
      "1. Load ticket",
      "2. Classify ticket",
      "3. Save triage",
      "4. Find articles",
      "5. Draft reply",
      "6. Reply approval",
      "7. Close ticket",
    ]);
    const options = await header
      .getByTestId("restart-from")
      .locator("option")
      .allInnerTexts();
    expect(options).toEqual([
      "as is (replay the journal)",
      ...listed.map((step) => `from ${step}`),
    ]);

    await header
      .getByTestId("restart-from")
      .selectOption({ label: "from 6. Reply approval" });
    await header.getByTestId("restart-button").click();
    await waitForText(
      header.getByTestId("control-done"),
      "Restarted from 6. Reply approval.",
    );
    // The log says the same, and the run waits at that step again.
    const restarted = page.locator(
      "[data-testid=event-row][data-event-type='run.restarted']",
    );
    await waitForText(restarted, "from 6. Reply approval");
    await waitForRunStatus(page, "waiting");
    await page.getByTestId("pending-approval").waitFor();
    await screenshot(page, "run-restarted", { fullPage: true });
    expectNoPageErrors(log);
    expectNoConsoleErrors(log);
  });
});
