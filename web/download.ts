/** Files the dashboard hands to the browser's download: their names and the download itself. */

/**
 * `qlens-<run>-<what>.<extension>`: the run's id, a pretrained agent's without the `~` of its
 * internal id (`pretrained-CartPole-v1`), and characters that file systems refuse replaced by `_`.
 */
export function downloadName(runId: string, what: string, extension: string): string {
  return `qlens-${runId.replace(/^pretrained~/, 'pretrained-').replace(/[^\w.~+-]/g, '_')}-${what}.${extension}`;
}

/** Saves `blob` as a file named `filename`. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // After the click has handed the blob to the download.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
