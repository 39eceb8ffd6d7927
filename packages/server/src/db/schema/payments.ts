/** Tables of issue #6: payments, their practices, receipts, cart. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by its issue
export interface PaymentsTables {}
