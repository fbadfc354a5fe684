/**
 * What a script has started, stopped newest first. Scripts install their
 * signal handlers before starting anything, so Ctrl-C at any moment — even
 * half-way through start-up — leaves nothing running.
 */
export class Services {
  private readonly stoppers: { name: string; stop: () => Promise<void>; kill?: () => void }[] = [];
  private stopping: Promise<void> | undefined;

  /** `kill`, when given, ends the service at once; a second signal during shutdown uses it. */
  add(name: string, stop: () => Promise<void>, kill?: () => void): void {
    this.stoppers.push({ name, stop, kill });
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const { name, stop } of this.stoppers.reverse()) {
        await stop().catch((err: unknown) => console.error(`could not stop ${name}:`, err));
      }
    })();
    return this.stopping;
  }

  /**
   * Stops everything on SIGINT/SIGTERM, runs `after`, then exits; on a crash, stops everything and exits with 1. A further signal while stopping (a second
   * Ctrl-C, or the TERM a process manager sends when it runs out of patience) escalates: whatever can be killed
   * is killed at once, and the ordered stop finishes with what is left (PostgreSQL last), so nothing is orphaned.
   * One signal often arrives twice at once (from the terminal and relayed by a parent), so only one that comes
   * a moment after the first escalates.
   */
  stopOnSignals(after: () => void = () => {}): void {
    let firstAt = 0;
    const handle = async () => {
      if (firstAt && Date.now() - firstAt > 500) this.killAll();
      firstAt ||= Date.now();
      await this.stopAll();
      after();
      process.exit(0);
    };
    process.on("SIGINT", handle);
    process.on("SIGTERM", handle);
    // A crash (an error nothing caught) would end the process at once and leave its children running.
    const crash = async (err: unknown) => {
      console.error("✖ stopping everything after an unexpected error:", err);
      await this.stopAll();
      process.exit(1);
    };
    process.on("uncaughtException", crash);
    process.on("unhandledRejection", crash);
  }

  private killAll(): void {
    for (const { kill } of this.stoppers) kill?.();
  }
}

/** A readable reason from whatever a failed start threw (some libraries throw strings or nothing). */
export function describeFailure(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err === undefined || err === null) return "an unknown error (see the output above)";
  return typeof err === "string" ? err : JSON.stringify(err);
}
