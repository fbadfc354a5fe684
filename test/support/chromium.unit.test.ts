import { describe, expect, it } from "vitest";
import { chooseChromium, HOW_TO_GET_CHROMIUM } from "./chromium";

const PLAYWRIGHTS = "/home/dev/.cache/ms-playwright/chromium-1/chrome-linux64/chrome";
const machine = (files: string[], env: { CHROMIUM_PATH?: string } = {}, platform: NodeJS.Platform = "linux") => ({
  named: env.CHROMIUM_PATH,
  searchPath: "/usr/local/bin:/usr/bin",
  platform,
  playwrightChromium: PLAYWRIGHTS,
  isExecutable: (file: string) => files.includes(file),
});

describe("the browser the journeys run in", () => {
  it("is the one CHROMIUM_PATH names, ahead of any other", () => {
    const choice = chooseChromium(machine([PLAYWRIGHTS, "/opt/chrome/chrome"], { CHROMIUM_PATH: "/opt/chrome/chrome" }));
    expect(choice).toEqual({ executablePath: "/opt/chrome/chrome", source: "CHROMIUM_PATH" });
  });

  it("refuses a CHROMIUM_PATH that is not there rather than falling back", () => {
    expect(() => chooseChromium(machine([PLAYWRIGHTS], { CHROMIUM_PATH: "/nowhere/chrome" }))).toThrow("CHROMIUM_PATH=/nowhere/chrome");
  });

  it("is Playwright's own where `npx playwright install chromium` put one", () => {
    expect(chooseChromium(machine([PLAYWRIGHTS, "/usr/bin/chromium"])).executablePath).toBeUndefined();
  });

  it("is a system Chromium or Chrome found on PATH otherwise", () => {
    expect(chooseChromium(machine(["/usr/bin/chromium"])).executablePath).toBe("/usr/bin/chromium");
    expect(chooseChromium(machine(["/usr/local/bin/google-chrome"])).executablePath).toBe("/usr/local/bin/google-chrome");
  });

  it("is Chrome's application bundle on a Mac without one on PATH", () => {
    const app = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
    expect(chooseChromium(machine([app], {}, "darwin")).executablePath).toBe(app);
    expect(() => chooseChromium(machine([app], {}, "linux"))).toThrow(HOW_TO_GET_CHROMIUM);
  });

  it("says how to get one when there is none", () => {
    expect(() => chooseChromium(machine([]))).toThrow("npx playwright install chromium");
  });
});
