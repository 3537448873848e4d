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
 * timers make many minutes pass); everything else, errors included, is
 * printed. Logs a test causes on purpose are its own to declare
 * (`expectLogs` in test/quietLogs.ts).
 */
export const quietWorkpoolLogs = (log: string): false | undefined =>
  log.includes('"component":"workpool","event":"report"') ? false : undefined;
