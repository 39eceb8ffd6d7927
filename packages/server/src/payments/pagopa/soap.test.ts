import { describe, expect, it } from 'vitest';
import { assertValidBodies } from '../../../test/support/pagopa-fake-node.js';
import { nodeDateTime } from './node.js';
import { parseSoapRequest, soapResponse, SoapSyntaxError } from './soap.js';

const NS = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';
const ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

function syntax(xml: string, action: string | null = null): string {
  try {
    parseSoapRequest(xml, action);
  } catch (e) {
    if (e instanceof SoapSyntaxError) return e.kind;
    throw e;
  }
  return 'accepted';
}

describe('reading the node SOAP envelope', () => {
  it('accepts any prefixes, namespaces on any ancestor, pretty printing and entities in text', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<S:Envelope xmlns:S="${ENV}">
  <S:Header/>
  <S:Body>
    <ns2:paVerifyPaymentNoticeReq xmlns:ns2="${NS}">
      <idPA>80012345676</idPA>
      <idBrokerPA>A&amp;B</idBrokerPA>
      <idStation>X_01</idStation>
      <qrCode>
        <fiscalCode>80012345676</fiscalCode>
        <noticeNumber>001000000000000000</noticeNumber>
      </qrCode>
    </ns2:paVerifyPaymentNoticeReq>
  </S:Body>
</S:Envelope>`;
    const r = parseSoapRequest(xml, '"paVerifyPaymentNotice"');
    expect(r.operation).toBe('paVerifyPaymentNotice');
    expect(r.body).toEqual({
      idPA: '80012345676',
      idBrokerPA: 'A&B',
      idStation: 'X_01',
      // Leading zeros stay: NAVs are strings.
      qrCode: { fiscalCode: '80012345676', noticeNumber: '001000000000000000' },
    });
  });

  it('keeps repeated transfers as a list even when there is one', () => {
    const xml = `<s:Envelope xmlns:s="${ENV}"><s:Body><p:paSendRTV2Request xmlns:p="${NS}"><receipt><transferList><transfer><idTransfer>1</idTransfer></transfer></transferList></receipt></p:paSendRTV2Request></s:Body></s:Envelope>`;
    const r = parseSoapRequest(xml, 'paSendRTV2');
    expect(r.body).toEqual({ receipt: { transferList: { transfer: [{ idTransfer: '1' }] } } });
  });

  it('refuses DOCTYPEs, SOAP 1.2, wrong namespaces, qualified children and a SOAPAction of another operation', () => {
    const body = `<p:paVerifyPaymentNoticeReq xmlns:p="${NS}"><idPA>1</idPA></p:paVerifyPaymentNoticeReq>`;
    expect(syntax(`<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>`)).toBe('bomb');
    expect(syntax(`<!doctype x SYSTEM "http://evil/x.dtd"><x/>`)).toBe('bomb');
    expect(
      syntax(
        `<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body>${body}</e:Body></e:Envelope>`,
      ),
    ).toBe('syntax');
    expect(
      syntax(
        `<e:Envelope xmlns:e="${ENV}"><e:Body><p:paVerifyPaymentNoticeReq xmlns:p="urn:other"/></e:Body></e:Envelope>`,
      ),
    ).toBe('syntax');
    expect(
      syntax(
        `<e:Envelope xmlns:e="${ENV}"><e:Body><paVerifyPaymentNoticeReq xmlns="${NS}"><idPA>1</idPA></paVerifyPaymentNoticeReq></e:Body></e:Envelope>`,
      ),
    ).toBe('syntax');
    expect(syntax(`<e:Envelope xmlns:e="${ENV}"><e:Body>${body}</e:Body></e:Envelope>`, 'paSendRTV2')).toBe(
      'syntax',
    );
    expect(
      syntax(`<e:Envelope xmlns:e="${ENV}"><e:Body>${body}</e:Body></e:Envelope>`, 'paVerifyPaymentNotice'),
    ).toBe('accepted');
    expect(syntax(`<e:Envelope xmlns:e="${ENV}"><e:Body>${body}${body}</e:Body></e:Envelope>`)).toBe(
      'syntax',
    );
  });

  it('writes responses with the wrapper qualified, children unqualified and text escaped', async () => {
    const xml = soapResponse('paVerifyPaymentNoticeRes', [
      ['outcome', 'OK'],
      [
        'paymentList',
        [
          [
            'paymentOptionDescription',
            [
              ['amount', '1.00'],
              ['options', 'EQ'],
              ['allCCP', 'false'],
            ],
          ],
        ],
      ],
      ['paymentDescription', 'A < B & "C"'],
      undefined,
    ]);
    expect(xml).toContain('<pafn:paVerifyPaymentNoticeRes><outcome>OK</outcome>');
    expect(xml).toContain('<paymentDescription>A &lt; B &amp; &quot;C&quot;</paymentDescription>');
    await assertValidBodies([xml]);
  });

  it('reads node times without an offset as Italian local time', () => {
    expect(nodeDateTime('2026-11-26T10:15:00').toISOString()).toBe('2026-11-26T09:15:00.000Z');
    expect(nodeDateTime('2026-07-01T10:15:00').toISOString()).toBe('2026-07-01T08:15:00.000Z');
    expect(nodeDateTime('2026-07-01T10:15:00.250').toISOString()).toBe('2026-07-01T08:15:00.250Z');
    expect(nodeDateTime('2026-07-01T10:15:00Z').toISOString()).toBe('2026-07-01T10:15:00.000Z');
    expect(nodeDateTime('2026-07-01T10:15:00+01:00').toISOString()).toBe('2026-07-01T09:15:00.000Z');
  });
});
