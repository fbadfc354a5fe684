// A module resolution hook for the web process, which loads lib/ outside Next's bundle: `server-only` marks modules
// that must never reach a browser, and this process is a server, so the marker resolves as Next's server bundle
// resolves it (the react-server condition: an empty module).
export async function resolve(specifier, context, nextResolve) {
  if (specifier !== "server-only") return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
}
