/** Admin client methods for reconciliation: reporting flows, their rows, the daily report. */
import type { reconciliationEndpoints as ep } from '../contract/reconciliation.js';
import type { RequestOf, ResponseOf } from '../contract/endpoint.js';
import type {
  FlowQuery,
  FlowRowQuery,
  FlowView,
  ReconciliationReportQuery,
  ReconciliationReportRow,
} from '../schemas/reconciliation.js';
import { reconciliationRoutes as routes } from './routes.js';
import type { Transport } from './transport.js';

export function reconciliationApi(t: Transport) {
  return {
    flows: {
      /**
       * Flows received, newest settlement first; by default the current revisions (and invalid flows).
       * @example const { items } = await admin.flows.list({ anomalies: 'true' });
       */
      list: (query: FlowQuery = {}): Promise<ResponseOf<typeof ep.listFlows>> =>
        t.call(routes.listFlows, { query } as Partial<RequestOf<typeof ep.listFlows>>),
      get: (id: number) => t.call(routes.getFlow, { params: { id: String(id) } }),
      /** The flow revision exactly as received (XML or JSON text). */
      raw: async (id: number): Promise<string> =>
        (await t.raw(routes.getFlowRaw, { params: { id: String(id) } })).text(),
      /** A flow revision's rows with their match result. */
      rows: (id: number, query: FlowRowQuery = {}): Promise<ResponseOf<typeof ep.listFlowRows>> =>
        t.call(routes.listFlowRows, { params: { id: String(id) }, query } as Partial<
          RequestOf<typeof ep.listFlowRows>
        >),
      /**
       * Uploads a flow received another way: FlussoRiversamento XML (or FdR 3 JSON). A malformed flow
       * is kept with `status: 'invalid'` and its reason; the same bytes again answer the stored flow.
       * @example const flow = await admin.flows.upload(await readFile('flusso.xml', 'utf8'));
       */
      upload: async (body: string | Blob, format: 'xml' | 'json' = 'xml'): Promise<FlowView> => {
        const res = await t.raw(
          routes.uploadFlow,
          { body: body as never },
          {
            'content-type': format === 'json' ? 'application/json' : 'application/xml',
          },
        );
        return (await res.json()) as FlowView;
      },
      /** Fetches the new flows from pagoPA now (REST or SOAP, as the entity's settings say). */
      fetch: () => t.call(routes.fetchFlows),
    },
    flowRows: {
      /**
       * Rows of the current flow revisions, e.g. every anomaly, or the rows of one IUV.
       * @example const { items } = await admin.flowRows.search({ anomalies: 'true' });
       */
      search: (query: FlowRowQuery = {}): Promise<ResponseOf<typeof ep.searchFlowRows>> =>
        t.call(routes.searchFlowRows, { query } as Partial<RequestOf<typeof ep.searchFlowRows>>),
    },
    reconciliation: {
      /**
       * The daily report as a streamed response (CSV or JSON).
       * @example const res = await admin.reconciliation.report({ from: '2026-11-01', to: '2026-11-30', format: 'csv' });
       */
      report: (query: ReconciliationReportQuery): Promise<Response> =>
        t.raw(
          routes.reconciliationReport,
          { query },
          {
            accept: query.format === 'json' ? 'application/json' : 'text/csv',
          },
        ),
      /** The daily report's rows as objects, one per day and IBAN. */
      reportRows: async (
        query: Omit<ReconciliationReportQuery, 'format'>,
      ): Promise<ReconciliationReportRow[]> => {
        const res = await t.raw(routes.reconciliationReport, { query: { ...query, format: 'json' } });
        return (await res.json()) as ReconciliationReportRow[];
      },
    },
  };
}
