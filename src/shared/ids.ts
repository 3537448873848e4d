import { v, type VString } from "convex/values";

/** A run's id: the id of its workflow in `@convex-dev/workflow`. */
export type RunId = string & { __isRunId: true };
export const vRunId = v.string() as VString<RunId>;
