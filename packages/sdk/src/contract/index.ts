/** The whole HTTP API as data. Each area adds its endpoints in its own file. */
import { publicEndpoints } from './public.js';

export * from './endpoint.js';
export * from './public.js';

/** Every endpoint, for the server's router and OpenAPI document. */
export const endpoints = {
  ...publicEndpoints,
} as const;
