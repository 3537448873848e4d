// LLM flow control as the demo shows it. The support workflows queue their
// model calls under the customer's key (at most 2 at once per customer, 4
// in all): a support agent sees on the run page why an LLM step has not
// started (its key, its place, the cap or rate limit that holds it) and
// changes the caps from the runs page's "Model calls" panel, which starts
// queued work at once. Customers get no panel, and the backend refuses
// them its functions. The offline model is made slow
// (OFFLINE_MODEL_LATENCY_MS) while calls must stay running.
import type { Page } from "playwright-core";
import { describe, expect, test, onTestFinished } from "vitest";
import { api, components } from "../../convex/_generated/api.js";
import {
  actAs,
  expectNoConsoleErrors,
  expectNoPageErrors,
  screenshot,
  waitForAttribute,
  waitForRunStatus,
  waitForText,
  waitUntil,
  useE2E,
  type Identity,
} from "./harness.js";

const e2e = useE2E();

const PHONE = { width: 390, height: 844 };

/** The offline model takes a minute to answer until the test ends. */
function holdModelCalls() {
  process.env.OFFLINE_MODEL_LATENCY_MS = "60000";
  onTestFinished(() => {
    // Read again by calls still waiting: they answer now.
    process.env.OFFLINE_MODEL_LATENCY_MS = "0";
  });
}

const NAMES: Record<string, string> = {
  "customer:ada": "Ada Park",
  "customer:ben": "Ben Okafor",
};

/** A ticket submitted as a customer (as the form does); its run id. */
async function submit(customer: Identity, subject: string): Promise<string> {
  const { runId } = await e2e.backend.t
    .withIdentity({ subject: customer, name: NAMES[customer] })
    .mutation(api.tickets.submitTicket, {
      subject,
      body: "The invoice shows a charge I do not recognise.",
    });
  return runId;
}

const pool = (page: Page) => page.getByTestId("llm-pool");
const keyRow = (page: Page, key: string) =>
  pool(page).locator(`[data-testid=pool-key][data-key="${key}"]`);
const stepRow = (page: Page, name: string) =>
  page.locator(`[data-testid=step-row][data-step-name="${name}"]`);

/** Set a key's cap from the panel, as an agent types it. */
async function setKeyCap(page: Page, key: string, cap: number) {
  await pool(page).getByTestId("pool-key-input").fill(key);
  await pool(page).getByTestId("pool-key-cap-input").fill(String(cap));
  await pool(page).getByTestId("pool-key-set").click();
}

describe("LLM flow control", () => {
  test("an agent sees why an LLM step waits, and a raised cap starts it", async () => {
    holdModelCalls();
    const { page: runs, log } = await e2e.openPage("pool-panel", "support:ana");
    await runs.goto(e2e.url("/runs"));
    await waitForText(pool(runs).getByTestId("pool-summary"), "0 running of 4");
    await waitForText(
      pool(runs).getByTestId("pool-keys-empty"),
      "capped at 2 at once",
    );

    // Lowered first: one call at a time for Ada.
    await setKeyCap(runs, "customer:ada", 1);
    await waitForText(keyRow(runs, "customer:ada"), "cap 1 (set here)");

    const first = await submit("customer:ada", "Charged twice");
    await waitForText(keyRow(runs, "customer:ada"), "1 running · 0 queued");
    const second = await submit("customer:ada", "Refund for March");
    await waitForText(keyRow(runs, "customer:ada"), "1 running · 1 queued");
    await waitForText(
      pool(runs).getByTestId("pool-summary"),
      "1 running of 4 · 1 queued",
    );

    // The second ticket's run page says why its triage has not started.
    const { page: run } = await e2e.openPage("queued-step", "support:ana");
    await run.goto(e2e.url(`/runs/${second}`));
    const classify = stepRow(run, "Classify ticket");
    const queued = classify.getByTestId("step-queue");
    await waitForText(
      queued,
      "Queued · key customer:ada · waiting for a free slot (key cap)",
    );
    expect(await queued.getAttribute("data-reason")).toBe("keyCap");
    expect(await classify.getByTestId("step-flow").innerText()).toBe(
      "key customer:ada · normal priority",
    );
    await screenshot(run, "flow-queued-step", { fullPage: true });

    // Raised from the panel (the key picked from its row): it starts.
    await keyRow(runs, "customer:ada").getByRole("button").click();
    expect(await pool(runs).getByTestId("pool-key-input").inputValue()).toBe(
      "customer:ada",
    );
    await pool(runs).getByTestId("pool-key-cap-input").fill("2");
    await pool(runs).getByTestId("pool-key-set").click();
    await waitForText(keyRow(runs, "customer:ada"), "2 running · 0 queued");
    await waitForText(keyRow(runs, "customer:ada"), "cap 2 (set here)");
    await queued.waitFor({ state: "detached" });
    expect(await classify.getAttribute("data-status")).toBe("running");

    // The cap for all calls, lowered to what runs: Ben's triage waits.
    await pool(runs).getByTestId("pool-cap-input").fill("2");
    await pool(runs).getByTestId("pool-cap-set").click();
    await waitForText(pool(runs).getByTestId("pool-summary"), "2 running of 2");
    const third = await submit("customer:ben", "Invoice missing");
    await waitForText(
      pool(runs).getByTestId("pool-summary"),
      "2 running of 2 · 1 queued",
    );
    await waitForText(keyRow(runs, "customer:ben"), "0 running · 1 queued");
    await run.goto(e2e.url(`/runs/${third}`));
    await waitForText(
      queued,
      "Queued · key customer:ben · waiting for a free slot (all model slots busy)",
    );
    expect(await queued.getAttribute("data-reason")).toBe("globalCap");
    await screenshot(runs, "flow-pool-panel", { fullPage: true });

    // Back to the app's cap (4): it starts too.
    await pool(runs).getByTestId("pool-cap-reset").click();
    await waitForText(pool(runs).getByTestId("pool-summary"), "3 running of 4");
    await queued.waitFor({ state: "detached" });

    // The model answers: the tickets go on, the reply written at high
    // priority under the same key.
    process.env.OFFLINE_MODEL_LATENCY_MS = "0";
    await run.goto(e2e.url(`/runs/${first}`));
    await waitForRunStatus(run, "waiting");
    const draft = stepRow(run, "Draft reply").getByTestId("step-child-link");
    await draft.click();
    await waitForText(
      stepRow(run, "Write reply").getByTestId("step-flow"),
      "key customer:ada · high priority",
    );
    expect(await run.getByTestId("step-queue").count()).toBe(0);

    // Ada's cap back to the app's.
    await keyRow(runs, "customer:ada").getByRole("button").click();
    await pool(runs).getByTestId("pool-key-reset").click();
    await waitUntil(
      "Ada's cap no longer set here",
      async () =>
        (await keyRow(runs, "customer:ada").count()) === 0 ||
        !(await keyRow(runs, "customer:ada").innerText()).includes("set here"),
      (done) => done,
    );
    expectNoPageErrors(log);
    expectNoConsoleErrors(log);
  });

  test("an LLM step over the model's rate limit says until when it waits", async () => {
    // An operator tightens the model's limit from the dashboard.
    const setLimit = (
      limits: { requestsPerMinute: number; burst: number } | null,
    ) =>
      e2e.backend.t.run((ctx) =>
        ctx.runMutation(components.agentWorkflows.config.setLlmRateLimit, {
          name: "model",
          limits,
        }),
      );
    await setLimit({ requestsPerMinute: 1, burst: 1 });
    onTestFinished(async () => {
      await setLimit(null);
    });
    const runId = await submit("customer:ben", "Second charge");

    // One of its calls (the triage or, in the child run, the reply) waits.
    const agent = e2e.backend.t.withIdentity({ subject: "support:ana" });
    const parked = await waitUntil(
      "a call waiting for the rate limit",
      async () => {
        const runs = [runId];
        const child = (
          await agent.query(api.workflowsApi.listRuns, {
            owner: null,
            paginationOpts: { numItems: 20, cursor: null },
          })
        ).page.find((r) => r.parentRunId === runId);
        if (child) runs.push(child.runId);
        for (const id of runs) {
          const run = await agent.query(api.workflowsApi.getRun, {
            runId: id,
          });
          const call = run?.queuedLlmCalls?.find(
            (c) => c.reason === "rateLimit",
          );
          if (call) return { runId: id, name: call.name };
        }
        return null;
      },
      (found) => found !== null,
    );

    const { page, log } = await e2e.openPage("rate-limited", "support:ana");
    await page.goto(e2e.url(`/runs/${parked!.runId}`));
    const queued = stepRow(page, parked!.name).getByTestId("step-queue");
    const line = await waitForText(
      queued,
      /^Queued · key customer:ben · waiting for the rate limit until \d\d:\d\d:\d\d$/,
    );
    expect(await queued.getAttribute("data-reason")).toBe("rateLimit");
    // Until about a minute from now, as the page's clock reads it.
    const until = /(\d\d):(\d\d):(\d\d)$/.exec(line)!.slice(1).map(Number);
    const [h, m, s] = until as [number, number, number];
    const seconds = await page.evaluate(
      ([h, m, s]) => {
        const at = new Date();
        at.setHours(h, m, s, 0);
        return (at.getTime() - Date.now()) / 1000;
      },
      [h, m, s] as const,
    );
    expect(seconds).toBeGreaterThan(-2);
    expect(seconds).toBeLessThanOrEqual(61);
    await screenshot(page, "flow-rate-limited", { fullPage: true });
    expectNoPageErrors(log);
    expectNoConsoleErrors(log);
  });

  test("a customer has no pool panel, and the backend refuses them its functions", async () => {
    const { page, log } = await e2e.openPage("pool-customer", "support:ana");
    // (The agent's panel holds on a phone too.)
    await page.setViewportSize(PHONE);
    await page.goto(e2e.url("/runs"));
    await pool(page).getByTestId("pool-summary").waitFor();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "flow-pool-phone", { fullPage: true });
    await actAs(page, "customer:ada");
    await waitForAttribute(page.getByTestId("runs-scope"), "data-scope", "own");
    expect(await pool(page).count()).toBe(0);

    const ada = e2e.backend.t.withIdentity({ subject: "customer:ada" });
    const refused = async (call: Promise<unknown>) => {
      const error = await call.then(
        () => null,
        (e: unknown) => e as { data?: { code?: string } },
      );
      return error?.data?.code;
    };
    expect(await refused(ada.query(api.llmPool.status, {}))).toBe(
      "NOT_AUTHORIZED",
    );
    expect(
      await refused(ada.mutation(api.llmPool.setCap, { maxParallelism: 100 })),
    ).toBe("NOT_AUTHORIZED");
    expect(
      await refused(
        ada.mutation(api.llmPool.setKeyCap, {
          key: "customer:ada",
          maxParallelism: 100,
        }),
      ),
    ).toBe("NOT_AUTHORIZED");
    // Nothing changed.
    const config = await e2e.backend.t.run((ctx) =>
      ctx.runQuery(components.agentWorkflows.config.getConfig, {}),
    );
    expect(config.llmMaxParallelism).not.toBe(100);
    expect(config.llmKeyCaps.map((c) => c.maxParallelism)).not.toContain(100);
    expectNoPageErrors(log);
    expectNoConsoleErrors(log);
  });
});
