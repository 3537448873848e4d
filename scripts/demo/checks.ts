// What the demo expects, checked against what the app's queries returned;
// any problem makes the demo exit non-zero.
import type { AgentsReport } from "./agents.js";
import type { InboxItem } from "./inbox.js";
import type { RunWatcher } from "./live.js";
import type { Final } from "./report.js";

export function findProblems({
  watchers,
  finals,
  agents,
  inboxAfter,
}: {
  watchers: RunWatcher[];
  finals: Final[];
  agents: AgentsReport | null;
  inboxAfter: InboxItem[];
}): string[] {
  const problems: string[] = [];
  for (const w of watchers) {
    if (w.run?.status !== "completed")
      problems.push(
        `run ${w.number} (${w.run?.name ?? w.runId}) is ${w.run?.status ?? "missing"}`,
      );
  }
  // With no decisions made (the runs never all waited), the above says why.
  if (!agents) return problems;
  problems.push(...refusalProblems(agents));
  for (const final of finals) problems.push(...ticketProblems(final, agents));
  if (inboxAfter.length > 0)
    problems.push(`${inboxAfter.length} request(s) still in the inbox`);
  return problems;
}

function refusalProblems({ refusal, inboxUnchanged }: AgentsReport): string[] {
  const problems: string[] = [];
  if (refusal?.code !== "NOT_AUTHORIZED")
    problems.push(
      `the customer's approval was not refused with NOT_AUTHORIZED (${refusal ? (refusal.code ?? refusal.message) : "it went through"})`,
    );
  if (!inboxUnchanged) problems.push("the refused attempt changed the inbox");
  return problems;
}

function ticketProblems(
  { number, review, watcher, ticket, history }: Final,
  agents: AgentsReport,
): string[] {
  const problems: string[] = [];
  const at = `ticket #${number}`;
  const sent = agents.sent.get(number);
  if (sent !== "delivered")
    problems.push(`${at}: decideReply gave "${sent}", not "delivered"`);
  const status = (watcher.run?.output as { status?: string } | undefined)
    ?.status;
  const expected = review.approved ? ["answered", "escalated"] : ["rejected"];
  if (watcher.run?.status === "completed" && !expected.includes(status ?? ""))
    problems.push(
      `${at}: run output status "${status}", expected ${expected.join(" or ")}`,
    );
  if (!ticket) return [...problems, `${at} not found`];
  if (watcher.run?.status === "completed" && ticket.status !== status)
    problems.push(`${at} is "${ticket.status}", its run said "${status}"`);
  const draft = (history[0]?.details as { draft?: string } | undefined)?.draft;
  const reply = review.approved ? (review.editedReply ?? draft) : undefined;
  if (review.editedReply !== undefined && review.editedReply === draft)
    problems.push(`${at}: the edited reply is the draft unchanged`);
  if (ticket.reply !== reply)
    problems.push(
      `${at}: saved reply ${ticket.reply === undefined ? "missing" : `of ${ticket.reply.length} chars`}, expected ${reply === undefined ? "none" : review.editedReply ? "the edited reply" : "the draft"}`,
    );
  if (review.note !== undefined && ticket.note !== review.note)
    problems.push(
      `${at}: note ${ticket.note === undefined ? "missing" : `"${ticket.note}"`}, expected "${review.note}"`,
    );
  // The audit trail: one request, decided once, by the agent (not the customer).
  const decisions = history.flatMap((r) => r.decisions.map((d) => d.by));
  if (history.length !== 1 || decisions.join() !== review.by.subject)
    problems.push(
      `${at}: history has ${history.length} request(s) decided by [${decisions.join(", ")}], expected 1 by ${review.by.subject}`,
    );
  const outcome = review.approved ? "approved" : "rejected";
  if (history[0] && history[0].outcome !== outcome)
    problems.push(
      `${at}: request outcome ${history[0].outcome}, expected ${outcome}`,
    );
  return problems;
}
