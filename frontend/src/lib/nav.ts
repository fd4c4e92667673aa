/**
 * The dashboard's sections, in navigation order. Sections whose screens are not built yet are
 * rendered by `pages/[section].astro` as a "coming in a later release" view; when a section gets
 * its own page, set `available: true` (a static page also takes precedence over the dynamic one).
 *
 * Who sees a section is decided in the browser from `GET /api/v1/auth/me`: agency sections need
 * one of their `permissions` (PRD §5.4.1), platform sections are for super admins on the platform
 * host, who see nothing else. The API enforces the same permissions on every route; hiding an item
 * only spares people links that would answer 403.
 */
import type { IconName } from './icons.ts';

export interface NavSection {
  readonly slug: string;
  readonly label: string;
  readonly href: string;
  readonly icon: IconName;
  readonly group: 'workspace' | 'manage' | 'platform';
  readonly scope: 'agency' | 'platform';
  /** Any one of these shows the section to an agency user; empty = every signed-in user. */
  readonly permissions: readonly string[];
  /** What the section will let people do; shown while it is not available. */
  readonly summary: string;
  readonly available: boolean;
}

export const NAV_GROUP_LABELS: Record<NavSection['group'], string> = {
  workspace: 'Workspace',
  manage: 'Manage',
  platform: 'Platform',
};

export const NAV_SECTIONS: readonly NavSection[] = [
  {
    slug: 'dashboard',
    scope: 'agency',
    permissions: [],
    label: 'Dashboard',
    href: '/',
    icon: 'dashboard',
    group: 'workspace',
    summary: 'An overview of your agency: recent documents, credits used this period and upcoming posts.',
    available: true,
  },
  {
    slug: 'clients',
    scope: 'agency',
    permissions: ['clients:list', 'clients:read:own'],
    label: 'Clients',
    href: '/clients',
    icon: 'clients',
    group: 'workspace',
    summary: 'The businesses you create content for: their profiles, services, brand voice and branding.',
    available: true,
  },
  {
    slug: 'documents',
    scope: 'agency',
    permissions: ['documents:list', 'documents:read:own'],
    label: 'Documents',
    href: '/documents',
    icon: 'documents',
    group: 'workspace',
    summary: 'Research-backed PDF reports: preview, download, edit and distribute them.',
    available: true,
  },
  {
    slug: 'generate',
    scope: 'agency',
    permissions: ['documents:create', 'documents:create:own'],
    label: 'Generate',
    href: '/generate',
    icon: 'generate',
    group: 'workspace',
    summary: 'Turn a topic into a researched, cited, branded PDF and follow each step live.',
    available: true,
  },
  {
    slug: 'schedule',
    scope: 'agency',
    permissions: ['schedule:list'],
    label: 'Schedule',
    href: '/schedule',
    icon: 'schedule',
    group: 'workspace',
    summary:
      'Plan topics on a calendar, import them from CSV and have documents generated and posted on time.',
    available: false,
  },
  {
    slug: 'templates',
    scope: 'agency',
    permissions: ['templates:list'],
    label: 'Templates',
    href: '/templates',
    icon: 'templates',
    group: 'workspace',
    summary: 'The PDF designs available to your agency, previewed in your own colours and logo.',
    available: true,
  },
  {
    slug: 'team',
    scope: 'agency',
    permissions: ['team:list'],
    label: 'Team',
    href: '/team',
    icon: 'team',
    group: 'manage',
    summary: 'Invite colleagues and client users, and decide what each of them can see and do.',
    available: true,
  },
  {
    slug: 'settings',
    scope: 'agency',
    permissions: ['agency:read'],
    label: 'Settings',
    href: '/settings',
    icon: 'settings',
    group: 'manage',
    summary: 'Agency profile, branding, custom domain, social accounts, API keys and your plan.',
    available: true,
  },
  {
    slug: 'admin',
    scope: 'platform',
    permissions: [],
    label: 'Overview',
    href: '/admin',
    icon: 'admin',
    group: 'platform',
    summary: 'Platform figures: agencies by plan, clients and users.',
    available: true,
  },
  {
    slug: 'agencies',
    scope: 'platform',
    permissions: [],
    label: 'Agencies',
    href: '/admin/agencies',
    icon: 'agencies',
    group: 'platform',
    summary: 'Every agency on the platform: plan, subscription, seats and usage.',
    available: true,
  },
  {
    slug: 'plans',
    scope: 'platform',
    permissions: [],
    label: 'Plans',
    href: '/admin/plans',
    icon: 'plans',
    group: 'platform',
    summary: 'Subscription plans: prices, limits and what each includes.',
    available: true,
  },
  {
    slug: 'admin-templates',
    scope: 'platform',
    permissions: [],
    label: 'Templates',
    href: '/admin/templates',
    icon: 'templates',
    group: 'platform',
    summary: 'The template catalogue: create and edit templates, premium and default flags.',
    available: true,
  },
];

/**
 * The section a path belongs to: the longest section address that is the path or a parent of it,
 * so `/settings/api-keys` is under Settings and `/admin/plans` under Plans, not Overview.
 */
export function currentSection(pathname: string): NavSection | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  let best: NavSection | undefined;
  for (const section of NAV_SECTIONS) {
    const matches =
      section.href === '/' ? path === '/' : path === section.href || path.startsWith(`${section.href}/`);
    if (matches && (!best || section.href.length > best.href.length)) best = section;
  }
  return best;
}

/** True when an agency user with `permissions` may see `section`. */
export function allowedFor(section: NavSection, permissions: readonly string[]): boolean {
  return section.permissions.length === 0 || section.permissions.some((p) => permissions.includes(p));
}
