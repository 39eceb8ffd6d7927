import { css } from 'lit';

export const styles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: flex-end;
    gap: calc(var(--_space) * 2);
    margin-block-end: calc(var(--_space) * 2);
  }
  .toolbar .field {
    margin: 0;
  }
  .list {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  .card.highlight {
    border: 2px solid var(--_success);
  }
  .origin {
    margin: calc(var(--_space) * -1) 0 var(--_space);
    color: var(--_muted);
    font-size: 0.875em;
  }
  .pager {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    justify-content: center;
    margin-block-start: calc(var(--_space) * 2);
  }
`;
