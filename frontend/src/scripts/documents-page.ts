/** The documents list: the agency's, or (the API scopes it) a client user's own client's. */
import { wireDocumentList } from '../lib/document-list.ts';
import { listDocuments } from '../lib/endpoints/documents.ts';
import { pageUser } from './app-shell.ts';

await pageUser();
wireDocumentList({
  fetch: listDocuments,
  empty: 'No documents yet. Generate the first one for a client.',
});
