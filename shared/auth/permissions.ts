/**
 * The PRD §5.4.1 role → permission matrix, in one place. Routes name the permission they need
 * (`shared/api/routes/*.ts`); the `authorize` middleware checks it for every request; API keys
 * carry a subset of their agency's admin permissions as scopes.
 */
export const PERMISSIONS = [
  'admin:*',
  'admin:agencies:manage',
  'admin:templates:manage',
  'admin:plans:manage',
  'admin:system:view',
  'agency:read',
  'agency:update',
  'agency:branding:update',
  'agency:api_keys:manage',
  'agency:settings:update',
  'team:list',
  'team:create',
  'team:update',
  'team:delete',
  'clients:list',
  'clients:create',
  'clients:read',
  'clients:update',
  'clients:delete',
  'clients:read:own',
  'documents:list',
  'documents:create',
  'documents:read',
  'documents:update',
  'documents:delete',
  'documents:distribute',
  'documents:export',
  'documents:read:own',
  'documents:create:own',
  'schedule:list',
  'schedule:create',
  'schedule:update',
  'schedule:delete',
  'schedule:import',
  'templates:list',
  'templates:read',
  /** Not in the PRD list: any signed-in caller acting on its own account (me, logout). */
  'self',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['super_admin', 'agency_admin', 'agency_member', 'client'] as const;
export type Role = (typeof ROLES)[number];

const AGENCY_ADMIN: readonly Permission[] = [
  'agency:read',
  'agency:update',
  'agency:branding:update',
  'agency:api_keys:manage',
  'agency:settings:update',
  'team:list',
  'team:create',
  'team:update',
  'team:delete',
  'clients:list',
  'clients:create',
  'clients:read',
  'clients:update',
  'clients:delete',
  'documents:list',
  'documents:create',
  'documents:read',
  'documents:update',
  'documents:delete',
  'documents:distribute',
  'documents:export',
  'schedule:list',
  'schedule:create',
  'schedule:update',
  'schedule:delete',
  'schedule:import',
  'templates:list',
  'templates:read',
  'self',
];

/** PRD §5.4.1 `ROLE_PERMISSIONS`; a super admin holds every permission (`admin:*`). */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  super_admin: new Set(PERMISSIONS),
  agency_admin: new Set(AGENCY_ADMIN),
  agency_member: new Set<Permission>([
    'agency:read',
    'team:list',
    'clients:list',
    'clients:read',
    'documents:list',
    'documents:create',
    'documents:read',
    'documents:distribute',
    'documents:export',
    'schedule:list',
    'templates:list',
    'templates:read',
    'self',
  ]),
  client: new Set<Permission>(['clients:read:own', 'documents:read:own', 'documents:create:own', 'self']),
};

/** What a route requires: one permission, or any one of several (e.g. `clients:read` or `clients:read:own`). */
export type PermissionRequirement = Permission | readonly Permission[];

/** The permissions of a role. */
export function permissionsOf(role: Role): Permission[] {
  return [...ROLE_PERMISSIONS[role]];
}

/** True when `granted` satisfies `required` (any one of a list suffices). */
export function satisfies(granted: ReadonlySet<Permission>, required: PermissionRequirement): boolean {
  const options: readonly Permission[] = typeof required === 'string' ? [required] : required;
  return granted.has('admin:*') || options.some((permission) => granted.has(permission));
}
