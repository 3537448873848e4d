import type { FunctionReference } from "convex/server";
import { v } from "convex/values";
import type { ComponentApi } from "@convex-dev/workflow/_generated/component.js";

/** Argument and return types of the nested workflow component's functions. */
type Nested = ComponentApi;
type AnyRef = FunctionReference<any, any, any, any>;

export type ArgsOf<
  M extends keyof Nested,
  F extends keyof Nested[M],
> = Nested[M][F] extends AnyRef ? Nested[M][F]["_args"] : never;

export type ReturnsOf<
  M extends keyof Nested,
  F extends keyof Nested[M],
> = Nested[M][F] extends AnyRef ? Nested[M][F]["_returnType"] : never;

/**
 * The args validator of every pass-through: any value. The nested workflow
 * component validates its own arguments, and fields a newer
 * @convex-dev/workflow adds pass through unchanged.
 */
export const vUpstreamArgs = v.any();
