import path from "node:path";

/** The repository's root: where node_modules, .env and the built app live. */
export const ROOT = path.resolve(import.meta.dirname, "..", "..");
