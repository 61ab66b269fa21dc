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
  if (location.hash === hash) return;
  // The address moved on and its `hashchange` is still queued (a tab clicked while the replay
  // plays): writing now would put the old view's URL back before the router reads the new one,
  // so the click would be lost. Only the URL of the view on screen is rewritten.
  if (shownHash !== null && location.hash !== shownHash) return;
  try {
    history.replaceState(history.state, '', hash);
    shownHash = location.hash;
  } catch {
    // rate-limited: the URL is one update behind, which the next update fixes
  }
}

/** The hash the router last rendered (or a view rewrote in place); null before the first render. */
let shownHash: string | null = null;

export function startRouter(root: HTMLElement, resolve: (route: Route) => View, onRoute?: (route: Route) => void): void {
  let cleanup: Cleanup | void;
  const render = () => {
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
