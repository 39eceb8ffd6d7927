/**
 * Accessibility check for widget tests: runs axe-core (WCAG 2.1 A/AA rules) on an element, shadow
 * roots included, and fails with the list of violations.
 */
interface AxeResult {
  violations: {
    id: string;
    impact: string;
    help: string;
    nodes: { target: unknown[]; failureSummary?: string }[];
  }[];
}
interface Axe {
  run(context: unknown, options: unknown): Promise<AxeResult>;
}

let loading: Promise<Axe> | null = null;

function loadAxe(): Promise<Axe> {
  const w = window as unknown as { axe?: Axe };
  if (w.axe) return Promise.resolve(w.axe);
  loading ??= new Promise<Axe>((resolve, reject) => {
    const s = document.createElement('script');
    s.src = '/node_modules/axe-core/axe.min.js';
    s.onload = () => (w.axe ? resolve(w.axe) : reject(new Error('axe did not load')));
    s.onerror = () => reject(new Error('axe-core could not be loaded'));
    document.head.append(s);
  });
  return loading;
}

/** Throws when axe finds WCAG 2.1 AA violations in the element. */
export async function expectAccessible(el: Element): Promise<void> {
  const axe = await loadAxe();
  const result = await axe.run(el, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    rules: {
      region: { enabled: false },
      'page-has-heading-one': { enabled: false },
      'landmark-one-main': { enabled: false },
    },
  });
  if (result.violations.length > 0) {
    const text = result.violations
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n')}`,
      )
      .join('\n');
    throw new Error(`axe found ${result.violations.length} accessibility violation(s):\n${text}`);
  }
}

/** Presses Tab (through the real keyboard) and returns the deepest focused element. */
export function deepActiveElement(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}
