// Where things are, for the e2e harness and its global setup.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
/** The built demo UI (npm run build:example). */
export const STATIC_DIR = path.join(REPO, "example/dist");
/** Screenshots: test-results/ is git-ignored. */
export const SHOTS_DIR = path.join(REPO, "test-results/e2e");
/** Debian's Chromium (apt-get install -y chromium). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
