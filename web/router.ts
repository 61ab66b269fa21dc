/**
 * Hash routes (`#/runs/<id>/replay?seed=3`): the server serves one page, the browser's back and
 * forward buttons work, and a link to a view can be shared. A view is mounted into `<main>` and
 * returns a cleanup function (close streams, stop timers, free charts) run before the next view.
 */
export interface Route {
  /** Path segments after `#/`, decoded. */
  segments: string[];
  query: URLSearchParams;
}

export type Cleanup = () => void;
export type View = (root: HTMLElement, route: Route) => Cleanup | void;

export function currentRoute(): Route {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?', 2);
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { segments, query: new URLSearchParams(search) };
}

/** The hash for a route: `href('runs', id, 'replay')` → `#/runs/<encoded id>/replay`. */
export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

/**
 * Points the current history entry at `hash` without a new entry or a re-render (`replaceState`
 * fires no `hashchange`): for a view that keeps its position in its own URL (the replay's step), so
 * Back returns there and the address bar can be shared. Browsers rate-limit these calls (Safari
 * throws past 100 in 30 s), so callers throttle; a refused call leaves the old URL, no error.
 */
export function replaceHash(hash: string): void {
  writeHash(hash, 'replace', history.state);
}

/**
 * Adds a history entry for `hash` without a re-render (`pushState` fires no `hashchange`): for a
 * deliberate pick within a view (the Tree view's node) that Back should undo. The view answers Back
 * and Forward between its own entries with `handleInPlace`, so the trip back does not rebuild it.
 * `state` is kept with the entry (`history.state`). The same guard as `replaceHash`: only the URL of
 * the view on screen is written.
 */
export function pushHash(hash: string, state: unknown = null): void {
  writeHash(hash, 'push', state);
}

function writeHash(hash: string, how: 'push' | 'replace', state: unknown): void {
  if (location.hash === hash) return;
  // The address moved on and its `hashchange` is still queued (a tab clicked while the replay
  // plays): writing now would put the old view's URL back before the router reads the new one,
  // so the click would be lost. Only the URL of the view on screen is written.
  if (shownHash !== null && location.hash !== shownHash) return;
  try {
    if (how === 'push') history.pushState(state, '', hash);
    else history.replaceState(state, '', hash);
    shownHash = location.hash;
  } catch {
    // rate-limited: the URL is one update behind, which the next update fixes
  }
}

/**
 * Lets the view on screen take a change of the address itself (Back or Forward between entries it
 * pushed, an edited link to it): `update` returns true when it showed the new route in place, false
 * to have the router draw it anew. Cleared when the router draws another view.
 */
export function handleInPlace(update: (route: Route) => boolean): void {
  inPlace = update;
}

/** The hash the router last rendered (or a view rewrote in place); null before the first render. */
let shownHash: string | null = null;
/** The view's `handleInPlace` answer, if it gave one. */
let inPlace: ((route: Route) => boolean) | null = null;

export function startRouter(root: HTMLElement, resolve: (route: Route) => View, onRoute?: (route: Route) => void): void {
  let cleanup: Cleanup | void;
  const render = () => {
    if (inPlace && shownHash !== null && location.hash !== shownHash) {
      const route = currentRoute();
      if (inPlace(route)) {
        // The same view shows it: no rebuild, and the page stays where it is scrolled.
        shownHash = location.hash;
        onRoute?.(route);
        return;
      }
    }
    inPlace = null;
    cleanup?.();
    cleanup = undefined;
    shownHash = location.hash;
    const route = currentRoute();
    root.replaceChildren();
    onRoute?.(route);
    cleanup = resolve(route)(root, route);
    window.scrollTo(0, 0);
  };
  window.addEventListener('hashchange', render);
  render();
}
