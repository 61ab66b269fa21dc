/**
 * The online tree's thread (tree-thread.ts is the other side). It receives the tree once, then
 * learns the batches posted to it in order and answers requests (fidelity, snapshots) on the
 * reply port, raising the shared signal so the trainer's thread can wait for the answer
 * synchronously. A failure (none is expected: the trainer's side checks every batch) is reported
 * at once and answered to every later request.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { LinearModelUTree } from '../lmut/index.ts';
import { compareQ } from './agreement.ts';
import type { ThreadReply, ThreadRequest } from './tree-thread-protocol.ts';

const { reply, signal } = workerData as { reply: MessagePort; signal: Int32Array };
let tree: LinearModelUTree | null = null;
let failure: { name: string; message: string } | null = null;

function answer(message: ThreadReply): void {
  reply.postMessage(message);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function handle(request: ThreadRequest): void {
  if (request.type === 'adopt') {
    tree = LinearModelUTree.fromJSON(request.json, 'the online tree');
    return;
  }
  if (failure) {
    if (request.type !== 'learn') answer({ type: 'failed', error: failure });
    return;
  }
  if (!tree) throw new Error(`the online tree's thread got '${request.type}' before the tree`);
  try {
    if (request.type === 'learn') tree.learn(request.obs, request.q, request.n);
    else if (request.type === 'compare') {
      const q = tree.qBatch(request.obs, request.n);
      const s = tree.summary;
      answer({ type: 'compared', comparison: compareQ(request.q, q, request.n, tree.nActions), samples: s.samplesSeen, leaves: s.leaves, depth: s.depth });
    } else answer({ type: 'snapshot', json: JSON.stringify(tree.toJSON({ form: request.form })) });
  } catch (e) {
    failure = { name: (e as Error).name, message: (e as Error).message };
    answer({ type: 'failed', error: failure });
  }
}

parentPort!.on('message', (request: ThreadRequest) => {
  try {
    handle(request);
  } catch (e) {
    failure ??= { name: (e as Error).name, message: (e as Error).message };
    answer({ type: 'failed', error: failure });
  }
});
answer({ type: 'ready' });
