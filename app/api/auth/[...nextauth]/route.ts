// Auth.js: sign in, sign out, session, magic-link callback
export { GET, POST } from "@/lib/auth/route-handlers";
