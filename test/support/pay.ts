/**
 * The payment leg of a journey: from a "Paga" (a practice's, or the cart's) through the sandbox that
 * stands in for pagoPA Checkout, back on the Comune's page until the server says it is paid.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export async function payInSandbox(
  page: Page,
  o: { pay: Locator; backTo: RegExp; status: Locator; paid?: string },
): Promise<void> {
  await o.pay.click();
  await page.waitForURL(/\/sandbox\/checkout\//, { timeout: 15_000 });
  // The sandbox's default outcome is "paid".
  await page.locator('button[type=submit]').click();
  await page.waitForURL(o.backTo, { timeout: 15_000 });
  await expect
    .poll(() => o.status.locator('h2').innerText(), { timeout: 30_000 })
    .toContain(o.paid ?? 'Pagamento riuscito');
}
