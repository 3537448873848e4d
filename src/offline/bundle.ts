// Bundle TypeScript entry points with esbuild and import them under Node.
//
// Why bundle instead of importing the .ts files directly: the modules import
// `./_generated/*`, which may be missing or stale while we are regenerating
// it. Callers pass an `overlay` of in-memory files that shadow paths on disk,
// so nothing is written next to the sources (which also keeps `--check`
// read-only).
//
// Packages are not bundled: each bare import is resolved by esbuild from the
// importing file and left as an absolute file URL, so the output can live in
// a temp dir anywhere and still load the exact copies the sources resolve to
// (one shared instance of `convex/server` etc.).
import esbuild, { type Plugin } from "esbuild";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Pass as `pluginData` to `build.resolve()` from inside a plugin to get
 * esbuild's own resolution (our plugins step aside for it).
 */
export const RESOLVE_PROBE = { codegenResolveProbe: true } as const;

function overlayPlugin(overlay: Map<string, string>): Plugin {
  return {
    name: "codegen-overlay",
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (!args.resolveDir) return undefined;
        const abs = path.resolve(args.resolveDir, args.path);
        // Try the specifier as written, and the TS source behind a ".js" import.
        const candidates = [abs, abs.replace(/\.js$/, ".ts"), `${abs}.ts`];
        const hit = candidates.find((c) => overlay.has(c));
        return hit ? { path: hit } : undefined;
      });
      // Overlay files stay in the "file" namespace so their own imports
      // resolve exactly like those of the file they stand in for.
      build.onLoad({ filter: /.*/ }, (args) => {
        const contents = overlay.get(args.path);
        if (contents === undefined) return undefined;
        return { contents, loader: "ts", resolveDir: path.dirname(args.path) };
      });
    },
  };
}

function externalPackagesPlugin(): Plugin {
  return {
    name: "codegen-external-packages",
    setup(build) {
      // Bare specifiers only: not relative, not absolute, no "node:" scheme.
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.codegenResolveProbe) return undefined;
        if (args.kind === "entry-point") return undefined;
        if (/^[a-z][a-z0-9+.-]*:/i.test(args.path)) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          // An overlay file may sit in a folder that does not exist yet
          // (e.g. no _generated/ on disk); esbuild cannot resolve from there.
          resolveDir: existingAncestor(args.resolveDir),
          importer: args.importer,
          pluginData: RESOLVE_PROBE,
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (resolved.external || !path.isAbsolute(resolved.path)) {
          // Node builtins and the like.
          return { path: args.path, external: true };
        }
        return { path: pathToFileURL(resolved.path).href, external: true };
      });
    },
  };
}

export type BundleOptions = {
  /** Absolute paths of the files to bundle and import. */
  entryPoints: string[];
  /** Absolute path -> contents, used instead of (or in place of missing) files. */
  overlay?: Map<string, string>;
  /** More esbuild plugins, run before the overlay and package plugins. */
  plugins?: Plugin[];
};

/**
 * Bundle, import, and return each entry point's module namespace, keyed by
 * the entry point's absolute path. Throws with esbuild's or Node's error,
 * naming the module that failed.
 */
export async function bundleAndImport(
  options: BundleOptions,
): Promise<Map<string, Record<string, unknown>>> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "convex-codegen-"));
  try {
    const overlay = options.overlay ?? new Map<string, string>();
    const result = await esbuild.build({
      entryPoints: options.entryPoints,
      // Only affects how paths are shown in errors and the metafile.
      absWorkingDir: process.cwd(),
      outdir,
      outbase: commonAncestor(options.entryPoints),
      entryNames: "[dir]/[name]-[hash]",
      chunkNames: "_chunks/[name]-[hash]",
      outExtension: { ".js": ".mjs" },
      bundle: true,
      splitting: true,
      platform: "node",
      format: "esm",
      target: "node20",
      write: true,
      metafile: true,
      // So a module that throws on import shows its own file and line.
      sourcemap: "inline",
      logLevel: "silent",
      plugins: [
        ...(options.plugins ?? []),
        overlayPlugin(overlay),
        externalPackagesPlugin(),
      ],
    });
    const byEntry = new Map<string, string>();
    for (const [outFile, meta] of Object.entries(result.metafile.outputs)) {
      if (meta.entryPoint) {
        byEntry.set(path.resolve(meta.entryPoint), path.resolve(outFile));
      }
    }
    process.setSourceMapsEnabled(true);
    const modules = new Map<string, Record<string, unknown>>();
    for (const entry of options.entryPoints) {
      const outFile = byEntry.get(entry);
      if (!outFile) throw new Error(`esbuild produced no output for ${entry}`);
      try {
        modules.set(entry, await import(pathToFileURL(outFile).href));
      } catch (e) {
        throw new Error(
          `Importing ${entry} under Node failed (it is evaluated ` +
            `to read its function validators or component definition):\n${
              e instanceof Error ? (e.stack ?? e.message) : String(e)
            }`,
        );
      }
    }
    return modules;
  } catch (e) {
    if (isBuildFailure(e)) {
      const messages = await esbuild.formatMessages(e.errors, {
        kind: "error",
        color: false,
      });
      throw new Error(`esbuild failed:\n${messages.join("\n")}`);
    }
    throw e;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function isBuildFailure(e: unknown): e is esbuild.BuildFailure {
  return (
    typeof e === "object" &&
    e !== null &&
    Array.isArray((e as { errors?: unknown }).errors) &&
    (e as { errors: unknown[] }).errors.length > 0
  );
}

function existingAncestor(dir: string): string {
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir)
    dir = path.dirname(dir);
  return dir;
}

function commonAncestor(files: string[]): string {
  let dir = path.dirname(files[0]!);
  while (!files.every((f) => f.startsWith(dir + path.sep))) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dir;
}
