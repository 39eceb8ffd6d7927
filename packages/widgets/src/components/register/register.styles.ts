import { css } from 'lit';

/** Registration-specific styles (the shared ones are in accounts/styles.ts). */
export const styles = css`
  .alert h2 {
    font-size: 1.25em;
  }
`;
