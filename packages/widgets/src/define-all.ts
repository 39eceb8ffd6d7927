/**
 * Registers every Pagatore tag. The context root goes first (ES modules evaluate in import order)
 * so widgets defined before their provider still find it. Each `<name>.ts` registers its tag.
 */
import './context/attach-root.js';
import './components/provider/provider.js';
import './components/cart/cart.js';
import './components/history/history.js';
import './components/payment-status/payment-status.js';
import './components/portal/portal.js';
import './components/register/register.js';
import './components/login/login.js';
import './components/account/account.js';
import './components/practice-search/practice-search.js';
import './components/practices/practices.js';
import './components/debt-form/debt-form.js';
