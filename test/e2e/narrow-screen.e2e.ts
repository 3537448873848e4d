// The layout holds on a 390 px phone and with long unbroken input: a
// ticket whose subject is 300 characters without a space widens no page
// (the runs list, the run page as its customer and as an agent with the
// approval card, the inbox).
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import {
  actAs,
  expectNoConsoleErrors,
  expectNoPageErrors,
  screenshot,
  submitTicket,
  waitForRunStatus,
  useE2E,
} from "./harness.js";

const e2e = useE2E();

const PHONE = { width: 390, height: 844 };

/** How wide the document is laid out (more than the viewport: it scrolls sideways). */
const scrollWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth);

describe("a narrow screen", () => {
  test("a 300-character unbroken subject keeps every page within 390 px", async () => {
    const { page, log } = await e2e.openPage("narrow", "customer:ada");
    await page.setViewportSize(PHONE);
    const subject = "Refund".repeat(50);
    expect(subject).toHaveLength(300);
    const runId = await submitTicket(e2e, page, {
      subject,
      body: `Invoice ${"INV2041".repeat(40)} was charged twice.`,
    });
    await waitForRunStatus(page, "waiting");
    await page.getByTestId("live-text").waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "narrow-run-customer", { fullPage: true });

    await page.getByTestId("nav-runs").click();
    await page
      .locator(`[data-testid=run-row][data-run-id="${runId}"]`)
      .waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "narrow-runs", { fullPage: true });

    // An agent sees the subject and the draft on the approval card.
    await actAs(page, "support:ana");
    await page.goto(e2e.url(`/runs/${runId}`));
    await page.getByTestId("pending-approval").waitFor();
    expect(await page.getByTestId("pending-approval").innerText()).toContain(
      subject.slice(0, 30),
    );
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "narrow-run-agent", { fullPage: true });

    await page.getByTestId("nav-inbox").click();
    await page.getByTestId("inbox-item").first().waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);

    await page.goto(e2e.url(`/runs/${"x".repeat(300)}`));
    await page.getByTestId("run-not-found").waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expectNoPageErrors(log);
    expectNoConsoleErrors(log);
  });
});
