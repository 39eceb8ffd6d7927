/**
 * Registers a custom element once. The bundle may be loaded twice on one page (a CMS block and a
 * template both adding the script); the second definition is skipped instead of throwing.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  if (customElements.get(tag)) return;
  customElements.define(tag, ctor);
}
