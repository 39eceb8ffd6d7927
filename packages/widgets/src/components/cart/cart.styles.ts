import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    position: relative;
  }
  :host([mode='page']) {
    display: block;
  }
  .badge {
    position: relative;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-height: 44px;
    min-width: 44px;
    padding: 6px 12px;
    border: 2px solid currentColor;
    border-radius: var(--_radius);
    background: var(--pagatore-cart-background, transparent);
    color: var(--pagatore-cart-color, inherit);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .badge svg {
    width: 24px;
    height: 24px;
    fill: currentColor;
  }
  .count {
    min-width: 1.5em;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--_surface);
    color: var(--_accent);
    font-size: 0.875em;
    text-align: center;
    border: 1px solid var(--_accent);
  }
  .panel {
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border-light);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    box-shadow: 0 8px 24px rgba(0, 0, 0, 0.15);
  }
  :host(:not([mode='page'])) .panel {
    position: absolute;
    inset-inline-end: 0;
    top: calc(100% + 8px);
    width: min(92vw, 420px);
    z-index: 1000;
  }
  h2 {
    margin: 0 0 var(--_space);
    font-size: 1.25em;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  li {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 4px 12px;
    padding: var(--_space) 0;
    border-bottom: 1px solid var(--_border-light);
  }
  .desc {
    font-weight: 600;
  }
  .meta {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .code {
    font-family: var(--_mono);
  }
  .amount {
    font-weight: 600;
    text-align: end;
    white-space: nowrap;
  }
  .flag {
    grid-column: 1 / -1;
    color: var(--_warning);
    font-size: 0.875em;
    font-weight: 600;
  }
  .total {
    display: flex;
    justify-content: space-between;
    font-weight: 700;
    font-size: 1.125em;
    margin: var(--_space) 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    justify-content: flex-end;
  }
  .link-btn {
    min-height: 44px;
    padding: 0 8px;
    border: 0;
    background: none;
    color: var(--_accent);
    font: inherit;
    text-decoration: underline;
    cursor: pointer;
  }
  h3.part {
    margin: var(--_space) 0 0;
    font-size: 1em;
  }
  .flag.running {
    color: var(--_muted);
  }
  .progress {
    margin: var(--_space) 0;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875em;
  }
`;
