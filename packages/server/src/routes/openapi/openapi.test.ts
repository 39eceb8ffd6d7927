import { endpoints } from '@pagatore/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.js';

describe('GET /api/v1/openapi.json', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('is an OpenAPI 3.1 document with every endpoint of the contract', async () => {
    const res = await h.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const ep of Object.values(endpoints)) {
      expect(doc.paths[ep.path]?.[ep.method.toLowerCase()]?.operationId).toBe(ep.id);
    }
  });

  it('describes parameters and the error body from the SDK schemas', async () => {
    const doc = (await (await h.request('/api/v1/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters: { name: string; in: string; schema: { pattern?: string } }[];
            responses: Record<string, unknown>;
          }
        >
      >;
      components: {
        schemas: { ErrorBody: { properties: { error: { properties: { code: { enum: string[] } } } } } };
      };
    };
    const get = doc.paths['/api/v1/entities/{ente}']?.get;
    expect(get?.parameters).toEqual([
      expect.objectContaining({
        name: 'ente',
        in: 'path',
        schema: expect.objectContaining({ pattern: '^[0-9]{11}$' }),
      }),
    ]);
    expect(Object.keys(get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '404']));
    expect(doc.components.schemas.ErrorBody.properties.error.properties.code.enum).toContain(
      'entity_not_found',
    );
  });
});
