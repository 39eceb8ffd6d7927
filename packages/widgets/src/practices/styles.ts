/** Styles shared by the practices widgets: facts, status badges, the split button, 320 px layouts. */
import { css } from 'lit';

export const practiceStyles = css`
  :host {
    display: block;
    margin-block-end: calc(var(--_space) * 4);
  }
  /* A site's global focus style (Bootstrap Italia's) would ring the whole widget whenever anything
     inside has focus; the focused control inside shows its own ring. Inner !important wins. */
  :host(:focus),
  :host(:focus-visible) {
    outline: none !important;
    box-shadow: none !important;
  }
  .h {
    margin-block: 0 calc(var(--_space) * 2);
    line-height: 1.25;
    font-weight: 700;
  }
  .h1,
  .h2 {
    font-size: 1.75rem;
  }
  .h3 {
    font-size: 1.375rem;
  }
  .h4,
  .h5,
  .h6 {
    font-size: 1.125rem;
  }
  .h:focus {
    outline: none;
  }
  .h:focus-visible {
    outline: 3px solid var(--_focus);
  }
  .facts {
    display: grid;
    /* Wide enough for a fiscal code or a notice code on one line; one column on a phone. */
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
    gap: var(--_space) calc(var(--_space) * 2);
    margin: 0 0 calc(var(--_space) * 2);
  }
  .facts dt {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .facts dd {
    margin: 0;
    font-weight: 600;
    /* Words break only when longer than the whole line (a very long e-mail address). */
    overflow-wrap: break-word;
  }
  /* Codes (fiscal codes, notice codes by four) break only between groups, never inside one. */
  .mono {
    font-family: var(--_mono);
    overflow-wrap: normal;
    word-break: keep-all;
  }
  .status {
    display: inline-block;
    padding: 0 var(--_space);
    border: 1px solid currentColor;
    border-radius: var(--_radius);
    font-size: 0.875em;
    font-weight: 600;
    color: var(--_text);
  }
  .status-paid {
    color: var(--_success);
  }
  .status-expired,
  .status-cancelled {
    color: var(--_danger);
  }
  .status-in_payment,
  .status-partially_paid {
    color: var(--_warning);
  }
  .option {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2) calc(var(--_space) * 2);
    padding: var(--_space) 0;
    border-top: 1px solid var(--_border-light);
  }
  .option-name {
    font-weight: 600;
  }
  .options {
    border: 0;
    padding: 0;
    margin: 0 0 calc(var(--_space) * 2);
    min-width: 0;
  }
  .options legend,
  .options-title {
    font-weight: 600;
    padding: 0;
    margin: 0 0 var(--_space);
  }
  .options ul {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .option.found {
    border-inline-start: 4px solid var(--_accent);
    padding-inline-start: var(--_space);
  }
  .option input[type='radio'] {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0.2rem 0 0;
    flex: none;
    accent-color: var(--_accent);
  }
  .option-label {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2) calc(var(--_space) * 2);
    flex: 1 1 0;
    min-width: 0;
    cursor: pointer;
  }
  .option.chosen {
    background: var(--_surface-alt, transparent);
  }
  .tag {
    display: inline-block;
    padding: 0 var(--_space);
    border-radius: var(--_radius);
    font-size: 0.875em;
    font-weight: 600;
    color: var(--_on-accent);
    background: var(--_accent);
  }
  .tag-pay {
    color: var(--_accent);
    background: transparent;
    border: 1px solid currentColor;
  }
  .muted {
    color: var(--_muted);
    font-weight: 400;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: flex-start;
  }
  .split {
    position: relative;
    display: inline-flex;
  }
  .split > .btn:first-child {
    border-start-end-radius: 0;
    border-end-end-radius: 0;
  }
  .split > .toggle {
    border-start-start-radius: 0;
    border-end-start-radius: 0;
    border-inline-start: 1px solid var(--_on-accent);
    padding-inline: calc(var(--_space) * 1.5);
    /* The menu's ▾ alone is narrow: a phone's tap target is at least 44 px both ways. */
    min-width: 44px;
  }
  .menu {
    position: absolute;
    inset-block-start: 100%;
    inset-inline-start: 0;
    z-index: 10;
    min-width: 14rem;
    max-width: calc(100vw - 2 * var(--_space));
    margin: 4px 0 0;
    padding: calc(var(--_space) / 2) 0;
    list-style: none;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 4px 12px rgb(0 0 0 / 20%);
  }
  .menu.menu-end {
    inset-inline-start: auto;
    inset-inline-end: 0;
  }
  .menu button {
    display: block;
    width: 100%;
    min-height: 44px;
    padding: var(--_space) calc(var(--_space) * 2);
    border: 0;
    background: transparent;
    color: var(--_text);
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  .menu button:hover,
  .menu button:focus {
    background: var(--_surface-alt);
  }
  .note {
    color: var(--_muted);
  }
  .alert p {
    margin: 0;
  }
  .alert ul {
    margin: var(--_space) 0 0;
    padding-inline-start: calc(var(--_space) * 3);
  }
  .alert a {
    color: var(--_danger);
    font-weight: 600;
  }
  .card {
    border: 1px solid var(--_border-light);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    background: var(--_surface);
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0 0 calc(var(--_space) * 2);
  }
  legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: calc(var(--_space) / 2);
  }
  .choice {
    display: flex;
    align-items: center;
    gap: var(--_space);
    min-height: 44px;
  }
  .choice input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  @media (max-width: 400px) {
    .btn {
      padding-inline: calc(var(--_space) * 1.5);
    }
    .actions > * {
      flex: 1 1 100%;
    }
    .split > .btn:first-child {
      flex: 1;
    }
  }
`;
