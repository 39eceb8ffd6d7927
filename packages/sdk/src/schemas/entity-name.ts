/**
 * An entity's name in an Italian sentence. "Comune di Esempio" takes an article ("il Comune di
 * Esempio"), which fuses with "di" ("del Comune di Esempio"); "Roma Capitale" takes none ("di Roma
 * Capitale"). The entity says which article its name takes (setting `article`); without one the
 * name is used bare.
 */
import * as v from 'valibot';

export const ARTICLES = ['il', 'lo', 'la', "l'", 'i', 'gli', 'le'] as const;
export type Article = (typeof ARTICLES)[number];

/** The article an entity's name takes in Italian, or null for none. */
export const ArticleSchema = v.nullable(v.picklist(ARTICLES, 'invalid_choice'));

const OF: Record<Article, string> = {
  il: 'del ',
  lo: 'dello ',
  la: 'della ',
  "l'": "dell'",
  i: 'dei ',
  gli: 'degli ',
  le: 'delle ',
};

/** "il Comune di Esempio", "l'Azienda …", or the bare name. */
export function withArticle(name: string, article: Article | null | undefined): string {
  if (!article) return name;
  return article === "l'" ? `l'${name}` : `${article} ${name}`;
}

/** "del Comune di Esempio", "dell'Azienda …", or "di Roma Capitale" for a name without article. */
export function ofEntity(name: string, article: Article | null | undefined): string {
  return article ? `${OF[article]}${name}` : `di ${name}`;
}
