/**
 * Typed, namespaced events: `pagatore-<noun>-<verb>`, bubbling and composed, with plain data
 * (ids, cents) in `detail`, never DOM nodes.
 */

/** Emits a Pagatore event from an element. */
export function emit<K extends keyof PagatoreEventMap>(
  from: EventTarget,
  type: K,
  detail: PagatoreEventMap[K]['detail'],
): boolean {
  return from.dispatchEvent(
    new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: true }),
  );
}

/** Every event the widgets emit. Areas add theirs with declaration merging. */

export interface PagatoreEventMap {
  /** The provider is connected to the API and the entity is loaded. */
  'pagatore-provider-ready': CustomEvent<{ entity: string; api: string }>;
  /** The provider could not reach the API or the entity does not exist. */
  'pagatore-provider-error': CustomEvent<{ entity: string; api: string; code: string }>;
}

declare global {
  interface HTMLElementEventMap extends PagatoreEventMap {}
}
