/** Fixture: the module that imports Chromium. */
export async function render(): Promise<string> {
  const chromium = await import('@sparticuz/chromium');
  return typeof chromium.default;
}
