import type { APIRequestContext } from "@playwright/test";
import { appBaseUrl } from "./env";

type Options = Parameters<APIRequestContext["fetch"]>[1];
const withOrigin = (options: Options = {}, origin = appBaseUrl()): Options => ({ ...options, headers: { origin, ...options?.headers } });

/**
 * A request context that calls the API as the app's own pages do: state-changing requests carry the
 * app's Origin, which the CSRF check requires (a browser adds it by itself; an API client says it).
 */
export function api(request: APIRequestContext, origin = appBaseUrl()) {
  return {
    get: (url: string, options?: Options) => request.get(url, options),
    post: (url: string, options?: Options) => request.post(url, withOrigin(options, origin)),
    patch: (url: string, options?: Options) => request.patch(url, withOrigin(options, origin)),
    put: (url: string, options?: Options) => request.put(url, withOrigin(options, origin)),
    delete: (url: string, options?: Options) => request.delete(url, withOrigin(options, origin)),
    fetch: (url: string, options?: Options) => request.fetch(url, withOrigin(options, origin)),
  };
}
