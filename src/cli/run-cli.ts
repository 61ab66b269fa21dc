/**
 * `qlens`: the command line. Subcommands load lazily (a `qlens envs` should not pay for tfjs), every
 * command has `--help`; `runCli` returns the exit code and main.ts, the only file that calls
 * `process.exit`, exits with it: expected failures (`QlensError`, bad flags) print one line and
 * exit 1; anything else is a bug and says so. Tests of the messages call `runCli` in-process.
 */
import { readFileSync } from 'node:fs';
import { FS_REASONS } from '../core/read-file.ts';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { QlensError } from '../core/errors.ts';
import { refuseUnknownOptions } from './unknown-options.ts';

type Register = (program: Command) => void;

const commands: Record<string, () => Promise<{ register: Register }>> = {
  train: () => import('./commands/train.ts'),
  eval: () => import('./commands/eval.ts'),
  envs: () => import('./commands/envs.ts'),
  serve: () => import('./commands/serve.ts'),
  start: () => import('./commands/start.ts'),
  publish: () => import('./commands/publish.ts'),
  mimic: () => import('./commands/mimic.ts'),
  export: () => import('./commands/export.ts'),
  explain: () => import('./commands/explain.ts'),
  importance: () => import('./commands/importance.ts'),
  import: () => import('./commands/import.ts'),
  record: () => import('./commands/record.ts'),
  tensorboard: () => import('./commands/tensorboard.ts'),
};

/**
 * Commands that serve the dashboard start loading its files now, before the command's own modules
 * load: esbuild bundles in its own process and gzip runs on the thread pool, so on a first start
 * (no disk cache yet, web-bundle.ts) the ~0.4 s of building overlaps the ~0.5 s of loading
 * instead of following it. The command awaits the same promise before it listens.
 */
function startLoadingDashboard(argv: string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) return;
  const name = argv.find((a) => !a.startsWith('-'));
  if (name === 'start' || name === 'serve' || (name === 'train' && argv.includes('--serve'))) {
    import('../server/web-bundle.ts').then((m) => m.warmWebAssets()).catch(() => {}); // a failure is retried when the command warms
  }
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;
}

/** Runs `qlens <argv>` in this process and returns its exit code (it never exits). */
export async function runCli(argv: string[]): Promise<number> {
  const program = new Command('qlens')
    .description('Train DQN agents and explain them with Linear Model U-Trees.')
    .version(packageVersion(), '-V, --version', 'print the qlens version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');
  const name = argv.find((a) => !a.startsWith('-'));
  // Register only the command being run, unless help or an unknown command needs the full list.
  // `qlens --version` needs no command (loading them all, tfjs included, took ~2 s).
  const versionOnly = argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V');
  const wanted = versionOnly ? [] : name && commands[name] ? [name] : Object.keys(commands);
  startLoadingDashboard(argv);
  for (const key of wanted) (await commands[key]!()).register(program);
  try {
    const command = name !== undefined && !argv.some((a) => a === '--help' || a === '-h') ? program.commands.find((c) => c.name() === name) : undefined;
    if (command) refuseUnknownOptions(command, argv.slice(argv.indexOf(name!) + 1));
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode; // commander already printed its message
    if (err instanceof QlensError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 1;
    }
    const fsMessage = fileSystemMessage(err);
    if (fsMessage) {
      process.stderr.write(`error: ${fsMessage}\n`);
      return 1;
    }
    process.stderr.write(`internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.env.QLENS_DEBUG) process.stderr.write(`${(err as Error)?.stack}\n`);
    else process.stderr.write('(this is a bug in qlens; set QLENS_DEBUG=1 for the stack trace)\n');
    return 2;
  }
}

/** The file system refusing a path the user gave is the user's to fix, not a bug: say which path and why in words. */
function fileSystemMessage(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException | null;
  const reason = e && typeof e.code === 'string' ? FS_REASONS[e.code] : undefined;
  if (!reason || typeof e!.path !== 'string') return null;
  return `cannot use ${e!.path}: ${reason}`;
}
