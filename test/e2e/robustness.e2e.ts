// What the UI does when things go wrong: a server-side validation error
// next to its field, a page the app's policy refuses, a run that does not
// exist (or is deleted while its page is open), and a lost connection to
// the backend. Expected refusals show in the page and log no console error.
import { describe, expect, test } from "vitest";
import type { RunId } from "convex-agent-workflows";
import { api } from "../../convex/_generated/api.js";
import { flows } from "../../convex/flows.js";
import {
  actAs,
  expectNoConsoleErrors,
  expectNoPageErrors,
  fillAndSubmit,
  inboxItem,
  screenshot,
  submitTicket,
  waitForAttribute,
  waitForRunStatus,
  waitForText,
  waitUntil,
  useE2E,
} from "./harness.js";

const e2e = useE2E();

const PAGE = { numItems: 100, cursor: null };
/** How the test reads the backend: as a support agent (they see every run). */
const asAgent = () => e2e.backend.t.withIdentity({ subject: "support:ana" });

/** Runs in the backend: all of them, and those that are not child runs. */
async function runCounts(): Promise<{ all: number; topLevel: number }> {
  const { page } = await asAgent().query(api.workflowsApi.listRuns, {
    paginationOpts: PAGE,
    owner: null,
  });
  return {
    all: page.length,
    topLevel: page.filter((run) => run.parentRunId === undefined).length,
  };
}

async function ticketCount(): Promise<number> {
  return (
    await e2e.backend.t.run(
      async (ctx) => await ctx.db.query("tickets").collect(),
    )
  ).length;
}

describe("robustness", () => {
  test("an empty subject shows INVALID_INPUT's message at the field and starts nothing", async () => {
    const { page, log } = await e2e.openPage("invalid-input");
    const runsBefore = await runCounts();
    const ticketsBefore = await ticketCount();

    await page.goto(e2e.url("/new"));
    await fillAndSubmit(page, {
      subject: "   ",
      body: "My invoice is wrong.",
    });
    const subject = page.getByTestId("ticket-subject");
    const error = page.getByTestId("ticket-subject-error");
    await waitForText(error, "subject is required");
    // Next to its field, and tied to it for assistive technology.
    const field = page.locator(".field", { has: subject });
    expect(await field.getByTestId("ticket-subject-error").count()).toBe(1);
    expect(await subject.getAttribute("aria-invalid")).toBe("true");
    expect(await subject.getAttribute("aria-describedby")).toBe(
      await error.getAttribute("id"),
    );
    expect(await page.getByTestId("ticket-body-error").count()).toBe(0);
    expect(await page.getByTestId("ticket-form-error").count()).toBe(0);
    // The backend refused it with INVALID_INPUT: shown at the field and
    // logged as info, not as an error.
    expect(log.consoleInfo.join("\n")).toMatch(
      /Refused \(INVALID_INPUT.*"path":\["subject"\]/,
    );
    expectNoConsoleErrors(log);
    expect(new URL(page.url()).pathname).toBe("/new");
    await screenshot(page, "invalid-input");

    // No ticket, no run: not in the backend, not in the runs list.
    expect(await ticketCount()).toBe(ticketsBefore);
    expect(await runCounts()).toEqual(runsBefore);
    await page.getByTestId("nav-runs").click();
    await page
      .locator("[data-testid=run-row], [data-testid=runs-empty]")
      .first()
      .waitFor();
    expect(await page.getByTestId("run-row").count()).toBe(runsBefore.all);

    // The form recovers: editing the subject clears its error at once, and
    // the fixed ticket starts a run.
    await page.getByTestId("nav-new").click();
    await fillAndSubmit(page, {
      subject: "",
      body: "My invoice is wrong.",
    });
    await error.waitFor();
    await subject.fill("Wrong invoice");
    await error.waitFor({ state: "detached" });
    expect(await subject.getAttribute("aria-invalid")).toBeNull();
    await page.getByTestId("ticket-submit").click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    await page.getByTestId("run-page").waitFor();
    expect((await runCounts()).topLevel).toBe(runsBefore.topLevel + 1);
    expectNoPageErrors(log);
  });

  test("a customer is refused the inbox with NOT_AUTHORIZED; signed in as an agent, the same tab decides", async () => {
    const { page, log } = await e2e.openPage("inbox-refused", "customer:ben");
    const runId = await submitTicket(e2e, page, {
      subject: "Dashboard down for our whole team",
      body: "Every page of the dashboard returns a 500 error and none of our agents can work. Urgent.",
    });
    await waitForRunStatus(page, "waiting");

    // No link to the inbox; its URL gets the backend's refusal, in place.
    expect(await page.getByTestId("nav-inbox").count()).toBe(0);
    await page.goto(e2e.url("/inbox"));
    await waitForText(page.getByTestId("inbox-identity"), "customer:ben");
    await page.getByTestId("customer-notice").waitFor();
    const error = page.getByTestId("inbox-error");
    await waitForAttribute(error, "data-code", "NOT_AUTHORIZED");
    expect(await error.innerText()).toContain("Not allowed: pendingSignals");
    expect(await inboxItem(page, runId).count()).toBe(0);
    await screenshot(page, "inbox-refused", { fullPage: true });

    // Nothing was decided: the request is pending and the run waits.
    const pending = await asAgent().query(api.workflowsApi.pendingSignals, {
      assignee: "team:support",
      owner: null,
      paginationOpts: PAGE,
    });
    expect(pending.page.map((request) => request.runId)).toContain(runId);
    const run = await asAgent().query(api.workflowsApi.getRun, { runId });
    expect(run?.status).toBe("waiting");

    // The same tab, signed in as a support agent: the request, decided.
    await actAs(page, "support:ana");
    await waitForText(page.getByTestId("inbox-identity"), "support:ana");
    const item = inboxItem(page, runId);
    await waitForText(item.getByTestId("approval-priority"), "urgent");
    expect(await page.getByTestId("inbox-error").count()).toBe(0);
    await item.getByTestId("approve-button").click();
    await item.waitFor({ state: "detached" });
    await waitUntil(
      "the run to complete",
      async () =>
        (await asAgent().query(api.workflowsApi.getRun, { runId }))?.status,
      (status) => status === "completed",
    );
    expectNoPageErrors(log);
  });

  test("a run id that names no run shows No such run", async () => {
    const { page, log } = await e2e.openPage("run-unknown", "support:ana");
    for (const runId of ["no-such-run", "00000000000000000099999workflows"]) {
      await page.goto(e2e.url(`/runs/${runId}`));
      const missing = page.getByTestId("run-not-found");
      await waitForText(missing, "No such run");
      expect(await missing.innerText()).toContain(runId);
      expect(await page.getByTestId("run-loading").count()).toBe(0);
    }
    await screenshot(page, "run-unknown");
    expectNoPageErrors(log);
    expectNoConsoleErrors(log);
  });

  test("a run deleted while its page is open shows No such run", async () => {
    const { page, log } = await e2e.openPage("run-deleted", "support:ana");
    const runId = await submitTicket(e2e, page, {
      subject: "Please close my account",
      body: "I no longer need the account; please delete it.",
    });
    await waitForRunStatus(page, "waiting");
    await page
      .getByTestId("pending-approval")
      .getByTestId("reject-button")
      .click();
    await page
      .getByTestId("pending-approval")
      .getByTestId("confirm-reject-button")
      .click();
    await waitForRunStatus(page, "completed");
    await page.getByTestId("step-row").first().waitFor();

    // Gone from the backend (as after a restart of the offline one): its
    // steps' subscription must not throw inside the Convex client.
    await e2e.backend.t.run(async (ctx) => {
      await flows.cleanup(ctx, runId as RunId);
    });
    await waitForText(page.getByTestId("run-not-found"), "No such run");
    await page.waitForTimeout(500);
    expect(await page.getByTestId("run-page").count()).toBe(0);
    expectNoPageErrors(log);
    expectNoConsoleErrors(log);
  });

  test("a lost connection shows the banner until the client reconnects", async () => {
    const { page, log } = await e2e.openPage("connection-lost");
    await page.goto(e2e.url("/runs"));
    await page
      .locator("[data-testid=run-row], [data-testid=runs-empty]")
      .first()
      .waitFor();
    await waitUntil(
      "the page to connect",
      () => e2e.backend.connectionCount(),
      (count) => count > 0,
    );
    expect(await page.getByTestId("connection-banner").count()).toBe(0);

    // Cut the socket, and keep the browser offline so it cannot reconnect
    // before the banner is seen.
    await e2e.context.setOffline(true);
    try {
      expect(e2e.backend.dropConnections()).toBeGreaterThan(0);
      const banner = page.getByTestId("connection-banner");
      await banner.waitFor();
      await waitForText(banner, "Connection lost.");
      expect(e2e.backend.connectionCount()).toBe(0);
      await screenshot(page, "connection-lost");
    } finally {
      await e2e.context.setOffline(false);
    }
    await page
      .getByTestId("connection-banner")
      .waitFor({ state: "detached", timeout: 45_000 });
    expect(e2e.backend.connectionCount()).toBeGreaterThan(0);

    // Live updates resume: a run started elsewhere shows up.
    const { runId } = await e2e.backend.t
      .withIdentity({ subject: "customer:ada", name: "Ada Park" })
      .mutation(api.tickets.submitTicket, {
        subject: "Can we export reports to CSV?",
        body: "Is a CSV export of the usage report possible?",
      });
    await page
      .locator(`[data-testid=run-row][data-run-id="${runId}"]`)
      .waitFor();
    expectNoPageErrors(log);
  });
});
