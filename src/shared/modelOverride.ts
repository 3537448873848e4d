// The test kit's hook into LLM actions: `mockLlm()` from
// convex-agent-workflows/test sets a model that every `llmAction` uses in
// place of its own, so an app's tests need no change to its code. Kept on
// globalThis under a registered symbol: the kit and the app's actions may
// load this module through different module loaders in one test process.
const KEY = Symbol.for("convex-agent-workflows/model-override");

type Holder = { [KEY]?: unknown };

/** The model set by the test kit, if any. */
export function modelOverride(): unknown {
  return (globalThis as Holder)[KEY];
}

/** Set (or, with undefined, clear) the model every LLM action uses. */
export function setModelOverride(model: unknown): void {
  (globalThis as Holder)[KEY] = model;
}
