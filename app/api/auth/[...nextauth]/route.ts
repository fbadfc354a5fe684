// Auth.js: sign in, sign out, session, magic-link callback
import { handlers } from "@/lib/auth/auth";

export const { GET, POST } = handlers;
