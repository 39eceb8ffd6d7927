/**
 * Theme tokens. Each widget reads `--pagatore-*` custom properties (documented in docs/embedding.md),
 * falling back to Bootstrap Italia's `--bs-*` tokens (which pass into shadow roots), then to the
 * Designers Italia defaults. Fallback colours meet WCAG 2.1 AA contrast on white.
 */
import { css } from 'lit';

export const tokens = css`
  :host {
    --_accent: var(--pagatore-accent, var(--bs-primary, #0066cc));
    --_accent-hover: var(--pagatore-accent-hover, #004d99);
    --_on-accent: var(--pagatore-on-accent, #ffffff);
    --_text: var(--pagatore-text, var(--bs-body-color, #1a1a1a));
    --_muted: var(--pagatore-muted, #5c6f82);
    --_surface: var(--pagatore-surface, var(--bs-body-bg, #ffffff));
    --_surface-alt: var(--pagatore-surface-alt, #f2f7fc);
    --_border: var(--pagatore-border, #5c6f82);
    --_border-light: var(--pagatore-border-light, #d9dadb);
    --_danger: var(--pagatore-danger, #b71c2c);
    --_success: var(--pagatore-success, #00703c);
    --_warning: var(--pagatore-warning, #8a5300);
    --_focus: var(--pagatore-focus, #ff9900);
    --_font: var(--pagatore-font, var(--bs-font-sans-serif, 'Titillium Web', 'Geneva', 'Tahoma', sans-serif));
    --_mono: var(--pagatore-font-mono, 'Roboto Mono', ui-monospace, 'Courier New', monospace);
    --_radius: var(--pagatore-radius, var(--bs-border-radius, 4px));
    --_space: var(--pagatore-space, 8px);
    --_font-size: var(--pagatore-font-size, 1rem);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.5;
    color: var(--_text);
  }
  /*
   * A shadow host matches :focus while something inside has focus, and Bootstrap Italia rings every
   * :focus with !important: the whole widget would get a ring. Inside-!important beats
   * outside-!important for the host; each control keeps its own ring.
   */
  :host(:focus-within) {
    box-shadow: none !important;
    outline: none !important;
  }
`;

/** Shared controls: buttons, inputs, labels, messages, focus ring, visually hidden text. */
export const controls = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
    box-shadow: 0 0 0 5px #000000;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: calc(var(--_space) / 2);
    min-height: 44px;
    padding: calc(var(--_space) * 1) calc(var(--_space) * 3);
    border: 2px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    text-decoration: none;
  }
  .btn:hover {
    background: var(--_accent-hover);
    border-color: var(--_accent-hover);
  }
  .btn[disabled],
  .btn[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .btn-outline {
    background: transparent;
    color: var(--_accent);
  }
  .btn-outline:hover {
    background: var(--_surface-alt);
    color: var(--_accent-hover);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
    margin-block-end: calc(var(--_space) * 2);
  }
  .field label {
    font-weight: 600;
  }
  .field .hint {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .field input,
  .field select,
  .field textarea {
    min-height: 44px;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
  }
  .field input[readonly] {
    background: var(--_surface-alt);
  }
  .field input.mono {
    font-family: var(--_mono);
    letter-spacing: 0.05em;
  }
  .field [aria-invalid='true'] {
    border: 2px solid var(--_danger);
  }
  .field .error {
    color: var(--_danger);
    font-weight: 600;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
  .alert {
    padding: calc(var(--_space) * 2);
    border-inline-start: 4px solid var(--_accent);
    background: var(--_surface-alt);
    margin-block: calc(var(--_space) * 2);
  }
  .alert-danger {
    border-color: var(--_danger);
  }
  .alert-success {
    border-color: var(--_success);
  }
`;
