// Runs before each integration file, in its worker: the file's DATABASE_URL is a database of its own.
import { exportToEnv } from "@/scripts/lib/process-env";
import { appDatabaseUrl } from "@/test/support/databases";

exportToEnv({ DATABASE_URL: await appDatabaseUrl("file") });
