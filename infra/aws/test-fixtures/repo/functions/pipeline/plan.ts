/** Fixture: a step that names a type of the Chromium module, which esbuild erases. */
// biome-ignore format: the import spans lines on purpose, as long type imports do.
import type {
  render,
} from './pdf/render.ts';

export type Render = typeof render;
export const handler = async (): Promise<void> => {};
