// @vitest-environment node
// `run`: a run to completion, a failing run, bad input, unknown workflows,
// input from a file and --json output, each through the built bin against
// the demo app's offline runtime.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { AGENT, CLI_TIMEOUT, REPLY_INPUT, cli, stateDir } from "./harness.js";

test(
  "run --watch: exit 0, the output as JSON on stdout, steps and text on stderr",
  async () => {
    const result = await cli(
      ["run", "quickReply", "--input", REPLY_INPUT, "--watch", ...AGENT],
      stateDir(),
    );
    expect(result.stderr).not.toContain("error:");
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as {
      reply: string;
      words: number;
    };
    expect(output.reply).toContain("Your refund was issued");
    expect(output.words).toBeGreaterThan(5);
    expect(result.stderr).toMatch(/^run \S+ \(quickReply\)$/m);
    expect(result.stderr).toMatch(
      /^step completed: writeReply \(llm, .*tokens\)$/m,
    );
    expect(result.stderr).toMatch(/^step completed: countWords \(mutation/m);
    expect(result.stderr).toContain("writeReply ▸ Hi Ada,");
    expect(result.stderr).toMatch(/^completed in /m);
  },
  CLI_TIMEOUT,
);

test(
  "a failing run exits 1 and says which step failed and why",
  async () => {
    const result = await cli(
      [
        "run",
        "brokenStep",
        "--input",
        '{"message": "the printer is on fire"}',
        "--watch",
        ...AGENT,
      ],
      stateDir(),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^step failed: failWith \(mutation, .*\): the printer is on fire$/m,
    );
    expect(result.stderr).toMatch(
      /^failed in .*: STEP_FAILED: the printer is on fire \(step failWith\)$/m,
    );
  },
  CLI_TIMEOUT,
);

test(
  "bad --input JSON: exit 2 and one clear line, before anything starts",
  async () => {
    const result = await cli(
      ["run", "quickReply", "--input", "{oops}", "--watch", ...AGENT],
      stateDir(),
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^error: --input is not valid JSON: .*position 1.*\n$/,
    );
  },
  CLI_TIMEOUT,
);

test(
  "input the workflow refuses, an unknown workflow, an unknown option: exit 2",
  async () => {
    const state = stateDir();
    const invalid = await cli(
      ["run", "quickReply", "--input", '{"customer": ""}', ...AGENT],
      state,
    );
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^error: INVALID_INPUT: .*customer/m);

    const unknown = await cli(
      ["run", "noSuchFlow", "--input", "{}", ...AGENT],
      state,
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'error: INVALID_ARGUMENT: No workflow "noSuchFlow" may be started by clients.\n',
    );

    const option = await cli(["list", "--colour"], state);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("error: unknown option '--colour'");
    for (const { stderr } of [invalid, unknown, option])
      expect(stderr).not.toMatch(/^\s+at /m);
  },
  CLI_TIMEOUT,
);

test(
  "refused without an identity: exit 4",
  async () => {
    const result = await cli(
      ["run", "quickReply", "--input", REPLY_INPUT],
      stateDir(),
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toBe("error: NOT_AUTHORIZED: Not allowed: start.\n");
  },
  CLI_TIMEOUT,
);

test(
  "--input @file and --json: every stdout line is JSON, the last one the end",
  async () => {
    const state = stateDir();
    const file = path.join(state, "input.json");
    fs.writeFileSync(file, REPLY_INPUT);
    const result = await cli(
      [
        "run",
        "quickReply",
        "--input",
        `@${file}`,
        "--watch",
        "--json",
        ...AGENT,
      ],
      state,
    );
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: "run", name: "quickReply" });
    const types = new Set(lines.map((line) => line.type));
    expect([...types]).toEqual(
      expect.arrayContaining(["run", "progress", "step", "text", "end"]),
    );
    const text = lines
      .filter((line) => line.type === "text")
      .map((line) => line.delta)
      .join("");
    const end = lines[lines.length - 1]!;
    expect(end).toMatchObject({
      type: "end",
      status: "completed",
      output: { reply: text },
    });
    expect(lines.filter((l) => l.type === "step").map((l) => l.name)).toEqual([
      "writeReply",
      "countWords",
    ]);

    const missing = await cli(
      ["run", "quickReply", "--input", `@${file}.missing`, ...AGENT],
      state,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `error: --input: cannot read ${file}.missing (ENOENT)\n`,
    );
  },
  CLI_TIMEOUT,
);
