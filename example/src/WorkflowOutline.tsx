import { Icon, type IconName } from "./icons";

const STEPS: { icon: IconName; title: string; text: string }[] = [
  { icon: "query", title: "Load ticket", text: "Read the ticket." },
  {
    icon: "llm",
    title: "Classify ticket",
    text: "An LLM step picks the category and priority.",
  },
  { icon: "mutation", title: "Save triage", text: "Store the triage." },
  {
    icon: "query",
    title: "Find articles",
    text: "Articles for the category.",
  },
  {
    icon: "child",
    title: "Draft reply",
    text: "A child workflow outlines, then streams the reply.",
  },
  {
    icon: "signal",
    title: "Reply approval",
    text: "Support approves, edits or rejects (24 h).",
  },
  {
    icon: "mutation",
    title: "Close ticket",
    text: "The reply is sent and the ticket closed.",
  },
];

/** What the supportTicket workflow does, next to the form (its steps' names). */
export function WorkflowOutline() {
  return (
    <aside className="card outline" aria-label="What happens next">
      <h2 className="card__title">What happens next</h2>
      <ol className="outline__list">
        {STEPS.map((step) => (
          <li key={step.title} className="outline__item">
            <span className="outline__icon">
              <Icon name={step.icon} size={14} />
            </span>
            <span>
              <strong>{step.title}</strong>
              <span className="outline__text">{step.text}</span>
            </span>
          </li>
        ))}
      </ol>
      <p className="outline__note">
        Every step is journaled: a crash or deploy resumes at the first
        unfinished step and never calls the model twice.
      </p>
    </aside>
  );
}
