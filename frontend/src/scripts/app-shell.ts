/**
 * Runs on every page of `AppLayout`: finds out who is signed in, guards the page, and fills the
 * header (agency, user, sign-out menu) and the navigation (only the sections the user may use).
 *
 * The layout states a page's needs on `<body>`: `data-access` (`signed-in` or `public`),
 * `data-scope` (`agency`, `platform` or `any`) and `data-permission` (any one of a comma list).
 * Page scripts `await pageUser()`, which settles only once the page may be shown to that user.
 */
import { onUnauthenticated } from '../lib/api.ts';
import { applyBrand, initials, rememberBrand, rememberedBrand } from '../lib/brand.ts';
import { find, h } from '../lib/dom.ts';
import { getAgencySettings } from '../lib/endpoints/agency.ts';
import type { CurrentUser } from '../lib/endpoints/auth.ts';
import { roleLabel } from '../lib/format.ts';
import { allowedFor, NAV_SECTIONS } from '../lib/nav.ts';
import {
  can,
  homeFor,
  isPlatformStaff,
  loadSession,
  onSignedOutElsewhere,
  signInUrl,
  signOut,
} from '../lib/session.ts';

const body = document.body;
const access = body.dataset.access === 'public' ? 'public' : 'signed-in';
const scope = body.dataset.scope ?? 'agency';
const required = (body.dataset.permission ?? '').split(',').filter(Boolean);

/** What `pageUser()` gives a page that must not run: a promise that never settles. */
const halted = () => new Promise<never>(() => {});

function goToSignIn(): void {
  window.location.replace(signInUrl());
}

/** Replaces the page's content with a message (no access, session not loaded). */
function replaceContent(title: string, message: string, action?: HTMLElement): void {
  const content = find('[data-page-content]');
  content.replaceChildren(
    h(
      'section',
      { class: 'card state-card', 'data-page-state': '' },
      h('h1', {}, title),
      h('p', {}, message),
      action ?? null,
    ),
  );
}

function showNavigation(user: CurrentUser | null): void {
  const platform = user !== null && isPlatformStaff(user);
  for (const item of document.querySelectorAll<HTMLElement>('[data-nav-section]')) {
    const section = NAV_SECTIONS.find((candidate) => candidate.slug === item.dataset.navSection);
    item.hidden =
      !user ||
      !section ||
      (platform
        ? section.scope !== 'platform'
        : section.scope !== 'agency' || !allowedFor(section, user.permissions));
  }
  for (const group of document.querySelectorAll<HTMLElement>('[data-nav-group]')) {
    group.hidden = !group.querySelector('[data-nav-section]:not([hidden])');
  }
}

function showUser(user: CurrentUser): void {
  const brandName = user.agency?.name ?? find('[data-brand-name]').textContent ?? '';
  for (const name of document.querySelectorAll('[data-brand-name]')) name.textContent = brandName;
  for (const logo of document.querySelectorAll('[data-brand-logo]')) logo.textContent = initials(brandName);
  find('[data-brand-context]').hidden = !isPlatformStaff(user);

  const menu = find('[data-user-menu]');
  for (const node of menu.querySelectorAll('[data-user-name]')) node.textContent = user.display_name;
  for (const node of menu.querySelectorAll('[data-user-role]')) node.textContent = roleLabel(user.role);
  find('[data-user-initials]', menu).textContent = initials(user.display_name);
  find('[data-user-email]', menu).textContent = user.email;
  const agency = find('[data-user-agency]', menu);
  agency.textContent = user.agency
    ? `${user.agency.name}${user.agency.plan ? ` · ${user.agency.plan.display_name}` : ''}`
    : 'Platform administration';
  menu.hidden = false;
  wireMenu(menu);

  // Controls and tabs marked `data-requires="perm,…"` show only with one of those permissions.
  for (const element of document.querySelectorAll<HTMLElement>('[data-requires]')) {
    element.hidden = !(element.dataset.requires ?? '').split(',').some((permission) => can(user, permission));
  }
}

/** A disclosure menu: the button toggles it; Escape, a click elsewhere or leaving it closes it. */
function wireMenu(menu: HTMLElement): void {
  const button = find<HTMLButtonElement>('[data-user-menu-button]', menu);
  const panel = find('[data-user-menu-panel]', menu);
  const setOpen = (open: boolean) => {
    button.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
  };
  button.addEventListener('click', () => setOpen(button.getAttribute('aria-expanded') !== 'true'));
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) {
      setOpen(false);
      button.focus();
    }
  });
  document.addEventListener('click', (event) => {
    if (!menu.contains(event.target as Node)) setOpen(false);
  });
  menu.addEventListener('focusout', (event) => {
    if (!menu.contains(event.relatedTarget as Node | null) && event.relatedTarget) setOpen(false);
  });

  const signOutButton = find<HTMLButtonElement>('[data-sign-out]', menu);
  const error = find('[data-sign-out-error]', menu);
  signOutButton.addEventListener('click', async () => {
    signOutButton.disabled = true;
    error.hidden = true;
    const problem = await signOut();
    if (!problem) {
      window.location.assign('/sign-in?signed-out=1');
      return;
    }
    error.textContent = `Could not sign out: ${problem.message}${problem.requestId ? ` (reference ${problem.requestId})` : ''}`;
    error.hidden = false;
    signOutButton.disabled = false;
  });
}

/**
 * The agency's colours and logo, for users who may read the agency (`agency:read`). Branding is
 * decoration: when it cannot be loaded the page stays in the default theme.
 */
async function showBrand(user: CurrentUser): Promise<void> {
  if (!user.agency || !can(user, 'agency:read')) return;
  const result = await getAgencySettings();
  if (!result.ok) return;
  const { name, branding } = result.data;
  const brand = { ...branding, name };
  applyBrand(brand);
  rememberBrand(brand);
}

/** Why this user may not see this page, or null when they may. */
function refusal(user: CurrentUser): string | null {
  if (scope === 'platform' && !isPlatformStaff(user)) return 'This area is for platform administrators.';
  if (scope === 'agency' && isPlatformStaff(user)) return null; // redirected to the platform area
  if (required.length > 0 && !required.some((permission) => can(user, permission))) {
    return `Your role (${roleLabel(user.role)}) does not include this page. Ask an agency admin if you need it.`;
  }
  return null;
}

async function start(): Promise<CurrentUser> {
  const state = await loadSession();

  if (state.kind === 'error') {
    showNavigation(null);
    if (access === 'public') return halted();
    const retry = h('button', { class: 'button button--secondary', type: 'button' }, 'Try again');
    retry.addEventListener('click', () => window.location.reload());
    replaceContent(
      'Your session could not be loaded',
      `${state.problem.message}${state.problem.requestId ? ` Reference for support: ${state.problem.requestId}.` : ''}`,
      retry,
    );
    return halted();
  }

  if (state.kind === 'signed-out') {
    showNavigation(null);
    if (access === 'public') {
      find('[data-sign-in-link]').hidden = false;
      return halted();
    }
    goToSignIn();
    return halted();
  }

  const { user } = state;
  if (access === 'signed-in') {
    // From here on, a request that finds the session gone (expired, revoked, signed out in
    // another tab) sends the user to sign in again and back here afterwards.
    onUnauthenticated(goToSignIn);
    onSignedOutElsewhere(() => window.location.replace('/sign-in?signed-out=1'));
  }
  showUser(user);
  showNavigation(user);
  void showBrand(user);

  if (access === 'signed-in' && scope === 'agency' && isPlatformStaff(user)) {
    window.location.replace(homeFor(user));
    return halted();
  }
  const reason = access === 'signed-in' ? refusal(user) : null;
  if (reason) {
    const home = h('a', { class: 'button button--secondary', href: homeFor(user) }, 'Go to your dashboard');
    replaceContent('You don’t have access to this page', reason, home);
    return halted();
  }
  body.dataset.sessionReady = '';
  return user;
}

const remembered = rememberedBrand();
if (remembered) applyBrand(remembered);
const ready = start();

/** The signed-in user, once this page may be shown to them (never settles otherwise). */
export const pageUser = (): Promise<CurrentUser> => ready;
