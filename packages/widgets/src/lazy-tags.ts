/**
 * Tags the all-in-one bundle loads on first use. `pagatore.js` carries what the first screen of a
 * page needs (provider, portal, practice search, cart badge); the other tags' code is one file
 * (`screens.ts`), fetched from next to `pagatore.js` when one of them appears: on the page (watched here) or as a
 * screen of `<pagatore-portal>` (which asks for it). Nothing to configure on the site.
 *
 * The tags are defined one after the other in this list's order, the same as `define-all.ts`: the first widget able to use an e-mail link's token takes it
 * (`accounts/link-token.ts`), so which one that is must not depend on which file arrived first.
 */
import { defineElement } from './define.js';
import { setTagLoader } from './tag-request.js';

type Load = () => Promise<CustomElementConstructor>;

/** The screens' file, fetched once, whichever tag asks first. */
const screens = () => import('./screens.js');

const LAZY_TAGS: readonly (readonly [string, Load])[] = [
  ['pagatore-history', () => screens().then((m) => m.PagatoreHistory)],
  ['pagatore-payment-status', () => screens().then((m) => m.PagatorePaymentStatus)],
  ['pagatore-register', () => screens().then((m) => m.PagatoreRegister)],
  ['pagatore-login', () => screens().then((m) => m.PagatoreLogin)],
  ['pagatore-account', () => screens().then((m) => m.PagatoreAccount)],
  ['pagatore-practices', () => screens().then((m) => m.PagatorePractices)],
  ['pagatore-debt-form', () => screens().then((m) => m.PagatoreDebtForm)],
];
const LOADERS = new Map(LAZY_TAGS);

const fetching = new Map<string, Promise<CustomElementConstructor | null>>();

/** Starts fetching a tag's code once; null when the fetch failed (tried again next time). */
function fetchTag(name: string): Promise<CustomElementConstructor | null> {
  let p = fetching.get(name);
  if (!p) {
    p = (LOADERS.get(name) as Load)().catch(() => {
      fetching.delete(name);
      return null;
    });
    fetching.set(name, p);
  }
  return p;
}

/** Defines the given lazy tags in the list's order, as soon as each and those before it are here. */
let queue: Promise<void> = Promise.resolve();
function defineInOrder(names: readonly string[]): Promise<void> {
  const wanted = LAZY_TAGS.filter(([n]) => names.includes(n) && !customElements.get(n)).map(([n]) => n);
  const fetched = wanted.map((n) => [n, fetchTag(n)] as const);
  queue = queue.then(async () => {
    for (const [name, p] of fetched) {
      const ctor = await p;
      if (ctor) defineElement(name, ctor);
    }
  });
  return queue;
}

/**
 * Loads a tag's code unless the page already has the tag; resolves once it is defined (or its
 * fetch failed: the element stays empty, and the next call tries again).
 */
export function loadTag(name: string): Promise<void> {
  if (!LOADERS.has(name) || typeof customElements === 'undefined' || customElements.get(name))
    return Promise.resolve();
  return defineInOrder([name]);
}

/** The lazy tags present under a node. */
function present(node: ParentNode): string[] {
  return LAZY_TAGS.map(([n]) => n).filter((n) => !customElements.get(n) && node.querySelector(n));
}

/**
 * Loads the lazy tags the page has now, and those it adds later (a CMS block, a client-side
 * router). Stops watching once every tag is defined.
 */
export function autoload(doc: Document = document): void {
  // Widgets that render a lazy tag in their shadow root ask for it through tag-request.ts.
  setTagLoader(loadTag);
  void defineInOrder(present(doc));
  const observer = new MutationObserver((records) => {
    const names = new Set<string>();
    for (const r of records)
      for (const n of r.addedNodes) {
        if (!(n instanceof Element)) continue;
        if (LOADERS.has(n.localName) && !customElements.get(n.localName)) names.add(n.localName);
        if (n.firstElementChild) for (const name of present(n)) names.add(name);
      }
    if (names.size) void defineInOrder([...names]);
    if (LAZY_TAGS.every(([n]) => customElements.get(n))) observer.disconnect();
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });
}
