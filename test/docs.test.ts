// @vitest-environment node
// The README stays true: the versions it says were tested are the ones CI
// runs, every repository path it names exists, its example app is complete,
// and the CHANGELOG covers this version.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { readReadmeApp, repo } from "../scripts/ci/readmeApp.js";

const read = (file: string) => fs.readFileSync(path.join(repo, file), "utf8");
const readme = read("README.md");
const pkg = JSON.parse(read("package.json")) as {
  version: string;
  name: string;
};
const lock = JSON.parse(read("package-lock.json")) as {
  packages: Record<string, { version?: string }>;
};
const ciRun = read(".ci/run");

/** `NAME=value` from .ci/run. */
function ciSetting(name: string): string {
  const match = new RegExp(`^${name}="?([^"\\n]+)"?$`, "m").exec(ciRun);
  if (!match) throw new Error(`.ci/run sets no ${name}`);
  return match[1]!;
}

describe("README", () => {
  test('"Tested with" names the versions CI runs', () => {
    const paragraph = /\*\*Tested with\*\*([\s\S]*?)\n\n/.exec(readme)?.[1];
    expect(paragraph).toBeDefined();
    const legacy = new Map(
      ciSetting("LEGACY_PACKAGES")
        .split(" ")
        .map((spec) => {
          const at = spec.lastIndexOf("@");
          return [spec.slice(0, at), spec.slice(at + 1)] as const;
        }),
    );
    const nodes = [ciSetting("NODE_PRIMARY"), ciSetting("NODE_LEGACY")];
    const named = [
      ...paragraph!.matchAll(/(Node|@?[a-z][\w./-]*) (\d+\.\d+\.\d+)/g),
    ].map(([, name, version]) => ({ name: name!, version: version! }));
    expect(named.length).toBeGreaterThan(10);
    // Once with the lockfile (primary leg), once from the legacy leg's list.
    const seen = new Set<string>();
    for (const { name, version } of named) {
      if (name === "Node") {
        expect(nodes).toContain(version);
        continue;
      }
      const expected =
        seen.has(name) || !lock.packages[`node_modules/${name}`]
          ? legacy.get(name)
          : lock.packages[`node_modules/${name}`]!.version;
      seen.add(name);
      expect(`${name} ${version}`).toBe(`${name} ${expected}`);
    }
  });

  test("every repository path it names exists", () => {
    const paths = new Set([
      // Named as code: `src/offline/`, `test/app`, ...
      ...[
        ...readme.matchAll(
          /`((?:dev|src|test|scripts|example|docs)\/[\w./-]*|convex\/(?:models|offlineModel)\.ts)`/g,
        ),
      ].map((m) => m[1]!),
      // Files anywhere, commands and links included: src/offline/cli.ts, ...
      ...[
        ...readme.matchAll(
          /\b((?:dev|src|test|scripts|example|docs)\/[\w./-]+\.(?:ts|tsx|md|png))\b/g,
        ),
      ].map((m) => m[1]!),
    ]);
    expect([...paths]).toContain("src/offline/cli.ts");
    for (const p of paths) {
      expect(fs.existsSync(path.join(repo, p)), p).toBe(true);
    }
  });

  test("its example app is complete, and installs this version's tarball", () => {
    const { commands, files } = readReadmeApp(readme);
    expect([...files.keys()].sort()).toEqual([
      "convex/ai.ts",
      "convex/approvals.ts",
      "convex/convex.config.ts",
      "convex/decisions.ts",
      "convex/flows.ts",
      "convex/schema.ts",
      "convex/support.test.ts",
      "convex/support.ts",
      "convex/tickets.ts",
      "convex/workflowsApi.ts",
      "vitest.config.ts",
    ]);
    expect(commands).toContain(
      `npm install ../${pkg.name}/${pkg.name}-${pkg.version}.tgz convex zod`,
    );
    expect(commands).toContain("npx vitest run");
    // The packed bin runs the app's own convex/ folder.
    expect(
      commands.some((c) => c.startsWith("npx convex-agent-workflows run ")),
    ).toBe(true);
  });

  test("the CHANGELOG has this version", () => {
    expect(read("CHANGELOG.md")).toContain(`## ${pkg.version}`);
  });
});
