// Step inputs and outputs as callers see them in lists: JSON text cut to a
// size a page of steps can carry, with the value's real size beside it.
import {
  convexToJson,
  getConvexSize,
  v,
  type Infer,
  type Value,
} from "convex/values";

/** Characters of JSON a preview keeps; `getStep` returns the whole value. */
export const PREVIEW_CHARS = 1_000;

export const vPreview = v.object({
  /** The value as JSON text, cut to `PREVIEW_CHARS` characters. */
  preview: v.string(),
  /** True when `preview` was cut. */
  truncated: v.boolean(),
  /** The whole value's size in bytes (Convex's measure). */
  bytes: v.number(),
});
export type Preview = Infer<typeof vPreview>;

/** A preview of a Convex value (`undefined` previews as `null`). */
export function previewOf(value: unknown, maxChars = PREVIEW_CHARS): Preview {
  const convexValue = (value ?? null) as Value;
  const text = JSON.stringify(convexToJson(convexValue));
  return cut(text, getConvexSize(convexValue), maxChars);
}

/** A preview of text shown as it is (an LLM's prompt or answer). */
export function previewText(text: string, maxChars = PREVIEW_CHARS): Preview {
  return cut(text, new TextEncoder().encode(text).length, maxChars);
}

function cut(text: string, bytes: number, maxChars: number): Preview {
  return {
    preview: cutText(text, maxChars),
    truncated: text.length > maxChars,
    bytes,
  };
}

/** `text` if it has at most `maxChars` characters, else its start and "…". */
export function cutText(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}
