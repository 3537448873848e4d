// Convex's own bundler over the demo app, this component and its nested
// components, with no deployment:
//
//   npx tsx scripts/ci/bundle.ts        (needs `npm run build`)
//
// `npx convex dev --once --debug-bundle-path <empty dir>` bundles the app and
// every component it uses with the Convex CLI's esbuild settings, writes the
// app's bundle and stops before pushing. A second pass with
// `--debug-node-apis` bundles each of the app's entry points alone to check
// that none outside "use node" files needs Node APIs. Before bundling, the CLI
// asks the deployment two things (`GET /api/v1/get_canonical_urls`,
// `GET /api/stream_function_logs`): a stand-in on 127.0.0.1 answers `{}`.
// The CLI writes .env.local, so it runs in a scratch copy of the app
// (package.json, convex.json, convex/, dist/; node_modules linked).
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { repo } from "./readmeApp.js";

const TIMEOUT_MS = 180_000;

/** Answers `{}` to every request, as much of a deployment as bundling needs. */
async function standIn(): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    request.resume();
    response.writeHead(200, { "content-type": "application/json" });
    response.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

function scratchCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "convex-bundle-"));
  for (const entry of ["package.json", "convex.json", "convex", "dist"]) {
    fs.cpSync(path.join(repo, entry), path.join(dir, entry), {
      recursive: true,
    });
  }
  fs.symlinkSync(
    path.join(repo, "node_modules"),
    path.join(dir, "node_modules"),
  );
  return dir;
}

/** Run `convex dev --once` with `flags`; resolves with its exit code and output. */
function convexDev(
  cwd: string,
  url: string,
  flags: string[],
): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONVEX_SELF_HOSTED_URL: url,
    CONVEX_SELF_HOSTED_ADMIN_KEY: "offline-bundle-check",
    // No error reports to the CLI's makers: there is no network here.
    CI: "1",
  };
  delete env.CONVEX_DEPLOYMENT;
  delete env.CONVEX_DEPLOY_KEY;
  const child = spawn(
    path.join(repo, "node_modules/.bin/convex"),
    ["dev", "--once", "--typecheck", "disable", ...flags],
    { cwd, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (data: Buffer) => (output += String(data)));
  child.stderr.on("data", (data: Buffer) => (output += String(data)));
  const timer = setTimeout(() => {
    output += `\n(no answer after ${TIMEOUT_MS / 1000} s: stopped)\n`;
    child.kill("SIGKILL");
  }, TIMEOUT_MS);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

async function main(): Promise<boolean> {
  if (!fs.existsSync(path.join(repo, "dist/component/convex.config.js"))) {
    console.error("bundle check: no dist/ (run npm run build first)");
    return false;
  }
  const started = performance.now();
  const took = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const scratch = scratchCopy();
  const bundleDir = path.join(scratch, ".bundle");
  fs.mkdirSync(bundleDir);
  const server = await standIn();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const passes = [
      {
        flags: ["--debug-bundle-path", bundleDir],
        done: /Wrote bundle and metadata/,
      },
      {
        flags: ["--debug-node-apis"],
        done: /All non-'use node' entry points successfully bundled/,
      },
    ];
    for (const { flags, done } of passes) {
      console.log(`$ convex dev --once --typecheck disable ${flags.join(" ")}`);
      const { code, output } = await convexDev(scratch, url, flags);
      process.stdout.write(output);
      if (code !== 0 || !done.test(output) || /✘ \[ERROR\]/.test(output)) {
        console.error(`bundle check FAILED (exit ${code}) after ${took()}`);
        return false;
      }
    }
    const modules = fs
      .readdirSync(path.join(bundleDir, "isolate"))
      .filter((f) => f.endsWith(".js"));
    console.log(
      `bundle check passed in ${took()}: the demo app (${modules.length} bundles) with agentWorkflows and its nested components`,
    );
    return true;
  } finally {
    server.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
