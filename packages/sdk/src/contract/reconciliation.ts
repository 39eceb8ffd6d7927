/**
 * Reconciliation, admin API: pagoPA's reporting flows (FdR) the entity received — fetched by the
 * server or uploaded — their rows matched to receipts, and the daily report. The API key decides the
 * entity; another entity's flows answer 404 (docs/reconciliation.md).
 */
import {
  FlowFetchReport,
  FlowList,
  FlowParams,
  FlowQuery,
  FlowRowList,
  FlowRowQuery,
  FlowView,
  ReconciliationReportQuery,
} from '../schemas/reconciliation.js';
import { endpoint } from './endpoint.js';

const admin = { auth: 'admin', tag: 'admin' } as const;

export const reconciliationEndpoints = {
  listFlows: endpoint({
    ...admin,
    id: 'adminListFlows',
    method: 'GET',
    path: '/api/v1/admin/flows',
    summary:
      'Reporting flows received, newest settlement first, filtered (flow id, status, anomalies, dates)',
    query: FlowQuery,
    response: FlowList,
    status: 200,
    produces: 'json',
    errors: [],
  }),
  uploadFlow: endpoint({
    ...admin,
    id: 'adminUploadFlow',
    method: 'POST',
    path: '/api/v1/admin/flows',
    summary:
      'Uploads a flow as received (FlussoRiversamento XML, or FdR 3 JSON): stored whole, parsed and matched; a malformed one is kept invalid. 200 when the same bytes were already stored',
    response: FlowView,
    status: 201,
    produces: 'json',
    errors: ['unsupported_media_type', 'payload_too_large', 'bad_request'],
  }),
  fetchFlows: endpoint({
    ...admin,
    id: 'adminFetchFlows',
    method: 'POST',
    path: '/api/v1/admin/flows/fetch',
    summary: "Fetches the entity's new flows from pagoPA now, as its settings say (REST or SOAP)",
    response: FlowFetchReport,
    status: 200,
    produces: 'json',
    errors: ['invalid_state', 'unavailable'],
  }),
  getFlow: endpoint({
    ...admin,
    id: 'adminGetFlow',
    method: 'GET',
    path: '/api/v1/admin/flows/{id}',
    summary: 'One flow revision',
    params: FlowParams,
    response: FlowView,
    status: 200,
    produces: 'json',
    errors: ['not_found'],
  }),
  getFlowRaw: endpoint({
    ...admin,
    id: 'adminGetFlowRaw',
    method: 'GET',
    path: '/api/v1/admin/flows/{id}/raw',
    summary: 'A flow revision exactly as received (XML or JSON)',
    params: FlowParams,
    status: 200,
    produces: 'xml',
    errors: ['not_found'],
  }),
  listFlowRows: endpoint({
    ...admin,
    id: 'adminListFlowRows',
    method: 'GET',
    path: '/api/v1/admin/flows/{id}/rows',
    summary: "A flow revision's rows with their match result, filtered",
    params: FlowParams,
    query: FlowRowQuery,
    response: FlowRowList,
    status: 200,
    produces: 'json',
    errors: ['not_found'],
  }),
  searchFlowRows: endpoint({
    ...admin,
    id: 'adminSearchFlowRows',
    method: 'GET',
    path: '/api/v1/admin/flow-rows',
    summary: 'Rows of the current flow revisions, filtered (result, IUV, IUR, anomalies only)',
    query: FlowRowQuery,
    response: FlowRowList,
    status: 200,
    produces: 'json',
    errors: [],
  }),
  reconciliationReport: endpoint({
    ...admin,
    id: 'adminReconciliationReport',
    method: 'GET',
    path: '/api/v1/admin/reconciliation/report',
    summary:
      'Daily reconciliation report per Europe/Rome day and IBAN: collected, settled, awaiting, overdue, disputed, unmatched (CSV or JSON)',
    query: ReconciliationReportQuery,
    status: 200,
    produces: 'csv',
    errors: [],
  }),
} as const;
