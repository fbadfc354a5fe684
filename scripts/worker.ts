// The job worker process: webhook event processing and the billing schedules. `npm start` runs it beside the app.
import { startWorker } from "../lib/jobs/worker";

const worker = await startWorker();
console.log(`worker ready (${worker.ids.join(", ")})`);
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // Let running jobs finish; their transactions either commit or the job is retried.
    void worker.stop().then(() => process.exit(0), () => process.exit(1));
  });
}
