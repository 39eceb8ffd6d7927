import { css } from 'lit';

/** Login-specific styles (the shared ones are in accounts/styles.ts). */
export const styles = css`
  .logged-in {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .logged-in p {
    margin: 0;
  }
  .notice:focus {
    outline: none;
  }
`;
