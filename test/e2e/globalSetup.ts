// Checks what the e2e suite needs before any browser starts, and prints how
// long the whole suite took.
import fs from "node:fs";
import path from "node:path";
import { CHROMIUM, REPO, STATIC_DIR } from "./paths.js";

export default function setup(): () => void {
  const started = performance.now();
  if (!fs.existsSync(path.join(STATIC_DIR, "index.html")))
    throw new Error(
      `${path.relative(REPO, STATIC_DIR)} is missing: run \`npm run build:example\` (npm run test:e2e does)`,
    );
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  return () => {
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`\n[e2e] suite took ${seconds.toFixed(1)} s\n`);
  };
}
