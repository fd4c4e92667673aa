/**
 * The dashboard's sections, in navigation order. Sections whose screens are not built yet are
 * rendered by `pages/[section].astro` as a "coming in a later release" view; when a section gets
 * its own page, set `available: true` (a static page also takes precedence over the dynamic one).
 */
import type { IconName } from './icons.ts';

export interface NavSection {
  readonly slug: string;
  readonly label: string;
  readonly href: string;
  readonly icon: IconName;
  readonly group: 'workspace' | 'manage';
  /** What the section will let people do; shown while it is not available. */
  readonly summary: string;
  readonly available: boolean;
}

export const NAV_GROUP_LABELS: Record<NavSection['group'], string> = {
  workspace: 'Workspace',
  manage: 'Manage',
};

export const NAV_SECTIONS: readonly NavSection[] = [
  {
    slug: 'dashboard',
    label: 'Dashboard',
    href: '/',
    icon: 'dashboard',
    group: 'workspace',
    summary: 'An overview of your agency: recent documents, credits used this period and upcoming posts.',
    available: false,
  },
  {
    slug: 'clients',
    label: 'Clients',
    href: '/clients',
    icon: 'clients',
    group: 'workspace',
    summary: 'The businesses you create content for: their profiles, services, brand voice and branding.',
    available: false,
  },
  {
    slug: 'documents',
    label: 'Documents',
    href: '/documents',
    icon: 'documents',
    group: 'workspace',
    summary:
      'Generate research-backed PDF reports, follow each step live, then download and distribute them.',
    available: false,
  },
  {
    slug: 'schedule',
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
    label: 'Templates',
    href: '/templates',
    icon: 'templates',
    group: 'workspace',
    summary: 'The PDF designs available to your agency, previewed in your own colours and logo.',
    available: false,
  },
  {
    slug: 'team',
    label: 'Team',
    href: '/team',
    icon: 'team',
    group: 'manage',
    summary: 'Invite colleagues and client users, and decide what each of them can see and do.',
    available: false,
  },
  {
    slug: 'settings',
    label: 'Settings',
    href: '/settings',
    icon: 'settings',
    group: 'manage',
    summary: 'Agency profile, branding, custom domain, social accounts, API keys and your plan.',
    available: false,
  },
  {
    slug: 'admin',
    label: 'Admin',
    href: '/admin',
    icon: 'admin',
    group: 'manage',
    summary: 'Platform administration: agencies, templates, plans and usage across the platform.',
    available: false,
  },
];

/** `/clients/` and `/clients` are the same page (the build writes `clients/index.html`). */
export function isCurrent(href: string, pathname: string): boolean {
  const trim = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);
  return trim(href) === trim(pathname);
}
