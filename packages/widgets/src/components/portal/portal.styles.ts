import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding-block: var(--_space);
    margin-bottom: calc(var(--_space) * 3);
    border-bottom: 2px solid var(--_border-light);
  }
  nav {
    min-width: 0;
  }
  nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  nav li {
    flex: none;
  }
  nav a {
    display: inline-flex;
    white-space: nowrap;
    align-items: center;
    min-height: 44px;
    padding: 0 12px;
    border-radius: var(--_radius);
    color: var(--_accent);
    font-weight: 600;
    text-decoration: none;
  }
  nav a:hover {
    text-decoration: underline;
  }
  nav a[aria-current='page'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .end {
    display: flex;
    align-items: center;
    gap: var(--_space);
    margin-inline-start: auto;
  }
  .end a.btn {
    min-height: 44px;
  }
  pagatore-cart {
    --pagatore-cart-color: var(--_accent);
  }
  .pagopa {
    display: inline-flex;
    align-items: center;
    min-height: 44px;
    padding: 4px 10px;
    border: 2px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_surface);
    text-decoration: none;
  }
  .pagopa[aria-current='page'] {
    box-shadow: inset 0 -4px 0 var(--_accent);
  }
  .pagopa img {
    height: 22px;
    width: auto;
  }
  .pagopa .who {
    margin-inline-start: 8px;
    max-width: 14ch;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--_accent);
    font-weight: 600;
  }
  .lang select {
    min-height: 44px;
    padding: 0 8px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
  }
  .flash:empty {
    display: none;
  }
  main:focus {
    outline: none;
  }
  .screen-title:focus {
    outline: none;
  }
  /*
   * On a phone: the tabs stay one row that scrolls sideways (focus scrolls a tab into view, the
   * current one is kept in sight), under the language, the cart and the account entry.
   */
  @container (max-width: 560px) {
    .bar {
      flex-direction: column;
      flex-wrap: nowrap;
      align-items: stretch;
      gap: 8px;
    }
    .end {
      order: -1;
      margin-inline-start: 0;
      justify-content: flex-end;
    }
    .end .lang {
      margin-inline-end: auto;
    }
    nav ul {
      flex-wrap: nowrap;
      overflow-x: auto;
      overscroll-behavior-x: contain;
      scrollbar-width: thin;
      padding-block: 2px;
    }
    nav a {
      min-height: 44px;
      padding: 0 10px;
    }
  }
`;
