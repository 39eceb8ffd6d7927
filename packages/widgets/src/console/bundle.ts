/**
 * Entry of `console.js`, the staff console's own bundle (built apart from `pagatore.js`, so the
 * citizen widgets never carry the console). The server's `/console` page loads it.
 */
import './console-app.js';
