/**
 * "Exactly one default template" (PRD §4.2.5 `idx_templates_single_default`), kept by the
 * database: a uniqueness marker names the default template, and every change of default moves
 * the marker with a condition on its previous owner, in the same transaction that flips the two
 * templates' `is_default` flags. Two admins choosing different defaults at once cannot both
 * commit; the loser's transaction is cancelled.
 *
 * The marker lives in the `template_code` namespace under `~default`, a value no template code
 * can take (codes are `[A-Z0-9_]`). Catalogues seeded before the marker existed have a flagged
 * default and no marker; the first change creates the marker (a `create`, so it too can only
 * happen once) and clears whatever templates are flagged.
 */
import type { TemplateItem } from '../data/entities/templates.ts';
import { service, type WriteTransactionEntities } from '../data/service.ts';
import { allTemplates } from './plan-access.ts';

const MARKER = { namespace: 'template_code', value: '~default' } as const;

/** Who holds the default now: the marker's owner, and the templates flagged `is_default`. */
export interface DefaultState {
  readonly owner: string | null;
  readonly flagged: readonly string[];
}

/** Reads the marker (strongly consistent: its owner is the condition of the next change). */
export async function readDefaultState(catalogue?: readonly TemplateItem[]): Promise<DefaultState> {
  const [{ data: marker }, templates] = await Promise.all([
    service().entities.unique.get(MARKER).go({ consistent: true }),
    catalogue ?? allTemplates(),
  ]);
  return {
    owner: marker?.owner_id ?? null,
    flagged: templates.filter((template) => template.is_default).map((template) => template.id),
  };
}

/** True when nothing is default yet (an empty catalogue): the next template must become it. */
export function hasNoDefault(state: DefaultState): boolean {
  return state.owner === null && state.flagged.length === 0;
}

/**
 * Transaction items that hand the default to `templateId` (whose own write, in the same
 * transaction, sets its `is_default`): move or create the marker, and clear the previous
 * holder's flag. Nothing when `templateId` already holds the marker.
 */
export function takeDefault(tx: WriteTransactionEntities, templateId: string, state: DefaultState) {
  if (state.owner === templateId) return [];
  const clearFlag = (id: string) => tx.template.patch({ id }).set({ is_default: false }).commit();
  if (state.owner !== null) {
    return [
      tx.unique
        .patch(MARKER)
        .set({ owner_id: templateId })
        .where(({ owner_id }, { eq }) => eq(owner_id, state.owner as string))
        .commit(),
      clearFlag(state.owner),
    ];
  }
  return [
    tx.unique.create({ ...MARKER, owner_id: templateId }).commit(),
    ...state.flagged.filter((id) => id !== templateId).map(clearFlag),
  ];
}
