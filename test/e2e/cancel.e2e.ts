// Cancel and restart from the run page, as a support agent (customers get
// no controls): a refused restart while the run is active, a cancel, a second cancel (a no-op by design), and a cancel of a
// completed run (refused with RUN_FINISHED, shown in place).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  expectNoPageErrors,
  runHeader,
  screenshot,
  startE2E,
  submitTicket,
  waitForAttribute,
  waitForRunStatus,
  waitForText,
  waitUntil,
  type E2E,
} from "./harness.js";

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

const TICKET = {
  subject: "Password reset link expired",
  body: "The password reset link in the email says it has expired. How do I get a new one?",
};

describe("run controls", () => {
  test("cancel a running run; canceling it again changes nothing", async () => {
    const { page, log } = await e2e.openPage("run-canceled");
    const runId = await submitTicket(e2e, page, TICKET);
    const header = runHeader(page);
    const pill = header.getByTestId("status-pill");
    const active = (status: string | null) =>
      status === "queued" || status === "running" || status === "waiting";
    expect(active(await pill.getAttribute("data-status"))).toBe(true);

    // Restart needs a finished run: refused in place while it is active.
    await header.getByTestId("restart-button").click();
    await waitForAttribute(
      header.getByTestId("restart-error"),
      "data-code",
      "RUN_NOT_FINISHED",
    );

    const cancel = header.getByTestId("cancel-button");
    await cancel.click();
    await waitForRunStatus(page, "canceled");
    await header.getByTestId("control-done").waitFor();
    expect(await header.getByTestId("restart-error").count()).toBe(0);
    expect(await header.getByTestId("cancel-error").count()).toBe(0);
    await waitForText(header.getByTestId("progress-message"), "Canceled");
    await waitForText(page.getByTestId("event-log"), "run.canceled");
    // Nothing waits for a decision any more.
    expect(await page.getByTestId("pending-approval").count()).toBe(0);
    const ticket = await e2e.backend.t.run(
      async (ctx) =>
        await ctx.db
          .query("tickets")
          .filter((q) => q.eq(q.field("runId"), runId))
          .first(),
    );
    expect(ticket?.status).not.toBe("answered");

    // A second cancel: accepted, no error, still canceled.
    await waitUntil(
      "the cancel button to be enabled",
      () => cancel.isEnabled(),
      (enabled) => enabled,
    );
    await cancel.click();
    await waitUntil(
      "the second cancel to finish",
      async () => ({
        pending: (await cancel.innerText()).includes("Canceling"),
        done: await header.getByTestId("control-done").count(),
        error: await header.getByTestId("cancel-error").count(),
      }),
      (state) => !state.pending && (state.done > 0 || state.error > 0),
    );
    expect(await header.getByTestId("cancel-error").count()).toBe(0);
    await waitForText(header.getByTestId("control-done"), "Cancel requested.");
    expect(await pill.getAttribute("data-status")).toBe("canceled");
    await screenshot(page, "run-canceled", { fullPage: true });
    expectNoPageErrors(log);
  });

  test("canceling a completed run shows RUN_FINISHED", async () => {
    const { page, log } = await e2e.openPage("cancel-refused");
    await submitTicket(e2e, page, TICKET);
    await waitForRunStatus(page, "waiting");
    // Approved right on the run page this time.
    const approval = page.getByTestId("pending-approval");
    await approval.getByTestId("approve-button").click();
    await waitForRunStatus(page, "completed");
    await approval.waitFor({ state: "detached" });

    const header = runHeader(page);
    await header.getByTestId("cancel-button").click();
    const error = header.getByTestId("cancel-error");
    await waitForAttribute(error, "data-code", "RUN_FINISHED");
    expect(await error.innerText()).toMatch(/already completed/);
    expect(await header.getByTestId("control-done").count()).toBe(0);
    expect(
      await header.getByTestId("status-pill").getAttribute("data-status"),
    ).toBe("completed");
    await screenshot(page, "cancel-refused");
    expectNoPageErrors(log);
  });
});
