/** Strings of <pagatore-practices> in English: data only, loaded with the rest of the English strings when asked for. */
import type { Keys } from './locales.js';

const en: Record<Keys, string> = {
  'practices.title': 'My practices',
  'practices.loginNeeded': 'Log in to see the practices of your fiscal code and those you found or created.',
  'practices.loading': 'Loading practices…',
  'practices.empty':
    'There are no practices. Find one with its notice code: finding one in your fiscal code also shows the others.',
  'practices.count': '{count} practices',
  'practices.sort': 'Sort by',
  'practices.sort.dueDate': 'Nearest due date',
  'practices.sort.-dueDate': 'Latest due date',
  'practices.sort.amount': 'Amount, lowest first',
  'practices.sort.-amount': 'Amount, highest first',
  'practices.sort.-createdAt': 'Newest',
  'practices.origin.search': 'Found by search',
  'practices.origin.spontaneous': 'Spontaneous payment',
  'practices.origin.assigned': 'In your name',
  'practices.pagination': 'Pages of practices',
  'practices.previous': 'Previous page',
  'practices.next': 'Next page',
  'practices.page': 'Page {page} of {pages}',
};

export default en;
