import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "edge-runtime",
    server: {
      deps: {
        inline: [
          "convex-test",
          /@convex-dev\/(workflow|workpool|batch-worker)/,
        ],
      },
    },
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    typecheck: { tsconfig: "./tsconfig.json" },
    // Drop the workpools' once-a-minute stats lines (fake timers make many
    // minutes pass); everything else, errors included, is printed.
    onConsoleLog: (log) =>
      log.includes('"component":"workpool","event":"report"')
        ? false
        : undefined,
  },
});
