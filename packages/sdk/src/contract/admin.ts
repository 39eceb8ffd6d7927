/** Entity side (admin API): positions, services, entity settings, import (issue #3). */
export const adminEndpoints = {} as const;
