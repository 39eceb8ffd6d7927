/**
 * Entry of `pagatore.js`, the one script an entity's site loads with `<script type="module">`.
 * Every tag works from it: the first screen's tags are inside, the others load on first use
 * (`lazy-tags.ts`). The context root goes first so widgets defined before their provider find it.
 */
import './context/attach-root.js';
import './components/provider/provider.js';
import './components/portal/portal.js';
import './components/practice-search/practice-search.js';
import './components/cart/cart.js';
import { autoload } from './lazy-tags.js';

autoload();
