// Settings both vitest configs share: vitest.config.ts (`npm test`) and
// test/bench/vitest.config.ts (`npm run bench`).

/**
 * Run under edge-runtime like Convex, with convex-test and the Convex
 * components inlined so vite transforms them (convex-test's module loading
 * and the bench's hook into it need that).
 */
export const convexTestEnvironment = {
  environment: "edge-runtime",
  server: {
    deps: {
      inline: ["convex-test", /@convex-dev\/(workflow|workpool|batch-worker)/],
    },
  },
};

/**
 * `onConsoleLog` that drops the workpools' once-a-minute stats lines (fake
 * timers make many minutes pass) and @convex-dev/workflow's dump of a step
 * result too large to keep (the limit tests cause it on purpose);
 * everything else, errors included, is printed.
 */
export const quietWorkpoolLogs = (log: string): false | undefined =>
  log.includes('"component":"workpool","event":"report"') ||
  log.includes("Step return value too large")
    ? false
    : undefined;
