// Headless Debian Chromium, as the browser tests and the screenshot script
// launch it (playwright-core; never a downloaded browser).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { CHROMIUM } from "./paths.js";

// Without the background-networking flags Chromium keeps trying hosts a
// closed network refuses; a --user-data-dir arg is refused by playwright.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A fresh profile and a 1280×800 headless context; `close` removes both. */
export async function launchChromium(
  profilePrefix: string,
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), profilePrefix));
  const removeProfile = () =>
    fs.rmSync(profile, { recursive: true, force: true });
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      args: CHROMIUM_ARGS,
    });
    return {
      context,
      close: async () => {
        await context.close();
        removeProfile();
      },
    };
  } catch (error) {
    removeProfile();
    throw error;
  }
}
