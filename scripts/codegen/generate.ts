// Computes the contents of one directory's `_generated/` folder, in memory.
import fs from "node:fs";
import path from "node:path";
import prettier from "prettier";
import {
  readComponentDefinition,
  type ComponentDefinition,
} from "../../src/offline/componentConfig.js";
import { listModules, publicFunctionTree } from "./modules.js";
import {
  appApiDTSSource,
  appApiJSSource,
  componentApiTSSource,
  componentServerTS,
  componentTSSource,
  dataModelSource,
  serverCodegen,
  type ChildComponentImport,
} from "./templates.js";

export type Kind = "component" | "app";

export type AppOptions = {
  /** convex.json `codegen.fileType`: "ts" writes .ts files instead of .js + .d.ts. */
  fileType?: "ts" | "js/dts";
};

/** File name inside `_generated/` -> contents. */
export type GeneratedFiles = Map<string, string>;

// Same call as convex's writeFormattedFile: prettier defaults, no project
// config, so the output does not depend on where it runs.
async function format(source: string): Promise<string> {
  return prettier.format(source, { parser: "typescript" });
}

function hasSchema(dir: string): boolean {
  return ["schema.ts", "schema.js"].some((f) =>
    fs.existsSync(path.join(dir, f)),
  );
}

/**
 * How `_generated/api.*` imports a child's `ComponentApi`. Package imports
 * keep the package specifier ("@convex-dev/workpool"); relative ones become a
 * path from `_generated/` to the child's directory. (Convex computes the
 * latter from the app root, which is the same thing for the app itself.)
 */
function childImports(
  dir: string,
  definition: ComponentDefinition,
): ChildComponentImport[] {
  return definition.children.map((child) => {
    let importBase = child.importSpecifier;
    if (importBase.startsWith(".") || path.isAbsolute(importBase)) {
      importBase = path
        .relative(path.join(dir, "_generated"), child.dir)
        .split(path.sep)
        .join("/");
      if (!importBase.startsWith(".")) importBase = `./${importBase}`;
    }
    return { name: child.name, importBase };
  });
}

async function readDefinition(
  dir: string,
  kind: Kind,
): Promise<ComponentDefinition> {
  const definition = await readComponentDefinition(dir);
  if (definition.kind !== kind) {
    throw new Error(
      `${dir} holds ${definition.kind === "app" ? "an app (defineApp or no convex.config)" : "a component (defineComponent)"}, not ${kind === "app" ? "an app" : "a component"}`,
    );
  }
  return definition;
}

export async function generateComponent(dir: string): Promise<GeneratedFiles> {
  const definition = await readDefinition(dir, "component");
  const modulePaths = listModules(dir);
  const files: GeneratedFiles = new Map();
  files.set("dataModel.ts", await format(dataModelSource(hasSchema(dir))));
  files.set(
    "server.ts",
    await format(componentServerTS(false, definition.envVars)),
  );
  files.set(
    "api.ts",
    await format(
      componentApiTSSource(modulePaths, childImports(dir, definition)),
    ),
  );

  // component.ts needs each function's validators, i.e. running the modules,
  // which import the files above. Serve those (and a placeholder
  // component.ts, only ever imported for types) from memory.
  const generatedDir = path.join(dir, "_generated");
  const overlay = new Map<string, string>();
  for (const [name, contents] of files)
    overlay.set(path.join(generatedDir, name), contents);
  overlay.set(
    path.join(generatedDir, "component.ts"),
    "export type ComponentApi<Name extends string | undefined = string | undefined> = any;\n",
  );
  const tree = await publicFunctionTree(dir, modulePaths, overlay);
  files.set("component.ts", await format(componentTSSource(tree)));
  return sortedFiles(files);
}

export async function generateApp(
  dir: string,
  options: AppOptions = {},
): Promise<GeneratedFiles> {
  const definition = await readDefinition(dir, "app");
  const modulePaths = listModules(dir);
  const children = childImports(dir, definition);
  const files: GeneratedFiles = new Map();
  if (options.fileType === "ts") {
    files.set(
      "api.ts",
      await format(componentApiTSSource(modulePaths, children)),
    );
    files.set("dataModel.ts", await format(dataModelSource(hasSchema(dir))));
    const server = serverCodegen({
      useTypeScript: true,
      envVars: definition.envVars,
    });
    files.set("server.ts", await format(server.TS!));
  } else {
    files.set("api.d.ts", await format(appApiDTSSource(modulePaths, children)));
    files.set("api.js", await format(appApiJSSource()));
    files.set("dataModel.d.ts", await format(dataModelSource(hasSchema(dir))));
    const server = serverCodegen({
      useTypeScript: false,
      envVars: definition.envVars,
    });
    files.set("server.d.ts", await format(server.DTS!));
    files.set("server.js", await format(server.JS!));
  }
  return sortedFiles(files);
}

function sortedFiles(files: GeneratedFiles): GeneratedFiles {
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
