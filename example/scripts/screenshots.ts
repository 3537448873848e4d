// Screenshots of every page of the demo UI, with data, at 1280×800:
// builds nothing itself (run `npm run build:example` first), serves
// example/dist from the offline backend, drives headless Chromium through
// the demo (tickets submitted by two customers, each seeing only their own;
// approved, edited, rejected and canceled by support agents) and writes PNGs.
//
//   npx tsx example/scripts/screenshots.ts [outDir] [--docs]
//
// outDir defaults to test-results/screenshots (git-ignored). --docs also
// saves the run page of a ticket approved with an edit (its decision and
// the reply sent against the draft, a step's input and output opened, the
// cost including the child run) as docs/screenshots/run-desktop.png
// (1280 px wide) and docs/screenshots/run-phone.png (390 px), the images
// the README shows. Needs Debian's chromium (apt-get install chromium) and
// the playwright-core package.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { api } from "../../convex/_generated/api.js";
import { launchChromium } from "../../test/e2e/browser.js";
import { startOfflineBackend } from "../../src/offline/index.js";

const repo = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
const args = process.argv.slice(2);
const docs = args.includes("--docs");
const outDir = path.resolve(
  args.find((a) => !a.startsWith("--")) ??
    path.join(repo, "test-results/screenshots"),
);
const docsDir = path.join(repo, "docs/screenshots");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const staticDir = path.resolve(
  process.env.SCREENSHOT_STATIC_DIR ?? path.join(repo, "example/dist"),
);

function log(line: string) {
  process.stdout.write(`[screenshots] ${line}\n`);
}

async function main() {
  if (!fs.existsSync(path.join(staticDir, "index.html")))
    throw new Error("example/dist is missing: run npm run build:example first");
  fs.mkdirSync(outDir, { recursive: true });

  const backend = await startOfflineBackend({ staticDir, log: false });
  await backend.t.mutation(api.tickets.seedKnowledgeBase, {});
  const browser = await launchChromium("aw-chromium-");
  const { context } = browser;
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (message) => {
    if (message.type() === "error") log(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => log(`page error: ${error.message}`));

  const url = (p: string) => `${backend.url}${p}`;
  const shot = async (name: string, fullPage = false) => {
    const file = path.join(outDir, `${name}.png`);
    // The sticky top bar is drawn where the page is scrolled to: at the top.
    if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: file, fullPage });
    log(`wrote ${path.relative(repo, file)}`);
    return file;
  };
  const waitForStatus = async (runId: string, status: string) => {
    await page.goto(url(`/runs/${runId}`));
    await page
      .locator(
        `[data-testid=run-header] [data-testid=status-pill][data-status=${status}]`,
      )
      .waitFor({ timeout: 30_000 });
  };

  /** Sign the tab in as a demo user and wait until the backend agrees. */
  const actAs = async (subject: string) => {
    await page.getByTestId("identity-select").selectOption(subject);
    const role = subject.startsWith("support:") ? "agent" : "customer";
    await page
      .locator(`[data-testid=role-badge][data-role=${role}]`)
      .waitFor({ timeout: 30_000 });
  };
  const submit = async (sample: string, name = sample) => {
    await page.goto(url("/new"));
    await page.getByTestId(`sample-${sample}`).click();
    await page.getByTestId("ticket-submit").click();
    await page.waitForURL(/\/runs\/[^/]+$/);
    const runId = decodeURIComponent(
      new URL(page.url()).pathname.split("/").pop()!,
    );
    log(`${name}: run ${runId}`);
    return runId;
  };

  try {
    // Ada, a customer (who a tab is signed in as is kept per tab).
    await page.goto(url("/"));
    await actAs("customer:ada");

    // New ticket: a server-side validation error next to its field.
    await page.goto(url("/new"));
    await page.getByTestId("ticket-body").fill("My invoice is wrong.");
    await page.getByTestId("ticket-submit").click();
    await page.getByTestId("ticket-subject-error").waitFor();
    await shot("01-new-ticket-invalid");

    // Ada's tickets, submitted through the form.
    const runIds: Record<string, string> = {};
    runIds.billing = await submit("billing");
    runIds.account = await submit("account");
    await page.goto(url("/new"));
    await page.getByTestId("sample-outage").click();
    await shot("02-new-ticket-filled");
    runIds.outage = await submit("outage");

    // The last one live, as its customer sees it: the reply streaming in.
    const live = page.locator("[data-testid=live-text][data-done=false]");
    try {
      await live.first().waitFor({ timeout: 20_000 });
      await page.waitForTimeout(600);
      await shot("03-run-streaming");
    } catch {
      log("did not catch the text streaming");
    }

    // Ben, another customer: his tickets only; Ada's run and the inbox
    // are not his.
    await actAs("customer:ben");
    runIds.general = await submit("general");
    runIds.cancel = await submit("general", "cancel");
    await page.goto(url("/runs"));
    await page.getByTestId("run-row").first().waitFor();
    await page.waitForTimeout(300);
    await shot("04-runs-customer");
    await page.goto(url(`/runs/${runIds.outage}`));
    await page.getByTestId("run-not-found").waitFor();
    await shot("05-run-not-yours");
    await page.goto(url("/inbox"));
    await page.getByTestId("inbox-error").waitFor();
    await shot("06-inbox-refused");

    // Ana, a support agent: every ticket.
    await actAs("support:ana");
    await page.goto(url(`/runs/${runIds.cancel}`));
    await page.getByTestId("cancel-button").click();
    await page.getByTestId("cancel-confirm").waitFor();
    await shot("07-run-cancel-confirm");
    await page.getByTestId("cancel-confirm-button").click();
    await page
      .locator(
        "[data-testid=run-header] [data-testid=status-pill][data-status=canceled]",
      )
      .waitFor({ timeout: 30_000 });
    for (const key of ["billing", "account", "general", "outage"])
      await waitForStatus(runIds[key], "waiting");

    // Edit & approve on the run page (billing).
    await page.goto(url(`/runs/${runIds.billing}`));
    const approval = page.getByTestId("pending-approval");
    await approval.getByTestId("edit-button").click();
    await approval
      .getByTestId("approval-edit-input")
      .fill(
        "Hi Ada,\n\nSorry about the double charge on invoice INV-2041: the duplicate 49.00 EUR is refunded and back on your card within 5 business days.\n\nBest regards,\nAna, Support team",
      );
    await shot("08-run-edit-approve");
    await approval.getByTestId("confirm-edit-button").click();
    await page
      .locator(
        "[data-testid=run-header] [data-testid=status-pill][data-status=completed]",
      )
      .waitFor({ timeout: 30_000 });
    await page.getByTestId("decision-diff").waitFor();
    // A step's whole input and output, opened.
    await page
      .locator("[data-testid=step-row][data-step-name='Draft reply']")
      .getByTestId("step-io-toggle")
      .click();
    await page.getByTestId("step-io-whole").waitFor();
    await page.waitForTimeout(400);
    const desktop = await shot("09-run-completed", true);
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(400);
    const phone = await shot("09-run-completed-phone", true);
    await page.setViewportSize(DESKTOP);
    if (docs) {
      fs.mkdirSync(docsDir, { recursive: true });
      for (const [file, name] of [
        [desktop, "run-desktop.png"],
        [phone, "run-phone.png"],
      ] as const) {
        fs.copyFileSync(file, path.join(docsDir, name));
        log(`wrote docs/screenshots/${name}`);
      }
    }

    // The inbox, as Raj: every customer's requests; he rejects one.
    await actAs("support:raj");
    await page.goto(url("/inbox"));
    const account = page.locator(
      `[data-testid=inbox-item][data-run-id="${runIds.account}"]`,
    );
    await account.waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    await shot("10-inbox", true);
    await account.getByTestId("reject-button").click();
    await account
      .getByTestId("approval-note-input")
      .fill("Already solved by phone this morning.");
    await account.getByTestId("confirm-reject-button").click();
    await account.waitFor({ state: "detached", timeout: 30_000 });
    await actAs("support:ana");

    // The waiting run with its approval, steps, live text and events.
    await page.goto(url(`/runs/${runIds.outage}`));
    await page.getByTestId("pending-approval").waitFor();
    await page.waitForTimeout(400);
    await shot("11-run-waiting");
    await shot("11-run-waiting-full", true);

    // A child run.
    const child = page.getByTestId("step-child-link").first();
    await child.click();
    await page.getByTestId("run-page").waitFor();
    await page.waitForTimeout(400);
    await shot("12-child-run");

    // Every customer's runs, all and filtered.
    await page.goto(url("/runs"));
    await page.getByTestId("run-row").first().waitFor();
    await page.waitForTimeout(300);
    await shot("13-runs-all");
    await page.getByTestId("status-tab-waiting").click();
    await page.waitForTimeout(500);
    await shot("14-runs-waiting");

    // Connection lost: the banner shows, then goes once it is back.
    await page.goto(url("/inbox"));
    await page.getByTestId("inbox-item").first().waitFor();
    await context.setOffline(true);
    backend.dropConnections();
    try {
      await page.getByTestId("connection-banner").waitFor({ timeout: 15_000 });
      await shot("15-connection-lost");
    } catch {
      log("the connection banner did not show");
    }
    await context.setOffline(false);
    try {
      await page
        .getByTestId("connection-banner")
        .waitFor({ state: "detached", timeout: 30_000 });
      log("connection banner gone after reconnect");
    } catch {
      log("the connection banner stayed after reconnect");
    }
  } finally {
    await browser.close();
    await backend.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `[screenshots] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
