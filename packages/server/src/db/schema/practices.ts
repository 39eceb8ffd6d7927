/** Tables of issue #5: practice links (found by search, created spontaneously). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by its issue
export interface PracticesTables {}
