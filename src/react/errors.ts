import { ConvexError } from "convex/values";

/** An error from a Convex call, as a component can show it. */
export type ErrorInfo = {
  /** The package's error code (e.g. "INVALID_INPUT"), when there is one. */
  code?: string;
  message: string;
  /** Where in the input, for validation errors. */
  path?: (string | number)[];
  /** Per-field messages (first path segment → message), for forms. */
  fields: Record<string, string>;
};

/** Read a ConvexError's `{ code, message, path, issues }` (or any error). */
export function errorInfo(error: unknown): ErrorInfo {
  if (
    error instanceof ConvexError &&
    typeof error.data === "object" &&
    error.data !== null
  ) {
    const data = error.data as {
      code?: string;
      message?: string;
      path?: (string | number)[];
      issues?: { path: (string | number)[]; message: string }[];
    };
    const fields: Record<string, string> = {};
    for (const issue of data.issues ?? []) {
      const key = String(issue.path[0] ?? "");
      if (key && !(key in fields)) fields[key] = issue.message;
    }
    if (data.path?.length && !(String(data.path[0]) in fields)) {
      fields[String(data.path[0])] = data.message ?? "Invalid";
    }
    return {
      code: data.code,
      message: data.message ?? String(error.message),
      path: data.path,
      fields,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message, fields: {} };
}
