import type { z } from "zod";
import { workflowError, type ErrorCode } from "../shared/errors.js";

export type Issue = { path: (string | number)[]; message: string };

export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
    message: issue.message,
  }));
}

export function describeIssues(issues: Issue[]): string {
  return issues
    .map((i) =>
      i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message,
    )
    .join("; ");
}

/**
 * Parse `value` with `schema`, or throw a ConvexError with `code`, the zod
 * issues and the first issue's path.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code: ErrorCode,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = zodIssues(result.error);
  throw workflowError(code, `Invalid ${what}: ${describeIssues(issues)}`, {
    issues,
    path: issues[0]?.path,
  });
}
