/**
 * Where the online mimic's tree learns. In the trainer's thread by default; for a run long enough
 * to pay for it, on a machine with a spare core, in a thread of its own, so the split searches
 * (most of the mimic's cost: measured 0.3 of its 0.5 s per 100k CartPole steps) run beside
 * training instead of between its steps.
 *
 * The thread's script is bundled first (tree-thread-bundle.ts), and the trainer waits for neither:
 * the tree learns here until the thread says it is ready, then moves there whole (the full form
 * round-trips exactly). Batches are learned in the same order either way, so every number is the
 * same wherever and whenever the move happens. Requests that need the tree (fidelity, snapshots)
 * wait for the thread's answer synchronously (Atomics.wait on a shared counter, then
 * receiveMessageOnPort), so events and checkpoints come at the same steps as in-process.
 */
import { availableParallelism, loadavg } from 'node:os';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { QlensError } from '../core/errors.ts';
import type { LinearModelUTree } from '../lmut/index.ts';
import { checkBatch } from '../lmut/validate.ts';
import { compareQ, type QComparison } from './agreement.ts';
import { treeThreadScript } from './tree-thread-bundle.ts';
import type { ThreadReply, ThreadRequest } from './tree-thread-protocol.ts';

/** Runs shorter than this learn in the trainer's thread: a thread (bundle, start, the move) costs ~0.3 s of a core. */
export const THREAD_MIN_STEPS = 50_000;
/** A thread that does not answer a request in this long is taken for dead. */
const REPLY_TIMEOUT_MS = 60_000;

export interface TreeComparison {
  comparison: QComparison;
  samples: number;
  leaves: number;
  depth: number;
}

/**
 * Whether a run of `steps` environment steps learns its tree in a thread of its own: when the run
 * is long enough and a core is spare (the last minute's load average leaves one). On a busy machine
 * the thread only competes with training for a core and waits for it at every fidelity check:
 * measured on this 2-core machine at load 5-8, 100k CartPole steps took 4.6 s with the thread
 * against 4.0 s in-process (3.4 s without the mimic).
 */
export function threadPaysOff(steps: number): boolean {
  const cores = availableParallelism();
  return steps >= THREAD_MIN_STEPS && cores >= 2 && loadavg()[0]! < cores - 1;
}

export class OnlineTree {
  /** The tree while it learns in this thread; null once it has moved. */
  private local: LinearModelUTree | null;
  private readonly obsDim: number;
  private readonly nActions: number;
  private readonly names: { featureNames: readonly string[]; actionNames: readonly string[] };
  private thread: { worker: Worker; port: MessagePort; signal: Int32Array; moved: boolean } | null = null;
  private failure: Error | null = null;
  /** Set by `close`: a thread whose script arrives later is not started. */
  private closed = false;

  /** `useThread`: start the thread now (it loads while the run sets up), move the tree once it is ready. */
  constructor(tree: LinearModelUTree, useThread: boolean) {
    this.local = tree;
    this.obsDim = tree.obsDim;
    this.nActions = tree.nActions;
    this.names = { featureNames: tree.featureNames, actionNames: tree.actionNames };
    if (useThread) this.startThread();
  }

  /** A resumed run's tree, from its checkpoint: before any learning, so it has not moved yet. */
  restore(tree: LinearModelUTree): void {
    if (!this.local) throw new QlensError('the online tree cannot be restored once it learns in its own thread');
    if (tree.obsDim !== this.obsDim || tree.nActions !== this.nActions) throw new QlensError(`the restored tree has ${tree.obsDim} features and ${tree.nActions} actions; this run has ${this.obsDim} and ${this.nActions}`);
    this.local = tree;
  }

  /** Whether the tree has moved to its own thread. */
  get inThread(): boolean {
    return this.local === null;
  }

  learn(obs: Float32Array, q: Float32Array, n: number): void {
    this.moveWhenReady();
    if (this.local) return this.local.learn(obs, q, n);
    this.throwIfFailed();
    // Checked here, as the tree itself checks: a bad batch is refused at this call, with the same words.
    checkBatch(obs, q, n, this.obsDim, this.nActions, this.names.featureNames, this.names.actionNames);
    // Copies: `obs` is the caller's reused buffer, `q` may be a view of the network's memory.
    const o = obs.slice(0, n * this.obsDim);
    const labels = q.slice(0, n * this.nActions);
    this.post({ type: 'learn', obs: o, q: labels, n }, [o.buffer, labels.buffer]);
  }

  /** The tree's Q on `n` states against the network's `q`, with the tree's size. */
  compare(obs: Float32Array, q: Float32Array, n: number): TreeComparison {
    this.moveWhenReady();
    if (this.local) {
      const s = this.local.summary;
      return { comparison: compareQ(q, this.local.qBatch(obs, n), n, this.local.nActions), samples: s.samplesSeen, leaves: s.leaves, depth: s.depth };
    }
    const reply = this.request({ type: 'compare', obs: obs.slice(), q: q.slice(), n });
    if (reply.type !== 'compared') throw new QlensError(`the online tree's thread answered '${reply.type}' to a fidelity request`);
    const { type: _type, ...comparison } = reply;
    return comparison;
  }

  /** The tree as `qlens-lmut` JSON text. */
  toJSONText(form: 'full' | 'model'): string {
    if (this.local) return JSON.stringify(this.local.toJSON({ form }));
    const reply = this.request({ type: 'snapshot', form });
    if (reply.type !== 'snapshot') throw new QlensError(`the online tree's thread answered '${reply.type}' to a snapshot request`);
    return reply.json;
  }

  /** Ends the thread (the tree stays readable only while local). */
  close(): void {
    this.closed = true;
    if (this.thread) void this.thread.worker.terminate();
    this.thread = null;
  }

  /** Starts the thread once its script is bundled (meanwhile, and if either fails, the tree learns here). */
  private startThread(): void {
    treeThreadScript().then(
      (script) => this.startWorker(script),
      () => {},
    );
  }

  private startWorker(script: string): void {
    if (this.closed) return;
    try {
      const { port1, port2 } = new MessageChannel();
      const signal = new Int32Array(new SharedArrayBuffer(4));
      const worker = new Worker(script, { eval: true, workerData: { reply: port2, signal }, transferList: [port2] });
      worker.unref(); // never what keeps a finished (or crashed) process alive
      port1.unref();
      worker.on('error', (e) => this.lose(e));
      worker.on('exit', (code) => this.lose(new Error(`it exited with code ${code}`)));
      this.thread = { worker, port: port1, signal, moved: false };
    } catch {
      this.thread = null; // no threads here: the tree simply stays in this one
    }
  }

  /** A thread lost before the move changes nothing; after it, the tree went with it. */
  private lose(e: Error): void {
    if (!this.thread) return;
    if (!this.thread.moved) {
      this.close();
      return;
    }
    this.failure ??= new QlensError(`The online tree's thread stopped: ${e.message}`);
  }

  private moveWhenReady(): void {
    const t = this.thread;
    if (!t || t.moved || !this.local) return;
    const got = receiveMessageOnPort(t.port) as { message: ThreadReply } | undefined;
    if (!got) return;
    if (got.message.type !== 'ready') return this.close();
    this.post({ type: 'adopt', json: JSON.stringify(this.local.toJSON({ form: 'full' })) });
    t.moved = true;
    this.local = null;
  }

  /** The moved tree's thread, or an error if it was closed (the run has finished with the tree). */
  private live(): NonNullable<OnlineTree['thread']> {
    if (!this.thread) throw new QlensError("the online tree's thread has been closed");
    return this.thread;
  }

  private post(request: ThreadRequest, transfer: ArrayBuffer[] = []): void {
    this.live().worker.postMessage(request, transfer);
  }

  /** An error in the thread (none is expected: batches are checked here) surfaces at the next batch. */
  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
    const got = receiveMessageOnPort(this.live().port) as { message: ThreadReply } | undefined;
    if (got) this.fail(got.message);
  }

  private fail(reply: ThreadReply): never {
    const why = reply.type === 'failed' ? reply.error.message : `it answered '${reply.type}' unasked`;
    throw (this.failure = new QlensError(`The online tree failed in its thread: ${why}`));
  }

  private request(request: ThreadRequest): ThreadReply {
    this.throwIfFailed();
    const t = this.live();
    this.post(request);
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    for (;;) {
      const seen = Atomics.load(t.signal, 0);
      const got = receiveMessageOnPort(t.port) as { message: ThreadReply } | undefined;
      if (got) return got.message.type === 'failed' ? this.fail(got.message) : got.message;
      if (Date.now() > deadline) throw (this.failure = new QlensError(`The online tree's thread did not answer in ${REPLY_TIMEOUT_MS / 1000} s`));
      Atomics.wait(t.signal, 0, seen, 1000);
    }
  }
}
