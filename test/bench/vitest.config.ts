// `npm run bench`: the cost benchmark (test/bench/*.bench-run.ts). Kept out of
// `npm test` (its config includes only *.test.ts).
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";
import { convexTestEnvironment, quietWorkpoolLogs } from "../vitestShared.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * convex-test keeps the execution context of the function that is running
 * (`{ componentPath, udfPath, udfType }`) in a module-private
 * AsyncLocalStorage. The bench needs it to count executions and attribute
 * reads and writes (see instrument.ts), so this appends one export to
 * convex-test's module as vite loads it (convex-test is inlined, so it goes
 * through vite's transform pipeline). Nothing else in convex-test changes.
 */
function exposeConvexTestInternals(): Plugin {
  const marker = "const executionContextStorage = new AsyncLocalStorage();";
  return {
    name: "bench:expose-convex-test-internals",
    enforce: "pre",
    transform(code, id) {
      if (!/convex-test[\\/]dist[\\/]index\.js/.test(id)) return null;
      if (!code.includes(marker)) {
        throw new Error(
          `bench: convex-test changed (no "${marker}"); update test/bench/instrument.ts`,
        );
      }
      return {
        code: `${code}\nexport const __benchInternals = { executionContextStorage };\n`,
        map: null,
      };
    },
  };
}

export default defineConfig({
  root,
  plugins: [exposeConvexTestInternals()],
  test: {
    ...convexTestEnvironment,
    include: ["test/bench/**/*.bench-run.ts"],
    testTimeout: 60 * 60_000,
    hookTimeout: 60_000,
    onConsoleLog: quietWorkpoolLogs,
  },
});
