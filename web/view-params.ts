/**
 * Choices a view keeps in its own URL (`#/runs/<id>/global?shap=q:1&rulesAction=0`), so Back from a
 * view it links to (a SHAP dot opens the Inspector) returns to it as it was left, and the address
 * can be shared. Written with replaceHash: no history entry and no re-render per choice.
 */
import { currentRoute, replaceHash } from './router.ts';
import { readableQuery } from './state-link.ts';

/** A parameter of the view on screen, null when absent. */
export function viewParam(name: string): string | null {
  return currentRoute().query.get(name);
}

/** Sets (or, with null, removes) one parameter of the view on screen, keeping the others. */
export function setViewParam(name: string, value: string | null): void {
  setViewParams({ [name]: value });
}

/** Several at once, as one URL rewrite: browsers rate-limit them (router.ts `replaceHash`). */
export function setViewParams(values: Readonly<Record<string, string | null>>): void {
  replaceHash(withParams(location.hash, values));
}

/**
 * `hash` with each of `values` set, or removed for null; the other parameters keep their order, and
 * commas stay commas, as state-link.ts writes a state (`obs=0.01,0,0,0`).
 */
export function withParams(hash: string, values: Readonly<Record<string, string | null>>): string {
  const [path = '', search = ''] = hash.split('?', 2);
  const query = new URLSearchParams(search);
  for (const [name, value] of Object.entries(values)) {
    if (value === null) query.delete(name);
    else query.set(name, value);
  }
  const rest = readableQuery(query);
  return rest ? `${path}?${rest}` : path;
}

/** Selects `value` in `select` when it is one of its options; says whether it was. */
export function selectIfOffered(select: HTMLSelectElement, value: string | null): boolean {
  if (value === null || ![...select.options].some((o) => o.value === value)) return false;
  select.value = value;
  return true;
}
