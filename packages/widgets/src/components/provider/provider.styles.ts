import { css } from 'lit';

export const styles = css`
  :host {
    display: contents;
  }
  /* Results of actions (added to the cart, errors) for every widget inside, bottom of the viewport. */
  .announce {
    position: fixed;
    inset-inline: 0;
    bottom: 16px;
    display: flex;
    justify-content: center;
    pointer-events: none;
    z-index: 1100;
    font-family: var(--pagatore-font, var(--bs-font-sans-serif, 'Titillium Web', sans-serif));
  }
  .announce p {
    pointer-events: auto;
    margin: 0 16px;
    max-width: 560px;
    padding: 12px 20px;
    border-radius: var(--pagatore-radius, 4px);
    background: #17324d;
    color: #ffffff;
    box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25);
  }
  .announce p.alert {
    background: var(--pagatore-danger, #b71c2c);
  }
`;
