// Random arguments at every publicApi function, as any client could send
// them, under a policy that allows everything and one that refuses
// everything: each failure is a ConvexError with a documented code or a
// Convex argument-validation error, and a failed call changes no table.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isWorkflowError, type RunId } from "../src/client/index.js";
import { api, internal } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import {
  getRun,
  makeTest,
  rowCounts,
  untilStatus,
  useFakeTimers,
  type TestApp,
} from "./harness.js";
import { expectLogs } from "./quietLogs.js";

useFakeTimers();
expectLogs(/Step number \S+ not found in workflow/);

/** Each public function with its kind and argument names. */
const FUNCTIONS = {
  getRun: ["query", ["runId"]],
  listRuns: ["query", ["owner", "status", "name", "tag", "paginationOpts"]],
  listSteps: ["query", ["runId", "paginationOpts"]],
  listEvents: ["query", ["runId", "after", "limit"]],
  liveText: ["query", ["runId", "callId"]],
  getLlmCall: ["query", ["callId"]],
  pendingSignals: ["query", ["owner", "assignee", "runId", "paginationOpts"]],
  sendSignal: ["mutation", ["runId", "signal", "value", "requestId", "by"]],
  start: ["mutation", ["workflow", "input", "tags", "idempotencyKey"]],
  cancel: ["mutation", ["runId"]],
  restart: ["mutation", ["runId", "from"]],
} as const;
type FunctionName = keyof typeof FUNCTIONS;

/** Any Convex value a client can send (field names a client can encode). */
const convexValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,6}$/), tie("value"), {
      maxKeys: 4,
    }),
  ),
})).value;

const nothing = Symbol("left out");
/** `arbitrary`'s value one time in ten, else `nothing` (the key is left out). */
const sometimes = (arbitrary: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 9, arbitrary: fc.constant(nothing) },
    { weight: 1, arbitrary },
  );

/**
 * Arguments for one function: its own names with real, odd and wrongly
 * typed values, and now and then a key it does not take.
 */
function argsArbitrary(fn: FunctionName, ids: Record<string, string>) {
  const id = fc.oneof(
    fc.constantFrom(...Object.values(ids), "", "constructor", "__proto__"),
    fc.string(),
  );
  const name = fc.oneof(
    fc.constantFrom(
      "review",
      "pipeline",
      "approval",
      "ping",
      "vote",
      "constructor",
      "__proto__",
      "toString",
    ),
    fc.string(),
  );
  const pageOpts = fc.record({
    numItems: fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double()),
    cursor: fc.oneof(
      fc.constantFrom(null, "not a cursor", "0", "[]", '["x"]', "{}"),
      fc.string(),
    ),
  });
  const fields = {
    runId: id,
    callId: id,
    requestId: id,
    workflow: name,
    signal: name,
    owner: fc.oneof(
      fc.constant(null),
      fc.constantFrom("alice", "bob"),
      fc.string(),
    ),
    assignee: fc.oneof(fc.constantFrom("alice", "bob"), fc.string()),
    status: fc.oneof(
      fc.constantFrom("running", "waiting", "done"),
      fc.string(),
    ),
    name,
    tag: fc.string(),
    tags: fc.oneof(fc.array(fc.string(), { maxLength: 25 }), convexValue),
    idempotencyKey: fc.string({ maxLength: 300 }),
    paginationOpts: fc.oneof({ weight: 5, arbitrary: pageOpts }, convexValue),
    after: fc.oneof(fc.integer(), fc.double()),
    limit: fc.oneof(fc.integer(), fc.double()),
    from: fc.oneof(fc.integer({ min: -2, max: 20 }), name, fc.double()),
    by: fc.string(),
    extra: convexValue,
    value: fc.oneof(
      fc.constantFrom({ approved: true }, { n: 1 }, { choice: "yes" }),
      convexValue,
    ),
    input: fc.oneof(
      fc.constantFrom(
        { words: ["a"], key: "p" },
        { draft: "d", key: "p", assignees: ["alice"] },
      ),
      convexValue,
    ),
  };
  const own: readonly string[] = FUNCTIONS[fn][1];
  const names = [...own, ...(own.includes("runId") ? [] : ["runId"])];
  return fc
    .tuple(
      fc.record(
        Object.fromEntries(
          names.map((key) => [
            key,
            // A key the function does not take is rare, so most calls
            // get past argument validation.
            own.includes(key)
              ? fc.option(fields[key as keyof typeof fields], {
                  freq: 5,
                  nil: nothing,
                })
              : sometimes(fields[key as keyof typeof fields]),
          ]),
        ),
      ),
      sometimes(fields.extra),
    )
    .map(([args, extra]) => {
      const defined = Object.fromEntries(
        Object.entries(args).filter(([, value]) => value !== nothing),
      );
      return extra === nothing ? defined : { ...defined, extra };
    });
}

/**
 * Convex refused the arguments before the handler ran. convex-test's own
 * validator crashes on some values (null where an object is expected) with
 * a TypeError where Convex reports a validation error: that counts too.
 */
const isArgumentValidationError = (error: unknown) =>
  error instanceof Error &&
  (/Validator error|ArgumentValidationError/.test(error.message) ||
    (error.stack ?? "").includes("validateFunctionArgs"));

type LooseCaller = Record<
  "query" | "mutation",
  (ref: unknown, args: unknown) => Promise<unknown>
>;

/** Runs and ids worth aiming at: a waiting review, its request, a finished run. */
async function seed(t: TestApp): Promise<Record<string, string>> {
  const review = (await t.run((ctx) =>
    flows.start(
      ctx,
      internal.approvals.review,
      { draft: "d", key: "seed", assignees: ["alice"] },
      { owner: "alice" },
    ),
  )) as RunId;
  await untilStatus(t, review, "waiting");
  const requestId = (await getRun(t, review))!.pendingSignals[0]!.requestId;
  return { review, requestId };
}

for (const [policy, module] of [
  ["allowing", api.openApi],
  ["refusing", api.closedApi],
] as const) {
  describe(`publicApi under a policy ${policy} everything`, () => {
    test("random arguments fail only with documented codes and write nothing", async () => {
      const t = makeTest();
      const ids = await seed(t);
      const callers = [
        t,
        t.withIdentity({ subject: "alice" }),
        t.withIdentity({ subject: "bob" }),
      ] as unknown as LooseCaller[];
      const seen = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...(Object.keys(FUNCTIONS) as FunctionName[]))
            .chain((fn) => fc.tuple(fc.constant(fn), argsArbitrary(fn, ids))),
          fc.constantFrom(0, 1, 2),
          async ([fn, args], caller) => {
            const kind = FUNCTIONS[fn][0];
            const before = await rowCounts(t);
            const ref = (module as Record<string, unknown>)[fn];
            let error: unknown;
            try {
              await callers[caller]![kind](ref, args);
            } catch (e) {
              error = e;
            }
            if (error === undefined) {
              expect(policy).toBe("allowing");
              return;
            }
            const code = isWorkflowError(error)
              ? error.data.code
              : isArgumentValidationError(error)
                ? "argument validation"
                : undefined;
            if (code === undefined) {
              throw new Error(
                `${fn}(${JSON.stringify(args)}) threw an uncoded error: ${String(error)}`,
              );
            }
            seen.set(code, (seen.get(code) ?? 0) + 1);
            if (policy === "refusing" && code !== "argument validation") {
              expect(code).toBe("NOT_AUTHORIZED");
            }
            expect(await rowCounts(t)).toEqual(before);
          },
        ),
        { numRuns: 500, seed: 20261130 },
      );
      // The calls reached past argument validation into the handlers.
      expect(seen.size).toBeGreaterThan(policy === "allowing" ? 4 : 1);
    }, 120_000);
  });
}
