// Offline replacement for `npx convex codegen` (which needs a deployment).
//
//   npx tsx scripts/codegen.ts                 regenerate src/component and convex/
//   npx tsx scripts/codegen.ts --check         exit 1 listing files that would change
//   npx tsx scripts/codegen.ts --dir <path> --kind component|app [--check]
//
// Component dirs get _generated/{api,component,dataModel,server}.ts; the app
// dir gets _generated/{api.d.ts,api.js,dataModel.d.ts,server.d.ts,server.js}
// (or .ts files if convex.json sets codegen.fileType "ts"). The output is
// meant to be byte-identical to what `npx convex codegen` of the installed
// convex version writes; see scripts/codegen/*.ts for how each part is made.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  generateApp,
  generateComponent,
  type GeneratedFiles,
  type Kind,
} from "./codegen/generate.js";

const projectRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
);

type Target = { dir: string; kind: Kind };

function readConvexJson(): {
  functions?: string;
  codegen?: { fileType?: "ts" | "js/dts" };
} {
  const file = path.join(projectRoot, "convex.json");
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
}

function usage(message: string): never {
  console.error(
    `${message}\nUsage: tsx scripts/codegen.ts [--check] [--dir <path> --kind component|app]`,
  );
  process.exit(2);
}

async function main() {
  const { values } = parseArgs({
    options: {
      dir: { type: "string" },
      kind: { type: "string" },
      check: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const convexJson = readConvexJson();

  let targets: Target[];
  let explicit = false;
  if (values.dir !== undefined || values.kind !== undefined) {
    if (values.dir === undefined || values.kind === undefined)
      usage("--dir and --kind go together");
    if (values.kind !== "component" && values.kind !== "app")
      usage(`--kind must be "component" or "app"`);
    targets = [{ dir: path.resolve(values.dir), kind: values.kind }];
    explicit = true;
  } else {
    // Components first: the app's api.d.ts refers to their component.ts.
    targets = [
      { dir: path.join(projectRoot, "src", "component"), kind: "component" },
      {
        dir: path.join(projectRoot, convexJson.functions ?? "convex"),
        kind: "app",
      },
      // The test suites' own app (test workflows and the benchmark).
      { dir: path.join(projectRoot, "test", "app"), kind: "app" },
    ];
    // The demo app imports this package by name, which resolves to dist/.
    if (!fs.existsSync(path.join(projectRoot, "dist/component"))) {
      usage(
        "convex/ imports this package from dist/: run `npm run build` first",
      );
    }
  }

  const stale: string[] = [];
  for (const target of targets) {
    const shown = path.relative(process.cwd(), target.dir) || ".";
    if (!fs.existsSync(target.dir)) {
      if (explicit) throw new Error(`${shown} does not exist`);
      console.log(`skip ${shown}/ (does not exist)`);
      continue;
    }
    const files: GeneratedFiles =
      target.kind === "component"
        ? await generateComponent(target.dir)
        : await generateApp(target.dir, {
            fileType: convexJson.codegen?.fileType,
          });
    const generatedDir = path.join(target.dir, "_generated");
    for (const [name, contents] of files) {
      const file = path.join(generatedDir, name);
      const rel = path.relative(process.cwd(), file);
      const current = fs.existsSync(file)
        ? fs.readFileSync(file, "utf8")
        : undefined;
      if (current === contents) continue;
      if (values.check) {
        stale.push(rel);
      } else {
        fs.mkdirSync(generatedDir, { recursive: true });
        fs.writeFileSync(file, contents);
        console.log(`wrote ${rel}`);
      }
    }
    if (!values.check)
      console.log(`${shown}/_generated/ up to date (${files.size} files)`);
  }

  if (values.check) {
    if (stale.length > 0) {
      console.error(
        `Generated files are out of date; run the same command without --check:\n${stale
          .map((f) => `  ${f}`)
          .join("\n")}`,
      );
      process.exit(1);
    }
    console.log("Generated files are up to date.");
  }
}

// Exit explicitly: an evaluated module may have left a timer or socket open.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
