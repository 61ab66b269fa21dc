/** Files the dashboard hands to the browser's download: their names and the download itself. */

// One naming scheme with the server's exports (src/server/dto-download.ts).
export { downloadName } from '../src/server/dto-download.ts';

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
