// `watch` says why a run's LLM calls have not started, in its progress
// line (plain and TTY) and as `queued` in JSON progress lines.
import { describe, expect, test } from "vitest";
import { describeQueued } from "../../src/cli/render.js";
import type { Run } from "../../src/shared/validators.js";

const run = (queuedLlmCalls: Run["queuedLlmCalls"]) =>
  ({ queuedLlmCalls }) as Run;

describe("describeQueued", () => {
  test("names each waiting call, its key, what it waits for and how many are ahead", () => {
    expect(
      describeQueued(
        run([
          {
            callId: "c1",
            name: "draft",
            key: "org:acme",
            priority: 0,
            reason: "keyCap",
            ahead: 2,
          },
          {
            callId: "c2",
            name: "classify",
            priority: 10,
            reason: "rateLimit",
            until: 0,
          },
        ]),
      ),
    ).toBe(
      "(draft [org:acme] waits for its key's cap, 2 ahead) (classify waits for the rate limit)",
    );
  });

  test("nothing queued, or a finished run: empty", () => {
    expect(describeQueued(run([]))).toBe("");
    expect(describeQueued(run(undefined))).toBe("");
  });
});
