// How the live view shows a run's signal requests (human approvals): the
// request a waiting run shows in getRun's pendingSignals, and the
// run.signal.decided / run.signal.expired events that end one.
import type { FunctionReturnType } from "convex/server";
import type { api } from "../../convex/_generated/api.js";
import { bold, duration, green, red, yellow } from "./format.js";

type Request = NonNullable<
  FunctionReturnType<typeof api.workflowsApi.getRun>
>["pendingSignals"][number];
type RunEvent = FunctionReturnType<
  typeof api.workflowsApi.listEvents
>["events"][number];

/** `approval requested: "Send the reply to …?" (reply-approval for team:support, expires in 24h)` */
export function awaiting(request: Request): string {
  const who = request.assignees.length
    ? ` for ${request.assignees.join(", ")}`
    : "";
  const expires =
    request.expiresAt !== undefined
      ? `, expires in ${duration(request.expiresAt - request.requestedAt)}`
      : "";
  const title = request.title ? `"${request.title}"` : request.signal;
  return `${yellow("approval requested:")} ${bold(title)} (${request.signal}${who}${expires})`;
}

/** The line for an event that ends a request, or undefined for any other event. */
export function decisionLine(event: RunEvent): string | undefined {
  const data = (event.data ?? {}) as {
    signal?: string;
    outcome?: string;
    by?: string;
  };
  if (event.type === "run.signal.expired")
    return red(`✘ ${data.signal} timed out with no decision`);
  if (event.type !== "run.signal.decided") return undefined;
  const text = `${data.signal} ${data.outcome} by ${data.by}`;
  return data.outcome === "rejected" ? red(`✘ ${text}`) : green(`✔ ${text}`);
}
