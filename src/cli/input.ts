// JSON given on the command line: `--input '{"a":1}'`, `--input @file.json`
// or `--input @-` (stdin).
import fs from "node:fs";
import { CliError, EXIT } from "./exitCodes.js";

/**
 * Parse an option's JSON value, or the JSON in the file it names with a
 * leading "@" ("@-" reads stdin). Bad JSON or an unreadable file is a
 * usage error (exit 2) naming the option.
 */
export function parseJsonOption(option: string, text: string): unknown {
  let json = text;
  let source = "";
  if (text.startsWith("@")) {
    const file = text.slice(1);
    source = file === "-" ? " (from stdin)" : ` (in ${file})`;
    try {
      json = fs.readFileSync(file === "-" ? 0 : file, "utf8");
    } catch (error) {
      const reason = (error as { code?: string }).code ?? String(error);
      throw new CliError(
        `${option}: cannot read ${file} (${reason})`,
        EXIT.USAGE,
      );
    }
  }
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new CliError(
      `${option} is not valid JSON${source}: ${(error as Error).message}`,
      EXIT.USAGE,
    );
  }
}
