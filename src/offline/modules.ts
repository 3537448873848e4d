// Which files in a Convex functions directory are modules, by the rules the
// Convex CLI's bundler applies.
import fs from "node:fs";
import path from "node:path";

const ENTRY_POINT_EXTENSIONS = [
  ".js",
  ".mjs",
  ".cjs",
  ".ts",
  ".tsx",
  ".mts",
  ".cts",
  ".jsx",
];

/**
 * Module paths relative to `dir` ("/"-separated, with extension), sorted as
 * convex sorts them. Same rules as convex's `entryPoints()` in
 * dist/esm/bundler/index.js: skip _generated/, schema.*, dotfiles, emacs
 * "#" files, names with more than one dot (tests, convex.config.ts, .d.ts),
 * paths with spaces, folders holding their own convex.config.ts (nested
 * components), and .ts files with no import/export at all.
 */
export function listModules(dir: string): string[] {
  const modules: string[] = [];
  const walk = (relDir: string) => {
    const entries = fs
      .readdirSync(path.join(dir, relDir), { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const abs = path.join(dir, rel);
      if (entry.isDirectory()) {
        if (!fs.existsSync(path.join(abs, "convex.config.ts"))) walk(rel);
        continue;
      }
      if (!entry.isFile()) continue;
      const base = entry.name;
      if (rel.startsWith("_deps/")) {
        throw new Error(`${abs}: the "_deps" directory is reserved by Convex`);
      }
      if (!ENTRY_POINT_EXTENSIONS.some((ext) => rel.endsWith(ext))) continue;
      if (rel.startsWith("_generated/")) continue;
      if (base.startsWith(".") || base.startsWith("#")) continue;
      if (base === "schema.ts" || base === "schema.js") continue;
      if ((base.match(/\./g) ?? []).length > 1) continue;
      if (rel.includes(" ")) continue;
      if (/\.(ts|tsx)$/.test(base)) {
        const contents = fs.readFileSync(abs, "utf8");
        if (!/^\s{0,100}(import|export)/m.test(contents)) continue;
      }
      modules.push(rel);
    }
  };
  walk("");
  return modules.sort(compareModulePaths);
}

/** Convex's order of module paths: by code unit, "/" separated. */
function compareModulePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
