/** Tables of citizen accounts (issue #4): accounts, tokens, sessions, proven fiscal codes, audit. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by its issue
export interface AccountTables {}
