import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  h2 {
    font-size: 1.5em;
    margin: 0 0 var(--_space);
  }
  h2:focus {
    outline: none;
  }
  form {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 180px), 1fr));
    gap: 0 calc(var(--_space) * 2);
    align-items: end;
    padding: calc(var(--_space) * 2);
    background: var(--_surface-alt);
    border-radius: var(--_radius);
  }
  fieldset {
    display: contents;
  }
  legend {
    grid-column: 1 / -1;
    font-weight: 700;
    margin-bottom: var(--_space);
    padding: 0;
  }
  .buttons {
    grid-column: 1 / -1;
    display: flex;
    gap: var(--_space);
    flex-wrap: wrap;
  }
  ul {
    list-style: none;
    padding: 0;
    margin: calc(var(--_space) * 2) 0;
  }
  li {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 4px calc(var(--_space) * 2);
    padding: calc(var(--_space) * 1.5) 0;
    border-bottom: 1px solid var(--_border-light);
  }
  .desc {
    font-weight: 600;
  }
  .amount {
    font-weight: 700;
    text-align: end;
    white-space: nowrap;
  }
  .meta {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .code {
    font-family: var(--_mono);
  }
  .row-actions {
    grid-column: 1 / -1;
  }
`;
