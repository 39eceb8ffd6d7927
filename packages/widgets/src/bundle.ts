/** Entry of `pagatore.js`, the one script an entity's site loads with `<script type="module">`. */
import './define-all.js';
