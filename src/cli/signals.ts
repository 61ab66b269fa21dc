/** Ctrl-C handling shared by the long-running commands (train, serve, start). */

/**
 * Resolves on the first Ctrl-C or SIGTERM; a second Ctrl-C quits at once. Under `npm start` npm
 * forwards the terminal's SIGINT to us, which also gets it directly: signals within a second of
 * the first are that same Ctrl-C, not a second one. (npm runs `node src/cli/bin.js`, not the tsx
 * CLI: tsx's launcher kills a child that has not answered a signal within 30 ms, which a run
 * writing its final tree cannot.)
 */
export function untilSignal(onFirst?: () => void): Promise<void> {
  return new Promise((resolve) => {
    onSignals(() => {
      onFirst?.();
      resolve();
    });
  });
}

/** `untilSignal`'s handling with a callback; returns what removes the handlers (a command that finished on its own). */
export function onSignals(onFirst: () => void): () => void {
  let first = 0;
  const handler = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (first === 0) {
      first = now;
      stoppedBy = signal;
      onFirst();
    } else if (now - first > 1000) {
      process.kill(process.pid, 'SIGKILL');
    }
  };
  process.on('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

let stoppedBy: NodeJS.Signals | null = null;

/** The exit code of a command a signal stopped, as shells report it: 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM). */
export function signalExitCode(): number {
  return stoppedBy === 'SIGTERM' ? 143 : 130;
}
