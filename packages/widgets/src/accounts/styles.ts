/** Styles shared by the account widgets, on top of the portal's tokens and controls. */
import { css } from 'lit';

export const accountStyles = css`
  :host {
    display: block;
    max-width: 40rem;
  }
  :host([hidden]) {
    display: none;
  }
  h2,
  h3 {
    margin-block: 0 calc(var(--_space) * 2);
    line-height: 1.25;
  }
  h2:focus,
  h3:focus {
    outline: none;
  }
  h2:focus-visible,
  h3:focus-visible {
    outline: 3px solid var(--_focus);
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0 0 calc(var(--_space) * 2);
    min-width: 0;
  }
  legend {
    font-weight: 700;
    font-size: 1.125em;
    margin-block-end: var(--_space);
    padding: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    margin-block: calc(var(--_space) * 2);
  }
  .links {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
    margin-block: var(--_space);
  }
  .link {
    background: none;
    border: 0;
    padding: 0;
    min-height: 44px;
    color: var(--_accent);
    font: inherit;
    text-decoration: underline;
    cursor: pointer;
  }
  .link:hover {
    color: var(--_accent-hover);
  }
  .password-row {
    display: flex;
    gap: var(--_space);
  }
  .password-row input {
    flex: 1 1 auto;
    min-width: 0;
  }
  .password-row .toggle {
    flex: 0 0 auto;
    padding-inline: var(--_space);
    font-weight: 600;
  }
  .strength {
    font-size: 0.875em;
    color: var(--_muted);
  }
  .strength-0,
  .strength-1 {
    color: var(--_danger);
  }
  .strength-3,
  .strength-4 {
    color: var(--_success);
  }
  .check-row {
    display: flex;
    gap: var(--_space);
    align-items: flex-start;
  }
  .check-row input {
    width: 24px;
    height: 24px;
    margin: 2px 0 0;
    flex: 0 0 auto;
  }
  .check-row label {
    font-weight: 400;
  }
  .radio-row {
    display: flex;
    gap: var(--_space);
    align-items: flex-start;
    min-height: 44px;
  }
  .radio-row input {
    width: 22px;
    height: 22px;
    margin: 2px 0 0;
    flex: 0 0 auto;
  }
  #error-summary ul {
    margin: var(--_space) 0 0;
    padding-inline-start: calc(var(--_space) * 3);
  }
  #error-summary a {
    color: var(--_danger);
    font-weight: 600;
  }
  .summary-title,
  .general {
    margin: 0;
    font-weight: 700;
  }
  .privacy-text {
    max-height: 12rem;
    overflow: auto;
    padding: var(--_space);
    border: 1px solid var(--_border-light);
    white-space: pre-line;
  }
  details summary {
    cursor: pointer;
    min-height: 44px;
    display: flex;
    align-items: center;
    color: var(--_accent);
    text-decoration: underline;
  }
  /*
   * Fields side by side (Città, Provincia, CAP): labels, hints, inputs and errors each on a shared
   * line of the row (subgrid), so the inputs align whether or not a field has a hint or an error.
   * A field element around a field leaves layout to it (display: contents), hence .row .field.
   */
  .row {
    display: grid;
    gap: 0 calc(var(--_space) * 2);
    grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
  }
  .row .field {
    min-width: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    grid-row: span 4;
    grid-template-rows: subgrid;
    align-content: start;
    row-gap: calc(var(--_space) / 2);
  }
  .row .field > label {
    grid-row: 1;
    align-self: end;
  }
  .row .field > .hint {
    grid-row: 2;
  }
  .row .field > input,
  .row .field > select {
    grid-row: 3;
  }
  .row .field > .error {
    grid-row: 4;
  }
  .field select {
    max-width: 100%;
  }
`;
