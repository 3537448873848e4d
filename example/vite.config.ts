// The demo app's web UI. Build: npm run build:example (to example/dist),
// which the offline backend can serve with the sync protocol on one origin.
import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");

export default defineConfig({
  root: here,
  // .env.local at the repo root, where `npx convex dev` writes VITE_CONVEX_URL.
  envDir: repo,
  plugins: [react()],
  // "convex-agent-workflows/react" resolves like any package import, through
  // this package's own exports to dist/ (built by `npm run build`): the UI
  // runs on what the package ships.
  build: {
    outDir: path.join(here, "dist"),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: { fs: { allow: [repo] } },
});
