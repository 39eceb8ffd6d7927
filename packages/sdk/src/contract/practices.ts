/**
 * Practices: anonymous search, my practices, services, spontaneous payments. A citizen
 * reaches a practice only when the entity assigned it to a fiscal code the account proved, or the
 * account found it by search (fiscal code + Codice Avviso or IUV), or created it; anything else is
 * `practice_not_found`, the same answer as a practice that does not exist.
 */
import * as v from 'valibot';
import {
  MyPractice,
  PracticeId,
  PracticeList,
  PracticeQuery,
  PracticeSearch,
  PracticeSearchResult,
  PublicServiceList,
  SpontaneousSubmission,
} from '../schemas/practices.js';
import { EntityCode } from '../schemas/common.js';
import { CalendarQuery } from '../schemas/reminders.js';
import { NoticeQuery } from './notices.js';
import { endpoint } from './endpoint.js';
import { EnteParams } from './public.js';

const base = '/api/v1/entities/{ente}';

const PracticeParams = v.strictObject({ ente: EntityCode, id: PracticeId });

export const practicesEndpoints = {
  searchPractice: endpoint({
    id: 'searchPractice',
    method: 'POST',
    path: `${base}/practices/search`,
    auth: 'none',
    tag: 'practices',
    summary:
      'Anonymous search: the practice whose debtor fiscal code and Codice Avviso (or IUV) both match; one answer for every miss',
    params: EnteParams,
    body: PracticeSearch,
    response: PracticeSearchResult,
    status: 200,
    produces: 'json',
    errors: ['entity_not_found', 'practice_not_found', 'validation_failed', 'rate_limited'],
  }),
  searchPracticeNotice: endpoint({
    id: 'searchPracticeNotice',
    method: 'POST',
    path: `${base}/practices/search/notice.pdf`,
    auth: 'none',
    tag: 'practices',
    summary:
      '"Stampa bollettino" without login: the payment notice (PDF) of the practice the same identifiers find',
    params: EnteParams,
    query: NoticeQuery,
    body: PracticeSearch,
    status: 200,
    produces: 'pdf',
    errors: ['entity_not_found', 'practice_not_found', 'invalid_state', 'validation_failed', 'rate_limited'],
  }),
  searchPracticeCalendar: endpoint({
    id: 'searchPracticeCalendar',
    method: 'POST',
    path: `${base}/practices/search/calendar.ics`,
    auth: 'none',
    tag: 'practices',
    summary:
      '"Aggiungi al calendario" without login: the due dates still to pay (iCalendar) of the practice the same identifiers find; counted and limited like the search',
    params: EnteParams,
    query: CalendarQuery,
    body: PracticeSearch,
    status: 200,
    produces: 'ics',
    errors: ['entity_not_found', 'practice_not_found', 'validation_failed', 'rate_limited'],
  }),
  listMyPractices: endpoint({
    id: 'listMyPractices',
    method: 'GET',
    path: `${base}/me/practices`,
    auth: 'session',
    tag: 'practices',
    summary:
      "My practices: those assigned to the account's proven fiscal codes, found by search, created spontaneously",
    params: EnteParams,
    query: PracticeQuery,
    response: PracticeList,
    status: 200,
    produces: 'json',
    errors: ['unauthorized'],
  }),
  linkPractice: endpoint({
    id: 'linkPractice',
    method: 'POST',
    path: `${base}/me/practices`,
    auth: 'session',
    tag: 'practices',
    summary:
      'Keep a practice found by search in my list (also to pay it for someone else); on my own fiscal code with its Codice Avviso it proves the code',
    params: EnteParams,
    body: PracticeSearch,
    response: MyPractice,
    status: 200,
    produces: 'json',
    errors: ['unauthorized', 'practice_not_found', 'validation_failed', 'rate_limited'],
  }),
  getMyPractice: endpoint({
    id: 'getMyPractice',
    method: 'GET',
    path: `${base}/me/practices/{id}`,
    auth: 'session',
    tag: 'practices',
    summary: 'One of my practices',
    params: PracticeParams,
    response: MyPractice,
    status: 200,
    produces: 'json',
    errors: ['unauthorized', 'practice_not_found'],
  }),
  myPracticeNotice: endpoint({
    id: 'myPracticeNotice',
    method: 'GET',
    path: `${base}/me/practices/{id}/notice.pdf`,
    auth: 'session',
    tag: 'practices',
    summary: '"Stampa bollettino": the payment notice (PDF) of one of my practices',
    params: PracticeParams,
    query: NoticeQuery,
    status: 200,
    produces: 'pdf',
    errors: ['unauthorized', 'practice_not_found', 'invalid_state'],
  }),
  myPracticeCalendar: endpoint({
    id: 'myPracticeCalendar',
    method: 'GET',
    path: `${base}/me/practices/{id}/calendar.ics`,
    auth: 'session',
    tag: 'practices',
    summary: '"Aggiungi al calendario": the due dates still to pay (iCalendar) of one of my practices',
    params: PracticeParams,
    query: CalendarQuery,
    status: 200,
    produces: 'ics',
    errors: ['unauthorized', 'practice_not_found', 'validation_failed'],
  }),
  unlinkPractice: endpoint({
    id: 'unlinkPractice',
    method: 'DELETE',
    path: `${base}/me/practices/{id}`,
    auth: 'session',
    tag: 'practices',
    summary: 'Remove a practice found by search from my list (assigned and spontaneous ones stay)',
    params: PracticeParams,
    status: 204,
    produces: 'empty',
    errors: ['unauthorized', 'practice_not_found', 'invalid_state'],
  }),
  listServices: endpoint({
    id: 'listServices',
    method: 'GET',
    path: `${base}/services`,
    auth: 'none',
    tag: 'practices',
    summary:
      'Services open to spontaneous payments, with their forms (empty when the entity does not allow them)',
    params: EnteParams,
    response: PublicServiceList,
    status: 200,
    produces: 'json',
    errors: ['entity_not_found'],
  }),
  createSpontaneous: endpoint({
    id: 'createSpontaneous',
    method: 'POST',
    path: `${base}/me/spontaneous`,
    auth: 'session',
    tag: 'practices',
    summary:
      '"Inserimento spontaneo": the values are checked against the service definition and a payable practice is created',
    params: EnteParams,
    body: SpontaneousSubmission,
    response: MyPractice,
    status: 201,
    produces: 'json',
    errors: [
      'unauthorized',
      'service_not_found',
      'spontaneous_disabled',
      'validation_failed',
      'rate_limited',
    ],
  }),
} as const;
