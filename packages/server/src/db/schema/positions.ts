/** Tables of the entity side (issue #3): API keys, debt positions, payment options, transfers, services. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by its issue
export interface PositionTables {}
