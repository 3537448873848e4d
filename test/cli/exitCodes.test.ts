// @vitest-environment node
// How the CLI reports an error: one line and an exit code, whatever threw.
import { ConvexError } from "convex/values";
import { expect, test } from "vitest";
import { CliError, describeError, EXIT } from "../../src/cli/exitCodes.js";

test("the app's coded errors: bad input exits 2, everything else 4", () => {
  const error = (code: string) =>
    new ConvexError({ code, message: `${code} happened` });
  expect(describeError(error("INVALID_INPUT"))).toEqual({
    message: "INVALID_INPUT: INVALID_INPUT happened",
    exitCode: EXIT.USAGE,
  });
  for (const code of ["WRONG_SIGNAL", "INVALID_SIGNAL_VALUE", "STEP_NOT_FOUND"])
    expect(describeError(error(code)).exitCode).toBe(2);
  for (const code of ["NOT_AUTHORIZED", "RUN_FINISHED", "SIGNAL_TIMED_OUT"])
    expect(describeError(error(code)).exitCode).toBe(4);
});

test("a server's uncaught error is its message, without the client's decorations or a stack", () => {
  const thrown = new Error(
    "[CONVEX M(workflowsApi:start)] [Request ID: 1a2b] Server Error\n" +
      "Uncaught Error: the printer is on fire\n" +
      "    at handler (../convex/cliDemo.ts:31:11)",
  );
  expect(describeError(thrown)).toEqual({
    message: "the printer is on fire",
    exitCode: EXIT.UNAVAILABLE,
  });
  expect(describeError(new CliError("no run x", EXIT.REFUSED))).toEqual({
    message: "no run x",
    exitCode: 4,
  });
  expect(describeError("a string").message).toBe("a string");
});
