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
  nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  nav a {
    display: inline-flex;
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
  main:focus {
    outline: none;
  }
  .screen-title:focus {
    outline: none;
  }
  @container (max-width: 560px) {
    .bar {
      flex-direction: column;
      align-items: stretch;
    }
    .end {
      margin-inline-start: 0;
      justify-content: space-between;
    }
    nav ul {
      flex-direction: column;
    }
  }
`;
