// The consumer test: what a new user does, from the packed tarball.
//
//   npx tsx scripts/ci/consumer.ts [--keep]
//
// 1. `npm pack` this repository into <tmp>/convex-agent-workflows/.
// 2. A fresh app in <tmp>/app: the README's example app files and its
//    commands, verbatim: the install lines first, then the others (the test
//    command), each group in README order; see scripts/ci/readmeApp.ts for
//    how they are marked in the README.
// 3. Between the two: the app's typed `_generated/` written by this
//    project's codegen (a real one needs a deployment), and `tsc` over the
//    app's convex/ folder.
// Fails when any step fails, so the README's lines keep working.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readReadmeApp, repo } from "./readmeApp.js";

const { values } = parseArgs({
  options: { keep: { type: "boolean", default: false } },
});

// What `npx convex dev` writes as convex/tsconfig.json in a new app.
const CONVEX_TSCONFIG = {
  compilerOptions: {
    allowJs: true,
    strict: true,
    moduleResolution: "Bundler",
    jsx: "react-jsx",
    skipLibCheck: true,
    allowSyntheticDefaultImports: true,
    target: "ESNext",
    lib: ["ES2021", "dom"],
    forceConsistentCasingInFileNames: true,
    module: "ESNext",
    isolatedModules: true,
    noEmit: true,
  },
  include: ["./**/*"],
  exclude: ["./_generated"],
};

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

function step(title: string): void {
  console.log(`\n== consumer: ${title} (at ${seconds()} s)`);
}

function run(command: string, cwd: string): void {
  console.log(`$ ${command}`);
  const result = spawnSync("bash", ["-c", command], {
    cwd,
    stdio: "inherit",
    env: {
      ...process.env,
      npm_config_audit: "false",
      npm_config_fund: "false",
    },
  });
  if (result.status !== 0) {
    throw new Error(`"${command}" failed (exit ${result.status}) in ${cwd}`);
  }
}

const isInstall = (command: string) => /^npm (install|i)\b/.test(command);

/**
 * After the first install line (the package, convex and zod): the main
 * entry loads with nothing else installed, and only the /llm entry wants
 * the AI SDK.
 */
function checkMainEntryAlone(app: string): void {
  step("the main entry with only convex and zod installed");
  if (fs.existsSync(path.join(app, "node_modules/ai"))) {
    throw new Error(
      "ai is installed already: reorder the README's install lines",
    );
  }
  run(
    `node --input-type=module -e '${[
      `const main = await import("convex-agent-workflows");`,
      `if (typeof main.AgentWorkflows !== "function") throw new Error("no AgentWorkflows");`,
      `const llm = await import("convex-agent-workflows/llm").then(() => "loaded", (e) => e.code);`,
      `if (llm !== "ERR_MODULE_NOT_FOUND") throw new Error("/llm without ai: " + llm);`,
      `console.log("the main entry loads without ai; /llm asks for it");`,
    ].join(" ")}'`,
    app,
  );
}

/** `convex` is a peer: the app's copy is the only one. */
function checkOneConvex(app: string): void {
  const nested = path.join(
    app,
    "node_modules/convex-agent-workflows/node_modules/convex",
  );
  if (fs.existsSync(nested)) {
    throw new Error(`a second copy of convex: ${nested}`);
  }
}

function main(): void {
  const { commands, files } = readReadmeApp();
  if (!commands.some(isInstall) || !commands.some((c) => !isInstall(c))) {
    throw new Error(
      "README: the consumer test needs install lines and a test command",
    );
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "consumer-"));
  const packDir = path.join(tmp, "convex-agent-workflows");
  const app = path.join(tmp, "app");
  fs.mkdirSync(packDir);
  fs.mkdirSync(app);
  try {
    step("npm pack");
    run(`npm pack --silent --pack-destination ${packDir}`, repo);

    step(`a fresh app in ${app}`);
    fs.writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify(
        { name: "consumer-app", private: true, type: "module" },
        null,
        2,
      ),
    );
    for (const [name, contents] of files) {
      fs.mkdirSync(path.dirname(path.join(app, name)), { recursive: true });
      fs.writeFileSync(path.join(app, name), contents);
      console.log(`wrote ${name} (from the README)`);
    }
    fs.writeFileSync(
      path.join(app, "convex/tsconfig.json"),
      JSON.stringify(CONVEX_TSCONFIG, null, 2),
    );

    // The install lines first (in README order), then typecheck, then the rest.
    const installs = commands.filter(isInstall);
    for (const [i, command] of installs.entries()) {
      step(command);
      run(command, app);
      if (i === 0) checkMainEntryAlone(app);
    }
    checkOneConvex(app);
    step("typed convex/_generated/ (this project's codegen), then tsc");
    run(
      `${path.join(repo, "node_modules/.bin/tsx")} scripts/codegen.ts --dir ${path.join(app, "convex")} --kind app`,
      repo,
    );
    run(
      `${path.join(repo, "node_modules/.bin/tsc")} -p convex/tsconfig.json`,
      app,
    );
    for (const command of commands.filter((c) => !isInstall(c))) {
      step(command);
      run(command, app);
    }

    step("versions the app got");
    for (const pkg of [
      "convex-agent-workflows",
      "convex",
      "zod",
      "ai",
      "@ai-sdk/openai",
      "convex-test",
      "vitest",
    ]) {
      const file = path.join(app, "node_modules", pkg, "package.json");
      const version = fs.existsSync(file)
        ? (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string })
            .version
        : "(not installed)";
      console.log(`  ${pkg} ${version}`);
    }
    console.log(
      `\nconsumer test passed in ${seconds()} s (node ${process.version})`,
    );
  } finally {
    if (values.keep) console.log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(
    `consumer test FAILED: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
