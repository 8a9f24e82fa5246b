/**
 * The time the emulated services wait by: visibility timeouts, message delays, batching windows,
 * retry back-off, long polls. `scale` > 1 makes those waits pass that many times faster (a queue's
 * 180 s visibility timeout takes 1.8 s at 100); the functions' own timeouts are never scaled.
 */
export class Clock {
  constructor(readonly scale = 1) {
    if (!(scale >= 1) || !Number.isFinite(scale)) throw new Error(`--time-scale must be a number >= 1, got ${scale}`);
  }

  /** Real milliseconds for an emulated duration in seconds. */
  ms(seconds: number): number {
    return (seconds * 1000) / this.scale;
  }

  sleep(seconds: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, this.ms(seconds));
      signal?.addEventListener("abort", done);
    });
  }
}
