import "server-only";
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import Nodemailer from "next-auth/providers/nodemailer";
import { claimVerifiedAddress } from "@/lib/auth/claim-verified-address";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { closeSession, openSession, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/sessions";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { db } from "@/lib/db";
import { sendEmail } from "@/lib/email/send-email";
import { magicLinkMessage } from "@/lib/email/templates";
import { appUrl } from "@/lib/app-url";
import { clientAddressOf } from "@/lib/http/client-address";
import { isCounted } from "@/lib/rate-limits/counted-here";
import { limitEmail } from "@/lib/rate-limits/limit-email";
import { env } from "@/lib/env";
import { logAuthError } from "@/lib/auth/auth-logger";

class ThrottledSignIn extends CredentialsSignin {
  code = "throttled";
}

/** The emailed sign-in link, rebuilt on APP_BASE_URL: only its path and query come from Auth.js. */
function linkOnAppOrigin(url: string): string {
  const parsed = new URL(url);
  return appUrl(parsed.pathname) + parsed.search;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  // Hosts are not trusted from the client: the app server pins Host and X-Forwarded-* to APP_BASE_URL
  // (lib/http/edge), the route handlers hand Auth.js a request on that origin, emailed links are rebuilt
  // on it and redirects are kept on it below.
  trustHost: true,
  adapter: PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/signin", verifyRequest: "/signin/check-email", error: "/signin" },
  logger: { error: logAuthError },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const result = await verifyCredentials(credentials, clientAddressOf(request.headers));
        if (result.ok) return result.user;
        if (result.reason === "throttled") throw new ThrottledSignIn();
        return null;
      },
    }),
    Nodemailer({
      server: env().SMTP_URL,
      from: env().MAIL_FROM,
      async sendVerificationRequest({ identifier, url, request }) {
        // Counted where the request came in (see counted-here.ts); this is the backstop for any other way in.
        if (!isCounted()) await limitEmail("sign-in-link", identifier, { clientIp: clientAddressOf(request.headers) });
        await sendEmail(magicLinkMessage(identifier, linkOnAppOrigin(url)));
      },
    }),
  ],
  callbacks: {
    async signIn({ user, account, email }) {
      // The click on an emailed link (not the request for one) proves the mailbox.
      if (account?.provider === "nodemailer" && !email?.verificationRequest && user.email) await claimVerifiedAddress(user.email);
      return true;
    },
    redirect({ url }) {
      return appUrl(safeCallbackPath(url, "/orgs").slice(1));
    },
    async jwt({ token, user }) {
      if (user?.id) {
        // Read after claimVerifiedAddress may have moved it on.
        const current = await db.user.findUnique({ where: { id: user.id }, select: { sessionVersion: true } });
        token.sv = current?.sessionVersion ?? 0;
        token.sid = await openSession(user.id);
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.sessionVersion = typeof token.sv === "number" ? token.sv : 0;
      session.sid = typeof token.sid === "string" ? token.sid : "";
      return session;
    },
  },
  events: {
    async signOut(message) {
      if ("token" in message && message.token) await closeSession(message.token.sid);
    },
  },
}));

declare module "next-auth" {
  interface Session {
    sessionVersion: number;
    sid: string;
  }
}
