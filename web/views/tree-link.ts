/**
 * The Tree view's selected node in its link (`#/runs/<id>/tree?obs=…&node=12`): the hash with the
 * node set or removed, everything else in it kept as it was, and the `node` a route names.
 */

/** `hash` with parameter `name` set to `value`, or without it for null; the others keep their order and readable commas. */
export function withParam(hash: string, name: string, value: string | null): string {
  const [path = '', search = ''] = hash.split('?', 2);
  const query = new URLSearchParams(search);
  if (value === null) query.delete(name);
  else query.set(name, value);
  // As state-link.ts writes them: a state's commas stay commas (`obs=0.01,0,0,0`).
  const rest = query.toString().replace(/%2C/gi, ',');
  return rest ? `${path}?${rest}` : path;
}

/** `hash` with `?node=` set to `node`, or without it for null. */
export function withNode(hash: string, node: number | null): string {
  return withParam(hash, 'node', node === null ? null : String(node));
}

/** What a link's `node` says: none, a node id (a whole number ≥ 0), or something else (kept to say what was wrong). */
export type LinkedNode = { kind: 'none' } | { kind: 'node'; id: number } | { kind: 'bad'; text: string };

export function linkedNode(text: string | null): LinkedNode {
  if (text === null) return { kind: 'none' };
  const id = Number(text);
  return text.trim() !== '' && Number.isInteger(id) && id >= 0 ? { kind: 'node', id } : { kind: 'bad', text };
}
