// Source text of every generated file, before prettier.
//
// Where convex ships a template as a self-contained module we import it from
// the installed `convex` package (`dist/esm/cli/codegen_templates/*`), so the
// output follows whatever `npx convex codegen` of that version writes. The
// rest of that folder (dataModel.js, component_api.js) pulls in CLI-only
// dependencies that are not installed outside the CLI bundle, so those
// templates are copied below from convex 1.48.0 and must be kept in step by
// hand when convex is upgraded (`--check` plus a diff against a real
// `npx convex codegen` run shows any drift).
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { propertyKey } from "./validatorTypes.js";

/** `[name, { type: "value", value: <validator JSON>, optional? }]` */
export type { EnvVarMeta } from "../../src/offline/componentConfig.js";
import type { EnvVarMeta } from "../../src/offline/componentConfig.js";

type ConvexTemplates = {
  common: {
    header(oneLineDescription: string): string;
    apiComment(
      apiName: string,
      type: "public" | "internal" | undefined,
    ): string;
    compareStrings(a: string, b: string): number;
    compareModulePaths(a: string, b: string): number;
  };
  api: {
    importPath(modulePath: string): string;
    moduleIdentifier(modulePath: string): string;
  };
  server: {
    serverCodegen(opts: {
      useTypeScript: boolean;
      envVars: EnvVarMeta[] | undefined;
    }):
      | { DTS: string; JS: string; TS?: never }
      | { TS: string; DTS?: never; JS?: never };
  };
  componentServer: {
    componentServerTS(
      isRoot: boolean,
      envVars: EnvVarMeta[] | undefined,
    ): string;
  };
};

async function loadConvexTemplates(): Promise<ConvexTemplates> {
  const require = createRequire(import.meta.url);
  const convexDir = path.dirname(require.resolve("convex/package.json"));
  const dir = path.join(convexDir, "dist", "esm", "cli", "codegen_templates");
  const load = async (file: string) => {
    try {
      return await import(pathToFileURL(path.join(dir, file)).href);
    } catch (e) {
      throw new Error(
        `Could not load convex's codegen template ${file} from ${dir}; ` +
          `has the installed convex version changed its layout?\n${String(e)}`,
      );
    }
  };
  return {
    common: await load("common.js"),
    api: await load("api.js"),
    server: await load("server.js"),
    componentServer: await load("component_server.js"),
  };
}

const convex = await loadConvexTemplates();

export const header = convex.common.header;
export const apiComment = convex.common.apiComment;
/** Sort order convex uses for function / export names. */
export const compareStrings = convex.common.compareStrings;
/** Sort order convex uses for module paths (code units, "/" separators). */
export const compareModulePaths = convex.common.compareModulePaths;
/** "wf/workflow.ts" -> "wf/workflow" */
export const importPath = convex.api.importPath;
/** "wf/workflow.ts" -> "wf_workflow" (reserved words get a trailing "_") */
export const moduleIdentifier = convex.api.moduleIdentifier;
/** App (root) server.js / server.d.ts / server.ts. */
export const serverCodegen = convex.server.serverCodegen;
/** Component server.ts. */
export const componentServerTS = convex.componentServer.componentServerTS;

// ---------------------------------------------------------------------------
// dataModel: copied from convex/dist/esm/cli/codegen_templates/dataModel.js
// (the "dynamic" variant used unless convex.json sets codegen.staticDataModel).

const NO_SCHEMA_DATA_MODEL_CONTENT = `
  ${header("Generated data model types.")}
  import { AnyDataModel } from "convex/server";
  import type { GenericId } from "convex/values";

  /**
   * No \`schema.ts\` file found!
   *
   * This generated code has permissive types like \`Doc = any\` because
   * Convex doesn't know your schema. If you'd like more type safety, see
   * https://docs.convex.dev/using/schemas for instructions on how to add a
   * schema file.
   *
   * After you change a schema, rerun codegen with \`npx convex dev\`.
   */

  /**
   * The names of all of your Convex tables.
   */
  export type TableNames = string;

  /**
   * The type of a document stored in Convex.
   */
  export type Doc = any;

  /**
   * An identifier for a document in Convex.
   *
   * Convex documents are uniquely identified by their \`Id\`, which is accessible
   * on the \`_id\` field. To learn more, see [Document IDs](https://docs.convex.dev/using/document-ids).
   *
   * Documents can be loaded using \`db.get(tableName, id)\` in query and mutation functions.
   *
   * IDs are just strings at runtime, but this type can be used to distinguish them from other
   * strings when type checking.
   */
  export type Id<TableName extends TableNames = TableNames> = GenericId<TableName>;

  /**
   * A type describing your Convex data model.
   *
   * This type includes information about what tables you have, the type of
   * documents stored in those tables, and the indexes defined on them.
   *
   * This type is used to parameterize methods like \`queryGeneric\` and
   * \`mutationGeneric\` to make them type-safe.
   */
  export type DataModel = AnyDataModel;`;

const DYNAMIC_DATA_MODEL_CONTENT = `
  ${header("Generated data model types.")}
  import type { DataModelFromSchemaDefinition, DocumentByName, TableNamesInDataModel, SystemTableNames } from "convex/server";
  import type { GenericId } from "convex/values";
  import schema from "../schema.js";

  /**
   * The names of all of your Convex tables.
   */
  export type TableNames = TableNamesInDataModel<DataModel>;

  /**
   * The type of a document stored in Convex.
   *
   * @typeParam TableName - A string literal type of the table name (like "users").
   */
  export type Doc<TableName extends TableNames> = DocumentByName<DataModel, TableName>;

  /**
   * An identifier for a document in Convex.
   *
   * Convex documents are uniquely identified by their \`Id\`, which is accessible
   * on the \`_id\` field. To learn more, see [Document IDs](https://docs.convex.dev/using/document-ids).
   *
   * Documents can be loaded using \`db.get(tableName, id)\` in query and mutation functions.
   *
   * IDs are just strings at runtime, but this type can be used to distinguish them from other
   * strings when type checking.
   *
   * @typeParam TableName - A string literal type of the table name (like "users").
   */
  export type Id<TableName extends TableNames | SystemTableNames> = GenericId<TableName>;

  /**
   * A type describing your Convex data model.
   *
   * This type includes information about what tables you have, the type of
   * documents stored in those tables, and the indexes defined on them.
   *
   * This type is used to parameterize methods like \`queryGeneric\` and
   * \`mutationGeneric\` to make them type-safe.
   */
  export type DataModel = DataModelFromSchemaDefinition<typeof schema>;
  `;

/** Same text for dataModel.ts and dataModel.d.ts. */
export function dataModelSource(hasSchema: boolean): string {
  return hasSchema ? DYNAMIC_DATA_MODEL_CONTENT : NO_SCHEMA_DATA_MODEL_CONTENT;
}

// ---------------------------------------------------------------------------
// api / component: copied from convex/dist/esm/cli/codegen_templates/
// component_api.js (componentApiJs, codegenDynamicApiObjects[TS],
// componentApiTSWithTypes, componentApiDTS, componentTS), taking plain data
// instead of the backend's push analysis.

/** A `.use()`d child, as it appears in `components.<name>`. */
export type ChildComponentImport = {
  name: string;
  /** Module specifier of the child's directory, e.g. "@convex-dev/workpool". */
  importBase: string;
};

function componentsTypeLines(children: ChildComponentImport[]): string[] {
  return children.map(
    (child) =>
      `  "${child.name}": import("${child.importBase}/_generated/component.js").ComponentApi<"${child.name}">,`,
  );
}

/** `_generated/api.ts` of a component (or of an app with codegen.fileType "ts"). */
export function componentApiTSSource(
  modulePaths: string[],
  children: ChildComponentImport[],
): string {
  const lines = [header("Generated `api` utility.")];
  for (const modulePath of modulePaths) {
    lines.push(
      `import type * as ${moduleIdentifier(modulePath)} from "../${importPath(modulePath)}.js";`,
    );
  }
  lines.push(`
    import type {
      ApiFromModules,
      FilterApi,
      FunctionReference,
    } from "convex/server";
    import { anyApi, componentsGeneric } from "convex/server";

    const fullApi: ApiFromModules<{
  `);
  for (const modulePath of modulePaths) {
    lines.push(
      `  "${importPath(modulePath)}": typeof ${moduleIdentifier(modulePath)},`,
    );
  }
  lines.push(`}> = anyApi as any;`);
  lines.push(`
    ${apiComment("api", "public")}
    export const api: FilterApi<typeof fullApi, FunctionReference<any, "public">> = anyApi as any;
    ${apiComment("internal", "internal")}
    export const internal: FilterApi<typeof fullApi, FunctionReference<any, "internal">> = anyApi as any;
  `);
  lines.push(`
  export const components = componentsGeneric() as unknown as {`);
  lines.push(...componentsTypeLines(children));
  lines.push("};");
  return lines.join("\n");
}

/** `_generated/api.d.ts` of an app (codegen.fileType "js/dts", the default). */
export function appApiDTSSource(
  modulePaths: string[],
  children: ChildComponentImport[],
): string {
  const lines = [header("Generated `api` utility.")];
  for (const modulePath of modulePaths) {
    lines.push(
      `import type * as ${moduleIdentifier(modulePath)} from "../${importPath(modulePath)}.js";`,
    );
  }
  lines.push(`
    import type {
      ApiFromModules,
      FilterApi,
      FunctionReference,
    } from "convex/server";

    declare const fullApi: ApiFromModules<{
  `);
  for (const modulePath of modulePaths) {
    lines.push(
      `  "${importPath(modulePath)}": typeof ${moduleIdentifier(modulePath)},`,
    );
  }
  lines.push(`}>;`);
  lines.push(`
    ${apiComment("api", "public")}
    export declare const api: FilterApi<typeof fullApi, FunctionReference<any, "public">>;
    ${apiComment("internal", "internal")}
    export declare const internal: FilterApi<typeof fullApi, FunctionReference<any, "internal">>;
  `);
  lines.push(`
  export declare const components: {`);
  lines.push(...componentsTypeLines(children));
  lines.push("};");
  return lines.join("\n");
}

/** `_generated/api.js` of an app. */
export function appApiJSSource(): string {
  const lines = [header("Generated `api` utility.")];
  lines.push(`
    import { anyApi, componentsGeneric } from "convex/server";

    ${apiComment("api", undefined)}
    export const api = anyApi;
    export const internal = anyApi;
    export const components = componentsGeneric();
  `);
  return lines.join("\n");
}

/** A public function as it appears in a component's `ComponentApi`. */
export type ExportedFunction = {
  kind: "query" | "mutation" | "action";
  argsType: string;
  returnsType: string;
};

/** Module path segments, then function names, each level sorted. */
export type ExportTree = Map<string, ExportTree | ExportedFunction>;

function* exportTreeLines(tree: ExportTree): Generator<string> {
  yield "{";
  const entries = [...tree].sort(([a], [b]) => compareStrings(a, b));
  for (const [name, node] of entries) {
    yield `${propertyKey(name)}:`;
    if (node instanceof Map) {
      yield* exportTreeLines(node);
    } else {
      yield `FunctionReference<"${node.kind}", "internal", ${node.argsType}, ${node.returnsType}, Name>`;
    }
    yield ",";
  }
  yield "}";
}

/** `_generated/component.ts` of a component. */
export function componentTSSource(exports: ExportTree): string {
  const lines = [header("Generated `ComponentApi` utility.")];
  lines.push(`
    import type { FunctionReference } from "convex/server";

    /**
    * A utility for referencing a Convex component's exposed API.
    *
    * Useful when expecting a parameter like \`components.myComponent\`.
    * Usage:
    * \`\`\`ts
    * async function myFunction(ctx: QueryCtx, component: ComponentApi) {
    *   return ctx.runQuery(component.someFile.someQuery, { ...args });
    * }
    * \`\`\`
    */`);
  lines.push(
    `export type ComponentApi<Name extends string | undefined = string | undefined> = `,
  );
  lines.push(...exportTreeLines(exports));
  lines.push(`;`);
  return lines.join("\n");
}
