/**
 * Tags the all-in-one bundle loads on first use. `pagatore.js` carries what the first screen of a
 * page needs (provider, portal, practice search, cart badge); each other tag's code is a file of its
 * own, fetched from next to `pagatore.js` when the tag appears: on the page (watched here) or as a
 * screen of `<pagatore-portal>` (which asks for it). Nothing to configure on the site.
 */
const LAZY_TAGS: Record<string, () => Promise<unknown>> = {
  'pagatore-login': () => import('./components/login/login.js'),
  'pagatore-register': () => import('./components/register/register.js'),
  'pagatore-account': () => import('./components/account/account.js'),
  'pagatore-practices': () => import('./components/practices/practices.js'),
  'pagatore-debt-form': () => import('./components/debt-form/debt-form.js'),
  'pagatore-history': () => import('./components/history/history.js'),
  'pagatore-payment-status': () => import('./components/payment-status/payment-status.js'),
};

const loading = new Map<string, Promise<void>>();

/**
 * Loads a tag's code unless the page already has the tag; resolves once it is defined. A failed
 * fetch (offline) is tried again on the next call; the element stays empty meanwhile.
 */
export function loadTag(name: string): Promise<void> {
  const load = LAZY_TAGS[name];
  if (!load || typeof customElements === 'undefined' || customElements.get(name)) return Promise.resolve();
  let p = loading.get(name);
  if (!p) {
    p = load().then(
      () => undefined,
      () => {
        loading.delete(name);
      },
    );
    loading.set(name, p);
  }
  return p;
}

/** Loads every lazy tag present under a node. */
function scan(node: ParentNode): void {
  for (const name of Object.keys(LAZY_TAGS))
    if (!customElements.get(name) && node.querySelector(name)) void loadTag(name);
}

/**
 * Loads the lazy tags the page has now, and those it adds later (a CMS block, a client-side
 * router). Stops watching once every tag is defined.
 */
export function autoload(doc: Document = document): void {
  scan(doc);
  const observer = new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes) {
        if (!(n instanceof Element)) continue;
        if (n.localName in LAZY_TAGS) void loadTag(n.localName);
        if (n.firstElementChild) scan(n);
      }
    if (Object.keys(LAZY_TAGS).every((name) => customElements.get(name))) observer.disconnect();
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });
}
