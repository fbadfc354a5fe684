// Runs before each unit file: whatever the shell or the integration project's setup exported is not theirs.
import { exportToEnv } from "@/scripts/lib/process-env";

exportToEnv({ DATABASE_URL: undefined, SMTP_URL: undefined, TOLLGATE_TEST_PG_URL: undefined, TOLLGATE_TEST_MAIL_URL: undefined });
