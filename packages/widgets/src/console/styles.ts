/**
 * The console's look: Bootstrap Italia's (Titillium Web, its blue header, its spacing), from the
 * widgets' tokens. Works from tablet width (768 px) up: the header wraps, tables scroll inside
 * their own region.
 */
import { css } from 'lit';

export const consoleStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    background: var(--_surface);
  }
  .skip {
    position: absolute;
    inset-inline-start: -10000px;
  }
  .skip:focus {
    position: static;
    display: inline-block;
    margin: var(--_space);
    padding: var(--_space);
    background: var(--_surface);
    color: var(--_accent);
  }
  header.top {
    background: #0066cc;
    color: #ffffff;
  }
  header.top .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) * 2);
    max-width: 1200px;
    margin: 0 auto;
    padding: calc(var(--_space) * 2) calc(var(--_space) * 3);
  }
  header.top .brand {
    font-size: 1.5rem;
    font-weight: 700;
    margin: 0;
    flex: 1 1 auto;
  }
  header.top label {
    font-weight: 600;
    margin-inline-end: calc(var(--_space) / 2);
  }
  header.top select {
    min-height: 44px;
    padding: 0 var(--_space);
    border: 1px solid #ffffff;
    border-radius: var(--_radius);
    font: inherit;
    color: var(--_text);
    background: #ffffff;
  }
  header.top .who {
    font-size: 0.875rem;
  }
  header.top .btn-light {
    background: #ffffff;
    color: #0066cc;
    border-color: #ffffff;
  }
  header.top .btn-light:hover {
    background: #e6f0fa;
    color: #004d99;
  }
  header.top :focus-visible {
    outline: 3px solid #ffffff;
    box-shadow: 0 0 0 5px #000000;
  }
  nav.sections {
    background: #004d99;
  }
  nav.sections ul {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    list-style: none;
    max-width: 1200px;
    margin: 0 auto;
    padding: 0 calc(var(--_space) * 3);
  }
  nav.sections a {
    display: inline-block;
    padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2);
    color: #ffffff;
    font-weight: 600;
    text-decoration: none;
    border-block-end: 4px solid transparent;
  }
  nav.sections a[aria-current='page'] {
    border-block-end-color: #ffffff;
  }
  nav.sections a:hover {
    text-decoration: underline;
  }
  nav.sections a:focus-visible {
    outline: 3px solid #ffffff;
  }
  main {
    max-width: 1200px;
    margin: 0 auto;
    padding: calc(var(--_space) * 3);
  }
  main:focus {
    outline: none;
  }
  h1 {
    font-size: 1.75rem;
    margin-block: 0 calc(var(--_space) * 2);
  }
  h1:focus {
    outline: none;
  }
  h2 {
    font-size: 1.25rem;
  }
  a {
    color: var(--_accent);
  }
  .narrow {
    max-width: 30rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
    align-items: flex-end;
  }
  .row .field {
    flex: 1 1 12rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    margin-block: calc(var(--_space) * 2);
  }
  .table-wrap {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-block: var(--_space);
  }
  th,
  td {
    text-align: start;
    vertical-align: top;
    padding: var(--_space);
    border-block-end: 1px solid var(--_border-light);
  }
  th {
    background: var(--_surface-alt);
  }
  td.num,
  th.num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  th button.sort {
    all: unset;
    cursor: pointer;
    font-weight: 700;
    color: var(--_accent);
    text-decoration: underline;
  }
  th button.sort:focus-visible {
    outline: 3px solid var(--_focus);
  }
  .mono {
    font-family: var(--_mono);
  }
  .badge {
    display: inline-block;
    padding: 0 var(--_space);
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    font-size: 0.875rem;
    white-space: nowrap;
  }
  .badge.cancelled,
  .badge.expired {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  .badge.paid {
    border-color: var(--_success);
    color: var(--_success);
  }
  pre {
    white-space: pre-wrap;
    word-break: break-word;
    font-family: var(--_mono);
    font-size: 0.8125rem;
    background: var(--_surface-alt);
    padding: var(--_space);
    margin: 0;
    max-height: 20rem;
    overflow: auto;
  }
  ul.changes {
    margin: 0 0 var(--_space);
    padding-inline-start: calc(var(--_space) * 2);
  }
  details summary {
    cursor: pointer;
    color: var(--_accent);
  }
  dl.facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: calc(var(--_space) / 2) calc(var(--_space) * 2);
  }
  dl.facts dt {
    font-weight: 600;
  }
  dl.facts dd {
    margin: 0;
  }
  .qr img {
    width: 200px;
    height: 200px;
    image-rendering: pixelated;
  }
  ol.codes {
    font-family: var(--_mono);
    font-size: 1.125rem;
  }
  .btn-danger {
    background: var(--_danger);
    border-color: var(--_danger);
  }
  .btn-danger:hover {
    background: #8c1522;
    border-color: #8c1522;
  }
  .linklike {
    all: unset;
    cursor: pointer;
    color: var(--_accent);
    text-decoration: underline;
  }
  .linklike:focus-visible {
    outline: 3px solid var(--_focus);
  }
`;
