/**
 * `qlens export`: the run's tree as JSON, Graphviz DOT, text rules, a self-contained HTML report or a
 * dependency-free JS/TS module with `qValues(obs)` and `act(obs)`. Prints to stdout or `--out`.
 */
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { Command } from 'commander';
import { refuseGiven } from '../options.ts';
import { make } from '../../../envs/index.ts';
import { ConfigError } from '../../core/errors.ts';
import { exportCode, exportDot, exportHtml, exportText, exportTreeJSON, featureInfluence, RULES_PRECISION, rulesText, treeRules } from '../../explain/index.ts';
import { DEFAULT_PRECISION } from '../../explain/format.ts';
import { CODE_LANGUAGES, type CodeLanguage, EXPORT_FORMATS, type ExportFormat, FORMAT_SETTINGS } from '../../explain/export/options.ts';
import { exportFormat, FORMAT_EXTENSIONS_TEXT, LANGUAGE_OF_EXTENSION } from '../export-format.ts';
import { heldOutSet } from '../../mimic/offline.ts';
import { OWN_PLAY } from '../../explain/play-range.ts';
import { isFolder } from '../../core/read-file.ts';
import { readFidelityFile } from '../../runs/fidelity-file.ts';
import type { FidelityReport } from '../../explain/index.ts';
import { loadRunNetwork } from '../../runs/load-network.ts';
import { loadRunTree } from '../../runs/load-tree.ts';
import { RUN_FILES, readRunConfig } from '../../runs/run-files.ts';
import { positiveInt } from '../numbers.ts';
import { checkOutputFile, writeOutputFile } from '../output-file.ts';


interface ExportFlags {
  run: string;
  tree?: string;
  format?: string;
  out?: string;
  maxDepth?: string;
  precision?: string;
  language?: string;
}

export function register(program: Command): void {
  program
    .command('export')
    .description("Export a run's LMUT tree: json, dot (Graphviz), text, rules, html (self-contained report) or code (JS/TS/Python module)")
    .requiredOption('--run <dir>', 'run directory or pretrained agent')
    .option('--format <name>', `${EXPORT_FORMATS.join(' | ')} (default: from the --out extension: ${FORMAT_EXTENSIONS_TEXT}; a .txt, or stdout, needs it)`)
    .option('--tree <file>', "a tree grown for the run's agent elsewhere (`qlens mimic --out`: its folder or its tree.json) instead of the run's tree.json; html takes fidelity.json from beside it")
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--max-depth <n>', 'dot/text: truncate below this depth')
    .option('--precision <digits>', `dot/text/rules: significant digits of numbers (default ${DEFAULT_PRECISION}; rules ${RULES_PRECISION}, with thresholds to the digits that keep float32 observations on their side: enough to reproduce the tree's decisions)`)
    .option('--language <js|ts|py>', 'code: JavaScript, TypeScript or Python module (default: from the --out extension, .ts or .py, else js; a .cjs or .cts file gets CommonJS)')
    .addHelpText('after', '\nExamples:\n  qlens export --run agents/pretrained/CartPole-v1 --out tree.dot && dot -Tsvg tree.dot > tree.svg\n  qlens export --run agents/pretrained/CartPole-v1 --out report.html\n  qlens export --run agents/pretrained/CartPole-v1 --out policy.py\n  qlens export --run agents/pretrained/CartPole-v1 --format rules')
    .action(async (flags: ExportFlags, command: Command) => {
      const format = exportFormat(flags.format, flags.out);
      if (!FORMAT_SETTINGS.maxDepth.includes(format)) refuseGiven(command, ['maxDepth'], `with --format ${format} (it cuts --format dot and text)`);
      if (!FORMAT_SETTINGS.language.includes(format)) refuseGiven(command, ['language'], `with --format ${format} (it picks the language of --format code)`);
      if (!FORMAT_SETTINGS.precision.includes(format)) refuseGiven(command, ['precision'], `with --format ${format} (it rounds --format dot, text and rules; ${format === 'code' || format === 'json' ? `${format} keeps every digit` : 'the report rounds for reading'})`);
      const precision = flags.precision === undefined ? undefined : positiveInt('precision', flags.precision, 17);
      const language = codeLanguage(flags.language, flags.out);
      const maxDepth = flags.maxDepth === undefined ? undefined : positiveInt('max-depth', flags.maxDepth, 64, 0);
      // Node loads a .cjs file (TypeScript a .cts) as CommonJS, where `export` is a syntax error: it gets module.exports (.mjs, .js, .mts and .ts stay ES modules).
      const module = flags.out !== undefined && COMMONJS_EXTENSION[language] === extname(flags.out).toLowerCase() ? 'commonjs' : 'esm';
      if (flags.out) checkOutputFile(flags.out); // before the tree is loaded and rendered
      const text = await render(format, flags.run, flags.tree, { maxDepth, precision }, language, module);
      if (flags.out) {
        writeOutputFile(flags.out, text);
        process.stdout.write(`wrote ${flags.out}\n`);
      } else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    });
}

/** The language of `--format code`: as given, else the one `--out`'s extension implies (policy.py is Python); a file that could not run it is refused. */
function codeLanguage(given: string | undefined, out: string | undefined): CodeLanguage {
  const implied = out === undefined ? undefined : LANGUAGE_OF_EXTENSION[extname(out).toLowerCase()];
  const language = given ?? implied ?? 'js';
  if (!(CODE_LANGUAGES as readonly string[]).includes(language)) {
    throw new ConfigError('language', `Invalid --language: ${JSON.stringify(language)} (allowed: ${CODE_LANGUAGES.join(', ')})`);
  }
  // JavaScript in a .ts file runs, but TypeScript checks it as TypeScript, where its untyped parameters fail strict mode: refused as the others are.
  if (implied !== undefined && implied !== language) {
    const why = language === 'js' && implied === 'ts' ? 'TypeScript checks a .ts file as TypeScript, where the JavaScript module\'s untyped parameters fail strict mode' : `${LANGUAGE_NAMES[language as CodeLanguage]} does not run from a ${extname(out!)} file`;
    throw new ConfigError('language', `--language ${language} with --out ${out}: ${why}; name it ${EXTENSION_OF_LANGUAGE[language as CodeLanguage]} or give --language ${implied}`);
  }
  return language as CodeLanguage;
}

const EXTENSION_OF_LANGUAGE: Readonly<Record<CodeLanguage, string>> = { js: '.js', ts: '.ts', py: '.py' };
/** The extension a language's CommonJS module takes. */
const COMMONJS_EXTENSION: Readonly<Record<CodeLanguage, string | undefined>> = { js: '.cjs', ts: '.cts', py: undefined };
const LANGUAGE_NAMES: Readonly<Record<CodeLanguage, string>> = { js: 'JavaScript', ts: 'TypeScript', py: 'Python' };

async function render(format: ExportFormat, dir: string, treeFile: string | undefined, { maxDepth, precision }: { maxDepth?: number; precision?: number }, language: CodeLanguage, module: 'esm' | 'commonjs'): Promise<string> {
  const tree = loadRunTree(dir, treeFile);
  const spec = readRunConfig(dir).envSpec;
  const names = { featureNames: spec.featureNames, actionNames: spec.actionNames };
  switch (format) {
    case 'json':
      return exportTreeJSON(tree);
    case 'dot':
      return exportDot(tree, { ...names, maxDepth, precision });
    case 'text':
      return exportText(tree, { ...names, maxDepth, precision });
    case 'rules':
      return rulesText(treeRules(tree, { ...names, sortBy: 'samples' }), { featureNames: spec.featureNames, precision });
    case 'code':
      return exportCode(tree, { ...names, language, module });
    case 'html': {
      // Influence is measured on the agent's own play, the dashboard's episodes; fidelity comes from the fidelity.json beside the tree.
      const { network } = await loadRunNetwork(dir);
      const held = heldOutSet(network, make(spec.id), OWN_PLAY.episodes, OWN_PLAY.seed);
      const fidelityPath = join(treeFile === undefined ? dir : isFolder(treeFile) ? treeFile : dirname(treeFile), RUN_FILES.fidelity);
      // Checked as publish and the dashboard check it: a broken file is named, not rendered.
      const fidelity = existsSync(fidelityPath) ? readFidelityFile(fidelityPath) : undefined;
      return exportHtml({
        tree,
        ...names,
        title: `${spec.id}: LMUT explanation of the DQN agent`,
        subtitle: treeFile === undefined ? dir : `${treeFile} (run ${dir})`,
        influence: featureInfluence(tree, held, names),
        influenceFrom: `${OWN_PLAY.episodes} greedy episodes of the agent's own play (seed ${OWN_PLAY.seed}, the dashboard's), not the fidelity's held-out states`,
        rules: treeRules(tree, { ...names, sortBy: 'samples' }),
        // NaN metrics were saved as null (JSON has no NaN); the report prints both as a dash, as the dashboard does.
        fidelity: fidelity?.report as FidelityReport | undefined,
        ...(fidelity ? { grown: { setting: fidelity.setting, pruned: fidelity.pruned } } : {}),
      });
    }
  }
}
