import { accessSync, constants } from "node:fs";
import path from "node:path";

export type BrowserChoice = { executablePath: string | undefined; source: string };

type Machine = {
  /** CHROMIUM_PATH, when set. */
  named: string | undefined;
  /** The PATH a child process would get. */
  searchPath: string | undefined;
  platform: NodeJS.Platform;
  /** Where Playwright keeps the Chromium that `npx playwright install chromium` downloads. */
  playwrightChromium: string;
  isExecutable(file: string): boolean;
};

const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
const MAC_APPS = ["/Applications/Chromium.app/Contents/MacOS/Chromium", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"];

export const HOW_TO_GET_CHROMIUM =
  "no Chromium for the browser tests: run `npx playwright install chromium`, install Chromium or Google Chrome, " +
  "or set CHROMIUM_PATH to a Chromium executable";

/**
 * The browser the journeys run in: the one CHROMIUM_PATH names, else the Chromium Playwright installed, else a
 * Chromium or Chrome from the system (PATH, then the macOS applications). `executablePath: undefined` means
 * Playwright's own.
 */
export function chooseChromium(machine: Machine): BrowserChoice {
  const named = machine.named;
  if (named) {
    if (!machine.isExecutable(named)) throw new Error(`CHROMIUM_PATH=${named} is not an executable file`);
    return { executablePath: named, source: "CHROMIUM_PATH" };
  }
  if (machine.isExecutable(machine.playwrightChromium)) return { executablePath: undefined, source: "Playwright's Chromium" };
  const dirs = (machine.searchPath ?? "").split(path.delimiter).filter(Boolean);
  for (const name of SYSTEM_NAMES) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (machine.isExecutable(candidate)) return { executablePath: candidate, source: "the system's" };
    }
  }
  if (machine.platform === "darwin") {
    const app = MAC_APPS.find((file) => machine.isExecutable(file));
    if (app) return { executablePath: app, source: "the system's" };
  }
  throw new Error(HOW_TO_GET_CHROMIUM);
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
