/**
 * The services editor's layout: the definition and the citizen's preview side by side on a wide
 * screen (the preview stays in view while scrolling), one above the other on a tablet.
 */
import { css } from 'lit';

export const servicesStyles = css`
  .editor-layout {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    gap: calc(var(--_space) * 3);
    align-items: start;
  }
  @media (max-width: 1100px) {
    .editor-layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  fieldset {
    border: 1px solid var(--_border-light);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    margin: 0 0 calc(var(--_space) * 2);
    min-width: 0;
  }
  fieldset.plain {
    border: none;
    padding: 0;
    margin: 0;
  }
  legend {
    font-weight: 700;
    padding-inline: calc(var(--_space) / 2);
  }
  fieldset.field-edit {
    background: var(--_surface-alt);
  }
  fieldset.options {
    background: var(--_surface);
  }
  .option-row {
    border-block-end: 1px solid var(--_border-light);
    margin-block-end: var(--_space);
  }
  .field.wide {
    width: 100%;
  }
  .check {
    display: flex;
    align-items: center;
    gap: var(--_space);
    min-height: 44px;
    margin-block-end: calc(var(--_space) * 2);
  }
  .check input {
    width: 1.25rem;
    height: 1.25rem;
  }
  p.error {
    color: var(--_danger);
    font-weight: 600;
  }
  p.hint {
    color: var(--_muted);
  }
  .preview {
    position: sticky;
    top: var(--_space);
    max-height: calc(100vh - 2 * var(--_space));
    overflow: auto;
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
  }
  @media (max-width: 1100px) {
    .preview {
      position: static;
      max-height: none;
    }
  }
  .preview h2 {
    margin-block-start: 0;
  }
`;
