import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Every route.ts under app/api/<under>, as its URL path (relative to app/api, "/"-joined) and its source. */
export function apiRouteFiles(under = ""): { path: string; source: string }[] {
  const apiRoot = path.join(process.cwd(), "app", "api");
  const found: { path: string; source: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts")
        found.push({ path: path.relative(apiRoot, dir).split(path.sep).join("/"), source: readFileSync(full, "utf8") });
    }
  };
  walk(path.join(apiRoot, under));
  return found;
}
