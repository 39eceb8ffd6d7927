/** Side effect: attaches the page's context root. Imported first by the bundle (TOOLCHAIN G15). */
import { attachContextRoot } from './context-root.js';

attachContextRoot();
