// The Convex client's logger, minus expected refusals. The client logs
// every failed mutation with console.error, including the ConvexErrors
// this app throws on purpose ({ code, message }: NOT_AUTHORIZED,
// SIGNAL_ALREADY_DECIDED, INVALID_INPUT...), which the UI shows where they
// happen. Those go to console.info; everything else (a bug, a crash) is
// still an error.
import type { ConvexReactClientOptions } from "convex/react";

/** The client's logger shape (convex does not export its name). */
type Logger = Exclude<NonNullable<ConvexReactClientOptions["logger"]>, boolean>;

/** The code of a failed call's ConvexError, from the client's log line. */
export function refusalCode(line: unknown): string | undefined {
  if (typeof line !== "string") return undefined;
  const json = /Uncaught ConvexError: (\{[\s\S]*\})/.exec(line)?.[1];
  if (!json) return undefined;
  try {
    const data = JSON.parse(json) as { code?: unknown };
    return typeof data.code === "string" ? data.code : undefined;
  } catch {
    // A stack trace after the data: read the code alone.
    return /"code":\s*"([A-Z_]+)"/.exec(json)?.[1];
  }
}

/** A console logger that reports coded ConvexErrors as info, not errors. */
export function refusalLogger(): Logger {
  return {
    logVerbose: () => {},
    log: (...args: unknown[]) => console.log(...args),
    warn: (...args: unknown[]) => console.warn(...args),
    error: (...args: unknown[]) => {
      const code = refusalCode(args[0]);
      if (code) console.info(`Refused (${code}, shown in the page):`, ...args);
      else console.error(...args);
    },
  };
}
