/**
 * The names of the files the dashboard downloads, one scheme for all of them, shared by the server
 * (the export route's Content-Disposition) and the page (CSV, SHAP CSV, GIF): before, the exports
 * were `CartPole-v1.tree.json` and `CartPole_v1_policy.py` beside `qlens-pretrained-CartPole-v1-shap.csv`.
 * A pure module of its own, so the web bundle takes it without any server code.
 */

/**
 * `qlens-<run>-<what>.<extension>`: the run's id, a pretrained agent's without the `~` of its
 * internal id (`pretrained-CartPole-v1`), and characters that file systems refuse replaced by `_`.
 */
export function downloadName(runId: string, what: string, extension: string): string {
  return `qlens-${runId.replace(/^pretrained~/, 'pretrained-').replace(/[^\w.~+-]/g, '_')}-${what}.${extension}`;
}

/**
 * The same name for a Python module, which is imported by its file name and must then be an
 * identifier: `qlens_pretrained_CartPole_v1_policy.py`.
 */
export function pythonModuleName(runId: string, what: string): string {
  return `${downloadName(runId, what, 'py').slice(0, -'.py'.length).replace(/\W/g, '_').replace(/^(?=\d)/, '_')}.py`;
}
