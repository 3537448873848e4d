import { useStartRun } from "convex-agent-workflows/react";
import { useState, type FormEvent } from "react";
import { fns } from "./functions";
import { ErrorMessage } from "./ErrorMessage";
import { Icon } from "./icons";
import { useIdentity } from "./identity";
import { navigate, paths } from "./router";
import { SAMPLE_TICKETS, type TicketDraft } from "./sampleTickets";
import { WorkflowOutline } from "./WorkflowOutline";

type Field = keyof TicketDraft;

const EMPTY: TicketDraft = { subject: "", body: "" };

export function NewTicketPage() {
  const { user } = useIdentity();
  const { start, isStarting, error } = useStartRun(fns.submitTicket);
  const [ticket, setTicket] = useState<TicketDraft>(EMPTY);
  // Fields changed since the last submit: their old error no longer applies.
  const [edited, setEdited] = useState<ReadonlySet<Field>>(new Set());

  const update = (field: Field, value: string) => {
    setTicket((current) => ({ ...current, [field]: value }));
    setEdited((current) => new Set(current).add(field));
  };

  const fill = (sample: TicketDraft) => {
    setTicket(sample);
    setEdited(new Set<Field>(["subject", "body"]));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setEdited(new Set());
    const result = await start(ticket);
    if (result !== undefined) {
      const runId = typeof result === "string" ? result : result.runId;
      navigate(paths.run(runId));
    }
  };

  const fieldError = (field: Field) =>
    edited.has(field) ? undefined : error?.fields[field];
  const formError =
    error && Object.keys(error.fields).length === 0 ? error : null;

  const props = (field: Field) => {
    const message = fieldError(field);
    return {
      id: `ticket-${field}`,
      name: field,
      value: ticket[field],
      "aria-invalid": message ? true : undefined,
      "aria-describedby": message ? `ticket-${field}-error` : undefined,
      "data-testid": `ticket-${field}`,
      className: `input${message ? " input--invalid" : ""}`,
    };
  };

  const errorFor = (field: Field) => {
    const message = fieldError(field);
    return message ? (
      <p
        className="field__error"
        id={`ticket-${field}-error`}
        data-testid={`ticket-${field}-error`}
      >
        {message}
      </p>
    ) : null;
  };

  return (
    <div className="new-ticket">
      <div className="page-head">
        <div>
          <h1>New support ticket</h1>
          <p className="page-head__sub">
            Submitting starts a <code>supportTicket</code> workflow: triage, a
            drafted reply, and an approval before anything is sent.
          </p>
        </div>
      </div>
      <div className="new-ticket__grid">
        <form
          className="card form"
          onSubmit={(event) => void submit(event)}
          noValidate
          data-testid="ticket-form"
        >
          <div className="samples" data-testid="sample-tickets">
            <span className="samples__label">Sample tickets</span>
            {SAMPLE_TICKETS.map((sample) => (
              <button
                key={sample.key}
                type="button"
                className="chip"
                onClick={() => fill(sample.ticket)}
                data-testid={`sample-${sample.key}`}
              >
                {sample.label}
              </button>
            ))}
          </div>
          <p className="form__owner" data-testid="ticket-owner">
            <Icon name="user" size={14} />
            <span>
              From <strong>{user.name}</strong> (<code>{user.subject}</code>):
              the ticket and its run are yours. Other customers never see them;
              support agents do.
            </span>
          </p>
          <div className="field">
            <label className="field__label" htmlFor="ticket-subject">
              Subject
            </label>
            <input
              {...props("subject")}
              placeholder="What is the problem, in a few words?"
              autoComplete="off"
              onChange={(event) => update("subject", event.target.value)}
            />
            {errorFor("subject")}
          </div>
          <div className="field">
            <label className="field__label" htmlFor="ticket-body">
              Message
            </label>
            <textarea
              {...props("body")}
              rows={7}
              placeholder="The customer's message"
              onChange={(event) => update("body", event.target.value)}
            />
            {errorFor("body")}
          </div>
          <ErrorMessage error={formError} testId="ticket-form-error" />
          <div className="form__actions">
            <button
              type="submit"
              className="btn btn--primary"
              disabled={isStarting}
              data-testid="ticket-submit"
            >
              {isStarting ? "Submitting…" : "Submit ticket"}
              {!isStarting && <Icon name="arrowRight" />}
            </button>
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => fill(EMPTY)}
              disabled={isStarting}
              data-testid="ticket-clear"
            >
              Clear
            </button>
          </div>
        </form>
        <WorkflowOutline />
      </div>
    </div>
  );
}
