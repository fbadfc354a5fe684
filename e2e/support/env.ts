import { sharedTestValue } from "../../test/support/test-settings";

export const DEMO_PASSWORD = "tollgate-demo";
export const inboxUrl = () => `http://127.0.0.1:${sharedTestValue("TOLLGATE_TEST_MAIL_PORT")}`;
export const stripeEmulatorUrl = () => `http://127.0.0.1:${sharedTestValue("TOLLGATE_TEST_STRIPE_PORT")}`;
export const appBaseUrl = () => `http://127.0.0.1:${sharedTestValue("TOLLGATE_TEST_APP_PORT")}`;

/** The webhook signing secret of the e2e stack's endpoint (public: it exists only in this repository's test stack). */
export const E2E_WEBHOOK_SECRET = "whsec_tollgate_e2e_only";

/** This run's license key pair (PEM): the e2e stack signs licenses with the private key, the self-hosted stack checks them. */
export const licenseKeys = () => ({
  privateKey: sharedTestValue("TOLLGATE_TEST_LICENSE_PRIVATE_KEY")!,
  publicKey: sharedTestValue("TOLLGATE_TEST_LICENSE_PUBLIC_KEY")!,
});
