/** Payments (issue #6): start, outcome, cart, receipts and history. */
export const paymentsEndpoints = {} as const;
