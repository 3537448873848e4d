// Reads a convex.config.ts: the component's name, the children it `.use()`s
// (with the name each is mounted under) and its declared env vars.
//
// The file is evaluated rather than pattern-matched, so `.use(x, { name })`
// with computed names, re-exported configs and `env: { ... }` validators
// defined in other files all work. Evaluating it as-is would throw: `.use()`
// needs each imported child definition to carry `componentDefinitionPath`,
// which only the Convex bundler provides. We do what that bundler does and
// replace every import of another component's convex.config with a stub
// carrying its directory and default name (the child's own
// `defineComponent("<name>")`, found by evaluating the child the same way).
import fs from "node:fs";
import path from "node:path";
import type { Plugin } from "esbuild";
import { RESOLVE_PROBE, bundleAndImport } from "./bundle.js";

/** An env var a component declares, as `definition.export()` lists it. */
export type EnvVarMeta = [
  string,
  { type: "value"; value: string; optional?: boolean },
];

/** What a convex.config declares: app or component, its name, children and env vars. */
export type ComponentDefinition = {
  kind: "app" | "component";
  /** `defineComponent("<name>")`; undefined for apps. */
  name: string | undefined;
  children: ChildComponent[];
  envVars: EnvVarMeta[];
};

/** A component an app or component `.use()`s. */
export type ChildComponent = {
  /** Name it is mounted under: `.use(x, { name })`, else its own name. */
  name: string;
  /** Absolute directory holding the child's convex.config. */
  dir: string;
  /** How the parent's convex.config imports it, minus "/convex.config...". */
  importSpecifier: string;
};

/** What `definition.export()` returns (convex/server components/index.js). */
type ExportedDefinition = {
  name?: string;
  definitionType: { type: "app" } | { type: "childComponent"; name: string };
  childComponents: { name: string; path: string }[];
  envVars?: EnvVarMeta[];
};

/** The convex.config.ts (or .js) in `dir`, if any. */
export function findConfigFile(dir: string): string | undefined {
  for (const file of ["convex.config.ts", "convex.config.js"]) {
    const candidate = path.join(dir, file);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

const cache = new Map<string, Promise<ComponentDefinition>>();

/**
 * The definition of the app or component in `dir` (evaluated once per
 * directory; `stack` detects import cycles).
 */
export function readComponentDefinition(
  dir: string,
  stack: string[] = [],
): Promise<ComponentDefinition> {
  const key = path.resolve(dir);
  if (stack.includes(key)) {
    throw new Error(`Component import cycle: ${[...stack, key].join(" -> ")}`);
  }
  let result = cache.get(key);
  if (!result) {
    result = evaluate(key, [...stack, key]);
    cache.set(key, result);
  }
  return result;
}

const COMPONENT_REF_NAMESPACE = "codegen-component-ref";

async function evaluate(
  dir: string,
  stack: string[],
): Promise<ComponentDefinition> {
  const configFile = findConfigFile(dir);
  if (!configFile) {
    // Convex allows an app without convex.config: it has no components.
    return { kind: "app", name: undefined, children: [], envVars: [] };
  }
  const specifiers = new Map<string, string>(); // child dir -> specifier
  const plugin: Plugin = {
    name: "codegen-component-refs",
    setup(build) {
      build.onResolve({ filter: /convex\.config/ }, async (args) => {
        if (args.pluginData?.codegenResolveProbe) return undefined;
        if (args.kind === "entry-point" || args.namespace !== "file")
          return undefined;
        const childConfig = await resolveConfigImport(build, args);
        if (!childConfig) return undefined;
        const childDir = path.dirname(childConfig);
        if (!findConfigFile(childDir)) return undefined;
        specifiers.set(childDir, args.path.replace(/\/convex\.config.*$/, ""));
        return { path: childDir, namespace: COMPONENT_REF_NAMESPACE };
      });
      build.onLoad(
        { filter: /.*/, namespace: COMPONENT_REF_NAMESPACE },
        async (args) => {
          const child = await readComponentDefinition(args.path, stack);
          if (child.kind !== "component") {
            throw new Error(`${args.path} is an app, not a component`);
          }
          const stub = {
            componentDefinitionPath: args.path,
            defaultName: child.name,
          };
          return {
            contents: `export default ${JSON.stringify(stub)};`,
            loader: "js",
          };
        },
      );
    },
  };
  const modules = await bundleAndImport({
    entryPoints: [configFile],
    plugins: [plugin],
  });
  const definition = modules.get(configFile)?.default as
    { export?: () => ExportedDefinition } | undefined;
  if (typeof definition?.export !== "function") {
    throw new Error(
      `${configFile} must \`export default\` the result of defineComponent() or defineApp()`,
    );
  }
  const exported = definition.export();
  const children = exported.childComponents.map((child) => {
    const importSpecifier = specifiers.get(child.path);
    if (importSpecifier === undefined) {
      throw new Error(
        `${configFile}: cannot tell how child "${child.name}" was imported`,
      );
    }
    return { name: child.name, dir: child.path, importSpecifier };
  });
  return exported.definitionType.type === "app"
    ? {
        kind: "app",
        name: undefined,
        children,
        envVars: exported.envVars ?? [],
      }
    : {
        kind: "component",
        name: exported.definitionType.name,
        children,
        envVars: exported.envVars ?? [],
      };
}

/** Resolve like convex's bundler: also try ".ts" for ".js" and bare names. */
async function resolveConfigImport(
  build: Parameters<Plugin["setup"]>[0],
  args: {
    path: string;
    kind: import("esbuild").ImportKind;
    resolveDir: string;
  },
): Promise<string | undefined> {
  const candidates = [args.path];
  const ext = path.extname(args.path);
  if (ext === ".js") candidates.push(args.path.slice(0, -".js".length) + ".ts");
  if (ext !== ".js" && ext !== ".ts")
    candidates.push(`${args.path}.js`, `${args.path}.ts`);
  for (const candidate of candidates) {
    const result = await build.resolve(candidate, {
      kind: args.kind,
      resolveDir: args.resolveDir,
      pluginData: RESOLVE_PROBE,
    });
    if (
      result.errors.length === 0 &&
      result.path &&
      path.isAbsolute(result.path)
    ) {
      return result.path;
    }
  }
  return undefined;
}
