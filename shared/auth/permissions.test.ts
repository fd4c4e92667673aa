import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, satisfies } from './permissions.ts';

describe('role permissions (offline, PRD §5.4.1)', () => {
  it('lets members create and distribute documents but never delete or manage the team', () => {
    const member = ROLE_PERMISSIONS.agency_member;
    expect(satisfies(member, 'documents:create')).toBe(true);
    expect(satisfies(member, 'documents:distribute')).toBe(true);
    for (const denied of ['documents:delete', 'clients:delete', 'team:create', 'agency:update'] as const) {
      expect(satisfies(member, denied), denied).toBe(false);
    }
  });

  it('confines client users to their own client and documents', () => {
    const client = ROLE_PERMISSIONS.client;
    expect(satisfies(client, ['clients:read', 'clients:read:own'])).toBe(true);
    expect(satisfies(client, 'clients:read')).toBe(false);
    expect(satisfies(client, 'documents:list')).toBe(false);
  });

  it('gives super admins everything and agency admins no platform permission', () => {
    expect(satisfies(ROLE_PERMISSIONS.super_admin, 'admin:plans:manage')).toBe(true);
    expect(satisfies(ROLE_PERMISSIONS.agency_admin, 'admin:agencies:manage')).toBe(false);
  });
});
