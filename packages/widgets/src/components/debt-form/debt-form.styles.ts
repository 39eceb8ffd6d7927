import { css } from 'lit';

export const styles = css`
  form {
    max-width: 40rem;
  }
  .field select {
    min-height: 44px;
  }
  .check {
    display: flex;
    align-items: flex-start;
    gap: var(--_space);
    min-height: 44px;
  }
  .check input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0.15rem 0 0;
    flex: none;
  }
  .check-field {
    margin-block-end: calc(var(--_space) * 2);
  }
  .amount-line {
    font-size: 1.125em;
    font-weight: 700;
  }
  .notes {
    margin-block-start: calc(var(--_space) * 3);
    white-space: pre-line;
  }
  .created:focus {
    outline: 3px solid var(--_focus);
  }
`;
