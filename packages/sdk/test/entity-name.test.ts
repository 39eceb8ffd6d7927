import { describe, expect, it } from 'vitest';
import { ofEntity, withArticle } from '../src/index.js';

describe("an entity's name in an Italian sentence", () => {
  it('fuses "di" with the article the entity gave, or keeps the bare name', () => {
    expect(ofEntity('Comune di Esempio', 'il')).toBe('del Comune di Esempio');
    expect(ofEntity('Regione Lazio', 'la')).toBe('della Regione Lazio');
    expect(ofEntity('Azienda Sanitaria Locale', "l'")).toBe("dell'Azienda Sanitaria Locale");
    expect(ofEntity('Stato', 'lo')).toBe('dello Stato');
    expect(ofEntity('Roma Capitale', null)).toBe('di Roma Capitale');
    expect(withArticle('Comune di Esempio', 'il')).toBe('il Comune di Esempio');
    expect(withArticle('Azienda', "l'")).toBe("l'Azienda");
    expect(withArticle('Roma Capitale', null)).toBe('Roma Capitale');
  });
});
