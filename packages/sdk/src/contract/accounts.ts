/** Citizen accounts: registration, activation, sessions, recovery, profile, consent (issue #4). */
export const accountsEndpoints = {} as const;
