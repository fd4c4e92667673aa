/** PRD §6.3 clients, as far as the identity screens need them: names for client users. */
import { get } from '../api.ts';

export interface ClientSummary {
  readonly id: string;
  readonly company_name: string;
  readonly is_active: boolean;
}

/** The agency's active clients by name (one page of 100, enough to pick from in a dialog). */
export const listActiveClients = () =>
  get<ClientSummary[]>('/api/v1/clients', {
    is_active: true,
    per_page: 100,
    sort: 'company_name',
    order: 'asc',
  });
