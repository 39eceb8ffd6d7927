/** Admin client methods for the entity side: positions, services, settings, import. */
import type { adminEndpoints as ep } from '../contract/admin.js';
import { adminRoutes as routes, paylinksRoutes } from './routes.js';
import type { RequestOf, ResponseOf } from '../contract/endpoint.js';
import type { EntitySettingsUpdate } from '../schemas/entity-settings.js';
import type {
  ImportJob,
  ImportReport,
  PositionInput,
  PositionQuery,
  PositionUpdate,
} from '../schemas/positions.js';
import type { GpdChangeQuery } from '../schemas/gpd.js';
import type { PayLinkBulkInput, PayLinkInput } from '../schemas/paylinks.js';
import type { ServiceInput, ServiceUpdate } from '../schemas/services.js';
import type { Transport } from './transport.js';

/** Body of an import: the file's text, a Blob/File, or a stream of its bytes. */
export type ImportBody = string | Blob | ReadableStream<Uint8Array>;
export type ImportFormat = 'json' | 'ndjson' | 'csv';

const CONTENT_TYPE: Record<ImportFormat, string> = {
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
};

export function adminApi(t: Transport) {
  return {
    entitySettings: {
      /** The key's entity and its settings. */
      get: () => t.call(routes.getEntitySettings),
      /** Changes the settings given, leaves the rest. */
      update: (body: EntitySettingsUpdate) => t.call(routes.updateEntitySettings, { body }),
    },
    positions: {
      /**
       * Positions with filters and paging.
       * @example await admin.positions.list({ status: 'unpaid', debtor: 'RSSMRA85T10A562S' })
       */
      list: (query: PositionQuery = {}): Promise<ResponseOf<typeof ep.listPositions>> =>
        t.call(routes.listPositions, { query } as Partial<RequestOf<typeof ep.listPositions>>),
      /** Creates a position; IUV/NAV are assigned by the server when omitted. */
      create: (body: PositionInput) => t.call(routes.createPosition, { body }),
      get: (iupd: string) => t.call(routes.getPosition, { params: { iupd } }),
      /** Replaces a position; 409 `invalid_state` once paid or in payment. */
      update: (iupd: string, body: PositionUpdate) =>
        t.call(routes.updatePosition, { params: { iupd }, body }),
      /** Cancels a position. */
      cancel: (iupd: string) => t.call(routes.cancelPosition, { params: { iupd } }),
      /**
       * Bulk upsert by iupd; the report lists each rejected row (nothing of a rejected row is written).
       * @example await admin.positions.import(await readFile('positions.csv', 'utf8'), 'csv')
       */
      import: async (body: ImportBody, format: ImportFormat): Promise<ImportReport> => {
        const res = await t.raw(
          routes.importPositions,
          { body: body as never, query: { format } },
          {
            'content-type': CONTENT_TYPE[format],
          },
        );
        return (await res.json()) as ImportReport;
      },
    },
    imports: {
      /**
       * Uploads a file and imports it in the background: poll `get(job.id)` for its progress and report.
       * @example const job = await admin.imports.start(file, 'csv')
       */
      start: async (body: ImportBody, format: ImportFormat): Promise<ImportJob> => {
        const res = await t.raw(
          routes.startPositionsImport,
          { body: body as never, query: { format } },
          { 'content-type': CONTENT_TYPE[format] },
        );
        return (await res.json()) as ImportJob;
      },
      /** An import job's progress, then its report. */
      get: (id: string) => t.call(routes.getPositionsImport, { params: { id } }),
    },
    gpd: {
      /** A position's copy on pagoPA (GPD): `in_sync`, `pending`, `failed` or `not_sent`, and its changes. */
      position: (iupd: string) => t.call(routes.getPositionGpdSync, { params: { iupd } }),
      /** Queues the position as it is now for GPD again; 409 `conflict` when the sync is off. */
      resync: (iupd: string) => t.call(routes.resyncPositionGpd, { params: { iupd } }),
      /**
       * The outbox of changes for GPD and its backlog.
       * @example const { backlog } = await admin.gpd.changes({ status: 'pending' })
       */
      changes: (query: GpdChangeQuery = {}): Promise<ResponseOf<typeof ep.listGpdChanges>> =>
        t.call(routes.listGpdChanges, { query } as Partial<RequestOf<typeof ep.listGpdChanges>>),
    },
    payLinks: {
      /**
       * A "Paga ora" link for a position (or one installment: 0 the single payment, 1..n); its token
       * is shown only in this answer.
       * @example const { url } = await admin.payLinks.create('TARI-2026-001', { validDays: 60 })
       */
      create: (iupd: string, body: PayLinkInput = {}) =>
        t.call(paylinksRoutes.createPayLink, { params: { iupd }, body }),
      /**
       * Links for many positions (a mail merge); `payLinksCsv(result.items)` makes the CSV.
       * @example const { items, skipped } = await admin.payLinks.createMany({ iupds: ['A', 'B'] })
       */
      createMany: (body: PayLinkBulkInput) => t.call(paylinksRoutes.createPayLinks, { body }),
      /** Revokes a link by its id (`pl_…`). */
      revoke: (id: string) => t.call(paylinksRoutes.revokePayLink, { params: { id } }),
    },
    services: {
      list: () => t.call(routes.listServices),
      create: (body: ServiceInput) => t.call(routes.createService, { body }),
      get: (code: string) => t.call(routes.getService, { params: { code } }),
      update: (code: string, body: ServiceUpdate) => t.call(routes.updateService, { params: { code }, body }),
      /** Deletes a service; positions created from it stay. */
      delete: (code: string) => t.call(routes.deleteService, { params: { code } }),
    },
  };
}
