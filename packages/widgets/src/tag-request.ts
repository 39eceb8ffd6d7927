/**
 * How a lazily loaded widget asks for another lazy tag it renders in its own shadow root (where the
 * page watcher of `lazy-tags.ts` cannot see it) without importing `lazy-tags.ts`, which imports
 * every lazy widget: the all-in-one bundle installs its loader here, and a bundle that defines
 * every tag up front installs none, since the tag is already there.
 */
type TagLoader = (name: string) => Promise<void>;

let loader: TagLoader | null = null;

/** Installed once by the bundle that loads tags on demand. */
export function setTagLoader(load: TagLoader): void {
  loader = load;
}

/** Asks for a tag's code; resolves once it is defined, or at once when nothing loads on demand. */
export function requestTag(name: string): Promise<void> {
  return loader ? loader(name) : Promise.resolve();
}
