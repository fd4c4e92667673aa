/** Turning a PUT body whose optional fields accept `null` into an ElectroDB `set` and `remove`. */

/** Values to set, and the attributes whose `null` means "remove" (inherit / clear). */
export function setAndRemove(body: Record<string, unknown>): {
  set: Record<string, unknown>;
  remove: string[];
} {
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (value === null) remove.push(field);
    else if (value !== undefined) set[field] = value;
  }
  return { set, remove };
}
