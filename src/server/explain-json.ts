/**
 * The explain answer as JSON, written straight from the evaluation's scratch arrays
 * (explain-fast.ts). The answer's shape is fixed and its strings (feature and action names) are the
 * tree's, so their JSON is escaped once per tree and a request only joins numbers into a template:
 * no intermediate objects, several times faster than building the response and `JSON.stringify`,
 * which was the largest cost of the route under load. Formatting a double is the expensive part
 * (~0.3 µs each), so each observation value is formatted once for all its uses, and thresholds
 * once per tree. The output parses to exactly the object
 * `FastExplainer.toObject` builds (a server test compares them): numbers use the same shortest
 * round-trip form as JSON (`String(x)`), non-finite numbers become null as in JSON.
 */
import type { FastExplainer, Scratch } from './explain-fast.ts';

const num = (x: number) => (Number.isFinite(x) ? String(x) : 'null');

export class ExplanationWriter {
  private readonly head: string;
  /** `{"feature":i,"featureName":"…","value":` per feature, and the same without `"value":` for conditions. */
  private readonly termHead: string[];
  private readonly conditionHead: string[];
  private readonly leafJson: string[];
  /** `"op"…"threshold":t` is per edge; the threshold's text per node (dense index) is fixed. */
  private readonly thresholdText: string[];

  /** `,"treeVersion":"…"`: the tree's version (TreeResponse.version), the same for every answer of this writer. */
  private readonly tail: string;

  constructor(
    private readonly fx: FastExplainer,
    treeVersion: string,
  ) {
    this.tail = `,"treeVersion":${JSON.stringify(treeVersion)}`;
    const { tree } = fx.model;
    this.head = `"featureNames":${JSON.stringify(tree.featureNames)},"actionNames":${JSON.stringify(tree.actionNames)}`;
    this.termHead = tree.featureNames.map((name, i) => `{"feature":${i},"featureName":${JSON.stringify(name)},"value":`);
    this.conditionHead = tree.featureNames.map((name, i) => `{"feature":${i},"featureName":${JSON.stringify(name)}`);
    this.thresholdText = fx.model.index.nodes.map((n) => (n.split?.kind === 'threshold' ? num(n.split.threshold) : ''));
    this.leafJson = fx.model.index.nodes.map((_, i) => {
      const n = fx.model.dtoAt(i);
      return `{"id":${n.id},"depth":${n.depth},"samples":${n.samples}}`;
    });
  }

  write(s: Scratch, weights: string): string {
    const { d, A, model } = this.fx;
    const obs = s.observation;
    const os: string[] = new Array<string>(d);
    for (let i = 0; i < d; i++) os[i] = num(obs[i]!);
    const observation = os.join(',');
    let path = '';
    for (let j = 0; j + 1 < s.pathLength; j++) {
      const n = model.dtoAt(s.path[j]!);
      if (n.split?.kind !== 'threshold') continue;
      const f = n.split.feature;
      const op = n.children[0] === model.idAt(s.path[j + 1]!) ? '<=' : '>';
      path += `${path ? ',' : ''}${this.conditionHead[f]},"op":"${op}","threshold":${this.thresholdText[s.path[j]!]},"value":${os[f]}}`;
    }
    // Everything of a term but its contribution is the same for every action: build it once.
    const termPrefix: string[] = new Array<string>(d);
    for (let i = 0; i < d; i++) termPrefix[i] = `${i ? ',' : ''}${this.termHead[i]}${os[i]},"contribution":`;
    let leaves = '';
    let contributions = '';
    let bias = '';
    let q = '';
    let qn = '';
    for (let a = 0; a < A; a++) {
      const sep = a ? ',' : '';
      leaves += sep + this.leafJson[s.leaf[a]!];
      let row = '';
      for (let i = 0; i < d; i++) row += `${termPrefix[i]}${num(s.terms[a * d + i]!)}}`;
      contributions += `${sep}[${row}]`;
      bias += sep + num(s.baseline[a]!);
      q += sep + num(s.q[a]!);
      qn += sep + num(s.qNetwork[a]!);
    }
    let ids = '';
    for (let j = 0; j < s.pathLength; j++) ids += (j ? ',' : '') + model.idAt(s.path[j]!);
    return (
      `{"observation":[${observation}],${this.head},"action":${s.action},"path":[${path}],"leaf":${this.leafJson[s.leaf[s.action]!]},` +
      `"leaves":[${leaves}],"contributions":[${contributions}],"bias":[${bias}],"qTree":[${q}],"qNetwork":[${qn}],` +
      `"networkAction":${s.networkAction},"agrees":${s.networkAction === s.action},"pathNodeIds":[${ids}],"weights":${JSON.stringify(weights)}${this.tail}}`
    );
  }
}
