/** Practices (issue #5): anonymous search, my practices, services, spontaneous payments. */
export const practicesEndpoints = {} as const;
