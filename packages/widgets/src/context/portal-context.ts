/** The context every widget consumes: the portal store of its nearest `<pagatore-provider>`. */
import { createContext } from '@lit/context';
import type { PortalStore } from '../state/store.js';

/** Keyed with `Symbol.for` so a second copy of the bundle speaks the same protocol. */
export const portalContext = createContext<PortalStore | undefined>(Symbol.for('pagatore.portal-context.v1'));
