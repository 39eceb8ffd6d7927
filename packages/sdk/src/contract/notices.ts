/** The pagoPA payment notice (avviso) as PDF, single and bulk (issue #7). */
export const noticesEndpoints = {} as const;
