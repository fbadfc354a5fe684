import { AppError } from "@/lib/errors";

/** Who asks for operator data: the signed-in user as the page or route read it. */
export type Viewer = { readonly isSuperadmin: boolean } | null | undefined;

/**
 * Every function that reads operator-only data calls this first, whoever called it: a page's layout can be skipped
 * by a client navigation and does not stop the page from rendering, so the data itself must refuse.
 */
export function assertOperator(viewer: Viewer): asserts viewer is { readonly isSuperadmin: true } {
  if (viewer?.isSuperadmin !== true) throw new AppError("forbidden", "This is for platform operators.");
}
