/**
 * `GET /api/runs/:id/export?format=json|dot|rules|text|html|code` downloads the run's tree as a
 * file (Content-Disposition: attachment, named as the dashboard names every download, after the run:
 * `qlens-<run>-tree.json`, src/server/dto-download.ts): the tree's JSON model, Graphviz DOT,
 * the rules as text, scikit-learn-style text, the offline HTML report (with influence and, when the
 * run has one, the fidelity table) or a standalone policy module (`language=js|ts|py`). Exports are
 * cached with the tree version: a 2,000-leaf DOT file is built once.
 */
import { Router } from 'express';
import { z } from 'zod';
import { exportCode, exportDot, exportHtml, exportText, exportTreeJSON, rulesText, treeRules } from '../../explain/index.ts';
import { CODE_LANGUAGES, type CodeLanguage, EXPORT_FORMATS, FORMAT_SETTINGS } from '../../explain/export/options.ts';
import type { ServerContext } from '../context.ts';
import { downloadName, pythonModuleName } from '../dto-download.ts';
import type { InfluenceResponse } from '../dto.ts';
import { readFidelity } from '../fidelity-file.ts';
import { HttpError } from '../http-error.ts';
import { influenceOf } from '../influence-data.ts';
import type { RunEntry } from '../run-catalog.ts';
import type { LoadedTree } from '../tree-cache.ts';
import { parse, queryInt, runParams, tokenParam } from '../validate.ts';

const exportQuery = z
  .strictObject({
    format: z.enum(EXPORT_FORMATS),
    /** dot and text: deepest level drawn; deeper branches become one marker. */
    maxDepth: queryInt(0, 64).optional(),
    /** code: JavaScript (ES module with JSDoc), TypeScript or Python. */
    language: z.enum(CODE_LANGUAGES).optional(),
    token: tokenParam,
  })
  // As `qlens export` refuses them: a parameter the format does not use is a mistake, not a no-op.
  .refine((q) => q.maxDepth === undefined || FORMAT_SETTINGS.maxDepth.includes(q.format), { path: ['maxDepth'], message: 'only with format dot or text (it cuts the drawing)' })
  .refine((q) => q.language === undefined || FORMAT_SETTINGS.language.includes(q.format), { path: ['language'], message: 'only with format code' })
  .transform((q) => ({ ...q, language: q.language ?? 'js' }));
type ExportQuery = z.output<typeof exportQuery>;

interface Download {
  body: string;
  type: string;
  /** The file's name is `downloadName(run, what, extension)`: the dashboard's own downloads' scheme. */
  what: string;
  extension: string;
}

const CODE_DOWNLOADS: Readonly<Record<CodeLanguage, Omit<Download, 'body'>>> = {
  js: { type: 'text/javascript', what: 'policy', extension: 'js' },
  ts: { type: 'application/typescript', what: 'policy', extension: 'ts' },
  py: { type: 'text/x-python', what: 'policy', extension: 'py' },
};

export function exportRouter(ctx: ServerContext): Router {
  const router = Router();

  router.get('/runs/:id/export', async (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    const query = parse(exportQuery, req.query, 'query');
    const entry = ctx.catalog.get(id);
    const loaded = ctx.trees.get(entry.dir);
    const influence = query.format === 'html' ? await optionalInfluence(ctx, entry) : null;
    const key = `export:${query.format}:${query.maxDepth ?? ''}:${query.language}:${influence?.weights ?? ''}`;
    const file = loaded.memo(key, () => build(loaded, query, entry, influence));
    // Named as the page names its downloads (qlens-pretrained-CartPole-v1-tree.json); a Python module
    // is imported by its file name, which must then be an identifier (qlens_pretrained_CartPole_v1_policy.py).
    res.attachment(file.extension === 'py' ? pythonModuleName(id, file.what) : downloadName(id, file.what, file.extension));
    res.type(file.type).setHeader('Cache-Control', 'no-store');
    res.send(file.body);
  });

  return router;
}

/** The report shows influence when the network can play; a run without a saved network still exports. */
async function optionalInfluence(ctx: ServerContext, entry: RunEntry): Promise<InfluenceResponse | null> {
  try {
    return await influenceOf(ctx, entry, { episodes: 20, seed: 0 });
  } catch (err) {
    if (err instanceof HttpError && err.status === 409) return null;
    throw err;
  }
}

function build(loaded: LoadedTree, query: ExportQuery, entry: RunEntry, influence: InfluenceResponse | null): Download {
  const { tree } = loaded;
  const depth = query.maxDepth === undefined ? {} : { maxDepth: query.maxDepth };
  switch (query.format) {
    case 'json':
      return { body: exportTreeJSON(tree), type: 'application/json', what: 'tree', extension: 'json' };
    case 'dot':
      return { body: exportDot(tree, depth), type: 'text/vnd.graphviz', what: 'tree', extension: 'dot' };
    case 'text':
      return { body: exportText(tree, depth), type: 'text/plain', what: 'tree', extension: 'txt' };
    case 'rules':
      return { body: rulesText(treeRules(tree, { sortBy: 'samples' }), { featureNames: tree.featureNames }), type: 'text/plain', what: 'rules', extension: 'txt' };
    case 'code':
      return { body: exportCode(tree, { language: query.language }), ...CODE_DOWNLOADS[query.language] };
    case 'html': {
      const fidelity = tryFidelity(entry.dir);
      const body = exportHtml({
        tree,
        title: `${entry.name}: LMUT explanation`,
        subtitle: `Tree of the network of run ${entry.name}${influence ? `; influence on ${influence.samples} held-out states from ${influence.episodes} greedy episodes` : ''}.`,
        influence: influence ? { ...influence, nodes: [] } : undefined,
        fidelity,
      });
      return { body, type: 'text/html', what: 'report', extension: 'html' };
    }
  }
}

function tryFidelity(dir: string) {
  try {
    return readFidelity(dir).report;
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) return undefined; // no fidelity.json: the report leaves it out
    throw err;
  }
}
