// The HTTP face of publicApi: routes on the app's httpRouter that call the
// app's own exported publicApi functions, so HTTP callers meet the same
// owner model and policy (the identity of a Bearer token travels with each
// call), with errors as `{ code, message }` and fitting statuses.
import {
  httpActionGeneric,
  type FunctionReference,
  type GenericActionCtx,
  type GenericDataModel,
  type HttpRouter,
} from "convex/server";
import {
  isWorkflowError,
  workflowError,
  type ErrorCode,
} from "../shared/errors.js";
import { isTerminal, type RunStatus } from "../shared/validators.js";
import type { z } from "zod";
import { parseSignalValue, type SignalDefinition } from "./signals.js";
import type { AgentWorkflowsComponent } from "./types.js";

type Query = FunctionReference<"query", "public">;
type Mutation = FunctionReference<"mutation", "public">;

/** References to the app's exported publicApi functions the routes call. */
export type HttpApiFunctions = {
  getRun: Query;
  listSteps: Query;
  /** Serves `GET {base}/runs/{runId}/steps/{stepNumber}` when given. */
  getStep?: Query;
  listEvents: Query;
  sendSignal: Mutation;
  start: Mutation;
  cancel: Mutation;
  restart: Mutation;
};

export type HttpApiOptions = {
  /**
   * Where the routes start. Default: the instance's `callbacks.basePath`
   * ("/workflows-api"), which callback URLs point at.
   */
  basePath?: string;
  /** The app's publicApi exports (`api.workflowsApi.*`): their policy decides. */
  api: HttpApiFunctions;
  /** Allow browsers on these origins (adds CORS headers and preflight routes). */
  cors?: { origins: string[] };
  /**
   * Signals whose waits may be answered through callback URLs
   * (`POST {base}/callbacks/{token}`): their schemas check the value.
   */
  signals?: SignalDefinition<string, z.ZodType>[];
};

/** What the callback route needs of the instance that registers it. */
export type HttpApiInstance = {
  component: AgentWorkflowsComponent;
  /** The instance's name: only runs it defined take its callbacks. */
  instance: string;
  /** The base path callback URLs are made with. */
  callbackBasePath: string;
};

/** How long an event stream stays open at most, in seconds. */
export const MAX_STREAM_SECONDS = 300;

/** The longest `?wait=` a start may ask for, in seconds. */
export const MAX_WAIT_SECONDS = 60;
const WAIT_POLL_MS = 250;

/** HTTP statuses of the error codes. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  RUN_NOT_FOUND: 404,
  STEP_NOT_FOUND: 404,
  RUN_FINISHED: 409,
  RUN_NOT_FINISHED: 409,
  IDEMPOTENCY_CONFLICT: 409,
  SIGNAL_ALREADY_DECIDED: 409,
  SIGNAL_TIMED_OUT: 409,
  SIGNAL_NOT_PENDING: 409,
  SIGNAL_BUFFER_FULL: 409,
  CALLBACK_NOT_FOUND: 404,
  CALLBACK_GONE: 410,
  INPUT_TOO_LARGE: 413,
  OUTPUT_TOO_LARGE: 413,
};

type Ctx = GenericActionCtx<GenericDataModel>;
type Route = {
  method: "GET" | "POST";
  pattern: RegExp;
  handle: (
    ctx: Ctx,
    params: string[],
    request: Request,
    url: URL,
  ) => Promise<unknown>;
};

/**
 * Register the HTTP API on the app's router (convex/http.ts):
 *
 * ```ts
 * const http = httpRouter();
 * flows.httpApi(http, { basePath: "/workflows-api", api: api.workflowsApi });
 * export default http;
 * ```
 *
 * Routes (JSON in and out): `POST {base}/workflows/{name}` (start,
 * `?wait=<s>` up to 60), `GET {base}/runs/{runId}`, `GET .../steps?cursor=`,
 * `GET .../events?after=`, `POST .../signals/{signal}`, `POST .../cancel`,
 * `POST .../restart`, and `POST {base}/callbacks/{token}` (callback URLs).
 */
export function registerHttpApi(
  http: HttpRouter,
  options: HttpApiOptions,
  instance: HttpApiInstance,
) {
  const base = (options.basePath ?? instance.callbackBasePath).replace(
    /\/+$/,
    "",
  );
  if (options.signals && base !== instance.callbackBasePath) {
    // Callback URLs are made inside workflows, from the instance's setting.
    throw new Error(
      `httpApi serves callbacks at "${base}" but the instance makes callback URLs with "${instance.callbackBasePath}": set \`callbacks.basePath\` to "${base}".`,
    );
  }
  const { api } = options;
  const { getStep } = api;
  const routes: Route[] = [
    {
      method: "POST",
      pattern: /^\/callbacks\/([^/]+)$/,
      handle: async (ctx, [token], request) =>
        await answerCallback(
          ctx,
          instance,
          options.signals ?? [],
          token!,
          request,
        ),
    },
    {
      method: "POST",
      pattern: /^\/workflows\/([^/]+)$/,
      handle: async (ctx, [workflow], request, url) => {
        const body = await jsonBody(request);
        const wait = waitSeconds(url);
        const runId = (await ctx.runMutation(api.start, {
          workflow,
          input: body.input ?? {},
          ...pick(body, ["tags", "idempotencyKey"]),
        })) as string;
        return wait === 0 ? { runId } : await waitForEnd(ctx, api, runId, wait);
      },
    },
    {
      method: "GET",
      pattern: /^\/runs\/([^/]+)$/,
      handle: async (ctx, [runId]) => {
        const run = await ctx.runQuery(api.getRun, { runId });
        if (run === null) throw notFound(runId!);
        return run;
      },
    },
    {
      method: "GET",
      pattern: /^\/runs\/([^/]+)\/steps$/,
      handle: async (ctx, [runId], _request, url) =>
        await ctx.runQuery(api.listSteps, {
          runId,
          paginationOpts: {
            numItems: numberParam(url, "limit") ?? 50,
            cursor: url.searchParams.get("cursor"),
          },
        }),
    },
    ...(getStep ? [stepRoute(getStep)] : []),
    {
      method: "GET",
      pattern: /^\/runs\/([^/]+)\/events$/,
      handle: async (ctx, [runId], request, url) => {
        const after = numberParam(url, "after");
        const page = (await ctx.runQuery(api.listEvents, {
          runId,
          after,
          limit: numberParam(url, "limit"),
        })) as EventPage;
        if (
          !(request.headers.get("Accept") ?? "").includes("text/event-stream")
        ) {
          return page;
        }
        const seconds = numberParam(url, "seconds") ?? MAX_STREAM_SECONDS;
        if (seconds <= 0 || seconds > MAX_STREAM_SECONDS) {
          throw badRequest(
            `seconds must be above 0 and at most ${MAX_STREAM_SECONDS}.`,
          );
        }
        return eventStream(ctx, api, runId!, page, seconds, cors(request));
      },
    },
    {
      method: "POST",
      pattern: /^\/runs\/([^/]+)\/signals\/([^/]+)$/,
      handle: async (ctx, [runId, signal], request) => {
        const body = await jsonBody(request);
        return await ctx.runMutation(api.sendSignal, {
          runId,
          signal,
          value: body.value ?? null,
          ...pick(body, ["requestId"]),
        });
      },
    },
    {
      method: "POST",
      pattern: /^\/runs\/([^/]+)\/cancel$/,
      handle: async (ctx, [runId]) => {
        await ctx.runMutation(api.cancel, { runId });
        return { runId, canceled: true };
      },
    },
    {
      method: "POST",
      pattern: /^\/runs\/([^/]+)\/restart$/,
      handle: async (ctx, [runId], request) => {
        const body = await jsonBody(request);
        await ctx.runMutation(api.restart, { runId, ...pick(body, ["from"]) });
        return { runId, restarted: true };
      },
    },
  ];
  const cors = corsHeaders(options.cors);
  for (const method of ["GET", "POST"] as const) {
    http.route({
      pathPrefix: `${base}/`,
      method,
      handler: httpActionGeneric(async (ctx, request) => {
        const url = new URL(request.url);
        const path = url.pathname.slice(base.length);
        for (const route of routes) {
          if (route.method !== method) continue;
          const match = route.pattern.exec(path);
          if (!match) continue;
          const params = match.slice(1).map(decodeURIComponent);
          return await respond(ctx, cors(request), () =>
            route.handle(ctx, params, request, url),
          );
        }
        return json(cors(request), 404, {
          code: "NOT_FOUND",
          message: `No route ${method} ${path}.`,
        });
      }),
    });
  }
  if (options.cors) {
    http.route({
      pathPrefix: `${base}/`,
      method: "OPTIONS",
      handler: httpActionGeneric(
        async (_ctx, request) =>
          new Response(null, { status: 204, headers: cors(request) }),
      ),
    });
  }
}

async function respond(
  ctx: Ctx,
  headers: Record<string, string>,
  handle: () => Promise<unknown>,
): Promise<Response> {
  try {
    const result = await handle();
    return result instanceof Response ? result : json(headers, 200, result);
  } catch (error) {
    const signedIn = (await ctx.auth.getUserIdentity()) !== null;
    return errorResponse(headers, error, signedIn);
  }
}

/**
 * A thrown error as `{ code, message }` with its status: 400 bad input,
 * 401 a refusal with no identity, 403 a refusal, 404 no such run, 409 the
 * run's or request's state forbids it, 413 too large.
 */
function errorResponse(
  headers: Record<string, string>,
  error: unknown,
  signedIn: boolean,
): Response {
  if (isWorkflowError(error)) {
    const { code, message } = error.data;
    const status =
      code === "NOT_AUTHORIZED"
        ? signedIn
          ? 403
          : 401
        : (STATUS[code] ?? 400);
    return json(headers, status, { code, message });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/Validator error|ArgumentValidationError/.test(message)) {
    return json(headers, 400, {
      code: "INVALID_ARGUMENT",
      message: message.split("\n")[0]!.slice(0, 300),
    });
  }
  return json(headers, 500, {
    code: "INTERNAL",
    message: "The request failed.",
  });
}

/**
 * A callback URL was POSTed: the token must be live (404 unknown, 410 used
 * or its request closed), and the value pass the signal's schema (400).
 * The decision is recorded as made by the callback; no user policy applies:
 * holding the URL is the permission.
 */
async function answerCallback(
  ctx: Ctx,
  instance: HttpApiInstance,
  signals: SignalDefinition<string, z.ZodType>[],
  token: string,
  request: Request,
): Promise<unknown> {
  const { component } = instance;
  const args = { token, instance: instance.instance };
  const target = await ctx.runQuery(component.signals.callback.lookup, args);
  if (target.state === "unknown") {
    throw workflowError("CALLBACK_NOT_FOUND", "No such callback.");
  }
  if (target.state === "gone") {
    throw workflowError(
      "CALLBACK_GONE",
      "This callback was already used, or its request is no longer pending.",
    );
  }
  const signal = signals.find((s) => s.name === target.signal);
  if (!signal) {
    throw workflowError(
      "CALLBACK_NOT_FOUND",
      `Callbacks of "${target.signal}" are not served here: list the signal in httpApi's \`signals\`.`,
    );
  }
  const value = (await jsonBody(request)).value ?? null;
  const parsed = parseSignalValue(signal, value);
  const { runId, result } = await ctx.runMutation(
    component.signals.callback.answer,
    { ...args, value, approve: signal.approves(parsed.data) },
  );
  return { runId, ...result };
}

function badRequest(message: string) {
  return workflowError("INVALID_ARGUMENT", message);
}

/** `GET {base}/runs/{runId}/steps/{stepNumber}?segment=`: one step, whole. */
function stepRoute(getStep: Query): Route {
  return {
    method: "GET",
    pattern: /^\/runs\/([^/]+)\/steps\/(\d{1,7})$/,
    handle: async (ctx, [runId, stepNumber], _request, url) => {
      const step = await ctx.runQuery(getStep, {
        runId,
        stepNumber: Number(stepNumber),
        segment: numberParam(url, "segment"),
      });
      if (step === null) {
        throw workflowError(
          "STEP_NOT_FOUND",
          `Run "${runId}" has no step ${stepNumber}.`,
          { runId },
        );
      }
      return step;
    },
  };
}

function notFound(runId: string) {
  return workflowError("RUN_NOT_FOUND", `No run with id "${runId}".`, {
    runId,
  });
}

function json(
  headers: Record<string, string>,
  status: number,
  body: unknown,
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest("The body is not JSON.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest("The body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}

function pick(
  body: Record<string, unknown>,
  keys: string[],
): Record<string, unknown> {
  return Object.fromEntries(
    keys
      .filter((key) => body[key] !== undefined)
      .map((key) => [key, body[key]]),
  );
}

function numberParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw badRequest(`${name} must be a number.`);
  return value;
}

function waitSeconds(url: URL): number {
  const wait = numberParam(url, "wait") ?? 0;
  if (wait < 0 || wait > MAX_WAIT_SECONDS) {
    throw badRequest(`wait must be from 0 to ${MAX_WAIT_SECONDS} seconds.`);
  }
  return wait;
}

/** Poll the run until it ends or `seconds` pass. */
async function waitForEnd(
  ctx: Ctx,
  api: HttpApiFunctions,
  runId: string,
  seconds: number,
): Promise<unknown> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const run = (await ctx.runQuery(api.getRun, { runId })) as {
      status: RunStatus;
      output?: unknown;
      error?: unknown;
    } | null;
    if (run && isTerminal(run.status)) {
      return {
        runId,
        status: run.status,
        output: run.output,
        error: run.error,
      };
    }
    if (Date.now() >= deadline) return { runId, status: run?.status };
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
  }
}

type EventPage = {
  events: { seq: number }[];
  cursor: number;
  isDone: boolean;
};

/**
 * Server-sent events: the page already read, then every new event as it
 * is logged (polled), until the run ends or `seconds` pass. Each event is
 * one `data:` line of JSON with its `seq` as the `id:`.
 */
function eventStream(
  ctx: Ctx,
  api: HttpApiFunctions,
  runId: string,
  first: EventPage,
  seconds: number,
  headers: Record<string, string>,
): Response {
  const encoder = new TextEncoder();
  const deadline = Date.now() + seconds * 1000;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (events: EventPage["events"]) => {
        for (const event of events) {
          controller.enqueue(
            encoder.encode(
              `id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`,
            ),
          );
        }
      };
      let page = first;
      send(page.events);
      try {
        for (;;) {
          const run = (await ctx.runQuery(api.getRun, { runId })) as {
            status: RunStatus;
          } | null;
          if (page.isDone && (!run || isTerminal(run.status))) break;
          if (Date.now() >= deadline) break;
          if (page.isDone) {
            await new Promise((resolve) => setTimeout(resolve, STREAM_POLL_MS));
          }
          page = (await ctx.runQuery(api.listEvents, {
            runId,
            after: page.cursor,
          })) as EventPage;
          send(page.events);
        }
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache",
      ...headers,
    },
  });
}

const STREAM_POLL_MS = 500;

function corsHeaders(
  cors: HttpApiOptions["cors"],
): (request: Request) => Record<string, string> {
  return (request): Record<string, string> => {
    const origin = request.headers.get("Origin");
    if (!cors || !origin || !cors.origins.includes(origin)) return {};
    return {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
      "Access-Control-Allow-Headers": "Authorization, Content-Type",
      Vary: "Origin",
    };
  };
}
