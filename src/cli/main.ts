/** The `qlens` process: runs the command (run-cli.ts) and exits with its code once the output is out. */
import { runCli } from './run-cli.ts';

/**
 * Exits once stdout and stderr have handed over what was written: to a pipe, writes are
 * asynchronous, and `process.exit` right away cut piped output at 64 KiB (`qlens export … | dot`).
 * An empty write's callback runs after every earlier write on that stream.
 */
function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

runCli(process.argv.slice(2)).then(exitWhenFlushed, (err) => {
  process.stderr.write(`internal error: ${String(err)}\n`);
  exitWhenFlushed(2);
});
