import type { ApiContext } from "../http/router";
import type { Stored } from "../store/store";

type Ctx = Pick<ApiContext, "tx" | "now" | "emit">;
type IntentHook = (ctx: Ctx, intent: Stored & { id: string }) => void;

// Payment intents know nothing of invoices; billing listens for their success here (it breaks an import cycle).
const onSucceeded: IntentHook[] = [];

export const whenIntentSucceeds = (hook: IntentHook) => void onSucceeded.push(hook);
export const intentSucceeded = (ctx: Ctx, intent: Stored & { id: string }) => onSucceeded.forEach((hook) => hook(ctx, intent));

let publicBaseUrl = "http://127.0.0.1:12111";
/** Where hosted pages (invoices, PDFs) are served: the emulator's own address. */
export const setPublicBaseUrl = (url: string) => void (publicBaseUrl = url);
export const hostedUrl = (path: string) => `${publicBaseUrl}${path}`;
