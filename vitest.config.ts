import { defineConfig } from "vitest/config";
import {
  convexTestEnvironment,
  quietWorkpoolLogs,
} from "./test/vitestShared.js";

export default defineConfig({
  test: {
    ...convexTestEnvironment,
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "test/**/*.test.tsx"],
    exclude: ["test/e2e/**", "node_modules/**"],
    typecheck: { tsconfig: "./tsconfig.json" },
    onConsoleLog: quietWorkpoolLogs,
  },
});
