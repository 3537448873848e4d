// `npm run test:e2e`: the browser end-to-end tests (test/e2e/*.e2e.ts),
// headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
// against the demo UI (example/dist, built first by the npm script) served
// by the offline backend. Kept out of `npm test` (its config includes only
// *.test.ts and excludes test/e2e).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { convexTestEnvironment, quietWorkpoolLogs } from "../vitestShared.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  root,
  test: {
    // The backend runs in Node (its own HTTP and WebSocket server), with
    // convex-test and the components inlined as in `npm test`.
    environment: "node",
    server: convexTestEnvironment.server,
    include: ["test/e2e/**/*.e2e.ts"],
    globalSetup: ["test/e2e/globalSetup.ts"],
    // Each file starts its own backend and browser; a few at once at most.
    maxWorkers: 3,
    testTimeout: 90_000,
    hookTimeout: 60_000,
    onConsoleLog: quietWorkpoolLogs,
  },
});
