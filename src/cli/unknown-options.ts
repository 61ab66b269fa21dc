/**
 * Commander checks a command's required options before its unknown ones, so a mistyped required
 * flag (`export --fromat json`) was reported as `required option '--format <name>' not specified`,
 * with no hint of the typo. The command's flags are scanned first, and the first unknown one gets
 * commander's own unknown-option error, with its "Did you mean --format?".
 */
import type { Command, Option } from 'commander';

/** The first `-x`/`--name` in `args` (a command's arguments) that `command` does not define, or null. */
export function firstUnknownOption(command: Command, args: readonly string[]): string | null {
  const takesValue = (o: Option) => o.required || o.optional;
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (token === '--') return null; // the rest are operands
    if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) continue;
    const flag = token.split('=')[0]!;
    // The program's own options (`--version`) are accepted after a command too.
    const option = ownersOf(command).flatMap((c) => c.options).find((o) => o.long === flag || o.short === flag);
    if (!option) return flag;
    // A value given apart is the next argument, whatever it looks like (`--state "-0.1 0 0 0"`).
    if (takesValue(option) && !token.includes('=') && (option.required || !args[i + 1]?.startsWith('-'))) i++;
  }
  return null;
}

/** Reports the first unknown flag of `command` as commander does (it throws under exitOverride). */
export function refuseUnknownOptions(command: Command, args: readonly string[]): void {
  const flag = firstUnknownOption(command, args);
  // unknownOption is commander's own (typed as private): the same message and suggestion as its later check.
  if (flag) (command as unknown as { unknownOption(flag: string): void }).unknownOption(flag);
}

/** `command` and the commands above it. */
function ownersOf(command: Command): Command[] {
  const owners: Command[] = [];
  for (let c: Command | null = command; c; c = c.parent) owners.push(c);
  return owners;
}
