// Shared setup for the React hook tests: the offline backend (the demo app
// on convex-test behind the Convex sync protocol) and the real
// ConvexReactClient connected to it over `ws`.
import "./nodeGlobals.js";
import {
  cleanup,
  renderHook,
  type RenderHookResult,
} from "@testing-library/react";
import { ConvexProvider, ConvexReactClient } from "convex/react";
import type { ReactNode } from "react";
import { afterAll, afterEach, beforeAll } from "vitest";
import { tsImport } from "tsx/esm/api";
import WebSocket from "ws";
import { api } from "../../convex/_generated/api.js";
import { devToken, type DevIdentityClaims } from "../../src/offline/auth.js";
import type { OfflineBackend } from "../../src/offline/index.js";

// `api.x.y` is a new object on each access: hooks get these stable ones.
export const fns = {
  getRun: api.workflowsApi.getRun,
  listRuns: api.workflowsApi.listRuns,
  listSteps: api.workflowsApi.listSteps,
  listEvents: api.workflowsApi.listEvents,
  liveText: api.workflowsApi.liveText,
  pendingSignals: api.workflowsApi.pendingSignals,
  sendSignal: api.workflowsApi.sendSignal,
  cancel: api.workflowsApi.cancel,
  restart: api.workflowsApi.restart,
  submitTicket: api.tickets.submitTicket,
  seedKnowledgeBase: api.tickets.seedKnowledgeBase,
  getTicket: api.tickets.getTicket,
};

/**
 * Who the hook tests' client is signed in as: a support agent (on the demo
 * app's staff list), who may start, read, decide, cancel and restart. The
 * tickets it submits are its own runs; the replies greet it by name.
 */
export const USER = { subject: "support:ana", name: "Ana Silva" };

export const TICKET = {
  subject: "Charged twice for my March invoice",
  body: "My card was charged twice for invoice INV-2041. Please refund one.",
};

/** A React client of the backend signed in as `user` (a dev token). */
export function signedInClient(
  backend: OfflineBackend,
  user: DevIdentityClaims,
): ConvexReactClient {
  const client = new ConvexReactClient(backend.url, {
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    unsavedChangesWarning: false,
  });
  client.setAuth(async () => devToken(user));
  return client;
}

/** Generous for a run's next state, still far below the test timeout. */
export const WAIT = { timeout: 15_000, interval: 20 };
export const TEST_TIMEOUT = 30_000;

export type Harness = {
  backend: OfflineBackend;
  client: ConvexReactClient;
  wrapper: (props: { children: ReactNode }) => ReactNode;
  close: () => Promise<void>;
};

/** An offline backend with the knowledge base seeded, and a client for it. */
async function startHarness(): Promise<Harness> {
  // Loaded by Node (through tsx), not through vite: in the jsdom
  // environment vite transforms modules for the browser, and it cannot load
  // the bundles the backend builds (in a temp dir) to read the app's
  // component configs.
  const { startOfflineBackend } = (await tsImport(
    "../../src/offline/index.ts",
    import.meta.url,
  )) as typeof import("../../src/offline/index.js");
  const backend = await startOfflineBackend({ port: 0, log: false });
  const client = signedInClient(backend, USER);
  await client.mutation(fns.seedKnowledgeBase, {});
  const wrapper = ({ children }: { children: ReactNode }) => (
    <ConvexProvider client={client}>{children}</ConvexProvider>
  );
  return {
    backend,
    client,
    wrapper,
    close: async () => {
      await client.close();
      await backend.close();
    },
  };
}

/**
 * One offline backend and client for the calling test file: started before
 * its tests, each test's components unmounted after it (vitest runs without
 * globals, so Testing Library cannot do that by itself), closed at the end.
 * The returned object is filled in once the backend is up.
 */
export function offlineHarness(): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    Object.assign(harness, await startHarness());
  }, 30_000);
  afterEach(() => {
    cleanup();
  });
  afterAll(async () => {
    cleanup();
    await harness.close?.();
  });
  return harness;
}

/**
 * renderHook that also keeps every value the hook rendered, to assert on
 * the states a live value went through, not only its last one.
 */
export function renderRecorded<Result, Props>(
  hook: (props: Props) => Result,
  options: { wrapper: Harness["wrapper"]; initialProps?: Props },
): RenderHookResult<Result, Props> & { history: Result[] } {
  const history: Result[] = [];
  const rendered = renderHook((props: Props) => {
    const value = hook(props);
    history.push(value);
    return value;
  }, options);
  return { ...rendered, history };
}

/** The support agent approves the run's drafted reply (as the inbox would). */
export async function approve(
  harness: Harness,
  runId: string,
  value: { approved: boolean; editedReply?: string; note?: string } = {
    approved: true,
  },
) {
  return await harness.client.mutation(fns.sendSignal, {
    runId,
    signal: "reply-approval",
    value,
  });
}
