// `npm run bench`: the benchmarks (test/bench/*.bench-run.ts), one file at a
// time, core first and the LLM ones last: core.bench-run.ts writes
// results.md, llm.bench-run.ts and llm-flow.bench-run.ts then write their
// sections of it. Every `BENCH ` line is printed once more at the very end.
// Kept out of `npm test` (its config includes only *.test.ts).
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";
import {
  BaseSequencer,
  DefaultReporter,
  type TestModule,
  type TestRunEndReason,
  type TestSpecification,
} from "vitest/node";
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

/** The bench files in this order; "*" stands for the others, by name. */
const ORDER = [
  "core.bench-run.ts",
  "*",
  "llm.bench-run.ts",
  "llm-flow.bench-run.ts",
];

class BenchOrder extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const name = basename(file.moduleId);
      const i = ORDER.indexOf(name);
      return [i < 0 ? ORDER.indexOf("*") : i, name] as const;
    };
    return Promise.resolve(
      [...files].sort((a, b) => {
        const [ra, na] = rank(a);
        const [rb, nb] = rank(b);
        return ra - rb || na.localeCompare(nb);
      }),
    );
  }
}

/**
 * The default reporter, with every `BENCH ` line the benches log printed
 * again after the summary, in the order logged: the last lines of
 * `npm run bench` are the LLM benches' (their files run last).
 */
class BenchLinesLast extends DefaultReporter {
  private readonly benchLines: string[] = [];

  override onUserConsoleLog(
    ...args: Parameters<DefaultReporter["onUserConsoleLog"]>
  ): void {
    const [log] = args;
    for (const line of log.content.split("\n")) {
      if (line.startsWith("BENCH ")) this.benchLines.push(line);
    }
    super.onUserConsoleLog(...args);
  }

  override onTestRunEnd(
    testModules: readonly TestModule[],
    unhandledErrors: readonly unknown[],
    reason: TestRunEndReason,
  ): void {
    super.onTestRunEnd(testModules, unhandledErrors as never, reason);
    if (this.benchLines.length > 0) {
      this.ctx.logger.log("\n" + this.benchLines.join("\n"));
    }
  }
}

export default defineConfig({
  root,
  plugins: [exposeConvexTestInternals()],
  test: {
    ...convexTestEnvironment,
    include: ["test/bench/**/*.bench-run.ts"],
    fileParallelism: false,
    sequence: { sequencer: BenchOrder },
    testTimeout: 60 * 60_000,
    hookTimeout: 60_000,
    onConsoleLog: quietWorkpoolLogs,
    reporters: [new BenchLinesLast()],
  },
});
