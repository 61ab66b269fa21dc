/**
 * A chart redrawn by `Plotly.react` calls queued one after another. Sliders and selects ask for
 * draws faster than Plotly makes them: while one draw runs, only the newest request waits, the
 * ones in between are dropped. `destroy` purges the element once the last draw is done.
 */
export abstract class QueuedChart<T> {
  private queue: Promise<unknown> = Promise.resolve();
  private latest: { value: T } | null = null;

  constructor(readonly el: HTMLElement) {}

  draw(value: T): Promise<unknown> {
    const waiting = this.latest !== null;
    this.latest = { value };
    if (waiting) return this.queue;
    this.queue = this.queue.then(() => {
      const { value: newest } = this.latest!;
      this.latest = null;
      return this.render(newest);
    });
    return this.queue;
  }

  destroy(): void {
    void this.queue.then(() => window.Plotly?.purge(this.el));
  }

  protected abstract render(value: T): Promise<unknown>;
}
