// How the UI names and numbers a run's steps. Names: the ones the workflow
// gave its steps, or a function's name made readable. Numbers: a step's
// place in the step list (1, 2, 3...), the one numbering people see. The
// journal's own step numbers count steps the list leaves out (progress
// reports, the opening half of a wait), so the timeline, the restart choice
// and the event log all translate through here.
import { humanize } from "./format";
import type { Step } from "./types";

/** A step as the list shows it: the step and its number in the list. */
export type NumberedStep = { step: Step; number: number };

/**
 * A step's name for people: a name with spaces is the workflow's own
 * ("Load ticket"), anything else is a function or signal name made
 * readable ("supportSteps:loadTicket" → "Load ticket").
 */
export function stepLabel(name: string): string {
  return /\s/.test(name) ? name : humanize(name);
}

/** "6. Reply approval": how a step is named wherever a number goes with it. */
export function describeStep({ step, number }: NumberedStep): string {
  return `${number}. ${stepLabel(step.name)}`;
}

/** The steps with their numbers in the list, in order. */
export function numberSteps(steps: Step[]): NumberedStep[] {
  return steps.map((step, index) => ({ step, number: index + 1 }));
}

/**
 * The steps of the run's current segment: a restart's `from` and the
 * journal step numbers in its events and errors count within it.
 */
export function currentSegment(numbered: NumberedStep[]): NumberedStep[] {
  const last = Math.max(0, ...numbered.map(({ step }) => step.segment ?? 0));
  return numbered.filter(({ step }) => (step.segment ?? 0) === last);
}

/**
 * The listed step a journal step number (of the current segment) stands
 * for: that step, or the first listed one after it (a hidden step, such as
 * the opening half of an approval wait, belongs to the step that follows).
 */
export function findStep(
  numbered: NumberedStep[],
  stepNumber: number,
): NumberedStep | undefined {
  return currentSegment(numbered).find(
    ({ step }) => step.stepNumber >= stepNumber,
  );
}
