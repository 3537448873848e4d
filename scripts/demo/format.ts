// Terminal output for the demo: colors (only on a TTY, never with NO_COLOR),
// elapsed-time prefixes and a plain-text table.
import { stripVTControlCharacters } from "node:util";

const useColor =
  process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0"
    ? true
    : !process.env.NO_COLOR && process.stdout.isTTY === true;

const paint = (code: number) => (text: string) =>
  useColor ? `\x1b[${code}m${text}\x1b[0m` : text;

export const bold = paint(1);
export const dim = paint(2);
export const red = paint(31);
export const green = paint(32);
export const yellow = paint(33);
export const blue = paint(34);
export const magenta = paint(35);
export const cyan = paint(36);

const visibleLength = (text: string) => stripVTControlCharacters(text).length;
const padEnd = (text: string, width: number) =>
  text + " ".repeat(Math.max(0, width - visibleLength(text)));

// Captured now: @convex-dev/workflow sets globalThis.process to undefined
// while a workflow handler runs, and function logs are printed from there.
const stdout = process.stdout;

export function out(line = ""): void {
  stdout.write(`${line}\n`);
}

const startedAt = performance.now();

/** Seconds since the demo started, e.g. "  0.214s". */
export function elapsed(): string {
  return dim(
    `${((performance.now() - startedAt) / 1000).toFixed(3)}s`.padStart(8),
  );
}

/** A length of time, e.g. "24h", "3m", "1.25s", "420 ms". */
export function duration(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours >= 1 && Number.isInteger(hours)) return `${hours}h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)}m`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)}s`;
  return `${Math.round(ms)} ms`;
}

/** A timestamp as local time of day, e.g. "14:02:11.532". */
export function clock(at: number): string {
  const d = new Date(at);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function colorStatus(status: string): string {
  if (status === "completed") return green(status);
  if (status === "failed" || status === "canceled") return red(status);
  return yellow(status);
}

/** Rows of cells, padded to the widest cell of each column. */
export function table(
  header: string[],
  rows: string[][],
  indent = "  ",
): string[] {
  const widths = header.map((h, i) =>
    Math.max(
      visibleLength(h),
      ...rows.map((row) => visibleLength(row[i] ?? "")),
    ),
  );
  const line = (cells: string[]) =>
    indent +
    cells
      .map((cell, i) => padEnd(cell, widths[i]!))
      .join("  ")
      .trimEnd();
  return [
    line(header.map((h) => bold(h))),
    indent + dim(widths.map((w) => "─".repeat(w)).join("  ")),
    ...rows.map(line),
  ];
}

/** A compact one-line JSON view of event data. */
export function brief(value: unknown): string {
  if (value === undefined) return "";
  const json = JSON.stringify(value);
  return json.length > 100 ? `${json.slice(0, 97)}...` : json;
}
