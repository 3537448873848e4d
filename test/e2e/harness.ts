// The browser end-to-end harness: the offline backend (src/offline) serving
// the built demo UI (example/dist), Debian's Chromium driven by
// playwright-core, and small waiting helpers. One backend and one browser
// per test file (useE2E), a fresh page per test (openPage).
import fs from "node:fs";
import path from "node:path";
import { type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, onTestFinished } from "vitest";
import {
  startOfflineBackend,
  type OfflineBackend,
} from "../../src/offline/index.js";
import { launchChromium } from "./browser.js";
import { CHROMIUM, SHOTS_DIR, STATIC_DIR } from "./paths.js";

export { CHROMIUM, REPO, SHOTS_DIR, STATIC_DIR } from "./paths.js";

/** How long to wait for any UI state (the workflows take a few seconds). */
export const TIMEOUT = 30_000;
/** Polling interval of the helpers below. */
export const POLL_MS = 50;

/** Where a tab of the demo keeps who it is signed in as (example/src/identity.tsx). */
const IDENTITY_KEY = "agent-workflows-demo:identity";

/** The demo's users: two customers, two support agents (convex/users.ts). */
export type Identity =
  "customer:ada" | "customer:ben" | "support:ana" | "support:raj";

/** What a page went through: uncaught errors, console errors and info lines. */
export type PageLog = {
  pageErrors: string[];
  consoleErrors: string[];
  /** console.info lines: where the demo logs the refusals it shows. */
  consoleInfo: string[];
};

export type E2E = {
  backend: OfflineBackend;
  context: BrowserContext;
  url(pathname: string): string;
  /**
   * A fresh page for the running test, acting as `identity`, with the run
   * page recorder installed (see RECORDER). It is closed when the test
   * ends, after a screenshot to test-results/e2e/<name>-failed.png if the
   * test failed; uncaught page errors fail the test.
   */
  openPage(
    name: string,
    identity?: Identity,
  ): Promise<{ page: Page; log: PageLog }>;
  close(): Promise<void>;
};

export async function startE2E(): Promise<E2E> {
  if (!fs.existsSync(path.join(STATIC_DIR, "index.html")))
    throw new Error(
      "example/dist is missing: run `npm run build:example` (npm run test:e2e does)",
    );
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  fs.mkdirSync(SHOTS_DIR, { recursive: true });

  const backend = await startOfflineBackend({
    port: 0,
    staticDir: STATIC_DIR,
    log: false,
  });
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  try {
    browser = await launchChromium("aw-e2e-chromium-");
  } catch (error) {
    await backend.close();
    throw error;
  }
  const { context } = browser;
  context.setDefaultTimeout(TIMEOUT);
  // The persistent context opens with one blank page: tests open their own.
  for (const page of context.pages()) await page.close();

  const url = (pathname: string) => `${backend.url}${pathname}`;

  const openPage = async (name: string, identity: Identity = "support:ana") => {
    const page = await context.newPage();
    const log: PageLog = { pageErrors: [], consoleErrors: [], consoleInfo: [] };
    page.on("pageerror", (error) =>
      log.pageErrors.push(error.stack ?? error.message),
    );
    page.on("console", (message) => {
      if (message.type() === "error") log.consoleErrors.push(message.text());
      if (message.type() === "info") log.consoleInfo.push(message.text());
    });
    // Each tab signs in on its own (sessionStorage): set who this page is
    // once, so a choice made in the UI survives the tab's own reloads.
    await page.addInitScript({
      content: `try {
        if (!sessionStorage.getItem(${JSON.stringify(IDENTITY_KEY)}))
          sessionStorage.setItem(${JSON.stringify(IDENTITY_KEY)}, ${JSON.stringify(identity)});
      } catch {}`,
    });
    await page.addInitScript({ content: RECORDER });
    // One hook, not onTestFailed + onTestFinished: vitest runs the
    // finished hooks first, which would close the page before the shot.
    onTestFinished(async ({ task }) => {
      if (task.result?.state === "fail" && !page.isClosed()) {
        await page
          .screenshot({
            path: path.join(SHOTS_DIR, `${name}-failed.png`),
            fullPage: true,
          })
          .catch(() => {});
        process.stderr.write(
          `[e2e] ${name} failed on ${page.url()}\n` +
            (log.consoleErrors.length
              ? `  console errors:\n    ${log.consoleErrors.join("\n    ")}\n`
              : "") +
            (log.pageErrors.length
              ? `  page errors:\n    ${log.pageErrors.join("\n    ")}\n`
              : ""),
        );
      }
      await page.close().catch(() => {});
    });
    return { page, log };
  };

  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= (async () => {
      await browser.close().catch(() => {});
      await backend.close();
    })();
    return closed;
  };
  return { backend, context, url, openPage, close };
}

/**
 * One backend and browser for the calling test file: started before its
 * tests (beforeAll), closed after them. Call at the top of the file; the
 * E2E it returns works inside tests.
 */
export function useE2E(): E2E {
  let started: E2E | undefined;
  beforeAll(async () => {
    started = await startE2E();
  });
  afterAll(async () => {
    await started?.close();
  });
  const get = (): E2E => {
    if (!started) throw new Error("useE2E: the browser starts before tests");
    return started;
  };
  return {
    get backend() {
      return get().backend;
    },
    get context() {
      return get().context;
    },
    url: (pathname) => get().url(pathname),
    openPage: (name, identity) => get().openPage(name, identity),
    close: () => get().close(),
  };
}

/** No uncaught exception in the page (React crashes, failed renders). */
export function expectNoPageErrors(log: PageLog): void {
  expect(log.pageErrors, "uncaught errors in the page").toEqual([]);
}

/**
 * No console errors: expected refusals (coded ConvexErrors) are shown in
 * the page and logged as info, so an error here is a real failure.
 */
export function expectNoConsoleErrors(log: PageLog): void {
  expect(log.consoleErrors, "console errors in the page").toEqual([]);
}

/** Save a PNG to test-results/e2e/<name>.png; returns its path. */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  const file = path.join(SHOTS_DIR, `${name}.png`);
  // A fresh run of the test overwrites it; a leftover failure shot goes.
  fs.rmSync(path.join(SHOTS_DIR, `${name}-failed.png`), { force: true });
  await page.screenshot({
    path: file,
    fullPage: options.fullPage ?? false,
    animations: "disabled",
    caret: "hide",
  });
  return file;
}

// ---------------------------------------------------------------------------
// Waiting on the UI

/** Poll `probe` until `accept` says yes; the last value is in the error. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T> | T,
  accept: (value: T) => boolean,
  timeout = TIMEOUT,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: { value?: T; error?: unknown } = {};
  for (;;) {
    try {
      const value = await probe();
      last = { value };
      if (accept(value)) return value;
    } catch (error) {
      last = { error };
    }
    if (Date.now() > deadline) {
      const seen =
        "error" in last
          ? `error ${last.error instanceof Error ? last.error.message : String(last.error)}`
          : JSON.stringify(last.value);
      throw new Error(
        `timed out after ${timeout} ms waiting for ${what}; last: ${seen}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** An attribute of the first match, or null when absent (no waiting). */
export async function attribute(
  locator: Locator,
  name: string,
): Promise<string | null> {
  const first = locator.first();
  if ((await first.count()) === 0) return null;
  return await first.getAttribute(name, { timeout: 1_000 });
}

/** Wait until the locator's attribute has this value (or passes the test). */
export async function waitForAttribute(
  locator: Locator,
  name: string,
  expected: string | ((value: string | null) => boolean),
  timeout = TIMEOUT,
): Promise<string | null> {
  const accept =
    typeof expected === "string"
      ? (value: string | null) => value === expected
      : expected;
  return await waitUntil(
    `${String(locator)} [${name}] ${typeof expected === "string" ? `= ${expected}` : "to match"}`,
    () => attribute(locator, name),
    accept,
    timeout,
  );
}

/** Wait until the locator's text contains `text` (or matches it). */
export async function waitForText(
  locator: Locator,
  text: string | RegExp,
  timeout = TIMEOUT,
): Promise<string> {
  return await waitUntil(
    `${String(locator)} to show ${String(text)}`,
    async () =>
      (await locator.count()) === 0
        ? null
        : await locator.first().innerText({ timeout: 1_000 }),
    (value) =>
      value !== null &&
      (typeof text === "string" ? value.includes(text) : text.test(value)),
    timeout,
  ).then((value) => value ?? "");
}

// ---------------------------------------------------------------------------
// Holding back what the backend tells a page

/** Which way messages are held: from the backend, from the page, or both. */
export type SyncDirection = "received" | "sent";

/** A page's sync socket, each direction of it held back on demand. */
export type HeldSync = {
  /** Queue messages going that way from now on instead of delivering them. */
  hold(...directions: SyncDirection[]): void;
  /** Deliver what was queued that way, in order, and stop holding it. */
  release(...directions: SyncDirection[]): void;
  /** Every message the page sent, in order (JSON-decoded). */
  sent: { type?: string }[];
  /** Every message the backend sent the page, in order (JSON-decoded). */
  received: { type?: string }[];
};

/**
 * Route the page's Convex sync socket through the test (call before the
 * page loads). Either direction can be held back, to stage what a slow
 * network shows: a decision that reaches the backend after another
 * agent's, answered after the card it came from is gone.
 */
export async function routeSync(page: Page): Promise<HeldSync> {
  const holding = new Set<SyncDirection>();
  const queues: Record<SyncDirection, (() => void)[]> = {
    received: [],
    sent: [],
  };
  const decode = (message: string | Buffer) => {
    try {
      return JSON.parse(message.toString()) as { type?: string };
    } catch {
      return {};
    }
  };
  const state: HeldSync = {
    hold: (...directions) => {
      for (const direction of directions) holding.add(direction);
    },
    release: (...directions) => {
      for (const direction of directions) {
        holding.delete(direction);
        const queued = queues[direction];
        queues[direction] = [];
        for (const deliver of queued) deliver();
      }
    },
    sent: [],
    received: [],
  };
  const pass = (direction: SyncDirection, deliver: () => void) => {
    if (holding.has(direction)) queues[direction].push(deliver);
    else deliver();
  };
  await page.routeWebSocket(/\/api\/[^/]+\/sync$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      state.sent.push(decode(message));
      pass("sent", () => server.send(message));
    });
    server.onMessage((message) => {
      state.received.push(decode(message));
      pass("received", () => ws.send(message));
    });
  });
  return state;
}

// ---------------------------------------------------------------------------
// The demo's pages

/** The run page's header (its status pill, progress bar, controls). */
export const runHeader = (page: Page) => page.getByTestId("run-header");

/** Wait until the run page's status pill shows `status`. */
export async function waitForRunStatus(
  page: Page,
  status: string,
  timeout = TIMEOUT,
): Promise<void> {
  await waitForAttribute(
    runHeader(page).getByTestId("status-pill"),
    "data-status",
    status,
    timeout,
  );
}

/** The run page header's progress bar's aria-valuenow (null: indeterminate). */
export async function progressValue(page: Page): Promise<number | null> {
  const value = await attribute(
    runHeader(page).getByTestId("progress-bar"),
    "aria-valuenow",
  );
  return value === null ? null : Number(value);
}

export type Ticket = { subject: string; body: string };

/** Fill the new-ticket form (on /new) and submit it, as the page's user. */
export async function fillAndSubmit(page: Page, ticket: Ticket): Promise<void> {
  await page.getByTestId("ticket-subject").fill(ticket.subject);
  await page.getByTestId("ticket-body").fill(ticket.body);
  await page.getByTestId("ticket-submit").click();
}

/** Submit a ticket from the form; resolves with the run id once on its page. */
export async function submitTicket(
  e2e: E2E,
  page: Page,
  ticket: Ticket,
): Promise<string> {
  await page.goto(e2e.url("/new"));
  await fillAndSubmit(page, ticket);
  await page.waitForURL(/\/runs\/[^/]+$/);
  const runId = decodeURIComponent(
    new URL(page.url()).pathname.split("/").pop()!,
  );
  await page
    .locator(`[data-testid=run-page][data-run-id="${runId}"]`)
    .waitFor();
  return runId;
}

/** The inbox card of a run's pending approval. */
export const inboxItem = (page: Page, runId: string) =>
  page.locator(`[data-testid=inbox-item][data-run-id="${runId}"]`);

/**
 * Sign the page in as someone else with the header's "Acting as" select,
 * and wait until the backend says it is them (the page shows again).
 */
export async function actAs(page: Page, identity: Identity): Promise<void> {
  await page.getByTestId("identity-select").selectOption(identity);
  await waitUntil(
    `signed in as ${identity}`,
    async () => ({
      selected: await page.getByTestId("identity-select").inputValue(),
      role: await attribute(page.getByTestId("role-badge"), "data-role"),
    }),
    ({ selected, role }) =>
      selected === identity &&
      role === (identity.startsWith("support:") ? "agent" : "customer"),
  );
}

// ---------------------------------------------------------------------------
// The run page recorder

/** What the run page showed at one moment (see RECORDER). */
export type RunPageSnapshot = {
  at: number;
  runId: string | null;
  status: string | null;
  /** The header progress bar's aria-valuenow (null: indeterminate). */
  progress: number | null;
  /** "name:status" of each step row, in order. */
  steps: string[];
  /** The live text panel: its call's name, data-done, text, caret. */
  call: string | null;
  liveDone: string | null;
  liveText: string | null;
  caret: boolean;
};

/**
 * Installed in every page before the app loads: a MutationObserver that
 * records each distinct state of the run page (status, progress, steps,
 * live text) into window.__e2eRunPage. Polling from the test could miss a
 * state that lasts a few frames (the offline model writes a word every
 * 15 ms); the observer sees every DOM change. A string, not a function:
 * nothing of the test's transpiled code is shipped to the page.
 */
const RECORDER = `(() => {
  const history = [];
  window.__e2eRunPage = history;
  let last = "";
  const one = (selector) => document.querySelector(selector);
  const record = () => {
    const header = one('[data-testid="run-header"]');
    if (!header) return;
    const pill = header.querySelector('[data-testid="status-pill"]');
    const bar = header.querySelector('[data-testid="progress-bar"]');
    const now = bar ? bar.getAttribute("aria-valuenow") : null;
    const panel = one('[data-testid="live-text-panel"]');
    const live = one('[data-testid="live-text"]');
    const page = one('[data-testid="run-page"]');
    const snapshot = {
      runId: page ? page.getAttribute("data-run-id") : null,
      status: pill ? pill.getAttribute("data-status") : null,
      progress: now === null ? null : Number(now),
      steps: Array.from(
        document.querySelectorAll('[data-testid="step-row"]'),
        (row) => row.getAttribute("data-step-name") + ":" + row.getAttribute("data-status"),
      ),
      call: panel ? panel.getAttribute("data-call-name") : null,
      liveDone: live ? live.getAttribute("data-done") : null,
      liveText: live ? live.textContent : null,
      caret: !!one('[data-testid="live-caret"]'),
    };
    const key = JSON.stringify(snapshot);
    if (key === last) return;
    last = key;
    snapshot.at = performance.now();
    history.push(snapshot);
  };
  new MutationObserver(record).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
})();`;

/** Every state the run page of `runId` went through in this document. */
export async function runPageHistory(
  page: Page,
  runId: string,
): Promise<RunPageSnapshot[]> {
  const all = (await page.evaluate(
    "window.__e2eRunPage ?? []",
  )) as RunPageSnapshot[];
  return all.filter((snapshot) => snapshot.runId === runId);
}

/** The distinct values in order, repeats collapsed (1,1,2,2,1 → 1,2,1). */
export function changes<T>(values: T[]): T[] {
  return values.filter((value, i) => i === 0 || value !== values[i - 1]);
}
