// Callback URLs for signal waits: where they point (the deployment's site
// URL and the HTTP API's base path, fixed when the instance is made, since
// a workflow handler cannot read the environment) and which app mutation
// hands each one out.
import { createFunctionHandle, type FunctionReference } from "convex/server";
import { workflowError } from "../shared/errors.js";
import type { CallbackNotice } from "../shared/signalValidators.js";
import { checkCallback } from "../shared/validate.js";

/** Where `flows.httpApi` registers its routes unless told otherwise. */
export const DEFAULT_HTTP_BASE_PATH = "/workflows-api";

/** The app mutation that receives a request's callback URL, once. */
export type CallbackNotify = FunctionReference<
  "mutation",
  "internal" | "public",
  CallbackNotice
>;

/** `AgentWorkflowsOptions.callbacks`. */
export type CallbackSettings = {
  /**
   * The deployment's HTTP actions URL. Default: `CONVEX_SITE_URL`, read
   * when the `AgentWorkflows` instance is made.
   */
  siteUrl?: string;
  /** Where `flows.httpApi` serves its routes. Default "/workflows-api". */
  basePath?: string;
  /** The notify mutation of `waitForSignal(..., { callback: true })`. */
  notify?: CallbackNotify;
  /** Who a decision through a callback is recorded as. Default "callback". */
  by?: string;
};

/** `waitForSignal`'s `callback` option. */
export type WaitCallback =
  | true
  | {
      /** Receives the URL (default: the instance's `callbacks.notify`). */
      notify?: CallbackNotify;
      /** Who a decision through it is recorded as (default: the instance's, or "callback"). */
      by?: string;
    };

/** The instance's callback settings with their defaults filled in. */
export type ResolvedCallbackSettings = CallbackSettings & { basePath: string };

/** The settings of a new instance: defaults, and the site URL read now. */
export function resolveCallbackSettings(
  settings: CallbackSettings = {},
): ResolvedCallbackSettings {
  // Read at module load: while a workflow handler runs, `process` is gone.
  const env =
    typeof process === "undefined"
      ? undefined
      : (process.env as Record<string, string | undefined>);
  return {
    ...settings,
    siteUrl: settings.siteUrl ?? env?.CONVEX_SITE_URL,
    basePath: (settings.basePath ?? DEFAULT_HTTP_BASE_PATH).replace(/\/+$/, ""),
  };
}

/** What `signals/open` takes for a wait with a callback. */
export async function callbackArgs(
  settings: ResolvedCallbackSettings,
  option: WaitCallback,
): Promise<{ notify: string; urlPrefix: string; by: string }> {
  const notify = option === true ? settings.notify : option.notify;
  if (!notify) {
    throw workflowError(
      "INVALID_ARGUMENT",
      "callback needs a notify mutation: `callback: { notify }` or the instance's `callbacks.notify`.",
      { path: ["callback"] },
    );
  }
  if (!settings.siteUrl) {
    throw workflowError(
      "INVALID_ARGUMENT",
      "callback needs the deployment's site URL (CONVEX_SITE_URL, or the instance's `callbacks.siteUrl`).",
      { path: ["callback"] },
    );
  }
  const args = {
    notify: await createFunctionHandle(notify),
    urlPrefix: `${settings.siteUrl.replace(/\/+$/, "")}${settings.basePath}/callbacks/`,
    by: (option === true ? undefined : option.by) ?? settings.by ?? "callback",
  };
  checkCallback(args);
  return args;
}
