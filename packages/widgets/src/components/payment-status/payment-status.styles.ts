import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .box {
    padding: calc(var(--_space) * 2);
    border-inline-start: 6px solid var(--_accent);
    background: var(--_surface-alt);
    border-radius: var(--_radius);
    margin-block: calc(var(--_space) * 2);
  }
  .box.paid {
    border-color: var(--_success);
  }
  .box.failed,
  .box.cancelled,
  .box.expired {
    border-color: var(--_danger);
  }
  h2 {
    margin: 0 0 var(--_space);
    font-size: 1.375em;
  }
  h2:focus {
    outline: none;
  }
  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    margin-inline-end: 8px;
    border: 3px solid var(--_border-light);
    border-top-color: var(--_accent);
    border-radius: 50%;
    animation: spin 1s linear infinite;
    vertical-align: -2px;
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  ul {
    list-style: none;
    padding: 0;
    margin: var(--_space) 0;
  }
  li {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space) 0;
    border-top: 1px solid var(--_border-light);
  }
  .code {
    font-family: var(--_mono);
    color: var(--_muted);
    font-size: 0.875em;
  }
  .totals {
    margin: var(--_space) 0 0;
    max-inline-size: 28em;
  }
  .totals div {
    display: flex;
    justify-content: space-between;
    gap: var(--_space);
  }
  .totals dt,
  .totals dd {
    margin: 0;
  }
  .totals dd {
    font-variant-numeric: tabular-nums;
  }
  .totals .charged {
    font-weight: 700;
    border-block-start: 1px solid var(--_border-light);
    padding-block-start: 4px;
    margin-block-start: 4px;
  }
  .part {
    font-weight: 600;
  }
  .next {
    margin-top: calc(var(--_space) * 2);
    padding-top: calc(var(--_space) * 2);
    border-top: 1px solid var(--_border-light);
  }
  .next h3 {
    margin: 0 0 var(--_space);
    font-size: 1.125em;
  }
`;
