/**
 * What a script has started, stopped newest first. Scripts install their
 * signal handlers before starting anything, so Ctrl-C at any moment — even
 * half-way through start-up — leaves nothing running.
 */
export class Services {
  private readonly stoppers: { name: string; stop: () => Promise<void> }[] = [];
  private stopping: Promise<void> | undefined;

  add(name: string, stop: () => Promise<void>): void {
    this.stoppers.push({ name, stop });
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

  /** Stops everything on SIGINT/SIGTERM, runs `after`, then exits. */
  stopOnSignals(after: () => void = () => {}): void {
    const handle = async () => {
      await this.stopAll();
      after();
      process.exit(0);
    };
    process.on("SIGINT", handle);
    process.on("SIGTERM", handle);
  }
}

/** A readable reason from whatever a failed start threw (some libraries throw strings or nothing). */
export function describeFailure(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err === undefined || err === null) return "an unknown error (see the output above)";
  return typeof err === "string" ? err : JSON.stringify(err);
}
