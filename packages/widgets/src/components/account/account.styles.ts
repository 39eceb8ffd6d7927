import { css } from 'lit';

/** The account menu: a logo button and a panel under it, at most the screen's width. */
export const styles = css`
  :host {
    display: inline-block;
    position: relative;
    max-width: none;
  }
  :host([mode='page']) {
    display: block;
    max-width: 40rem;
  }
  .toggle {
    display: inline-flex;
    align-items: center;
    min-height: 44px;
    min-width: 44px;
    padding: 4px 8px;
    border: 1px solid var(--_border-light);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: pointer;
  }
  .toggle img {
    display: block;
  }
  .panel {
    position: absolute;
    inset-inline-end: 0;
    top: calc(100% + 4px);
    z-index: 1000;
    width: min(24rem, calc(100vw - 16px));
    padding: calc(var(--_space) * 2);
    background: var(--_surface);
    border: 1px solid var(--_border-light);
    border-radius: var(--_radius);
    box-shadow: 0 4px 16px rgba(0, 0, 0, 0.15);
    text-align: start;
  }
  .panel[hidden] {
    display: none;
  }
  .panel-head {
    display: flex;
    justify-content: space-between;
    align-items: flex-start;
    gap: var(--_space);
  }
  .panel-head .close {
    min-width: 44px;
    padding: 0 var(--_space);
    font-size: 1.5em;
    line-height: 1;
  }
  .privacy {
    margin-top: 1rem;
  }
  .privacy .btn {
    margin: 0.25rem 0.5rem 0.25rem 0;
  }
  .menu {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
  }
  .menu .btn {
    width: 100%;
    justify-content: flex-start;
  }
  .who {
    margin-block: 0 calc(var(--_space) * 2);
  }
  .mono {
    font-family: var(--_mono);
  }
  /* The reminders switch: the whole row, label included, is a 44 px tap target on a phone. */
  .reach .check-row {
    align-items: center;
  }
  /* The calendar address shown once: whole on a phone, wrapped anywhere, to read and copy. */
  .reach .feed-url {
    font-family: var(--_mono);
    word-break: break-all;
    resize: none;
  }
  .reach .check-row label {
    flex: 1;
    display: flex;
    align-items: center;
    min-height: 44px;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .btn-danger {
    background: var(--_danger);
    border-color: var(--_danger);
  }
  .btn-danger:hover {
    background: #8c1522;
    border-color: #8c1522;
  }
  .notice:focus {
    outline: none;
  }
`;
