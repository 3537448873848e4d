// @vitest-environment node
// An app's bundler (Convex bundles with esbuild) builds the `/llm` entry
// whether or not the app installed @opentelemetry/api: a missing package's
// import is left to fail at run time (where llmAction catches it), and an
// installed one is bundled in.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as esbuild from "esbuild";
import { afterAll, describe, expect, test } from "vitest";
import { repo } from "../scripts/ci/readmeApp.js";

const OTEL = "@opentelemetry/api";

/** Bundle `<dist>/llm/index.js`, every package but OTEL left external. */
async function bundleLlmEntry(dist: string): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(dist, "llm", "index.js")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    logLevel: "silent",
    plugins: [
      {
        name: "only-otel-resolves",
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path === OTEL
              ? undefined
              : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  expect(result.errors).toEqual([]);
  return result.outputFiles[0]!.text;
}

// A copy of dist/ where no node_modules is found walking up: OTEL is missing.
const lonely = fs.mkdtempSync(path.join(os.tmpdir(), "cawf-otel-"));
afterAll(() => fs.rmSync(lonely, { recursive: true, force: true }));

describe("the /llm entry under a bundler", () => {
  test("without @opentelemetry/api it builds, the import left for run time", async () => {
    fs.cpSync(path.join(repo, "dist"), lonely, { recursive: true });
    const code = await bundleLlmEntry(lonely);
    expect(code).toContain(`import("${OTEL}")`);
    expect(code).not.toContain("ProxyTracerProvider");
  });

  test("with it installed, the API is bundled in", async () => {
    const code = await bundleLlmEntry(path.join(repo, "dist"));
    expect(code).not.toContain(`import("${OTEL}")`);
    expect(code).toContain("ProxyTracerProvider");
  });
});
