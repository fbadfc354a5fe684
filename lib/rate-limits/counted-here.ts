import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

// A sign-in link is counted where the request enters (the form's action, or the POST to Auth.js), so
// the refusal can be a clear message or a 429; Auth.js's mail callback counts only what got past both.
const counted = new AsyncLocalStorage<true>();

export const whileCounted = <T>(work: () => Promise<T>): Promise<T> => counted.run(true, work);
export const isCounted = (): boolean => counted.getStore() === true;
