/** Fixture: a step that reaches Chromium through a relative import. */
import { render } from './pdf/render.ts';

export const handler = async (): Promise<string> => render();
