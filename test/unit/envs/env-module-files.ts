/** Environment modules written for a test, in a temporary folder of its own. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function envModuleFiles(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));

  /** A module file of `body`. */
  function moduleFile(name: string, body: string): string {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  }

  /** A module registering `id`, whose env has two observed values and two actions unless `members` overrides its methods. */
  function envModule(name: string, id: string, members = '', registration = ''): string {
    return moduleFile(
      name,
      `class E {
      observationSpace = { low: [0, 0], high: [10, 10] };
      actionSpace = { n: 2 };
      x = 0;
      reset({ seed } = {}) { this.x = seed ?? 0; return { observation: [this.x, 1], info: {} }; }
      step(a) { this.x += a; return { observation: [this.x, 1], reward: 1, terminated: this.x > 5, truncated: false, info: {} }; }
      ${members}
    }
    export default { id: '${id}', create: () => new E(), ${registration} };`,
    );
  }

  return { dir, moduleFile, envModule };
}
