import { css } from 'lit';

export const styles = css`
  .head {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: baseline;
    gap: var(--_space);
  }
  .auth {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  form {
    max-width: 36rem;
  }
  .result {
    margin-block-start: calc(var(--_space) * 3);
  }
  .login-box {
    margin-block-start: calc(var(--_space) * 2);
  }
  .login-box:focus {
    outline: 3px solid var(--_focus);
  }
`;
