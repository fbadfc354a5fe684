// The job worker process: webhook event processing and the billing schedules. `npm start` runs it beside the app.
import { startWorker } from "../lib/jobs/worker";
import { reportLicenseAtStart } from "../lib/license/installation";
import { BACKGROUND_NICE, lowerPriorityOfSessions, WORKER_APPLICATION_NAME } from "../lib/jobs/session-priority";
import { nameDatabaseSessions } from "./lib/process-env";
import { setProcessPriority } from "./lib/process-priority";

// Background work yields the CPU to the app, so webhook acknowledgements stay fast while the queue drains (where the
// OS refuses, the worker runs at normal priority).
setProcessPriority(BACKGROUND_NICE);
nameDatabaseSessions(WORKER_APPLICATION_NAME);

const worker = await startWorker();
console.log(`worker ready (${worker.ids.join(", ")})`);
const sessions = lowerPriorityOfSessions(WORKER_APPLICATION_NAME);
await reportLicenseAtStart();
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    sessions.stop();
    // Let running jobs finish; their transactions either commit or the job is retried.
    void worker.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
