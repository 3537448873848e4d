// Console output of the app's Convex functions during the demo. On a
// deployment these lines go to the function logs (dashboard, `npx convex
// logs`); here they would interleave with the live view. The workpool's
// periodic JSON "report" lines are dropped; anything else is shown, dimmed
// and marked as a function log, so a warning or error is never hidden.
import { format } from "node:util";
import { dim, out } from "./format.js";

const LEVELS = ["log", "info", "warn", "error", "debug", "trace"] as const;

function isWorkpoolReport(args: unknown[]): boolean {
  const [first] = args;
  if (args.length !== 1 || typeof first !== "string" || !first.startsWith("{"))
    return false;
  try {
    const parsed = JSON.parse(first) as {
      component?: unknown;
      event?: unknown;
    };
    return parsed.component === "workpool" && parsed.event === "report";
  } catch {
    return false;
  }
}

/**
 * Replace `globalThis.console` for the rest of the process. convex-test gives
 * each function call the console it finds on globalThis, so this one is what
 * the functions see. Output goes through `out`, which holds on to stdout:
 * @convex-dev/workflow unsets globalThis.process while its handler runs.
 */
export function quietFunctionLogs(): { dropped: () => number } {
  const original = globalThis.console;
  let dropped = 0;
  const quiet = Object.create(original) as Console;
  for (const level of LEVELS) {
    quiet[level] = (...args: unknown[]) => {
      if (isWorkpoolReport(args)) {
        dropped += 1;
        return;
      }
      // Stack frames of logged errors stay out of the live view.
      const text = format(...args)
        .split("\n")
        .filter((line) => !/^\s+at /.test(line))
        .join("\n            ");
      out(dim(`          function log (${level}): ${text}`));
    };
  }
  globalThis.console = quiet;
  return { dropped: () => dropped };
}
