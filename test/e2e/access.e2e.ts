// Who sees what, in three tabs signed in as three users: a customer's
// ticket is hers alone (another customer finds neither it in his list nor
// its page by URL, and is refused the approvals inbox), a support agent
// sees every customer's tickets and approves hers, and she watches it
// complete.
import { describe, expect, test } from "vitest";
import {
  expectNoPageErrors,
  inboxItem,
  runHeader,
  screenshot,
  submitTicket,
  waitForAttribute,
  waitForRunStatus,
  waitForText,
  waitUntil,
  useE2E,
} from "./harness.js";

const e2e = useE2E();

const runRow = (runId: string) =>
  `[data-testid=run-row][data-run-id="${runId}"]`;

describe("access", () => {
  test("a customer sees only her own tickets; a support agent sees all and approves hers", async () => {
    // Ada, a customer, submits a ticket: it is hers, and she cannot decide it.
    const ada = await e2e.openPage("access-ada", "customer:ada");
    const adasRun = await submitTicket(e2e, ada.page, {
      subject: "Charged twice for my March invoice",
      body: "My card was charged twice for invoice INV-2041. Could you refund one payment?",
    });
    await waitForText(
      runHeader(ada.page).getByTestId("run-owner"),
      "customer:ada",
    );
    await waitForRunStatus(ada.page, "waiting");
    await ada.page.getByTestId("awaiting-agent").waitFor();
    expect(await ada.page.getByTestId("approve-button").count()).toBe(0);
    expect(await ada.page.getByTestId("cancel-button").count()).toBe(0);
    expect(await ada.page.getByTestId("nav-inbox").count()).toBe(0);
    expect(await ada.page.getByTestId("role-badge").innerText()).toContain(
      "Customer",
    );

    // Ben, another customer, in his own tab: his ticket, not hers.
    const ben = await e2e.openPage("access-ben", "customer:ben");
    const bensRun = await submitTicket(e2e, ben.page, {
      subject: "Password reset link expired",
      body: "The reset link in the email has expired. How do I get a new one?",
    });
    await ben.page.getByTestId("nav-runs").click();
    await waitForAttribute(
      ben.page.getByTestId("runs-scope"),
      "data-scope",
      "own",
    );
    await ben.page.locator(runRow(bensRun)).waitFor();
    const owners = await ben.page
      .getByTestId("run-owner")
      .evaluateAll((items) => items.map((item) => item.dataset.owner));
    expect(new Set(owners)).toEqual(new Set(["customer:ben"]));
    expect(await ben.page.getByTestId("run-owner").first().innerText()).toBe(
      "Ben Okafor",
    );
    expect(await ben.page.locator(runRow(adasRun)).count()).toBe(0);
    await screenshot(ben.page, "access-customer-list");

    // Her run's URL shows him a plain "not found", the same as a made-up id.
    await ben.page.goto(e2e.url(`/runs/${adasRun}`));
    const missing = ben.page.getByTestId("run-not-found");
    await waitForAttribute(missing, "data-code", "NOT_AUTHORIZED");
    expect(await missing.innerText()).toContain("customer:ben");
    expect(await ben.page.getByTestId("run-page").count()).toBe(0);
    expect(await ben.page.getByTestId("run-load-error").count()).toBe(0);
    await screenshot(ben.page, "access-not-yours");
    await ben.page.goto(e2e.url("/runs/no-such-run"));
    await waitForAttribute(
      ben.page.getByTestId("run-not-found"),
      "data-code",
      "NOT_AUTHORIZED",
    );

    // The approvals inbox is not his: the backend refuses it, cleanly.
    await ben.page.goto(e2e.url("/inbox"));
    await ben.page.getByTestId("customer-notice").waitFor();
    await waitForAttribute(
      ben.page.getByTestId("inbox-error"),
      "data-code",
      "NOT_AUTHORIZED",
    );
    expect(await ben.page.getByTestId("inbox-item").count()).toBe(0);
    expectNoPageErrors(ben.log);

    // Ana, a support agent: every customer's tickets, each with its owner.
    const ana = await e2e.openPage("access-agent", "support:ana");
    await ana.page.goto(e2e.url("/runs"));
    await waitForAttribute(
      ana.page.getByTestId("runs-scope"),
      "data-scope",
      "all",
    );
    for (const [runId, owner] of [
      [adasRun, "customer:ada"],
      [bensRun, "customer:ben"],
    ] as const) {
      const row = ana.page.locator(runRow(runId));
      await waitForAttribute(row.getByTestId("run-owner"), "data-owner", owner);
    }
    await screenshot(ana.page, "access-agent-list");

    // Both wait in her inbox; she approves Ada's.
    await ana.page.getByTestId("nav-inbox").click();
    await waitForText(ana.page.getByTestId("inbox-identity"), "support:ana");
    await waitForText(
      inboxItem(ana.page, adasRun).getByTestId("approval-title"),
      "Send the reply to Ada Park?",
    );
    await inboxItem(ana.page, bensRun).waitFor();
    await inboxItem(ana.page, adasRun).getByTestId("approve-button").click();
    await inboxItem(ana.page, adasRun).waitFor({ state: "detached" });
    expect(await inboxItem(ana.page, bensRun).count()).toBe(1);

    // Ada, still on her run's page, sees it complete: answered.
    await waitForRunStatus(ada.page, "completed");
    await waitForText(
      runHeader(ada.page).getByTestId("progress-message"),
      "Completed: answered",
    );
    await waitUntil(
      "her page to drop the pending approval",
      () => ada.page.getByTestId("awaiting-agent").count(),
      (count) => count === 0,
    );
    // The decision is on record as Ana's.
    await waitForText(ada.page.getByTestId("event-log"), "support:ana");
    await screenshot(ada.page, "access-customer-completed", { fullPage: true });
    expectNoPageErrors(ada.log);
    expectNoPageErrors(ana.log);
  });
});
