// The README's example app, as the consumer test and the docs test read it:
// each fenced block right after a `<!-- consumer-test -->` line is either
// shell commands (```sh: run in the app's folder, in order) or a file of the
// app (its first line is a comment naming the path, e.g. `// convex/flows.ts`).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repo = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);

export type ReadmeApp = {
  /** Commands, in README order (comments and blank lines dropped). */
  commands: string[];
  /** App-relative path -> contents. */
  files: Map<string, string>;
};

const MARKER = "<!-- consumer-test -->";

export function readReadmeApp(
  readme = fs.readFileSync(path.join(repo, "README.md"), "utf8"),
): ReadmeApp {
  const lines = readme.split("\n");
  const commands: string[] = [];
  const files = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== MARKER) continue;
    let open = i + 1;
    while (lines[open]?.trim() === "") open++;
    const fence = /^```(\w*)$/.exec(lines[open] ?? "");
    if (!fence) {
      throw new Error(
        `README line ${i + 1}: ${MARKER} without a code block after it`,
      );
    }
    const end = lines.indexOf("```", open + 1);
    if (end < 0)
      throw new Error(`README line ${open + 1}: unclosed code block`);
    const body = lines.slice(open + 1, end);
    if (fence[1] === "sh") {
      commands.push(
        ...body.map((l) => l.trim()).filter((l) => l && !l.startsWith("#")),
      );
    } else {
      const name = /^\/\/ (\S+)$/.exec(body[0] ?? "")?.[1];
      if (!name) {
        throw new Error(
          `README line ${open + 2}: a file block starts with "// <path>"`,
        );
      }
      if (files.has(name)) throw new Error(`README: ${name} is given twice`);
      files.set(name, `${body.join("\n")}\n`);
    }
    i = end;
  }
  return { commands, files };
}
